#!/usr/bin/python3
"""Latency of `chronicle serve`: conditional and full GETs of /calendar.ics (issue 13).

Usage: serve_bench.py [--bin PATH] [--data DIR] [-n REQUESTS] [--events DIR] [N]

Generates (once, cached in DATA/N/events, the folder bench/run.sh uses) an N-event timeline with
bench/gen_timeline.py, starts `chronicle serve --listen 127.0.0.1:0` on it, waits for the URL
it prints (the time to load and render the timeline is printed as "start"), and then times
REQUESTS requests of each kind, one after the other, from one client (Python's http.client),
printing the median, the 90th and 99th percentiles and the maximum in milliseconds:

  304 keep-alive     GET with If-None-Match: the ETag, on one kept-alive connection
  304 new conn       the same, each on a new connection (a calendar app polling)
  200 identity       full GET, the whole calendar, on one kept-alive connection
  200 gzip           full GET with Accept-Encoding: gzip
  reload             after an edit of one event file, past the poll interval: a conditional GET
                     while the server's background thread checks and reloads (a few rounds
                     only; the request no longer waits for the reload)

--events DIR serves a copy of that folder instead (the smoke test uses the shipped timeline). The server
is stopped by its process id (SIGTERM) at the end. Nothing here is a pass/fail test.
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def percentiles(samples):
    s = sorted(samples)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))]  # noqa: E731
    return statistics.median(s), pick(0.9), pick(0.99), s[-1]


def report(name, samples, size=None):
    med, p90, p99, top = percentiles([x * 1000 for x in samples])
    extra = f"  ({size} bytes)" if size is not None else ""
    print(f"{name:<16} n={len(samples):<5} median {med:7.3f} ms  p90 {p90:7.3f}  p99 {p99:7.3f}  "
          f"max {top:7.3f}{extra}")


def timed(conn, path, headers):
    t0 = time.perf_counter()
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    return time.perf_counter() - t0, r, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n_events", nargs="?", type=int, default=10000)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/ci/src/chronicle"))
    ap.add_argument("--data", default="/tmp/chronicle-bench")
    ap.add_argument("--events")
    ap.add_argument("-n", "--requests", type=int, default=1000)
    a = ap.parse_args()

    source = a.events
    if not source:
        source = os.path.join(a.data, str(a.n_events), "events")
        if not os.path.isdir(source):
            print(f"generating {a.n_events} event files in {source}", file=sys.stderr)
            subprocess.run([sys.executable, os.path.join(HERE, "gen_timeline.py"),
                            str(a.n_events), "--out", source + ".tmp"], check=True)
            os.rename(source + ".tmp", source)
    # A copy is served: the reload round edits a file, and the folder given may be the
    # repository's or shared with bench/run.sh.
    scratch = tempfile.mkdtemp(prefix="serve-bench-")
    events = os.path.join(scratch, "events")
    shutil.copytree(source, events)
    try:
        run(a, source, events)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(a, source, events):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    t0 = time.perf_counter()
    proc = subprocess.Popen([a.bin, "--events", events, "serve", "--listen", "127.0.0.1:0",
                             "--poll-interval", "1000"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = proc.stdout.readline()
    started = time.perf_counter() - t0
    m = re.match(r"serving http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        sys.exit(f"serve printed {line!r}")
    port = int(m.group(1))
    try:
        load = os.getloadavg()
        print(f"# {source} (served from a copy): {a.requests} requests of each kind; load {load[0]:.2f} "
              f"{load[1]:.2f} {load[2]:.2f}; {a.bin}")
        print(f"{'start':<16} {started * 1000:.0f} ms to load, render and listen")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        _, r, body = timed(conn, "/calendar.ics", {})
        etag = r.getheader("ETag")
        size = len(body)
        for _ in range(20):  # warm-up
            timed(conn, "/calendar.ics", {"If-None-Match": etag})

        samples = []
        for _ in range(a.requests):
            dt, r, _ = timed(conn, "/calendar.ics", {"If-None-Match": etag})
            assert r.status == 304, r.status
            samples.append(dt)
        report("304 keep-alive", samples)

        samples = []
        for _ in range(a.requests):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            dt, r, _ = timed(c, "/calendar.ics", {"If-None-Match": etag, "Connection": "close"})
            c.close()
            assert r.status == 304, r.status
            samples.append(dt)
        report("304 new conn", samples)

        full = max(10, a.requests // 10)
        samples = []
        for _ in range(full):
            dt, r, b = timed(conn, "/calendar.ics", {})
            assert r.status == 200 and len(b) == size
            samples.append(dt)
        report("200 identity", samples, size)

        samples = []
        for _ in range(full):
            dt, r, b = timed(conn, "/calendar.ics", {"Accept-Encoding": "gzip"})
            assert r.status == 200 and r.getheader("Content-Encoding") == "gzip"
            samples.append(dt)
        report("200 gzip", samples, len(b))

        # The reload runs on the server's own thread; this request is answered meanwhile.
        victim = sorted(f for f in os.listdir(events) if f != "timeline.toml")[0]
        path = os.path.join(events, victim)
        with open(path, "rb") as f:
            original = f.read()
        samples = []
        for i in range(3):
            with open(path, "wb") as f:
                f.write(original + b"\n# serve_bench %d\n" % i)
            time.sleep(1.1)  # past the poll interval
            dt, r, _ = timed(conn, "/calendar.ics", {"If-None-Match": etag})
            samples.append(dt)
        report("reload", samples)
        conn.close()
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        code = proc.wait(timeout=60)
        if code != 0:
            sys.exit(f"serve exited {code}")


if __name__ == "__main__":
    main()
