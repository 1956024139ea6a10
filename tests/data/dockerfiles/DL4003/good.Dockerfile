FROM debian:12 AS one
CMD ["a"]
FROM debian:12
CMD ["b"]
