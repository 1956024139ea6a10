FROM opensuse/leap:15.5
RUN zypper -n update && zypper clean
