FROM debian:12
LABEL org.opencontainers.image.created="2024-01-15 10:00"
