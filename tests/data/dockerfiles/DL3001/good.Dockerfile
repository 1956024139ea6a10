FROM debian:12
RUN echo "ssh vim top are only words here" > /notes.txt
