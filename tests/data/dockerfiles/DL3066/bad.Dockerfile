FROM debian:12
USER nobody
