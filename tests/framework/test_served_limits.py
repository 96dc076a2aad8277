"""The rate limits hold as `make run` serves: gunicorn started with the Makefile's command line
and gunicorn.conf.py, in the default environment, over real HTTP.

With the default limit storage (`memory://`) each gunicorn process counts on its own, so the
configuration decides how many processes serve. The server's database is a SQLite file of the
test's own, migrated and given a person through the `icv` command; under ICV_TEST_DATABASE_URL
it is the PostgreSQL test database instead, emptied after the test.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from limits import parse

from api.config import settings_from_environment
from tests.support.app import PASSWORD
from tests.support.live_server import (
    PROJECT_ROOT,
    MakeRunServer,
    free_port,
    make_run_gunicorn_command,
)

LOGIN = "/api/v1/auth/login"
EMAIL = "visitor@northshire.example"
WRONG_SIGN_INS = 12
DEFAULT_SETTINGS = settings_from_environment("", environ={})

# Settings that would change how the server counts or serves; the test serves without them,
# as a fresh checkout does. None removes a variable from the server's environment.
UNSET = dict.fromkeys(
    (
        "ICV_ENV",
        "RATELIMIT_STORAGE_URI",
        "ICV_LOGIN_LIMIT",
        "ICV_LOGIN_IP_LIMIT",
        "WEB_CONCURRENCY",
        "GUNICORN_CMD_ARGS",
    )
)


def default_environment(**env) -> dict:
    """This process's environment without UNSET, with `env`."""
    return {**{name: value for name, value in os.environ.items() if name not in UNSET}, **env}


def icv(database_url: str, *arguments: str) -> str:
    """Runs the `icv` command on `database_url` and returns what it printed."""
    command = [str(Path(sys.executable).with_name("icv")), *arguments]
    finished = subprocess.run(  # noqa: S603 - the project's own command
        command,
        cwd=PROJECT_ROOT,
        env=default_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.strip()


@pytest.fixture
def served_database_url(is_postgres, database_url_for_tests, tmp_path, request) -> str:
    """A migrated database holding one visitor, EMAIL, put there by the `icv` command."""
    if is_postgres:
        request.getfixturevalue("ctx")  # empties the tables after the test
        url = database_url_for_tests
    else:
        url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    icv(url, "db", "upgrade")
    scheme_id = icv(url, "create-scheme", "--name", "Northshire")
    icv(
        url,
        "create-user",
        *("--scheme", scheme_id, "--email", EMAIL, "--name", "Vic Visitor"),
        *("--role", "visitor", "--password", PASSWORD),
    )
    return url


@pytest.fixture
def make_run(served_database_url, tmp_path):
    """`make_run(*extra_arguments, **env)` -> gunicorn started as `make run` starts it, on the
    served database; stopped after the test."""
    servers = []

    def start(*extra_arguments: str, **env) -> MakeRunServer:
        server = MakeRunServer(
            {**UNSET, "DATABASE_URL": served_database_url, **env}, tmp_path, extra_arguments
        )
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def allowed_wrong_sign_ins() -> int:
    """Wrong passwords the default limits allow one client signing in as one person: the
    fewer of the per-email and the per-address limit."""
    return min(
        parse(DEFAULT_SETTINGS[setting]).amount
        for setting in ("ICV_LOGIN_LIMIT", "ICV_LOGIN_IP_LIMIT")
    )


def test_wrong_passwords_are_limited_in_total_when_served_as_make_run_serves(make_run):
    """Each wrong password but the first of a pair is sent while the other one's connection keeps
    a worker waiting for the rest of it, so a server of several worker processes answers from
    more than one (as a browser's parallel requests would make it)."""
    allowed = allowed_wrong_sign_ins()
    assert allowed < WRONG_SIGN_INS
    server = make_run()
    wrong = {"email": EMAIL, "password": "not " + PASSWORD}

    answers = []
    for _ in range(WRONG_SIGN_INS // 2):
        held = server.hold("POST", LOGIN, wrong)
        answers.append(server.request("POST", LOGIN, wrong))
        answers.append(held.finish())

    statuses = [answer.status for answer in answers]
    print(f"statuses={statuses} workers={len(server.answering_workers(LOGIN))}")
    assert statuses == [401] * allowed + [429] * (WRONG_SIGN_INS - allowed)


def served_settings(**env) -> dict[str, str]:
    """The settings gunicorn would serve `make run` with in `env` (its `--print-config`)."""
    printed = subprocess.run(  # noqa: S603 - the project's own server
        [*make_run_gunicorn_command(free_port()), "--print-config"],
        cwd=PROJECT_ROOT,
        env=default_environment(**env),
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    pairs = (line.split("=", 1) for line in printed.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_with_a_shared_limit_storage_make_run_serves_from_web_concurrency_processes():
    settings = served_settings(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379", WEB_CONCURRENCY="3")

    assert (settings["workers"], settings["worker_class"]) == ("3", "sync")


def test_production_refuses_to_count_limits_in_memory_of_several_processes(tmp_path):
    secrets = {"SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "j" * 40}
    server = MakeRunServer(
        {**UNSET, "ICV_ENV": "production", **secrets, "DATABASE_URL": "sqlite://"},
        tmp_path,
        ("--workers", "2"),
    )

    with pytest.raises(RuntimeError, match="gunicorn exited at start"):
        server.start()

    assert server.process.returncode == 1
    assert "count the rate limits in their own memory" in server.log()


def test_development_counts_limits_in_memory_of_several_processes_with_a_warning(make_run):
    server = make_run("--workers", "2")

    assert "[WARNING] 2 worker processes would each count the rate limits" in server.log()
