FROM debian:12
MAINTAINER someone@example.com
