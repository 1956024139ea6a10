FROM fedora:39
RUN dnf install -y httpd-2.4.58 && microdnf install --assumeyes tar-1.35 && dnf clean all
