FROM debian:12
RUN echo one && echo two
COPY a /a
RUN echo three
RUN --mount=type=cache,target=/root/.cache echo four
