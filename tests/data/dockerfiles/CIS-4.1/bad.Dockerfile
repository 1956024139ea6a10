FROM debian:12
RUN useradd -l -u 10001 app
