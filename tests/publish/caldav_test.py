#!/usr/bin/python3
"""`chronicle publish` against a real CalDAV server, checked with another client (python3-caldav).

Usage: caldav_test.py --server radicale|xandikos --scenario NAME --chronicle BIN --events DIR
                      --work DIR

Each scenario starts its own server on 127.0.0.1 at a free port (servers.py), copies the
timeline into the work folder, points HOME at a folder holding a .netrc for 127.0.0.1 (the way a
user's credentials reach Chronicle) and stops the server by its process id at the end.

Scenarios:
  first_publish      the shipped timeline published; the server holds each event once, the same
                     VEVENT as `export ics`; a second publish makes exactly one request
  edit_add_remove    one event edited, one added, one removed: the server holds exactly the new
                     set, the edited one with its SEQUENCE raised, the removed one gone
  conflict           an event edited on the server by python3-caldav and here: exit 1, the
                     server's version kept, both shown; --prefer ours then sends ours; a server
                     edit of an event unchanged here is left alone
  dry_run            --dry-run lists the requests and changes nothing, on server or on disk
  wrong_password     Radicale with htpasswd: a wrong password in .netrc is a clear error, exit 3,
                     the password never printed; CHRONICLE_PASSWORD and --password-command work
                     and the password is in no file Chronicle writes
  interrupted        the server killed in the middle of a publish of 300 events: exit 3, and
                     the rerun (server restarted) finishes with each event exactly once
  changes_only       after editing events, publish sends exactly one conditional request per
                     changed object and no listing; the next publish's listing takes those PUTs
                     as ours; an event changed on the server too: its PUT fails (412), one GET,
                     a conflict with both versions, nothing overwritten; a server-only edit is
                     reported by the next publish that lists
  fast_path          a second publish of an unchanged timeline reads nothing (-v says so) and
                     sends one listing; a touched file, another --lang or a server change make
                     it read the timeline again, and still send nothing more
  failures           connection refused, a server answering garbage and one that never answers:
                     each a clear message and exit 3, the state file still true
  pull_merge         server edits (python3-caldav) of published events merged three ways with
                     the base publish recorded: other fields kept, the same field a conflict
  pull_deleted       events deleted on the server: removed here (tombstone) when unchanged
                     here, a conflict when edited here; --prefer settles it
  x_comma            X-CHRONICLE-EVENT with commas kept whole by Radicale; pulled back whole
  tls                Radicale over HTTPS with a certificate made by openssl: untrusted, exit 3
                     and no state; trusted with --cacert, publish and pull work
  collection_gone    the calendar deleted on the server: the next publish of a changed timeline
                     creates it again and sends every event; the one after sends nothing
  digest             Radicale behind a proxy that accepts only Digest (digest_proxy.py): a wrong
                     password is exit 3; publish and pull work, and only the first request is
                     challenged (the nonce is reused, so N changes still cost N requests)
"""
import argparse
import glob
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib

import caldav
import icalendar

sys.path.insert(0, os.path.dirname(__file__))
from servers import Server, free_port, wait_listening  # noqa: E402

GEN = os.path.join(os.path.dirname(__file__), "..", "..", "bench", "gen_timeline.py")
PASSWORD = "s3cret-Pa55"
DIGEST_PROXY = os.path.join(os.path.dirname(__file__), "digest_proxy.py")


def fail(message: str):
    sys.exit(f"FAIL: {message}")


def expect(condition: bool, message: str):
    if not condition:
        fail(message)


class Run:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.events = os.path.join(self.work, "events")
        shutil.copytree(args.events, self.events)
        self.home = os.path.join(self.work, "home")
        os.makedirs(self.home)
        self.server = None

    def netrc(self, user: str, password: str):
        path = os.path.join(self.home, ".netrc")
        with open(path, "w") as f:
            f.write(f"machine 127.0.0.1 login {user} password {password}\n")
        os.chmod(path, 0o600)

    def env(self, **extra):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home, "TZ": "UTC",
               "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "1700000000"}
        env.update(extra)
        return env

    def chronicle(self, *argv, env=None, expect_rc=0, timeout=300):
        cmd = [self.args.chronicle, "--events", self.events, *argv]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env or self.env(),
                           timeout=timeout)
        if expect_rc is not None and r.returncode != expect_rc:
            fail(f"{' '.join(cmd)} exited {r.returncode}, expected {expect_rc}\n"
                 f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}")
        return r

    def publish(self, *extra, expect_rc=0, env=None):
        return self.chronicle("publish", self.server.collection_url(), "--verbose", *extra,
                              env=env, expect_rc=expect_rc)

    def start(self, **kw):
        self.server = Server(self.args.server, os.path.join(self.work, "server"), **kw).start()
        self.netrc(self.server.user, PASSWORD)
        return self.server

    def client(self, password=PASSWORD):
        return caldav.DAVClient(url=f"http://127.0.0.1:{self.server.port}/",
                                username=self.server.user, password=password)

    def server_objects(self) -> dict:
        """UID → (VEVENT component, text) of every object in the collection, each object once."""
        cal = self.client().calendar(url=self.server.collection_url())
        out = {}
        for obj in cal.events():
            if not obj.data:
                obj.load()
            data = obj.data.decode() if isinstance(obj.data, bytes) else obj.data
            expect(bool(data), f"{obj.url}: empty")
            parsed = icalendar.Calendar.from_ical(data)
            vevents = [c for c in parsed.walk("VEVENT")]
            expect(len(vevents) >= 1, f"{obj.url} holds no VEVENT")
            uids = {str(v["UID"]) for v in vevents}
            expect(len(uids) == 1, f"{obj.url} holds several UIDs: {uids}")
            uid = uids.pop()
            expect(uid not in out, f"UID {uid} is on the server twice")
            out[uid] = (vevents[0], data)
        return out

    def exported_texts(self) -> dict:
        """UID → the VEVENT text of `export ics` (live events: publish deletes removed ones)."""
        text = re.sub(r"\r?\n[ \t]", "", self.chronicle("export", "ics", "--no-tombstones").stdout)  # unfolded
        return {re.search(r"\nUID:([^\r\n]*)", b).group(1): b
                for b in re.findall(r"BEGIN:VEVENT\r?\n.*?END:VEVENT", text, re.S)}

    def exported(self) -> dict:
        """UID → VEVENT of `export ics`."""
        text = self.chronicle("export", "ics", "--no-tombstones").stdout
        return {str(v["UID"]): v for v in icalendar.Calendar.from_ical(text).walk("VEVENT")}

    def state_files(self):
        return glob.glob(os.path.join(self.events, ".chronicle", "publish", "*.json"))

    def finish(self):
        if self.server:
            self.server.stop()


