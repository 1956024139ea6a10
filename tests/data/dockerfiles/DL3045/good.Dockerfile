FROM debian:12 AS base
WORKDIR /srv
FROM base
COPY app.py app.py
COPY run.sh /usr/local/bin/run.sh
