const passwordField = "password";
const tokenUrl = "/oauth/token";
const authHeader = "Authorization";
const secretName = "app.secrets.databasePassword";
const apiKeyPath = "config/keys/api_key.json";
const token = process.env.TOKEN;
const jwtRegex = /eyJ[A-Za-z0-9_-]+/;
