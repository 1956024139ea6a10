FROM debian:12
HEALTHCHECK --interval=30s CMD ["/healthz"]
