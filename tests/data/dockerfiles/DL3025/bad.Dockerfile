FROM debian:12
ENTRYPOINT ["/entrypoint.sh"]
CMD python3 app.py
