FROM opensuse/leap:15.5
RUN zypper -n install httpd=2.4.51 && zypper install -y curl=8.0.1 && zypper clean
