FROM debian:12
# hadolint ignore=DL3008
RUN apt-get install -y --no-install-recommends curl
