FROM python:3.12
RUN pip install --no-cache-dir flask==3.0.0
ENV PIP_NO_CACHE_DIR=1
RUN pip install requests==2.31.0
