FROM debian:12
ONBUILD RUN echo building a child image