def same_event(a, b) -> bool:
    # X-CHRONICLE-EVENT is compared by scenario x_comma.
    keys = {"UID", "SUMMARY", "DTSTART", "DTEND", "SEQUENCE", "DESCRIPTION", "STATUS",
            "X-CHRONICLE-DATE", "LOCATION", "LAST-MODIFIED", "CATEGORIES", "URL", "GEO"}
    for k in keys:
        va, vb = a.get(k), b.get(k)
        if (va is None) != (vb is None):
            return False
        if va is None:
            continue
        as_ical = (lambda v: [x.to_ical() for x in v] if isinstance(v, list) else v.to_ical())
        if as_ical(va) != as_ical(vb):
            return False
    return True


def requests_in(stderr: str) -> list:
    return [line for line in stderr.splitlines() if re.match(r"chronicle: [A-Z]+ http", line)]


def check_server_matches_export(run: Run):
    on_server = run.server_objects()
    exported = run.exported()
    expect(set(on_server) == set(exported),
           f"server UIDs {sorted(on_server)} != exported {sorted(exported)}")
    for uid, v in exported.items():
        expect(same_event(on_server[uid][0], v), f"{uid} on the server differs from export ics")
    return on_server


def scenario_first_publish(run: Run):
    run.start()
    r = run.publish()
    n = len(run.exported())
    expect(f"{n} created, 0 updated, 0 deleted, 0 unchanged" in r.stdout, r.stdout)
    expect("created the calendar" in r.stdout, r.stdout)
    check_server_matches_export(run)
    r = run.publish()
    expect(f"0 created, 0 updated, 0 deleted, {n} unchanged (1 request)" in r.stdout, r.stdout)
    expect(len(requests_in(r.stderr)) == 1, f"expected one request:\n{r.stderr}")
    expect("REPORT" in requests_in(r.stderr)[0], r.stderr)
    # The collection carries the timeline's name.
    cal = run.client().calendar(url=run.server.collection_url())
    text = run.chronicle("export", "ics").stdout
    name = str(icalendar.Calendar.from_ical(text)["X-WR-CALNAME"])
    expect(cal.get_display_name() == name, f"display name {cal.get_display_name()!r} != {name!r}")
    # Without its state (deleted, or lost with a crash), publish finds every object already on
    # the server as the timeline has it (however the server rewrote it), and sends nothing.
    for f in run.state_files():
        os.remove(f)
    r = run.publish()
    expect(f"0 created, 0 updated, 0 deleted, 0 unchanged, {n} already on the server "
           f"({n + 1} requests)" in r.stdout, r.stdout)
    expect(not any(" PUT " in x for x in requests_in(r.stderr)), r.stderr)
    r = run.publish()
    expect(f"{n} unchanged (1 request)" in r.stdout, r.stdout)
    print(f"first publish: {n} events, second publish: 1 request; lost state recovered")


def ids(run: Run):
    return sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(run.events, "*.toml"))
                  if not p.endswith("timeline.toml"))


def scenario_edit_add_remove(run: Run):
    run.start()
    run.publish()
    before = run.server_objects()
    edited, removed = ids(run)[0], ids(run)[1]
    texts = run.exported_texts()
    run.chronicle("edit", edited, "--set", "title.en=Edited on the timeline")
    run.chronicle("add", "Added after the first publish", "--date", "2024-05-01")
    run.chronicle("remove", removed, "--force")
    r = run.publish()
    n = len(run.exported())
    # The edited event, and those whose description names it or that related to the removed
    # one: exactly the events whose VEVENT changed are sent.
    now = run.exported_texts()
    changed = sum(1 for uid in now if uid in texts and texts[uid] != now[uid])
    expect(changed >= 1, "the edit changed no VEVENT")
    expect(f"1 created, {changed} updated, 1 deleted, {n - 1 - changed} unchanged" in r.stdout,
           r.stdout)
    puts = [x for x in requests_in(r.stderr) if " PUT " in x or " DELETE " in x]
    expect(len(puts) == 2 + changed, f"expected {2 + changed} writes:\n{r.stderr}")
    expect(any("If-None-Match: *" in x and "added-after-the-first-publish" in x for x in puts), r.stderr)
    expect(any(" DELETE " in x and "If-Match: " in x for x in puts), r.stderr)
    after = check_server_matches_export(run)
    uid_of = {str(v[0]["X-CHRONICLE-EVENT"]).split("\n")[0]: k for k, v in after.items()}
    edited_uid = next(k for k, v in after.items() if str(v[0]["SUMMARY"]) ==
                      "Edited on the timeline")
    expect(int(after[edited_uid][0]["SEQUENCE"]) == int(before[edited_uid][0]["SEQUENCE"]) + 1,
           "SEQUENCE not raised")
    expect(not any(removed in uid for uid in after), f"{removed} still on the server")
    expect(any("added-after-the-first-publish" in uid for uid in after), "added event missing")
    del uid_of
    r = run.publish()
    expect(len(requests_in(r.stderr)) == 1, f"expected one request:\n{r.stderr}")
    print("edit, add, remove: server holds exactly the timeline; next publish 1 request")


def scenario_collection_gone(run: Run):
    """The calendar deleted on the server after a publish: the next publish (a changed timeline,
    whose writes go without a listing) finds it gone, lists, creates it again and sends every
    event; the one after sends nothing more."""
    run.start()
    run.publish()
    run.client().calendar(url=run.server.collection_url()).delete()
    settle_times()
    run.chronicle("edit", ids(run)[0], "--set", "title.en=Edited after the calendar went")
    r = run.publish()
    n = len(run.exported())
    expect(f"{n} created, 0 updated, 0 deleted" in r.stdout, r.stdout + r.stderr)
    expect(any(" MKCALENDAR " in x for x in requests_in(r.stderr)), r.stderr)
    check_server_matches_export(run)
    r = run.publish()
    expect(len(requests_in(r.stderr)) == 1, f"expected one request:\n{r.stderr}")
    # Deleted again, with nothing changed here: the one listing finds it gone.
    run.client().calendar(url=run.server.collection_url()).delete()
    r = run.publish()
    expect(f"{n} created, 0 updated, 0 deleted" in r.stdout, r.stdout + r.stderr)
    check_server_matches_export(run)
    print(f"collection gone: created again with its {n} events, after an edit and without "
          "one; next publish 1 request")


