#!/usr/bin/env python3
"""chronicle serve, driven by real HTTP clients (curl and Python's urllib).

CHRONICLE=... CHRONICLE_SOURCE_DIR=... CHRONICLE_WORK=... serve_test.py [TestCase.test_name ...]

Each test starts `chronicle serve --listen 127.0.0.1:0` on a copy of the shipped timeline, reads
the URL it prints, and stops it by its process id, checking that it exits 0.
"""
import concurrent.futures
import email.utils
import gzip
import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import WORK, Server, chronicle, fresh_timeline  # noqa: E402

CURL = "curl"


def get(url, headers=None, method="GET"):
    """(status, headers, body) from urllib; 4xx and 5xx answers are returned, not raised."""
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers, e.read()


def etag_of(body):
    """The strong ETag serve gives `body`: its length in hex and 128 bits of its SHA-256."""
    return '"%x-%s"' % (len(body), hashlib.sha256(body).hexdigest()[:32])


def curl(*args):
    """(status, headers as a dict of lower-case names, body bytes) from curl."""
    r = subprocess.run([CURL, "--silent", "--show-error", "--max-time", "60", "--include",
                        *args], capture_output=True, timeout=90)
    if r.returncode != 0:
        raise AssertionError(f"curl {args} exited {r.returncode}: {r.stderr!r}")
    head, _, body = r.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


class Served(unittest.TestCase):
    """One server on a fresh copy of the shipped timeline for each test."""

    options = ("--poll-interval", "0")

    def setUp(self):
        self.events = fresh_timeline(self.id().split(".")[-1])
        self.server = Server(self.events, *self.options)
        self.url = self.server.url

    def tearDown(self):
        code = self.server.stop()
        self.assertEqual(code, 0, "serve exited with %d; log: %s" % (code, self.server.log))

    def export(self, fmt):
        return chronicle(self.events, "export", fmt).stdout


