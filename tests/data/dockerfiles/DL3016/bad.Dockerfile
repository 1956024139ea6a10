FROM node:20
RUN npm install -g express@4.18.2 typescript
