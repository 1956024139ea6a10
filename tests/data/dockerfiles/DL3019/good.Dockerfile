FROM alpine:3.19
RUN apk add --no-cache curl=8.5.0-r0
RUN --mount=type=cache,target=/var/cache/apk apk add bash=5.2.21-r0
