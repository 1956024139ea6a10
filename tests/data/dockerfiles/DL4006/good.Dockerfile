FROM debian:12
RUN set -o pipefail && curl -fsSL https://example.com/key | gpg --dearmor -o /k.gpg
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/key | gpg --dearmor -o /k2.gpg || true