class Resources(Served):
    def test_calendar_is_the_export(self):
        status, headers, body = get(self.url + "calendar.ics")
        self.assertEqual(status, 200)
        self.assertEqual(body, self.export("ics"))
        self.assertEqual(headers["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(int(headers["Content-Length"]), len(body))
        etag = headers["ETag"]
        self.assertTrue(etag.startswith('"') and etag.endswith('"'), etag)  # strong, not W/
        self.assertIsNotNone(email.utils.parsedate_to_datetime(headers["Last-Modified"]))
        self.assertEqual(headers["Cache-Control"], "no-cache")
        # The same bytes through curl, and the same ETag on a second request.
        status, h2, body2 = curl(self.url + "calendar.ics")
        self.assertEqual((status, body2, h2["etag"]), (200, body, etag))

    def test_page_and_json_are_the_exports(self):
        status, headers, body = get(self.url)
        self.assertEqual((status, headers["Content-Type"]), (200, "text/html; charset=utf-8"))
        self.assertEqual(body, self.export("html"))
        status, headers, body = get(self.url + "events.json")
        self.assertEqual((status, headers["Content-Type"]), (200, "application/json"))
        self.assertEqual(body, self.export("json"))

    def test_python_icalendar_reads_the_feed(self):
        import icalendar
        _, _, body = get(self.url + "calendar.ics")
        cal = icalendar.Calendar.from_ical(body)
        uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
        expected = sorted(str(e["UID"]) for e in
                          icalendar.Calendar.from_ical(self.export("ics")).walk("VEVENT"))
        self.assertEqual(uids, expected)
        self.assertEqual(len(uids), 5)

    def test_head_gives_the_headers_without_the_body(self):
        _, full, body = curl(self.url + "calendar.ics")
        status, headers, head_body = curl("--head", self.url + "calendar.ics")
        self.assertEqual(status, 200)
        self.assertEqual(head_body, b"")
        self.assertEqual(int(headers["content-length"]), len(body))
        self.assertEqual(headers["etag"], full["etag"])
        status, headers, head_body = get(self.url + "events.json", method="HEAD")
        self.assertEqual((status, head_body), (200, b""))
        self.assertEqual(int(headers["Content-Length"]), len(self.export("json")))


class Conditional(Served):
    def test_if_none_match_gives_304(self):
        _, headers, _ = get(self.url + "calendar.ics")
        etag = headers["ETag"]
        status, h, body = curl("-H", f"If-None-Match: {etag}", self.url + "calendar.ics")
        self.assertEqual((status, body), (304, b""))
        self.assertEqual(h["etag"], etag)
        # In a list, weakly compared (RFC 9110), and `*`.
        for value in (f'"other", {etag}', f"W/{etag}", "*"):
            status, _, body = get(self.url + "calendar.ics", {"If-None-Match": value})
            self.assertEqual((status, body), (304, b""), value)
        # Another tag: the full calendar.
        status, _, body = get(self.url + "calendar.ics", {"If-None-Match": '"x-1234"'})
        self.assertEqual(status, 200)
        self.assertEqual(body, self.export("ics"))

    def test_if_modified_since_gives_304(self):
        _, headers, _ = get(self.url + "calendar.ics")
        last = headers["Last-Modified"]
        status, _, body = curl("-H", f"If-Modified-Since: {last}", self.url + "calendar.ics")
        self.assertEqual((status, body), (304, b""))
        status, _, body = get(self.url + "calendar.ics",
                              {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})
        self.assertEqual(status, 200)
        self.assertEqual(body, self.export("ics"))
        # If-None-Match decides when both are sent (RFC 9110, 13.2.2).
        status, _, _ = get(self.url + "calendar.ics",
                           {"If-Modified-Since": last, "If-None-Match": '"stale"'})
        self.assertEqual(status, 200)
        # A date that is not an IMF-fixdate counts as absent.
        status, _, _ = get(self.url + "calendar.ics", {"If-Modified-Since": "yesterday"})
        self.assertEqual(status, 200)

    def test_page_and_json_answer_304_too(self):
        for path in ("", "events.json"):
            _, headers, _ = get(self.url + path)
            status, _, body = get(self.url + path, {"If-None-Match": headers["ETag"]})
            self.assertEqual((status, body), (304, b""), path)


class Gzip(Served):
    def test_gzip_when_asked(self):
        plain = self.export("ics")
        status, headers, body = curl("-H", "Accept-Encoding: gzip", self.url + "calendar.ics")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-encoding"], "gzip")
        self.assertEqual(headers["vary"], "Accept-Encoding")
        self.assertEqual(int(headers["content-length"]), len(body))
        self.assertLess(len(body), len(plain))
        self.assertEqual(gzip.decompress(body), plain)
        # The gzip form has its own strong ETag, and either one gives 304.
        _, identity, _ = get(self.url + "calendar.ics")
        self.assertNotEqual(headers["etag"], identity["ETag"])
        for tag in (headers["etag"], identity["ETag"]):
            status, h, _ = curl("-H", "Accept-Encoding: gzip", "-H", f"If-None-Match: {tag}",
                                self.url + "calendar.ics")
            self.assertEqual((status, h["etag"]), (304, headers["etag"]))
        # curl --compressed decodes it to the calendar.
        status, _, body = curl("--compressed", self.url + "calendar.ics")
        self.assertEqual((status, body), (200, plain))

    def test_identity_when_not_asked_or_refused(self):
        plain = self.export("ics")
        for value in (None, "identity", "gzip;q=0", "br", "*;q=0"):
            status, headers, body = get(self.url + "calendar.ics",
                                        {"Accept-Encoding": value} if value else {})
            self.assertEqual(status, 200)
            self.assertNotIn("Content-Encoding", headers, value)
            self.assertEqual(body, plain, value)
        status, headers, body = get(self.url + "events.json", {"Accept-Encoding": "deflate, gzip;q=0.5"})
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(body), self.export("json"))


class Concurrency(Served):
    options = ("--poll-interval", "1000", "--threads", "4")

    def test_200_clients_at_once_all_get_the_whole_calendar(self):
        expected = self.export("ics")
        start = threading.Barrier(200)

        def one(i):
            start.wait(timeout=60)
            if i % 2:
                return get(self.url + "calendar.ics")[2]
            return curl(self.url + "calendar.ics")[2]

        with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
            bodies = list(pool.map(one, range(200)))
        self.assertEqual(len(bodies), 200)
        for i, body in enumerate(bodies):
            self.assertEqual(body, expected, f"client {i}")


class Refusals(Served):
    def test_paths_outside_the_three_resources_get_404(self):
        for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                     "/..%2f..%2fetc%2fpasswd", "/calendar.ics/../../../etc/passwd",
                     "/timeline.toml", "/events/timeline.toml",
                     "/2024-03-03-pdac-2024-convention.toml", "//etc/passwd", "/calendar.ics/",
                     "/index.html", "/.chronicle/", "/%00"):
            status, _, body = curl("--path-as-is", self.url.rstrip("/") + path)
            self.assertEqual(status, 404, path)
            self.assertEqual(body, b"not found\n", path)
            self.assertNotIn(b"root:", body)
        # urllib sends the path as given too.
        status, _, _ = get(self.url + "../../etc/passwd")
        self.assertEqual(status, 404)

    def test_other_methods_get_405(self):
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
            status, headers, body = curl("-X", method, "--data", "x", self.url + "calendar.ics")
            self.assertEqual(status, 405, method)
            self.assertEqual(headers["allow"], "GET, HEAD", method)
            self.assertEqual(body, b"method not allowed: this server only reads (GET, HEAD)\n")
        for method in ("TRACE", "CONNECT"):
            status, headers, _ = curl("-X", method, self.url + "calendar.ics")
            self.assertEqual((status, headers["allow"]), (405, "GET, HEAD"), method)
        status, _, _ = get(self.url + "calendar.ics", method="POST")
        self.assertEqual(status, 405)
        # The timeline is untouched.
        self.assertEqual(chronicle(self.events, "export", "ics").stdout, get(self.url + "calendar.ics")[2])

    def test_methods_unknown_to_the_http_library_get_405_too(self):
        # WebDAV and CalDAV methods (a client taking the feed for a CalDAV collection), and any
        # other well-formed method name.
        for method in ("PROPFIND", "REPORT", "MKCOL", "MKCALENDAR", "LOCK", "M-SEARCH", "BREW"):
            for path in ("calendar.ics", "", "events.json"):
                status, headers, body = curl("-X", method, "-H", "Depth: 1", "--data", "<x/>",
                                             self.url + path)
                self.assertEqual(status, 405, (method, path))
                self.assertEqual(headers["allow"], "GET, HEAD", (method, path))
                self.assertEqual(headers["connection"], "close", (method, path))
                self.assertEqual(body, b"method not allowed: this server only reads (GET, HEAD)\n")
            status, _, body = curl("-X", method, self.url + "nothing.here")
            self.assertEqual((status, body), (404, b"not found\n"), method)
        status, headers, _ = get(self.url + "calendar.ics?x=1", method="PROPFIND")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD"))
        # One answer per request: the rest of the refused request (headers, body) is not taken
        # for further requests; the server closes the connection after the 405.
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as s:
            s.sendall(b"PROPFIND /calendar.ics HTTP/1.1\r\nHost: x\r\nDepth: 0\r\n"
                      b"Content-Length: 30\r\n\r\nGET /calendar.ics HTTP/1.1\r\n\r\n")
            received = b""
            try:
                while chunk := s.recv(65536):
                    received += chunk
            except ConnectionResetError:  # closed with bytes of ours unread: a reset after the 405
                pass
        self.assertTrue(received.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n"), received)
        self.assertEqual(received.count(b"HTTP/1.1 "), 1, received)
        self.assertTrue(received.endswith(b"\r\n\r\nmethod not allowed: this server only reads "
                                          b"(GET, HEAD)\n"), received)
        # Malformed request lines are still 400; the server goes on serving.
        for line in (b"PROPFIND /calendar.ics HTTP/9.9", b"PROP:FIND /calendar.ics HTTP/1.1",
                     b"PROPFIND /calendar.ics"):
            with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as s:
                s.sendall(line + b"\r\nHost: x\r\n\r\n")
                self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 400 Bad Request\r\n"), line)
        self.assertEqual(get(self.url + "calendar.ics")[2], self.export("ics"))

    def test_request_size_is_limited(self):
        big = "x" * (100 * 1024)
        status, _, _ = curl("-X", "POST", "--data-binary", big, self.url + "calendar.ics")
        self.assertEqual(status, 413)
        status, _, _ = curl("-H", "X-Long: " + "y" * 20000, self.url + "calendar.ics")
        self.assertEqual(status, 400)
        status, _, _ = curl("--path-as-is", self.url + "calendar.ics?" + "q" * 10000)
        self.assertEqual(status, 414)

    def test_a_silent_client_is_dropped_and_others_are_served(self):
        # A client that connects and sends nothing holds a worker only until the read timeout.
        silent = [socket.create_connection(("127.0.0.1", self.server.port)) for _ in range(3)]
        try:
            status, _, body = get(self.url + "calendar.ics")
            self.assertEqual((status, body), (200, self.export("ics")))
            silent[0].settimeout(30)
            self.assertEqual(silent[0].recv(100), b"")  # closed by the server
        finally:
            for s in silent:
                s.close()


class Reload(Served):
    def edit_title(self, old, new):
        path = os.path.join(self.events, "2024-03-03-pdac-2024-convention.toml")
        text = open(path, encoding="utf-8").read()
        self.assertIn(old, text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new))

    def test_an_edit_shows_once_reloaded_with_a_new_etag(self):
        _, before, body = get(self.url + "calendar.ics")
        self.assertNotIn(b"PDAC 2024 convention, edited", body)
        since = len(self.server.log)
        self.edit_title('en = "PDAC 2024 convention"', 'en = "PDAC 2024 convention, edited"')
        # The request that has the files checked is answered from the version at hand.
        status, headers, body = get(self.url + "calendar.ics", {"If-None-Match": before["ETag"]})
        self.assertEqual((status, headers["ETag"], body), (304, before["ETag"], b""))
        self.server.wait_for("reloaded the timeline: 5 events", since)
        status, after, body = get(self.url + "calendar.ics", {"If-None-Match": before["ETag"]})
        self.assertEqual(status, 200)
        self.assertNotEqual(after["ETag"], before["ETag"])
        self.assertIn(b"SUMMARY;LANGUAGE=en:PDAC 2024 convention\\, edited", body)
        self.assertEqual(body, self.export("ics"))
        self.assertGreater(email.utils.parsedate_to_datetime(after["Last-Modified"]),
                           email.utils.parsedate_to_datetime(before["Last-Modified"]))
        status, _, _ = get(self.url + "calendar.ics", {"If-Modified-Since": before["Last-Modified"]})
        self.assertEqual(status, 200)
        self.assertEqual(get(self.url)[2], self.export("html"))
        self.assertEqual(get(self.url + "events.json")[2], self.export("json"))
        self.assertEqual(self.server.log[since:since + 2],
                         ["chronicle serve: the timeline's files changed; reloading",
                          "chronicle serve: reloaded the timeline: 5 events"])

    def test_removing_and_adding_events_show(self):
        _, before, body = get(self.url + "calendar.ics")
        self.assertIn(b"national pavilion", body)
        since = len(self.server.log)
        os.remove(os.path.join(self.events, "2024-03-04-kazakhstan-pavilion-opens-at-pdac.toml"))
        self.server.wait_for("reloaded the timeline: 4 events", since)
        # A removal leaves only older files, yet Last-Modified moves forward: a client that
        # asks If-Modified-Since the previous one gets the new calendar.
        status, after, body = get(self.url + "calendar.ics",
                                  {"If-Modified-Since": before["Last-Modified"]})
        self.assertEqual(status, 200)
        self.assertEqual(body, self.export("ics"))
        self.assertNotIn(b"national pavilion", body)
        self.assertGreater(email.utils.parsedate_to_datetime(after["Last-Modified"]),
                           email.utils.parsedate_to_datetime(before["Last-Modified"]))
        since = len(self.server.log)
        chronicle(self.events, "add", "Added while serving", "--date", "2024-06-01")
        self.server.wait_for("reloaded the timeline: 5 events", since)
        _, _, body = get(self.url + "calendar.ics")
        self.assertIn(b"Added while serving", body)
        self.assertEqual(body, self.export("ics"))

    def test_an_event_removed_with_chronicle_remove_is_cancelled_in_the_feed(self):
        # Subscribers drop an event only when the feed says it is cancelled: the tombstone
        # `remove` keeps is served as `export ics` writes it.
        import icalendar
        event_id = "2024-03-04-kazakhstan-pavilion-opens-at-pdac"
        since = len(self.server.log)
        self.assertEqual(chronicle(self.events, "remove", event_id, "--force").returncode, 0)
        self.server.wait_for("reloaded the timeline: 4 events", since)
        status, _, body = get(self.url + "calendar.ics")
        self.assertEqual(status, 200)
        self.assertEqual(body, self.export("ics"))
        cal = icalendar.Calendar.from_ical(body)
        gone = [v for v in cal.walk("VEVENT") if str(v["UID"]).startswith(event_id)]
        self.assertEqual(len(gone), 1)
        self.assertEqual(str(gone[0]["STATUS"]), "CANCELLED")
        self.assertEqual(int(gone[0]["SEQUENCE"]), 1)

    def test_a_timeline_with_errors_keeps_the_last_good_version(self):
        _, before, good = get(self.url + "calendar.ics")
        path = os.path.join(self.events, "2024-03-03-pdac-2024-convention.toml")
        with open(path, "a", encoding="utf-8") as f:
            f.write("\nthis is = = not toml\n")
        self.server.wait_for("the timeline has errors; still serving the last version without "
                             "errors")
        status, headers, body = get(self.url + "calendar.ics")
        self.assertEqual((status, headers["ETag"], body), (200, before["ETag"], good))
        self.assertTrue(any(line.startswith("chronicle serve: " + path + ":28:6: error: ")
                            for line in self.server.log), self.server.log)


