FROM debian:12 AS base
RUN useradd -l -u 10001 app
USER 10001
FROM base
RUN true
