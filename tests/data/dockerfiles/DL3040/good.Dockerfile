FROM fedora:39
RUN dnf install -y httpd-2.4.58 && dnf clean all
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y tar-1.35
