FROM debian:12
LABEL org.opencontainers.image.title="app" maintainer-team="ops" version=1.0