def scenario_cancel(run: Run):
    run.start()
    run.publish()
    before = run.server_objects()
    removed = ids(run)[3]
    uid = next(u for u in before if u.startswith(removed))
    run.chronicle("remove", removed, "--force")
    r = run.publish("--cancel", "--dry-run")
    expect("(as cancelled)" in r.stdout and removed in r.stdout, r.stdout)
    r = run.publish("--cancel")
    expect("0 deleted" in r.stdout and "1 cancelled" in r.stdout, r.stdout)
    after = run.server_objects()
    expect(uid in after, "the cancelled event was deleted")
    expect(str(after[uid][0]["STATUS"]) == "CANCELLED", f"STATUS {after[uid][0]['STATUS']}")
    expect(int(after[uid][0]["SEQUENCE"]) == int(before[uid][0]["SEQUENCE"]) + 1, "SEQUENCE")
    r = run.publish("--cancel")
    expect(" 0 updated" in r.stdout and "cancelled" not in r.stdout and "(1 request)" in r.stdout,
           r.stdout)
    # Without --cancel, the next publish deletes it after all.
    r = run.publish()
    expect("1 deleted" in r.stdout, r.stdout)
    expect(uid not in run.server_objects(), "still on the server")
    print("cancel: a removed event stays on the server as CANCELLED, SEQUENCE raised")


def edit_on_server(run: Run, uid: str, summary: str):
    cal = run.client().calendar(url=run.server.collection_url())
    ev = cal.event_by_uid(uid)
    ev.load()
    parsed = icalendar.Calendar.from_ical(ev.data)
    for v in parsed.walk("VEVENT"):
        v["SUMMARY"] = icalendar.vText(summary)
    ev.data = parsed.to_ical().decode()
    ev.save()


def scenario_conflict(run: Run):
    run.start()
    run.publish()
    objects = run.server_objects()
    both, theirs_only = ids(run)[0], ids(run)[2]
    uid_both = next(u for u in objects if u.startswith(both))
    uid_theirs = next(u for u in objects if u.startswith(theirs_only))
    edit_on_server(run, uid_both, "Changed by another client")
    edit_on_server(run, uid_theirs, "Changed on the server only")
    run.chronicle("edit", both, "--set", "title.en=Changed on the timeline")
    r = run.publish(expect_rc=1)
    expect(f"conflict: {both} (" in r.stderr and "changed on the server since the last publish"
           in r.stderr, r.stderr)
    expect("+SUMMARY" in r.stdout and "Changed on the timeline" in r.stdout and
           "-SUMMARY" in r.stdout and "Changed by another client" in r.stdout,
           f"both versions expected in the diff:\n{r.stdout}")
    expect("--prefer ours" in r.stderr, r.stderr)
    # Only the timeline's changes were sent, without a listing: the server-only edit is not
    # seen by this publish (the next one that lists reports it, see changes_only).
    expect(not any(" REPORT " in x or " PROPFIND " in x for x in requests_in(r.stderr)),
           r.stderr)
    # The PUT of the event changed on both sides was sent on the condition of the last
    # publish's ETag, and refused; the server-only edit was not touched.
    sent = [x for x in requests_in(r.stderr) if " PUT " in x]
    expect(not any((both in x and not x.endswith("-> 412")) or theirs_only in x for x in sent),
           f"the server's versions may not be overwritten:\n{r.stderr}")
    now = run.server_objects()
    expect(str(now[uid_both][0]["SUMMARY"]) == "Changed by another client", "overwritten!")
    expect(str(now[uid_theirs][0]["SUMMARY"]) == "Changed on the server only", "overwritten!")
    # Still a conflict the next time: nothing was settled.
    run.publish(expect_rc=1)
    r = run.publish("--prefer", "ours")
    # Both: the event changed on both sides, and the one changed on the server only.
    expect("0 created, 2 updated, 0 deleted" in r.stdout, r.stdout)
    now = run.server_objects()
    expect(str(now[uid_both][0]["SUMMARY"]) == "Changed on the timeline", "ours not sent")
    # --prefer ours also puts back the server-only edit: ours wins everywhere.
    expect(str(now[uid_theirs][0]["SUMMARY"]) != "Changed on the server only", "theirs kept")
    r = run.publish()
    expect("0 created, 0 updated, 0 deleted" in r.stdout and "(1 request)" in r.stdout, r.stdout)
    # --prefer theirs keeps the server's version and stops reporting it.
    edit_on_server(run, uid_both, "Theirs again")
    run.chronicle("edit", both, "--set", "title.en=Ours again")
    r = run.publish("--prefer", "theirs")
    expect(not any(both in x for x in requests_in(r.stderr) if " PUT " in x), r.stderr)
    expect(str(run.server_objects()[uid_both][0]["SUMMARY"]) == "Theirs again", "theirs lost")
    r = run.publish()
    expect("0 created, 0 updated, 0 deleted" in r.stdout and "conflict" not in r.stderr,
           r.stdout + r.stderr)
    print("conflict: reported with both versions, nothing overwritten; --prefer settles it")


def scenario_dry_run(run: Run):
    run.start()
    r = run.publish("--dry-run")
    n = len(run.exported())
    expect(r.stdout.count("would PUT ") == n and "If-None-Match: *" in r.stdout, r.stdout)
    expect(f"dry run, nothing sent: {n} created" in r.stdout, r.stdout)
    expect(not run.state_files(), "dry run wrote a state file")
    expect(not any(x.split()[1] in ("PUT", "MKCALENDAR") for x in requests_in(r.stderr)),
           r.stderr)
    run.publish()
    texts = run.exported_texts()
    run.chronicle("edit", ids(run)[0], "--set", "title.en=Dry")
    now = run.exported_texts()
    changed = sum(1 for uid in now if texts[uid] != now[uid])
    state = open(run.state_files()[0]).read()
    r = run.publish("--dry-run")
    expect(r.stdout.count("would PUT ") == changed == r.stdout.count("If-Match: "), r.stdout)
    expect(f"dry run, nothing sent: 0 created, {changed} updated" in r.stdout, r.stdout)
    expect(open(run.state_files()[0]).read() == state, "dry run changed the state")
    expect(not any("Dry" == str(v[0]["SUMMARY"]) for v in run.server_objects().values()),
           "dry run sent the change")
    print("dry run: lists the requests, sends none")


