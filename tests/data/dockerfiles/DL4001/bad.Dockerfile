FROM debian:12
RUN wget -q https://example.com/a
RUN curl -fsSL https://example.com/b -o /b
