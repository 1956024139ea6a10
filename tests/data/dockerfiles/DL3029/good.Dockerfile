FROM --platform=$BUILDPLATFORM golang:1.22 AS build
FROM debian:12
