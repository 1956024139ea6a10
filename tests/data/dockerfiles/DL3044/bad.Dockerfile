FROM debian:12
ENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin
