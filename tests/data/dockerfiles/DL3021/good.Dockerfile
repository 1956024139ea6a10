FROM debian:12
COPY a.txt b.txt /srv/data/
COPY ["c.txt", "d.txt", "/srv/more/"]
COPY e.txt /srv/e.txt
