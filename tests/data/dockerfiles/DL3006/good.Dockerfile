ARG VERSION=12
FROM debian:${VERSION} AS base
FROM base
FROM scratch
COPY --from=base /etc/os-release /
