FROM debian:12 AS fetch
RUN wget -q https://example.com/a
FROM debian:12
RUN curl -fsSL https://example.com/b -o /b
