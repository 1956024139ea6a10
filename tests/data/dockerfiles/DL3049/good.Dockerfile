FROM debian:12 AS base
LABEL org.opencontainers.image.version="1.0.0"
FROM base
LABEL org.opencontainers.image.title="app"
