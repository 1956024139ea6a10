FROM debian:12
LABEL org.opencontainers.image.created="2024-01-15T10:00:00Z"
LABEL other.created="2024-01-15T10:00:00.123+01:00"
