FROM debian:12
LABEL org.opencontainers.image.revision="v1.2.3"
