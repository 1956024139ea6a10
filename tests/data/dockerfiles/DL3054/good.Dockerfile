FROM debian:12
LABEL org.opencontainers.image.licenses="(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0"
