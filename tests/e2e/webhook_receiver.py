#!/usr/bin/env python3
# webhook_receiver.py - a loopback HTTP receiver for the ward watch webhook
# e2e test. usage: webhook_receiver.py PORTFILE OUTFILE FAILSPEC
# FAILSPEC: comma-separated behaviours for the first requests, then 200s:
#   503 (with Retry-After: 1), 500, 429, close (drop the connection unanswered).
# Every accepted alert (each item of an array body) is appended to OUTFILE as
# one JSON line; each request is logged to OUTFILE.log with its time and outcome.
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

portfile, outfile, failspec = sys.argv[1], sys.argv[2], sys.argv[3]
fails = [f for f in failspec.split(',') if f]
state = {'n': 0}


class H(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *a):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
        i = state['n']
        state['n'] += 1
        what = fails[i] if i < len(fails) else '200'
        with open(outfile + '.log', 'a') as f:
            f.write('%.3f %s %s\n' % (time.monotonic(), what, self.headers.get('X-Ward-Seq')))
        if what == 'close':
            self.close_connection = True
            self.connection.close()
            return
        if what != '200':
            self.send_response(int(what))
            if what == '503':
                self.send_header('Retry-After', '1')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        doc = json.loads(body)
        with open(outfile, 'a') as f:
            for a in (doc if isinstance(doc, list) else [doc]):
                f.write(json.dumps(a) + '\n')
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()


srv = HTTPServer(('127.0.0.1', 0), H)
with open(portfile + '.tmp', 'w') as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(portfile + '.tmp', portfile)
srv.serve_forever()
