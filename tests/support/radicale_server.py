"""A Radicale CalDAV server for tests: started on 127.0.0.1 at a free port, with filesystem
storage in a folder of the test's own, no authentication, and stopped by its process id.

    from radicale_server import Radicale
    with Radicale(work_folder) as server:
        status = server.put_calendar("/chronicle/c5plus1/", ics_text)
        status, text = server.get("/chronicle/c5plus1/")

Needs Debian's `radicale` (3.1) in /usr/bin/python3 (scripts/deps.d/caldav.txt). Requests go
through Python's http.client; what comes back is read with python icalendar by the caller.
"""
import base64
import http.client
import os
import socket
import subprocess
import sys
import time

PYTHON = "/usr/bin/python3"
USER = "chronicle"  # any name logs in with --auth-type none; the collections are under it


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Radicale:
    def __init__(self, work):
        self.work = work
        self.process = None
        self.port = None
        self.log = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        storage = os.path.join(self.work, "radicale-storage")
        os.makedirs(storage, exist_ok=True)
        for attempt in range(5):  # another process may take the port between choice and bind
            self.port = free_port()
            self.log = open(os.path.join(self.work, f"radicale-{attempt}.log"), "w+")
            self.process = subprocess.Popen(
                [PYTHON, "-m", "radicale", "--config", "",
                 "--server-hosts", f"127.0.0.1:{self.port}",
                 "--auth-type", "none", "--rights-type", "owner_only",
                 "--storage-type", "multifilesystem", "--storage-filesystem-folder", storage,
                 "--logging-level", "warning"],
                stdout=self.log, stderr=subprocess.STDOUT, cwd=self.work,
                env=dict(os.environ, HOME=self.work))
            if self._wait_ready():
                return
            self.stop()
        raise RuntimeError(f"Radicale did not start: {self._log_text()}")

    def _wait_ready(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.1)
        return False

    def _log_text(self):
        if not self.log:
            return ""
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-3000:]

    def stop(self):
        """Stops the server by its process id: SIGTERM, then SIGKILL after 10 s."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.log:
            self.log.close()
            self.log = None

    def request(self, method, path, body=None, headers=None):
        """(status, body as text) of one request, logged in as USER."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            h = {"Authorization": "Basic " + base64.b64encode(f"{USER}:x".encode()).decode()}
            h.update(headers or {})
            conn.request(method, path, body=body.encode("utf-8") if isinstance(body, str)
                         else body, headers=h)
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def put_calendar(self, path, ics_text):
        """PUTs a whole VCALENDAR to a collection path: Radicale creates the calendar collection
        or replaces everything in it. Returns the status (201 created, 204 replaced)."""
        status, _ = self.request("PUT", path, ics_text,
                                 {"Content-Type": "text/calendar; charset=utf-8"})
        return status

    def get(self, path):
        """(status, text): GET of a collection gives all its items as one VCALENDAR."""
        return self.request("GET", path)

    def report_events(self, path):
        """(status, multistatus XML) of a calendar-query REPORT for every VEVENT of the
        collection, with their calendar data."""
        body = ('<?xml version="1.0" encoding="utf-8"?>'
                '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
                '<D:prop><C:calendar-data/></D:prop>'
                '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>'
                '</C:comp-filter></C:filter></C:calendar-query>')
        return self.request("REPORT", path, body,
                            {"Content-Type": "application/xml; charset=utf-8", "Depth": "1"})


def report_calendars(xml_text):
    """The calendar-data texts of a REPORT's multistatus, read with ElementTree."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(xml_text)
    return [e.text or "" for e in root.iter("{urn:ietf:params:xml:ns:caldav}calendar-data")]


if __name__ == "__main__":
    sys.exit("a module for tests; see its docstring")