class BackgroundReload(unittest.TestCase):
    """A reload of a large timeline happens beside the requests: they are answered from the
    previous version, each answer whole from one version, until the new one replaces it."""

    def test_requests_are_answered_from_the_old_version_while_a_large_timeline_reloads(self):
        base = os.path.join(WORK, "large")
        events = os.path.join(base, "events")
        subprocess.run(["rm", "-rf", base], check=True)
        os.makedirs(base)
        subprocess.run([sys.executable, os.path.join(os.environ["CHRONICLE_SOURCE_DIR"], "bench",
                                                     "gen_timeline.py"), "3000", "--out", events,
                        "--seed", "1"], check=True, capture_output=True, timeout=300)
        with Server(events, "--poll-interval", "0") as server:
            url = server.url + "calendar.ics"
            status, headers, old_body = get(url)
            old = headers["ETag"]
            self.assertEqual((status, old), (200, etag_of(old_body)))
            since = len(server.log)
            chronicle(events, "add", "Added during the reload test", "--date", "2024-06-01")
            # The request that has the files checked is answered from the version at hand.
            status, headers, body = get(url, {"If-None-Match": old})
            self.assertEqual((status, headers["ETag"], body), (304, old, b""))
            server.wait_for("the timeline's files changed; reloading", since)

            # While the reload runs: conditional and full requests, some at once, are answered
            # from the old version; once it is done, from the new one, never a mixture.
            def ask():
                status, headers, body = get(url, {"If-None-Match": old})
                if status == 304:
                    return ("old", headers["ETag"], body)
                self.assertEqual(status, 200)
                self.assertEqual(headers["ETag"], etag_of(body))  # body and ETag agree
                self.assertNotEqual(headers["ETag"], old)
                return ("new", headers["ETag"], body)

            done = "chronicle serve: reloaded the timeline: 3001 events"
            answers = []
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                while done not in server.log[since:]:
                    answers += pool.map(lambda _: ask(), range(4))
            old_answers = [a for a in answers if a[0] == "old"]
            # The first answers come while the reload runs (loading 3,000 events takes far
            # longer than a request): the server answered during it.
            self.assertTrue(old_answers and answers[0][0] == "old", answers[:8])
            self.assertTrue(all(a[1:] == (old, b"") for a in old_answers))
            new_tags = {a[1] for a in answers if a[0] == "new"}
            self.assertLessEqual(len(new_tags), 1, new_tags)

            status, headers, body = get(url, {"If-None-Match": old})
            new = headers["ETag"]
            self.assertEqual(status, 200)
            self.assertNotEqual(new, old)
            self.assertEqual(new, etag_of(body))
            self.assertLessEqual(new_tags, {new})
            self.assertIn(b"SUMMARY;LANGUAGE=en:Added during the reload test", body)
            self.assertEqual(body, chronicle(events, "export", "ics").stdout)
            status, headers, body = get(url, {"If-None-Match": new})
            self.assertEqual((status, headers["ETag"], body), (304, new, b""))
            self.assertEqual(server.stop(), 0, server.log)


