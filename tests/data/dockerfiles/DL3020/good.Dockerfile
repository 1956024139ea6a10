FROM debian:12
ADD https://example.com/tool.bin /usr/local/bin/tool
ADD rootfs.tar.xz /
COPY app.py /srv/
