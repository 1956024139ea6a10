FROM debian:12 AS final
COPY --from=final /etc/hosts /tmp/
