FROM debian:12
LABEL org.opencontainers.image.revision="3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"
