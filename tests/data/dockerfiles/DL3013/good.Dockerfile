FROM python:3.12
RUN pip install --no-cache-dir flask==3.0.0 'requests>=2.31' -r requirements.txt . \
 && python3 -m pip install --no-cache-dir "numpy~=1.26" git+https://example.com/repo.git
