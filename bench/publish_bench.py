#!/usr/bin/python3
"""`chronicle publish` against vdirsyncer, both to a fresh Radicale (issue 13).

Usage: publish_bench.py [--bin PATH] [--data DIR] [--smoke] [--seed] [N ...]
       (default N: 1000 10000)

For each N: generates (once, cached in DATA/N/events, the folder bench/run.sh uses) an N-event
timeline with bench/gen_timeline.py and works on a copy of it. Two fresh Radicale servers are
started on 127.0.0.1 at free ports (each in a scratch folder, `[logging] level = info`, so that
Radicale logs each request it answers) and stopped by their process id at the end; one receives
`chronicle publish`, the other vdirsyncer's sync of `chronicle export vdir` (the same events,
the same bytes per event). Printed, in seconds of wall time:

  first       the first publish: Chronicle (collection created, every event PUT) against
              vdirsyncer's first `sync` (the collection created beforehand with one MKCALENDAR,
              and `vdirsyncer discover` not timed), and the ratio
  second      a second publish with nothing changed, against a second `vdirsyncer sync`
  edit 10     10 events edited (`chronicle edit ID --set title.en=...`, events no other event
              names, so that exactly 10 calendar objects change): the publish after it, and the
              `export vdir` + sync after it for vdirsyncer

Chronicle's CPU time (user+sys) beside, and the requests each sent: Chronicle's from its summary ("(N requests)") and its `-v` lines,
cross-checked with the requests Radicale logged for the collection. --smoke runs 30 events (by hand: it
takes over the 30 s a CTest smoke test may take).

--seed: both servers start with the calendar already in their storage (the `export vdir` files
copied into Radicale's filesystem folder before it starts), because a first publish of 10,000
events to Radicale takes most of an hour here, nearly all of it Radicale's. The "first" row is
then Chronicle's first publish adopting what the server already holds (a listing and a GET per
object, nothing sent) against vdirsyncer's first sync of two equal sides; "second" and "edit 10"
are measured as without it. Nothing here is a pass/fail test, except that the counts of
Chronicle's own report and Radicale's log must agree.
"""
import argparse
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"  # Debian's, where radicale is installed
USER, PASSWORD = "alice", "bench-pw"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Radicale:
    def __init__(self, work: str, seed: dict = None):
        """`seed`: collection name -> a vdir whose .ics files the collection starts with."""
        self.work, self.port = work, free_port()
        os.makedirs(work)
        for name, vdir in (seed or {}).items():
            into = os.path.join(work, "collections", "collection-root", USER, name)
            shutil.copytree(vdir, into)
            with open(os.path.join(into, ".Radicale.props"), "w") as f:
                f.write('{"C:supported-calendar-component-set": "VEVENT", "tag": "VCALENDAR"}')
        self.log = os.path.join(work, "radicale.log")
        config = os.path.join(work, "radicale.conf")
        with open(config, "w") as f:
            f.write(f"[server]\nhosts = 127.0.0.1:{self.port}\n[auth]\ntype = none\n"
                    f"[rights]\ntype = owner_only\n[storage]\n"
                    f"filesystem_folder = {os.path.join(work, 'collections')}\n"
                    "[logging]\nlevel = info\n")
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen([PYTHON, "-m", "radicale", "--config", config],
                                         stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"Radicale did not start:\n{open(self.log).read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{USER}/{name}/"

    def requests_since(self, offset: int):
        """(new offset, requests Radicale logged since `offset` by method)."""
        with open(self.log, errors="replace") as f:
            f.seek(offset)
            text = f.read()
            end = f.tell()
        methods = re.findall(r"\b([A-Z]+) request for ", text)
        return end, methods

    def offset(self) -> int:
        return os.path.getsize(self.log)

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def children_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def timed(cmd, env, check=True):
    t0, c0 = time.perf_counter(), children_cpu()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    r.cpu = children_cpu() - c0
    if check and r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return dt, r


def summary_requests(stdout: str) -> int:
    m = re.search(r"\((\d+) requests?\)", stdout)
    return int(m.group(1)) if m else -1


def verbose_requests(stderr: str) -> int:
    return sum(1 for line in stderr.splitlines() if re.match(r"chronicle: [A-Z]+ http", line))


def mkcalendar(port: int, path: str):
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    import base64
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    c.request("MKCALENDAR", path, headers={"Authorization": f"Basic {token}"})
    r = c.getresponse()
    r.read()
    if r.status != 201:
        sys.exit(f"MKCALENDAR {path}: {r.status}")


def unreferenced(events: str):
    """Event ids no other event file names (so an edit changes one calendar object), spread
    over the timeline first."""
    files = sorted(f for f in os.listdir(events) if f.endswith(".toml") and f != "timeline.toml")
    texts = {f[:-5]: open(os.path.join(events, f), encoding="utf-8").read() for f in files}
    everything = "\n".join(texts.values())
    order = list(range(len(files) - 1, -1, -7))
    order += [i for i in range(len(files) - 1, -1, -1) if i not in set(order)]
    for i in order:
        eid = files[i][:-5]
        if everything.count(eid) == texts[eid].count(eid):
            yield eid


def bench(a, n: int):
    source = os.path.join(a.data, str(n), "events")
    if not os.path.isdir(source):
        print(f"generating {n} event files in {source}", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_timeline.py"), str(n), "--out",
                        source + ".tmp"], check=True)
        os.rename(source + ".tmp", source)
    scratch = tempfile.mkdtemp(prefix="publish-bench-")
    servers = []
    try:
        events = os.path.join(scratch, "events")
        shutil.copytree(source, events)
        home = os.path.join(scratch, "home")
        os.makedirs(home)
        with open(os.path.join(home, ".netrc"), "w") as f:
            f.write(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
        os.chmod(os.path.join(home, ".netrc"), 0o600)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TZ": "UTC",
               "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "1700000000"}
        chronicle = [a.bin, "--events", events]
        # vdirsyncer: the same events as a vdir, to a calendar made beforehand.
        vdir = os.path.join(scratch, "vdir")
        timed(chronicle + ["export", "vdir", vdir], env)
        ours = Radicale(os.path.join(scratch, "radicale-chronicle"),
                        {"chronicle": vdir} if a.seed else None)
        servers.append(ours)
        theirs = Radicale(os.path.join(scratch, "radicale-vdirsyncer"),
                          {"vdirsyncer": vdir} if a.seed else None)
        servers.append(theirs)
        publish = chronicle + ["publish", ours.url("chronicle"), "-v"]
        if a.seed:
            # Radicale reads and caches every object at the first listing of a seeded
            # collection: more than the default 30 s at 10,000.
            publish += ["--timeout", "900"]
        if not a.seed:
            mkcalendar(theirs.port, f"/{USER}/vdirsyncer/")
        config = os.path.join(scratch, "vdirsyncer.conf")
        with open(config, "w") as f:
            f.write(f'[general]\nstatus_path = "{os.path.join(scratch, "vds-status")}"\n\n'
                    '[pair chronicle]\na = "local"\nb = "radicale"\ncollections = null\n'
                    'conflict_resolution = "a wins"\n\n'
                    f'[storage local]\ntype = "filesystem"\npath = "{vdir}"\nfileext = ".ics"\n\n'
                    f'[storage radicale]\ntype = "caldav"\nurl = "{theirs.url("vdirsyncer")}"\n'
                    f'username = "{USER}"\npassword = "{PASSWORD}"\n')
        vds = ["vdirsyncer", "-c", config]
        timed(vds + ["discover"], env)

        load = os.getloadavg()
        print(f"# {n} events ({source}, worked on a copy{', servers seeded' if a.seed else ''}); load {load[0]:.2f} {load[1]:.2f} "
              f"{load[2]:.2f}; {a.bin}")
        print(f"{'':<10} {'chronicle':>10} {'vdirsyncer':>11} {'ratio':>6} {'chr. cpu':>9}  "
              "requests (chronicle: summary / -v lines / Radicale's log; vdirsyncer: "
              "Radicale's log)")

        def row(name, ours_cmd, theirs_cmds):
            o0, t0 = ours.offset(), theirs.offset()
            dt, r = timed(ours_cmd, env)
            _, logged = ours.requests_since(o0)
            vt = 0.0
            for cmd in theirs_cmds:
                d, _ = timed(cmd, env)
                vt += d
            _, vlogged = theirs.requests_since(t0)
            s, v = summary_requests(r.stdout), verbose_requests(r.stderr)
            fast = " (fast path)" if "as the last publish read them" in r.stderr else ""
            print(f"{name:<10} {dt:>9.3f}s {vt:>10.3f}s {dt / vt if vt else 0:>6.2f} "
                  f"{r.cpu:>8.3f}s  {s} / {v} / {len(logged)}; {len(vlogged)}{fast}")
            if not (s == v == len(logged)):
                sys.exit(f"request counts disagree: summary {s}, -v {v}, Radicale {logged}\n"
                         f"{r.stdout}{r.stderr[-2000:]}")
            return s

        row("first" if not a.seed else "adopt", publish, [vds + ["sync"]])
        time.sleep(0.2)  # the files' times settle (see publish_inputs_fingerprint)
        second = row("second", publish, [vds + ["sync"]])
        edited = 0
        for eid in unreferenced(events):
            # Some generated events do not validate as they are (a "follows" out of order):
            # edit refuses them; take the next.
            _, r = timed(chronicle + ["edit", eid, "--set",
                                      f"title.en=Edited for the benchmark {edited}"], env,
                         check=False)
            edited += r.returncode == 0
            if edited == 10:
                break
        if edited < 10:
            sys.exit("fewer than 10 events could be edited")
        edits = row("edit 10", publish,
                    [chronicle + ["export", "vdir", vdir], vds + ["sync"]])
        print(f"# second publish: {second} request(s); after editing 10 events: {edits} "
              "request(s)")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n_events", nargs="*", type=int)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/ci/src/chronicle"))
    ap.add_argument("--data", default="/tmp/chronicle-bench")
    ap.add_argument("--smoke", action="store_true", help="30 events")
    ap.add_argument("--seed", action="store_true",
                    help="servers start with the calendar in their storage")
    a = ap.parse_args()
    sizes = a.n_events or ([30] if a.smoke else [1000, 10000])
    for n in sizes:
        bench(a, n)


if __name__ == "__main__":
    main()
