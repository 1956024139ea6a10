FROM debian:12
LABEL maintainer-email="ops at example.com"
