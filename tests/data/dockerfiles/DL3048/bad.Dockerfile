FROM debian:12
LABEL com.docker.something="x" My_Label=1
