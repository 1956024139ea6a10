FROM debian:12
ARG API_TOKEN
ENV DB_PASSWORD_FILE=/run/secrets/db_password
