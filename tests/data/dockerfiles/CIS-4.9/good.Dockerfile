FROM debian:12
COPY tool /usr/local/bin/tool
