FROM debian:12 AS one
HEALTHCHECK CMD true
FROM debian:12
HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]
