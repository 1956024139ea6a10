FROM debian:12
ADD app.py /srv/
