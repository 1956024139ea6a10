# syntax=docker/dockerfile:1
ARG VERSION=12
FROM debian:${VERSION}
LABEL org.opencontainers.image.title="x"
