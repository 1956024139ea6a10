FROM registry.example.com/base/debian:12
FROM mirror.example.com:5000/alpine:3.19
