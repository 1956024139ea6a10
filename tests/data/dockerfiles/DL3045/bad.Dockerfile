FROM debian:12
COPY app.py app.py
