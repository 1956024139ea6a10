FROM debian:12
LABEL maintainer-email="ops@example.com"
