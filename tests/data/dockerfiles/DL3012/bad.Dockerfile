FROM debian:12
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
HEALTHCHECK --interval=5s CMD true