def scenario_wrong_password(run: Run):
    if run.args.server != "radicale":
        fail("wrong_password needs Radicale (Xandikos has no authentication of its own)")
    run.server = Server("radicale", os.path.join(run.work, "server"),
                        users={"alice": PASSWORD}).start()
    run.netrc("alice", "wrong-password-123")
    r = run.publish(expect_rc=3)
    expect("refused the credentials" in r.stderr and "401 Unauthorized" in r.stderr, r.stderr)
    expect("wrong-password-123" not in r.stdout + r.stderr, "password printed")
    expect(not run.state_files() or "objects" in open(run.state_files()[0]).read(), "state")
    # The environment variable wins over .netrc; the state holds no password.
    r = run.publish(env=run.env(CHRONICLE_PASSWORD=PASSWORD), expect_rc=2)
    expect("a password from CHRONICLE_PASSWORD needs a user name: give --user NAME" in r.stderr,
           r.stderr)
    r = run.publish("--user", "alice", env=run.env(CHRONICLE_PASSWORD=PASSWORD))
    expect("created" in r.stdout, r.stdout)
    secret_file = os.path.join(run.home, "pw")
    with open(secret_file, "w") as f:
        f.write(PASSWORD + "\n")
    run.chronicle("edit", ids(run)[0], "--set", "title.en=Via the password command")
    r = run.chronicle("publish", run.server.collection_url().replace("://", "://alice@"),
                      "--password-command", f"cat {secret_file}")
    expect("0 created, " in r.stdout and " updated, 0 deleted" in r.stdout and
           "0 updated" not in r.stdout, r.stdout)
    for root, _, files in os.walk(os.path.join(run.events, ".chronicle")):
        for name in files:
            expect(PASSWORD not in open(os.path.join(root, name), errors="replace").read(),
                   f"password written to {name}")
    expect(PASSWORD not in r.stdout + r.stderr, "password printed")
    # Someone else's calendar: Radicale forbids it.
    r = run.chronicle("publish", run.server.collection_url().replace("/alice/", "/bob/"),
                      "--user", "alice", env=run.env(CHRONICLE_PASSWORD=PASSWORD), expect_rc=3)
    expect("the server forbids it; the account may not write to this calendar (403 Forbidden)"
           in r.stderr, r.stderr)
    r = run.publish("--user", "alice", "--password-command", "exit 4", expect_rc=3)
    expect("the password command \"exit 4\" failed (exit status 4)" in r.stderr, r.stderr)
    print("wrong password: exit 3 with a clear message; env and command passwords work")


def scenario_digest(run: Run):
    """Radicale behind a proxy that accepts only Digest (tests/publish/digest_proxy.py)."""
    if run.args.server != "radicale":
        fail("digest needs Radicale (its http_x_remote_user authentication)")
    run.server = Server("radicale", os.path.join(run.work, "server"), remote_user=True).start()
    port, proxy_log = free_port(), os.path.join(run.work, "proxy.log")
    proxy = subprocess.Popen([sys.executable, DIGEST_PROXY, str(port), str(run.server.port),
                              "alice", PASSWORD, proxy_log], start_new_session=True)
    try:
        wait_listening(port, proxy, proxy_log if os.path.exists(proxy_log) else os.devnull)
        url = f"http://127.0.0.1:{port}/alice/chronicle/"
        run.netrc("alice", "wrong-password-123")
        r = run.chronicle("publish", url, expect_rc=3)
        expect("refused the credentials" in r.stderr and "401 Unauthorized" in r.stderr,
               r.stderr)
        expect(not run.state_files(), "a refused publish wrote state")
        run.netrc("alice", PASSWORD)
        before = len(open(proxy_log).read().splitlines())
        r = run.chronicle("publish", url, "--verbose")
        n = len(run.exported())
        expect(f"{n} created, 0 updated, 0 deleted" in r.stdout, r.stdout)
        expect(PASSWORD not in r.stdout + r.stderr, "password printed")
        lines = open(proxy_log).read().splitlines()[before:]
        passed = [l for l in lines if l.endswith(" digest")]
        expect(len(passed) == len(requests_in(r.stderr)),
               f"{len(passed)} requests passed Digest, -v lists {len(requests_in(r.stderr))}")
        expect(not any(l.endswith(" refused") for l in lines), "a right password was refused")
        # Only the first request is challenged, twice (Chronicle's preemptive Basic on a loopback
        # host, then libcurl's probe for the scheme); the nonce serves every request after it.
        challenged = [i for i, l in enumerate(lines) if l.endswith(" challenged")]
        expect(challenged == [0, 1], f"requests challenged: {challenged}\n" + "\n".join(lines))
        # Another client (python3-caldav, which answers the Digest challenge itself) sees them.
        cal = caldav.DAVClient(url=f"http://127.0.0.1:{port}/", username="alice",
                               password=PASSWORD).calendar(url=url)
        on_server = {str(e.icalendar_component["UID"]) for e in cal.events()}
        expect(on_server == set(run.exported()), "the server holds other events")
        r = run.chronicle("pull", url)
        expect("nothing changed on the server" in r.stdout, r.stdout)
        print(f"digest: wrong password refused (exit 3); {n} events published through Digest, "
              f"{len(passed)} requests, only the first challenged")
    finally:
        os.kill(proxy.pid, signal.SIGTERM)
        proxy.wait(timeout=10)


def scenario_interrupted(run: Run):
    shutil.rmtree(run.events)
    subprocess.run([sys.executable, GEN, "300", "--out", run.events, "--seed", "7"], check=True,
                   capture_output=True)
    server = run.start()
    n = len(run.exported())
    cmd = [run.args.chronicle, "--events", run.events, "publish", server.collection_url(),
           "--verbose"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=run.env())
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if sum(" PUT " in x for x in seen) == 40:
            server.kill()
            break
    rest = proc.stderr.read()
    out = proc.stdout.read()
    rc = proc.wait()
    expect(rc == 3, f"exit {rc} after the server died\n{out}\n{''.join(seen)}{rest}")
    expect("failed" in rest and server.collection_url().split("/chronicle")[0] in rest, rest)
    state = json.load(open(run.state_files()[0]))
    recorded = len(state["objects"])
    # The kill comes once 40 PUTs were seen; on a loaded machine Chronicle may be further on by
    # then. The state records the PUTs that succeeded (the last one's answer may be lost).
    stored = sum(1 for x in seen + rest.splitlines() if re.search(r" PUT .* -> 20[14]", x))
    expect(40 <= stored < n, f"{stored} PUTs succeeded before the server died")
    expect(stored - 1 <= recorded <= stored + 1,
           f"state records {recorded} objects after {stored} successful PUTs")
    server.start()
    r = run.publish()
    expect("0 deleted" in r.stdout, r.stdout)
    on_server = check_server_matches_export(run)
    expect(len(on_server) == n, f"{len(on_server)} objects for {n} events")
    state = json.load(open(run.state_files()[0]))
    expect(len(state["objects"]) == n, "state incomplete after the rerun")
    r = run.publish()
    expect(len(requests_in(r.stderr)) == 1, f"expected one request:\n{r.stderr}")
    print(f"interrupted after {recorded} recorded: rerun completed {n} objects, none twice")


