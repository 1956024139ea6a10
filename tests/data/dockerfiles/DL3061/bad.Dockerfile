LABEL org.opencontainers.image.title="x"
FROM debian:12
