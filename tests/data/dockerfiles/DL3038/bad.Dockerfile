FROM fedora:39
RUN dnf install httpd-2.4.58 && dnf clean all