def event_file(run: Run, event_id: str) -> dict:
    with open(os.path.join(run.events, event_id + ".toml"), "rb") as f:
        return tomllib.load(f)


def only_changed(before: dict, after: dict) -> set:
    """The top-level keys of an event file whose values differ."""
    return {k for k in set(before) | set(after) if before.get(k) != after.get(k)}


def server_uid(run: Run, event_id: str) -> str:
    return next(u for u in run.server_objects() if u.startswith(event_id + "@"))


def delete_on_server(run: Run, uid: str):
    cal = run.client().calendar(url=run.server.collection_url())
    cal.event_by_uid(uid).delete()


def scenario_pull_merge(run: Run):
    """Three-way merges of server edits (python3-caldav) of events Chronicle published."""
    run.start()
    run.publish()
    both = ids(run)[0]
    same = ids(run)[2]
    # Different fields: a local description, the server's title: both kept, no conflict.
    before = event_file(run, both)
    run.chronicle("edit", both, "--set", "description.en=Described on the timeline, later")
    edit_on_server(run, server_uid(run, both), "Retitled on a phone, later")
    r = run.chronicle("pull", run.server.collection_url())
    expect("0 added, 1 updated, 0 unchanged, 0 rejected (2 requests)" in r.stdout, r.stdout)
    expect("conflict" not in r.stdout + r.stderr, r.stdout + r.stderr)
    after = event_file(run, both)
    expect(after["title"]["en"] == "Retitled on a phone, later", f"title {after['title']}")
    expect(after["description"]["en"] == "Described on the timeline, later",
           f"description {after['description']}")
    expect(only_changed(before, after) == {"title", "description", "revision", "last_modified"},
           f"changed: {only_changed(before, after)}")
    expect(after["title"]["ru"] == before["title"]["ru"], "the Russian title was lost")
    # The next publish sends the merge back (and the events whose description names it); the
    # server then holds both edits.
    r = run.publish()
    expect(re.search(r"0 created, [12] updated, 0 deleted", r.stdout), r.stdout)
    on_server = check_server_matches_export(run)
    v = on_server[server_uid(run, both)][0]
    expect(str(v["SUMMARY"]) == "Retitled on a phone, later", str(v["SUMMARY"]))
    expect("Described on the timeline, later" in str(v["DESCRIPTION"]), str(v["DESCRIPTION"]))
    # The same field on both sides: a conflict reported as import reports it, nothing written.
    run.chronicle("edit", same, "--set", "title.en=Retitled on the timeline")
    edit_on_server(run, server_uid(run, same), "Retitled on the server")
    file_before = open(os.path.join(run.events, same + ".toml")).read()
    r = run.chronicle("pull", run.server.collection_url(), expect_rc=1)
    expect(f'conflict in {same}: title.en: local "Retitled on the timeline", server '
           f'"Retitled on the server"' in r.stderr, r.stderr)
    expect("nothing pulled: 1 event(s) changed both here and on the server" in r.stderr, r.stderr)
    expect(open(os.path.join(run.events, same + ".toml")).read() == file_before, "written")
    r = run.chronicle("pull", run.server.collection_url(), "--prefer", "ours")
    expect(f'conflict in {same}: title.en: local "Retitled on the timeline", server '
           f'"Retitled on the server" (kept local)' in r.stdout, r.stdout)
    expect(event_file(run, same)["title"]["en"] == "Retitled on the timeline", "ours not kept")
    r = run.publish()
    expect(re.search(r"0 created, [12] updated, 0 deleted", r.stdout), r.stdout)
    v = run.server_objects()[server_uid(run, same)][0]
    expect(str(v["SUMMARY"]) == "Retitled on the timeline", str(v["SUMMARY"]))
    r = run.chronicle("pull", run.server.collection_url())
    expect("nothing changed on the server (1 request)" in r.stdout, r.stdout)
    print("pull merge: server title + local description merged; same field a conflict")


def scenario_pull_deleted(run: Run):
    """Events deleted on the server by another client (python3-caldav)."""
    run.start()
    run.publish()
    # No event relates to the pavilion; only the pavilion relates to the visit.
    gone, edited, related = ids(run)[3], ids(run)[4], ids(run)[0]
    n = len(ids(run))
    # Deleted there, unchanged here: removed here, with a tombstone, as `remove` does.
    delete_on_server(run, server_uid(run, gone))
    r = run.chronicle("pull", run.server.collection_url(), "--dry-run")
    expect(f"{gone}.toml" in r.stdout and "+++ /dev/null" in r.stdout, r.stdout)
    expect(os.path.exists(os.path.join(run.events, gone + ".toml")), "dry run removed it")
    r = run.chronicle("pull", run.server.collection_url())
    expect(f"removed {gone} (deleted on the server)" in r.stdout, r.stdout)
    expect("0 added, 0 updated, 0 unchanged, 0 rejected, 1 removed" in r.stdout, r.stdout)
    expect(not os.path.exists(os.path.join(run.events, gone + ".toml")), "still here")
    expect(os.path.exists(os.path.join(run.events, ".chronicle", "removed", gone + ".toml")),
           "no tombstone")
    expect(len(ids(run)) == n - 1, f"{len(ids(run))} events left of {n}")
    r = run.publish()
    expect("0 created, 0 updated, 0 deleted" in r.stdout, r.stdout)
    check_server_matches_export(run)
    r = run.chronicle("pull", run.server.collection_url())
    expect("nothing changed on the server (1 request)" in r.stdout, r.stdout)
    # Deleted there, edited here since: a conflict, kept; --prefer ours keeps it, and the next
    # publish sends it again.
    run.chronicle("edit", edited, "--set", "title.en=Edited here, deleted there")
    delete_on_server(run, server_uid(run, edited))
    r = run.chronicle("pull", run.server.collection_url(), expect_rc=1)
    expect(f"conflict in {edited}: deleted on the server, changed here since the last sync"
           in r.stderr, r.stderr)
    expect("nothing pulled: 1 event(s) changed both here and on the server" in r.stderr, r.stderr)
    expect(os.path.exists(os.path.join(run.events, edited + ".toml")), "removed")
    r = run.chronicle("pull", run.server.collection_url(), "--prefer", "ours")
    expect("(kept: --prefer ours; the next publish sends it again)" in r.stdout, r.stdout)
    expect("0 removed" in r.stdout, r.stdout)
    expect(os.path.exists(os.path.join(run.events, edited + ".toml")), "removed")
    r = run.publish()
    expect("1 created, 0 updated, 0 deleted" in r.stdout, r.stdout)
    on_server = check_server_matches_export(run)
    expect(any(str(v[0]["SUMMARY"]) == "Edited here, deleted there" for v in on_server.values()),
           "not sent again")
    # --prefer theirs removes an edited one. (The pull first: publish records the sync token of
    # its listing, taken before its own PUTs, and Xandikos reports nothing for a resource
    # created and deleted since a token; a pull records a token taken after the PUT.)
    r = run.chronicle("pull", run.server.collection_url())
    expect("nothing changed on the server (1 request)" in r.stdout, r.stdout)
    run.chronicle("edit", edited, "--set", "title.en=Edited again")
    delete_on_server(run, server_uid(run, edited))
    r = run.chronicle("pull", run.server.collection_url(), "--prefer", "theirs")
    expect("(removed: --prefer theirs)" in r.stdout and f"removed {edited}" in r.stdout, r.stdout)
    expect(not os.path.exists(os.path.join(run.events, edited + ".toml")), "kept")
    # One that other events relate to is kept, saying so; the next publish sends it again.
    delete_on_server(run, server_uid(run, related))
    r = run.chronicle("pull", run.server.collection_url())
    expect(f"kept {related} (deleted on the server): other events relate to it; chronicle "
           f"remove {related} --force removes it here too" in r.stdout, r.stdout)
    expect(os.path.exists(os.path.join(run.events, related + ".toml")), "removed")
    r = run.publish()
    expect("1 created, 0 updated, 0 deleted" in r.stdout, r.stdout)
    check_server_matches_export(run)
    print("pull deleted: unchanged removed with a tombstone; edited a conflict, kept")


