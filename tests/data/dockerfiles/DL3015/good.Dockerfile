FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 \
 && apt-get install -y -o APT::Install-Recommends=false wget=1.21.3-1 \
 && rm -rf /var/lib/apt/lists/*
