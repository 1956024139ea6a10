FROM node:20
RUN npm install && npm install -g express@4.18.2 @angular/cli@17.0.0 ./local-dir \
 && npm i git+https://example.com/repo.git
