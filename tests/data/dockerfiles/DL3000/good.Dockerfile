FROM debian:12
ARG DIR=/srv/app
WORKDIR ${DIR}
WORKDIR /opt
