FROM debian:12 AS build
FROM alpine:3.19 AS Build
