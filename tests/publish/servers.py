"""Real CalDAV servers for the publish tests: Radicale and Xandikos (Debian packages), started on
127.0.0.1 at a free port in a folder of their own, and stopped by their process id."""
import os
import signal
import socket
import subprocess
import time

PYTHON = "/usr/bin/python3"  # Debian's, where radicale and xandikos are installed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen, log: str):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{open(log).read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not listen on {port} within 30 s:\n{open(log).read()}")


class Server:
    """One server; `kind` is radicale or xandikos. `users` (name → password) turns on
    Radicale's htpasswd authentication (plain), else it accepts any user name."""

    def __init__(self, kind: str, work: str, users: dict | None = None, port: int | None = None,
                 tls: tuple | None = None, remote_user: bool = False):
        """`tls` (certificate file, key file): Radicale serves HTTPS with them. `remote_user`:
        Radicale trusts the user named in X-Remote-User, as behind a proxy that authenticates."""
        self.kind, self.work, self.users, self.tls = kind, work, users, tls
        self.remote_user = remote_user
        self.port = port or free_port()
        self.proc = None
        os.makedirs(work, exist_ok=True)

    @property
    def user(self) -> str:
        return "alice" if self.kind == "radicale" else "user"

    def collection_url(self, name: str = "chronicle") -> str:
        if self.kind == "radicale":
            scheme = "https" if self.tls else "http"
            return f"{scheme}://127.0.0.1:{self.port}/alice/{name}/"
        return f"http://127.0.0.1:{self.port}/user/calendars/{name}/"

    def start(self):
        log = os.path.join(self.work, f"{self.kind}.log")
        if self.kind == "radicale":
            config = os.path.join(self.work, "radicale.conf")
            auth = "type = http_x_remote_user\n" if self.remote_user else "type = none\n"
            if self.users:
                htpasswd = os.path.join(self.work, "htpasswd")
                with open(htpasswd, "w") as f:
                    f.writelines(f"{u}:{p}\n" for u, p in self.users.items())
                auth = (f"type = htpasswd\nhtpasswd_filename = {htpasswd}\n"
                        "htpasswd_encryption = plain\n")
            with open(config, "w") as f:
                ssl = (f"ssl = True\ncertificate = {self.tls[0]}\nkey = {self.tls[1]}\n"
                       if self.tls else "")
                f.write(f"[server]\nhosts = 127.0.0.1:{self.port}\n{ssl}[auth]\n{auth}"
                        f"[rights]\ntype = owner_only\n"
                        f"[storage]\nfilesystem_folder = {os.path.join(self.work, 'collections')}\n"
                        "[logging]\nlevel = warning\n")
            cmd = [PYTHON, "-m", "radicale", "--config", config]
        else:
            cmd = [PYTHON, "/usr/bin/xandikos", "--defaults", "-d",
                   os.path.join(self.work, "data"), "-l", "127.0.0.1", "-p", str(self.port)]
        with open(log, "a") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        wait_listening(self.port, self.proc, log)
        return self

    def kill(self):
        """Stops the server at once (SIGKILL), as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
