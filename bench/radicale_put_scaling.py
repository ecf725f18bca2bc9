#!/usr/bin/python3
"""How long Radicale takes for each PUT as its collection grows (issue 13's first-publish target).

Usage: radicale_put_scaling.py [N]   (default 800)

Starts Debian's Radicale on 127.0.0.1 at a free port with an empty storage in a temporary
folder, creates one calendar (MKCALENDAR), PUTs N one-event calendar objects one after the other
over one keep-alive connection, as a CalDAV client must (one resource per event, RFC 4791), and
prints the mean time per PUT for each hundred. Stops Radicale by its process id. Nothing of
Chronicle runs here: this measures the server every publishing client waits for.
"""
import base64
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(n):
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        config = os.path.join(tmp, "config")
        with open(config, "w") as f:
            f.write(f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
                    f"[storage]\nfilesystem_folder = {tmp}/storage\n[logging]\nlevel = warning\n")
        server = subprocess.Popen(["radicale", "--config", config], stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            c = http.client.HTTPConnection("127.0.0.1", port)
            auth = {"Authorization": "Basic " + base64.b64encode(b"bench:x").decode()}
            c.request("MKCALENDAR", "/bench/cal/", headers=auth)
            r = c.getresponse()
            r.read()
            if r.status != 201:
                sys.exit(f"MKCALENDAR answered {r.status}")
            last = time.monotonic()
            for i in range(n):
                body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:bench\r\nBEGIN:VEVENT\r\n"
                        f"UID:e{i}@bench\r\nDTSTAMP:20240101T000000Z\r\n"
                        f"DTSTART;VALUE=DATE:20240101\r\nSUMMARY:Event {i}\r\n"
                        "END:VEVENT\r\nEND:VCALENDAR\r\n")
                c.request("PUT", f"/bench/cal/e{i}.ics", body=body,
                          headers={**auth, "Content-Type": "text/calendar", "If-None-Match": "*"})
                r = c.getresponse()
                r.read()
                if r.status not in (201, 204):
                    sys.exit(f"PUT {i} answered {r.status}")
                if (i + 1) % 100 == 0:
                    now = time.monotonic()
                    print(f"objects {i - 98:5d}-{i + 1:5d}: {(now - last) * 10:6.1f} ms per PUT")
                    last = now
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 800)
