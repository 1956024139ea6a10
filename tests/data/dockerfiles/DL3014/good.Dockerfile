FROM debian:12
RUN apt-get update && apt-get install -qy --no-install-recommends curl=7.88.1-10 \
 && apt-get -qq install --no-install-recommends wget=1.21.3-1 \
 && apt-get install --assume-yes --no-install-recommends git=1:2.39.2-1.1 \
 && rm -rf /var/lib/apt/lists/*
