FROM debian:12
SHELL ["/bin/bash", "-c"]
RUN ln -sf /usr/bin/python3 /usr/local/bin/python