def scenario_x_comma(run: Run):
    """X-CHRONICLE-* values with commas survive Radicale (vobject cuts unescaped ones)."""
    run.start()
    first = ids(run)[0]
    run.chronicle("edit", first, "--set", "title.en=Rome, Paris; and Astana, again")
    run.publish()
    cal = run.client().calendar(url=run.server.collection_url())
    obj = cal.event_by_uid(server_uid(run, first))
    obj.load()
    raw = obj.data.decode() if isinstance(obj.data, bytes) else obj.data
    unfolded = re.sub(r"\r?\n[ \t]", "", raw)
    line = next(x for x in unfolded.splitlines() if x.startswith("X-CHRONICLE-EVENT:"))
    expect("Rome\\, Paris\\; and Astana\\, again" in line, line)
    embedded = str(icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]["X-CHRONICLE-EVENT"])
    local = event_file(run, first)
    expect(tomllib.loads(embedded) == local,
           f"the server's X-CHRONICLE-EVENT is not the event file:\n{embedded}")
    # Pulled into an empty timeline: each event read back whole from what Radicale stored.
    fresh = os.path.join(run.work, "fresh")
    os.makedirs(fresh)
    shutil.copy(os.path.join(run.events, "timeline.toml"), fresh)
    def in_fresh(*argv):
        r = subprocess.run([run.args.chronicle, "--events", fresh, *argv], capture_output=True,
                           text=True, env=run.env(), timeout=300)
        expect(r.returncode == 0, f"{argv} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
        return r

    r = in_fresh("pull", run.server.collection_url())
    n = len(ids(run))
    expect(f"{n} added, 0 updated" in r.stdout, r.stdout)
    for event_id in ids(run):
        a = run.chronicle("show", event_id).stdout.replace(run.events, "DIR")
        b = in_fresh("show", event_id).stdout.replace(fresh, "DIR")
        expect(a == b, f"{event_id} differs after the round trip:\n{a}\n---\n{b}")
    print(f"x comma: X-CHRONICLE-EVENT escaped, kept whole by Radicale; {n} events round-trip")


def scenario_tls(run: Run):
    """Radicale over HTTPS with a self-signed certificate made here (openssl)."""
    tls = os.path.join(run.work, "tls")
    os.makedirs(tls)
    cert, key = os.path.join(tls, "cert.pem"), os.path.join(tls, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    run.server = Server("radicale", os.path.join(run.work, "server"), tls=(cert, key)).start()
    run.netrc(run.server.user, PASSWORD)
    url = run.server.collection_url()
    expect(url.startswith("https://"), url)
    # Not trusted: a clear error, exit 3, and nothing recorded.
    r = run.chronicle("publish", url, expect_rc=3)
    expect(f"REPORT {url} failed: SSL certificate problem" in r.stderr and
           "certificate verification failed" in r.stderr and "--cacert FILE" in r.stderr,
           r.stderr)
    expect(not run.state_files(), "a publish that could not connect wrote state")
    r = run.chronicle("pull", url, expect_rc=3)
    expect("certificate" in r.stderr.lower(), r.stderr)
    # Trusted with --cacert: publish, then pull, work.
    r = run.chronicle("publish", url, "--cacert", cert)
    n = len(run.exported())
    expect(f"{n} created, 0 updated, 0 deleted" in r.stdout, r.stdout)
    r = run.chronicle("pull", url, "--cacert", cert)
    expect("nothing changed on the server (1 request)" in r.stdout, r.stdout)
    print(f"tls: untrusted certificate refused (exit 3); --cacert publishes {n} events")


def generated(run: Run, n: int, seed: int = 11):
    shutil.rmtree(run.events)
    subprocess.run([sys.executable, GEN, str(n), "--out", run.events, "--seed", str(seed)],
                   check=True, capture_output=True)


def settle_times():
    # publish records the files' times only once they are older than the file system's clock
    # tick can tell apart (0.1 s); wait that long after an edit to see the fast path.
    time.sleep(0.3)


FAST = "the timeline's files are as the last publish read them"
CHANGES_ONLY = "the timeline changed since the last publish: sending only its changes"


def scenario_changes_only(run: Run):
    generated(run, 60)
    run.start()
    run.publish()
    n = len(run.exported())
    objects = run.server_objects()
    texts = run.exported_texts()
    edited = ids(run)[5:8]
    for i, e in enumerate(edited):
        run.chronicle("edit", e, "--set", f"title.en=Edited here {i}")
    now = run.exported_texts()
    changed = sum(1 for uid in now if texts[uid] != now[uid])
    expect(changed >= 3, f"the edits changed {changed} VEVENTs")
    r = run.publish()
    sent = requests_in(r.stderr)
    expect(CHANGES_ONLY in r.stderr, r.stderr)
    expect(len(sent) == changed and all(" PUT " in x and "If-Match: " in x for x in sent),
           f"expected exactly {changed} PUTs with If-Match and nothing else:\n{r.stderr}")
    expect(f"0 created, {changed} updated, 0 deleted, {n - changed} unchanged ({changed} "
           f"request{'s' if changed != 1 else ''})" in r.stdout, r.stdout)
    check_server_matches_export(run)
    # The next listing reports those PUTs (the token is the last listing's) and recognises them
    # by their ETags: nothing is sent, nothing noted.
    r = run.publish()
    expect(len(requests_in(r.stderr)) == 1 and " REPORT " in requests_in(r.stderr)[0], r.stderr)
    expect(f"0 created, 0 updated, 0 deleted, {n} unchanged (1 request)" in r.stdout, r.stdout)
    expect("note:" not in r.stdout, r.stdout)
    # A remove and an add: one DELETE with If-Match, one PUT with If-None-Match: *.
    texts = run.exported_texts()
    removed = ids(run)[20]
    run.chronicle("remove", removed, "--force")
    run.chronicle("add", "Added without a listing", "--date", "2024-05-01")
    now = run.exported_texts()
    changed = sum(1 for uid in now if uid in texts and texts[uid] != now[uid])
    r = run.publish()
    sent = requests_in(r.stderr)
    expect(len(sent) == changed + 2, f"expected {changed + 2} requests:\n{r.stderr}")
    expect(sum(" DELETE " in x and "If-Match: " in x for x in sent) == 1, r.stderr)
    expect(sum("If-None-Match: *" in x for x in sent) == 1, r.stderr)
    check_server_matches_export(run)
    # Changed here and on the server: the PUT fails (412), one GET fetches the server's version
    # for the conflict; nothing of the server's is overwritten.
    objects = run.server_objects()
    both, theirs_only, ours_only = ids(run)[10], ids(run)[30], ids(run)[40]
    uid_both = next(u for u in objects if u.startswith(both))
    uid_theirs = next(u for u in objects if u.startswith(theirs_only))
    edit_on_server(run, uid_both, "Changed by another client")
    edit_on_server(run, uid_theirs, "Changed on the server only")
    texts = run.exported_texts()
    run.chronicle("edit", both, "--set", "title.en=Changed on the timeline")
    run.chronicle("edit", ours_only, "--set", "title.en=Changed here only")
    now = run.exported_texts()
    changed = sum(1 for uid in now if texts[uid] != now[uid])
    r = run.publish(expect_rc=1)
    sent = requests_in(r.stderr)
    expect(len(sent) == changed + 1, f"expected {changed} PUTs and one GET:\n{r.stderr}")
    expect(sum(" GET " in x for x in sent) == 1 and
           any(" PUT " in x and both in x and x.endswith("-> 412") for x in sent), r.stderr)
    expect(f"conflict: {both} (" in r.stderr and "changed on the server since the last publish"
           in r.stderr, r.stderr)
    expect("+SUMMARY" in r.stdout and "Changed on the timeline" in r.stdout and
           "-SUMMARY" in r.stdout and "Changed by another client" in r.stdout,
           f"both versions expected in the diff:\n{r.stdout}")
    on_server = run.server_objects()
    expect(str(on_server[uid_both][0]["SUMMARY"]) == "Changed by another client", "overwritten!")
    expect(str(on_server[uid_theirs][0]["SUMMARY"]) == "Changed on the server only",
           "overwritten!")
    expect(any(str(v[0]["SUMMARY"]) == "Changed here only" for v in on_server.values()),
           "the change without conflict was not sent")
    # Settled with --prefer theirs (a listing): the server-only edit is noted, both kept.
    r = run.publish("--prefer", "theirs")
    expect(" REPORT " in requests_in(r.stderr)[0], r.stderr)
    expect(not any(" PUT " in x for x in requests_in(r.stderr)), r.stderr)
    on_server = run.server_objects()
    expect(str(on_server[uid_both][0]["SUMMARY"]) == "Changed by another client", "theirs lost")
    expect(str(on_server[uid_theirs][0]["SUMMARY"]) == "Changed on the server only",
           "theirs lost")
    r = run.publish()
    expect(len(requests_in(r.stderr)) == 1 and "0 updated" in r.stdout and "note:" not in
           r.stdout and "conflict" not in r.stderr, r.stdout + r.stderr)
    # A server-only edit while the timeline has other changes: this publish sends only its
    # change; the next one (nothing changed here) lists, and notes the server's edit.
    edit_on_server(run, uid_theirs, "Changed on the server again")
    run.chronicle("edit", ours_only, "--set", "title.en=Changed here again")
    r = run.publish()
    expect(CHANGES_ONLY in r.stderr and "note:" not in r.stdout, r.stdout + r.stderr)
    r = run.publish()
    expect(len(requests_in(r.stderr)) == 1 and f"note: {theirs_only}" in r.stdout, r.stdout)
    expect(str(run.server_objects()[uid_theirs][0]["SUMMARY"]) == "Changed on the server again",
           "overwritten!")
    print(f"changes only: {changed} edits sent as {changed} requests; conflict: PUT 412 + GET")


def scenario_fast_path(run: Run):
    generated(run, 80)
    run.start()
    settle_times()
    r = run.publish()
    expect(FAST not in r.stderr, r.stderr)
    n = len(run.exported())
    r = run.publish()
    expect(FAST in r.stderr, f"expected the fast path:\n{r.stderr}")
    expect(f"0 created, 0 updated, 0 deleted, {n} unchanged (1 request)" in r.stdout, r.stdout)
    state = json.load(open(run.state_files()[0]))
    expect(isinstance(state.get("inputs"), str) and state["inputs"], f"no fingerprint: {state}")
    # A touched file (its time changed, not its content): the timeline is read again, and
    # nothing more is sent.
    first = os.path.join(run.events, ids(run)[0] + ".toml")
    os.utime(first, None)
    settle_times()
    r = run.publish()
    expect(FAST not in r.stderr and f"{n} unchanged (1 request)" in r.stdout, r.stdout + r.stderr)
    r = run.publish()
    expect(FAST in r.stderr and "(1 request)" in r.stdout, r.stdout + r.stderr)
    # Another language is another export.
    r = run.publish("--lang", "ru")
    expect(FAST not in r.stderr, r.stderr)
    r = run.publish()
    expect(FAST not in r.stderr, r.stderr)
    r = run.publish()
    expect(FAST in r.stderr, r.stderr)
    # A tombstone written (remove): not the fast path; the removal sent.
    run.chronicle("remove", ids(run)[3], "--force")
    settle_times()
    r = run.publish()
    expect(FAST not in r.stderr and "1 deleted" in r.stdout, r.stdout + r.stderr)
    r = run.publish()
    expect(FAST in r.stderr, r.stderr)
    # The server changed: the fast path's listing sees it, reads the timeline, notes it.
    objects = run.server_objects()
    uid = next(u for u in objects if u.startswith(ids(run)[7]))
    edit_on_server(run, uid, "Changed on the server")
    r = run.publish()
    expect(FAST in r.stderr and "reading the timeline" in r.stderr, r.stderr)
    expect(f"note: {ids(run)[7]}" in r.stdout and len(requests_in(r.stderr)) == 1, r.stdout)
    # Settled (the server's kept): the fast path again. Then an edit in place that keeps the
    # size and the inode: the time tells it.
    run.publish("--prefer", "theirs")
    r = run.publish()
    expect(FAST in r.stderr and "note:" not in r.stdout, r.stdout + r.stderr)
    path = os.path.join(run.events, ids(run)[1] + ".toml")
    text = open(path).read()
    with open(path, "w") as f:
        f.write(text.replace("title", "title", 1))
    settle_times()
    r = run.publish()
    expect(FAST not in r.stderr, r.stderr)
    print("fast path: an unchanged timeline read not at all; any change of its files noticed")


def create_on_server(run: Run, uid: str, summary: str, day: str):
    cal = run.client().calendar(url=run.server.collection_url())
    cal.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20240601T120000Z\r\nDTSTART;VALUE=DATE:{day}\r\n"
        f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def scenario_pull(run: Run):
    run.start()
    run.publish()
    create_on_server(run, "team-milestone-1", "Milestone added from a phone", "20240610")
    r = run.chronicle("pull", run.server.collection_url(), "--verbose")
    expect("1 added, 0 updated, 0 unchanged, 0 rejected (2 requests)" in r.stdout, r.stdout)
    listed = run.chronicle("list", "--format", "json").stdout
    expect("Milestone added from a phone" in listed, listed)
    # Publishing afterwards keeps one resource per UID: the pulled event is sent back (in
    # Chronicle's form) to the resource it came from, not created a second time.
    r = run.publish()
    expect("0 created" in r.stdout and "0 deleted" in r.stdout, r.stdout)
    check_server_matches_export(run)
    r = run.chronicle("pull", run.server.collection_url(), "--verbose")
    expect("nothing changed on the server (1 request)" in r.stdout, r.stdout)
    # An edit on the server of a published event, unchanged here: publish recorded its base,
    # so the server's change is taken with no conflict, and nothing else of the event changes.
    objects = run.server_objects()
    first = ids(run)[0]
    uid = next(u for u in objects if u.startswith(first))
    before = event_file(run, first)
    edit_on_server(run, uid, "Retitled on a phone")
    r = run.chronicle("pull", run.server.collection_url())
    expect("0 added, 1 updated, 0 unchanged, 0 rejected" in r.stdout, r.stdout)
    after = event_file(run, first)
    expect(after["title"]["en"] == "Retitled on a phone", f"not taken: {after['title']}")
    expect(only_changed(before, after) == {"title", "revision", "last_modified"},
           f"more than the title changed: {only_changed(before, after)}")
    expect(after["title"].get("ru") == before["title"].get("ru"), "the Russian title was lost")
    # sync: pull the next phone milestone, then publish a local edit.
    create_on_server(run, "team-milestone-2", "Second milestone from a phone", "20240611")
    run.chronicle("edit", ids(run)[2], "--set", "title.en=Edited before a sync")
    r = run.chronicle("sync", run.server.collection_url())
    expect("1 added" in r.stdout and "0 created" in r.stdout and "0 deleted" in r.stdout,
           r.stdout)
    on_server = check_server_matches_export(run)
    expect(any(str(v[0]["SUMMARY"]) == "Edited before a sync" for v in on_server.values()),
           "the local edit was not published")
    expect("team-milestone-2" in on_server, "the phone milestone is gone")
    r = run.chronicle("sync", run.server.collection_url())
    expect("nothing changed on the server" in r.stdout, r.stdout)
    print("pull: a phone's event imported once; server edits merged; sync round trip")


class Garbage(http.server.BaseHTTPRequestHandler):
    def handle_one_request(self):
        try:
            super().handle_one_request()
        except Exception:
            pass

    def do_any(self):
        body = b"<html>this is not WebDAV"
        self.send_response(207)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_REPORT = do_PROPFIND = do_GET = do_PUT = do_any

    def log_message(self, *a):
        pass


def scenario_failures(run: Run):
    run.netrc("alice", PASSWORD)
    port = free_port()
    r = run.chronicle("publish", f"http://127.0.0.1:{port}/alice/chronicle/", expect_rc=3)
    expect(re.search(r"chronicle: REPORT http://127\.0\.0\.1:\d+/alice/chronicle/ failed: "
                     r"Failed to connect to 127\.0\.0\.1 port \d+ .*Couldn't connect to server", r.stderr),
           r.stderr)
    garbage = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=garbage.serve_forever, daemon=True).start()
    r = run.chronicle("publish", f"http://127.0.0.1:{garbage.server_address[1]}/c/",
                      expect_rc=3)
    expect("is not a WebDAV multistatus" in r.stderr, r.stderr)
    garbage.shutdown()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    began = time.monotonic()
    r = run.chronicle("publish", f"http://127.0.0.1:{silent.getsockname()[1]}/c/", "--timeout",
                      "1", expect_rc=3)
    silent.close()
    expect("timed out" in r.stderr.lower() or "timeout" in r.stderr.lower(), r.stderr)
    expect(time.monotonic() - began < 30, "the timeout was not kept")
    expect(not run.state_files(), "a failed first publish wrote state")
    # A server that dies after a good publish: the state stays as it was.
    run.start()
    run.publish()
    state = open(run.state_files()[0]).read()
    run.chronicle("edit", ids(run)[0], "--set", "title.en=Never sent")
    run.server.kill()
    r = run.publish(expect_rc=3)
    expect(open(run.state_files()[0]).read() == state, "state changed by a failed publish")
    print("failures: refused, garbage, timeout: exit 3 with a clear message")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True, choices=["radicale", "xandikos"])
    p.add_argument("--scenario", required=True)
    p.add_argument("--chronicle", required=True)
    p.add_argument("--events", required=True)
    p.add_argument("--work", required=True)
    args = p.parse_args()
    run = Run(args)
    try:
        globals()[f"scenario_{args.scenario}"](run)
    finally:
        run.finish()


if __name__ == "__main__":
    main()
