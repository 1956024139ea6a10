FROM debian:12
RUN wget --progress=dot:giga https://example.com/a.tar.gz && wget -q https://example.com/b && wget -nv https://example.com/c
