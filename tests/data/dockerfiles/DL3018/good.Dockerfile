FROM alpine:3.19
RUN apk add --no-cache --virtual .build-deps curl=8.5.0-r0 'bash>=5.2'
