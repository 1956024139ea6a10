FROM debian:12
COPY a.txt b.txt /srv/data
