FROM debian:12
HEALTHCHECK CMD ["true"]
