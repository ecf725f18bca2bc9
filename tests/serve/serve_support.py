"""Starting and stopping a real `chronicle serve` for the tests of tests/serve/.

The server is started by the test on 127.0.0.1 at a port the kernel picks (--listen
127.0.0.1:0); the URL is read from its first line of output, and the server is stopped by its
process id (SIGTERM), its exit code checked.
"""
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

CHRONICLE = os.environ["CHRONICLE"]
SOURCE_DIR = os.environ["CHRONICLE_SOURCE_DIR"]
WORK = os.environ["CHRONICLE_WORK"]

SERVING = re.compile(r"^serving (http://127\.0\.0\.1:(\d+)/) \(webcal://127\.0\.0\.1:(\d+)/calendar\.ics\)$")


def fresh_timeline(name):
    """A copy of the shipped timeline (events/) in WORK/name/events; returns that folder."""
    base = os.path.join(WORK, name)
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    events = os.path.join(base, "events")
    shutil.copytree(os.path.join(SOURCE_DIR, "events"), events)
    return events


def chronicle(events, *args, check=True):
    r = subprocess.run([CHRONICLE, "--events", events, *args], capture_output=True, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"chronicle {' '.join(args)} exited {r.returncode}: {r.stderr!r}")
    return r


class Server:
    """`chronicle serve --listen 127.0.0.1:0` on `events`, with `extra` options."""

    def __init__(self, events, *extra):
        self.proc = subprocess.Popen(
            [CHRONICLE, "--events", events, "serve", "--listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().rstrip("\n")
        m = SERVING.match(line)
        if not m:
            self.proc.kill()
            _, err = self.proc.communicate(timeout=30)
            raise AssertionError(f"serve printed {line!r}, stderr {err!r}")
        self.url = m.group(1)
        self.port = int(m.group(2))
        assert m.group(3) == m.group(2)
        # stderr is read on a thread, so that a chatty server never blocks on a full pipe.
        self.log = []
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.append(line.rstrip("\n"))

    def wait_for(self, line, since=0, timeout=120):
        """Waits until the server logs `line` (without "chronicle serve: ") after its first
        `since` lines of log. Reloads happen beside the requests, which are answered from the
        last version until the reload is done; with --poll-interval 0 the files are checked when
        a request comes, so a GET of / every 50 ms asks for the check meanwhile."""
        wanted = "chronicle serve: " + line
        deadline = time.monotonic() + timeout
        while wanted not in self.log[since:]:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"serve did not log {line!r}; log: {self.log[since:]}")
            try:
                urllib.request.urlopen(self.url, timeout=60).read()
            except urllib.error.HTTPError as e:  # 503 while the timeline has errors
                e.close()
            time.sleep(0.05)

    def stop(self, sig=signal.SIGTERM):
        """Sends `sig` to the server's process id; returns its exit code."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("serve did not stop within 30 s of the signal")
        self._reader.join(timeout=5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()
