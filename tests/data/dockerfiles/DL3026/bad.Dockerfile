FROM docker.io/library/debian:12
FROM quay.io/prometheus/busybox:latest