class Lifecycle(unittest.TestCase):
    def test_sigint_and_sigterm_stop_it_with_exit_0(self):
        events = fresh_timeline("lifecycle")
        for sig in (signal.SIGINT, signal.SIGTERM):
            server = Server(events)
            self.assertEqual(get(server.url + "calendar.ics")[0], 200)
            self.assertEqual(server.stop(sig), 0, server.log)
            self.assertEqual(server.log[-1], "chronicle serve: stopped (%s)" % sig.name)

    def test_a_timeline_with_errors_at_start_gets_503_until_fixed(self):
        events = fresh_timeline("broken_at_start")
        path = os.path.join(events, "2024-03-03-pdac-2024-convention.toml")
        good = open(path, encoding="utf-8").read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(good + "\nbroken = = toml\n")
        with Server(events, "--poll-interval", "0") as server:
            status, headers, body = get(server.url + "calendar.ics")
            self.assertEqual(status, 503)
            self.assertEqual(headers["Retry-After"], "5")
            self.assertEqual(body, b"the timeline has errors; the server's log says which\n")
            since = len(server.log)
            with open(path, "w", encoding="utf-8") as f:
                f.write(good)
            server.wait_for("loaded the timeline: 5 events", since)
            status, _, body = get(server.url + "calendar.ics")
            self.assertEqual(status, 200)
            self.assertEqual(body, chronicle(events, "export", "ics").stdout)
            self.assertEqual(server.stop(), 0)
            self.assertIn("chronicle serve: the timeline has errors; answering 503 until they are "
                          "fixed", server.log)

    def test_port_in_use_and_bad_listen_are_clear_errors(self):
        events = fresh_timeline("errors")
        with Server(events) as first:
            r = subprocess.run([os.environ["CHRONICLE"], "--events", events, "serve", "--listen",
                                f"127.0.0.1:{first.port}"], capture_output=True, text=True,
                               timeout=60)
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertEqual(r.stderr, f"chronicle: cannot listen on 127.0.0.1:{first.port}: "
                                       "Address already in use\n")
            self.assertEqual(r.stdout, "")
        for value, why in (("127.0.0.1", "no port"),
                           ("127.0.0.1:http", "\"http\" is not a port (0 to 65535)"),
                           ("127.0.0.1:70000", "\"70000\" is not a port (0 to 65535)"),
                           ("example.org:80", "\"example.org\" is not an IPv4 address"),
                           ("::1:80", "an IPv6 address goes in brackets")):
            r = subprocess.run([os.environ["CHRONICLE"], "--events", events, "serve", "--listen",
                                value], capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 2, value)
            self.assertEqual(r.stderr, f"chronicle: --listen \"{value}\": {why}; expected "
                                       "ADDRESS:PORT, such as 127.0.0.1:8080, [::1]:8080 or "
                                       "0.0.0.0:0 (port 0: any free port)\n")

    def test_a_missing_folder_is_an_io_error(self):
        r = subprocess.run([os.environ["CHRONICLE"], "--events", "/nonexistent-chronicle-dir",
                            "serve", "--listen", "127.0.0.1:0"], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertTrue(r.stderr.startswith("chronicle: cannot list \"/nonexistent-chronicle-dir\""),
                        r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
