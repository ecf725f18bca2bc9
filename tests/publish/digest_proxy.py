#!/usr/bin/python3
"""A reverse proxy that asks for HTTP Digest authentication (RFC 7616: MD5, qop=auth) and passes
the requests it accepts to a CalDAV server, naming the user in X-Remote-User: the way Radicale is
deployed behind a web server that authenticates (Radicale's `[auth] type = http_x_remote_user`).
A test fixture for `chronicle publish` over Digest; neither Radicale nor Xandikos asks for Digest
themselves.

Usage: digest_proxy.py PORT UPSTREAM_PORT USER PASSWORD LOG
Listens on 127.0.0.1:PORT. Basic credentials are refused with a Digest challenge, as a server
that accepts only Digest answers. LOG gets one line per request: `METHOD PATH STATUS AUTH`, AUTH
being digest (accepted), challenged (no or other credentials) or refused (a wrong answer).
"""
import hashlib
import http.client
import http.server
import re
import secrets
import sys
import threading

PORT, UPSTREAM, USER, PASSWORD, LOG = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3],
                                       sys.argv[4], sys.argv[5])
REALM = "Chronicle test"
NONCES = set()
LOCK = threading.Lock()


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def log(line: str):
    with LOCK, open(LOG, "a") as f:
        f.write(line + "\n")


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def challenge(self, how: str):
        nonce = secrets.token_hex(16)
        with LOCK:
            NONCES.add(nonce)
        self.drain()
        self.send_response(401)
        self.send_header("WWW-Authenticate",
                         f'Digest realm="{REALM}", nonce="{nonce}", qop="auth", algorithm=MD5')
        self.send_header("Content-Length", "0")
        self.end_headers()
        log(f"{self.command} {self.path} 401 {how}")

    def drain(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def accepted(self) -> bool | None:
        """True for a right Digest answer, False for a wrong one, None for no Digest at all."""
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Digest "):
            return None
        fields = dict((k, v1 or v2) for k, v1, v2 in
                      re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', auth[len("Digest "):]))
        with LOCK:
            known = fields.get("nonce") in NONCES
        if not known or fields.get("username") != USER or fields.get("realm") != REALM:
            return False
        ha1 = md5(f"{USER}:{REALM}:{PASSWORD}")
        ha2 = md5(f"{self.command}:{fields.get('uri', '')}")
        want = md5(f"{ha1}:{fields['nonce']}:{fields.get('nc', '')}:{fields.get('cnonce', '')}:"
                   f"{fields.get('qop', '')}:{ha2}")
        return fields.get("qop") == "auth" and fields.get("uri") == self.path and \
            fields.get("response") == want

    def handle_any(self):
        ok = self.accepted()
        if ok is None:
            return self.challenge("challenged")
        if not ok:
            return self.challenge("refused")
        body = self.drain()
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("authorization", "host", "connection", "x-remote-user")}
        headers["X-Remote-User"] = USER
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=60)
        upstream.request(self.command, self.path, body=body or None, headers=headers)
        r = upstream.getresponse()
        data = r.read()
        self.send_response(r.status, r.reason)
        for k, v in r.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "server",
                                 "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        upstream.close()
        log(f"{self.command} {self.path} {r.status} digest")

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.handle_any
        raise AttributeError(name)


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Proxy).serve_forever()
