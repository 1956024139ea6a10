FROM debian:12
LABEL org.opencontainers.image.source="github.com/example/app"
