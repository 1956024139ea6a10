#!/usr/bin/env python3
# tests/lib/token_server.py - a tiny Docker token-auth server for e2e tests (127.0.0.1 only).
# Checks Basic credentials and returns a JWT (RS256, signed with the openssl CLI) whose x5c
# certificate is in docker-registry's rootcertbundle. Grants the actions asked for in scope.
# Usage: token_server.py --key K --cert C --user U --password P --issuer I --service S
#        --port-file F [--log L]
import argparse
import base64
import json
import os
import subprocess
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def main():
    ap = argparse.ArgumentParser()
    for a in ("key", "cert", "user", "password", "issuer", "service", "port-file"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--log")
    args = ap.parse_args()

    der = subprocess.run(["openssl", "x509", "-in", args.cert, "-outform", "DER"],
                         check=True, capture_output=True).stdout
    header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(der).decode()]}
    want = "Basic " + base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
    log = open(args.log, "a") if args.log else None

    def sign(claims):
        signing_input = b64url(json.dumps(header).encode()) + "." + \
            b64url(json.dumps(claims).encode())
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", args.key],
                             input=signing_input.encode(), check=True,
                             capture_output=True).stdout
        return signing_input + "." + b64url(sig)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            if log:
                log.write((fmt % a) + "\n")
                log.flush()

        def reply(self, code, obj):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            u = urllib.parse.urlparse(self.path)
            q = urllib.parse.parse_qs(u.query)
            auth = self.headers.get("Authorization")
            if log:
                log.write(f"token request scope={q.get('scope')} service={q.get('service')} "
                          f"auth={'basic' if auth else 'none'}\n")
            if u.path != "/token":
                return self.reply(404, {"errors": [{"code": "NOT_FOUND"}]})
            if auth != want:
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED",
                                                    "message": "invalid username or password"}]})
            access = []
            for scope in q.get("scope", []):
                for one in scope.split(" "):
                    parts = one.split(":")
                    if len(parts) >= 3:
                        access.append({"type": parts[0], "name": ":".join(parts[1:-1]),
                                       "actions": parts[-1].split(",")})
            now = int(time.time())
            tok = sign({"iss": args.issuer, "sub": args.user, "aud": q.get("service", [""])[0],
                        "exp": now + 300, "nbf": now - 10, "iat": now,
                        "jti": b64url(os.urandom(12)), "access": access})
            self.reply(200, {"token": tok, "access_token": tok, "expires_in": 300,
                             "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))})

    srv = HTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
