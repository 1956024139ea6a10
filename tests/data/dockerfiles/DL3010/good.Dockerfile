FROM debian:12
ADD vendor/app.tar.gz /opt/
COPY backup.tar.gz /srv/backups/
