FROM debian:12
USER app
RUN id
USER root
