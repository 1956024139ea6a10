FROM debian:12
LABEL org.opencontainers.image.title="app" team=ops
