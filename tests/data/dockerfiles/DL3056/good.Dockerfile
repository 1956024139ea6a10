FROM debian:12
LABEL org.opencontainers.image.version="1.2.0-rc.1+build.5"
