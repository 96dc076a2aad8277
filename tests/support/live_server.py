"""Real processes for tests over real HTTP: gunicorn serving the app, a private PostgreSQL
cluster that a test may stop and start, and any other command run in its own process group.

Every process is started in a new session and stopped by its process group, so nothing it
forked outlives the test.
"""

import contextlib
import glob
import http.client
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.mail_server import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ACCESS_LOG_FORMAT = "%(p)s %(m)s %(U)s %(s)s"


def stop_group(process: subprocess.Popen, grace_seconds: float = 10) -> None:
    """SIGTERM to the process's group, then SIGKILL to whatever of it is left after the grace."""
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal_number)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace_seconds)


def spawn(command: list[str], env: dict, log_path: Path) -> subprocess.Popen:
    """Starts `command` in the project folder, in its own process group, output to a file.

    `env` is added to this process's environment; a variable it gives as None is removed."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(  # noqa: S603 - the tests' own commands
            command,
            cwd=PROJECT_ROOT,
            env={name: value for name, value in {**os.environ, **env}.items() if value is not None},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@dataclass
class Answer:
    status: int
    headers: dict
    body: dict | list | None
    seconds: float
    started: float = field(default=0.0)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]

    @property
    def finished(self) -> float:
        return self.started + self.seconds


class LiveServer:
    """gunicorn serving `wsgi:app` on a free port of 127.0.0.1 with the given environment.

    It runs `workers` synchronous worker processes, one request at a time each, whatever
    gunicorn.conf.py would choose (production's way with Redis limits). The access log names the
    worker (pid) that answered each request.
    """

    def __init__(self, env: dict, log_dir: Path, workers: int = 2):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log_path = log_dir / f"gunicorn-{self.port}.log"
        self.access_log_path = log_dir / f"gunicorn-{self.port}-access.log"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--threads",
            "1",
            "--access-logfile",
            str(self.access_log_path),
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "wsgi:app",
        ]

    def start(self, timeout_seconds: float = 30, wait_for_health: bool = True) -> "LiveServer":
        """Returns once /health answers 200 (or, without `wait_for_health`, once the port
        takes connections: requests then wait for a worker)."""
        self.process = spawn(self.command(), self.env, self.log_path)
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log()}")
            try:
                if not wait_for_health:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return self
                if self.request("GET", "/health", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /health in {timeout_seconds} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def answering_workers(self, path: str) -> set[int]:
        """The pids of the workers that answered requests to `path`."""
        pids = set()
        for line in self.access_log_path.read_text().splitlines():
            pid, _method, url, _status = line.split(" ")
            if url == path:
                pids.add(int(pid.strip("<>")))
        return pids

    def request(
        self,
        method: str,
        path: str,
        body=None,
        headers: dict | None = None,
        timeout: float = 30,
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        payload = None if body is None else json.dumps(body)
        sent_headers = {"Content-Type": "application/json", **(headers or {})}
        started = time.monotonic()
        try:
            connection.request(method, path, body=payload, headers=sent_headers)
            response = connection.getresponse()
            raw = response.read()
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
        finally:
            connection.close()
        seconds = time.monotonic() - started
        parsed = (
            json.loads(raw) if raw and "json" in answer_headers.get("content-type", "") else None
        )
        return Answer(response.status, answer_headers, parsed, seconds, started)

    def hold(self, method: str, path: str, body, headers: dict | None = None) -> "HeldRequest":
        """Sends a request but for the blank line that ends its headers: the worker that took
        it waits for the rest, so the server's next request goes to another worker."""
        return HeldRequest(self.port, method, path, body, headers or {})

    def sign_in(self, email: str, password: str) -> dict:
        answer = self.request("POST", "/api/v1/auth/login", {"email": email, "password": password})
        assert answer.status == 200, answer.body
        return {"Authorization": f"Bearer {answer.body['access_token']}"}


class MakeRunServer(LiveServer):
    """gunicorn started with the command line of `make run` (as `make -n` prints it, on a free
    port of 127.0.0.1), so that the Makefile and gunicorn.conf.py decide how it serves; only the
    access log goes to this server's own file, naming the worker that answered."""

    def __init__(self, env: dict, log_dir: Path, extra_arguments: tuple[str, ...] = ()):
        super().__init__(env, log_dir)
        self.extra_arguments = extra_arguments

    def command(self) -> list[str]:
        return [
            *make_run_gunicorn_command(self.port),
            *self.extra_arguments,
            "--access-logfile",
            str(self.access_log_path),
            "--access-logformat",
            ACCESS_LOG_FORMAT,
        ]


def make_run_gunicorn_command(port: int) -> list[str]:
    """The gunicorn command `make run` would run on `port`, with the gunicorn of this Python.

    `make -n` prints the commands without running them; an outer make's flags (when the tests
    run under `make test`) are left out so that they cannot change what it prints."""
    make = shutil.which("make")
    if make is None:
        raise RuntimeError("make is not installed: `make run`'s command line cannot be read")
    outer_make = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    printed = subprocess.run(  # noqa: S603 - the project's own Makefile
        [
            make,
            "--no-print-directory",
            "-n",
            "run",
            "HOST=127.0.0.1",
            f"PORT={port}",
            f"BIN={Path(sys.executable).parent}",
        ],
        cwd=PROJECT_ROOT,
        env={name: value for name, value in os.environ.items() if name not in outer_make},
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    for line in printed.splitlines():
        words = shlex.split(line)
        if words and Path(words[0]).name == "gunicorn":
            return words
    raise RuntimeError(f"`make -n run` printed no gunicorn command:\n{printed}")


class HeldRequest:
    def __init__(self, port: int, method: str, path: str, body, headers: dict):
        self.payload = json.dumps(body).encode()
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Content-Type: application/json",
            f"Content-Length: {len(self.payload)}",
            "Connection: close",
            *(f"{name}: {value}" for name, value in headers.items()),
        ]
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.socket.sendall(("\r\n".join(lines) + "\r\n").encode())
        time.sleep(0.05)

    def finish(self) -> Answer:
        """Sends the rest and returns the answer."""
        started = time.monotonic()
        try:
            self.socket.sendall(b"\r\n" + self.payload)
            response = http.client.HTTPResponse(self.socket)
            response.begin()
            raw = response.read()
            headers = {name.lower(): value for name, value in response.getheaders()}
        finally:
            self.socket.close()
        parsed = json.loads(raw) if raw and "json" in headers.get("content-type", "") else None
        return Answer(response.status, headers, parsed, time.monotonic() - started, started)


def postgres_bindir() -> str | None:
    """Where initdb and pg_ctl are: on the PATH, or the newest /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return os.path.dirname(on_path)
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2])
    )
    for bindir in reversed(candidates):
        if all(os.access(os.path.join(bindir, tool), os.X_OK) for tool in ("initdb", "pg_ctl")):
            return bindir
    return None


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port, which a test may stop and start.

    Run as the `postgres` OS user when the tests run as root (PostgreSQL refuses root).
    """

    def __init__(self, bindir: str):
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="icv-private-pg-"))
        self.data = self.root / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres", group="postgres")

    def _run(self, tool: str, *arguments: str) -> None:
        command = [os.path.join(self.bindir, tool), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603

    def create(self) -> "PrivatePostgres":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
