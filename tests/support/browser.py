"""The field app in a real browser: Debian's chromium driven by Playwright (which downloads no
browser of its own), against gunicorn on 127.0.0.1 serving a fresh database with the demo.

Without chromium the browser tests are skipped on a developer's machine, but fail under CI
(`CI` or `ICV_REQUIRE_BROWSER` set; `.ci/run` sets it), where a missing browser must not pass
silently. Screenshots go to `web-screenshots/` at the project root (ignored by git).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.live_server import PROJECT_ROOT, LiveServer

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = PROJECT_ROOT / "web-screenshots"
TIMEOUT_MS = 20_000
DEMO_PASSWORDS = {
    role: (f"{role}@demo.example", f"demo-{role}")
    for role in ("manager", "visitor", "inspector", "viewer")
}


def browser_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("ICV_REQUIRE_BROWSER"))


def skip_or_fail_without_chromium() -> None:
    if CHROMIUM is None:
        message = "Debian's chromium is not installed (`make install-test` installs it)"
        if browser_required():
            pytest.fail(message + ": under CI the browser tests must run", pytrace=False)
        pytest.skip(message)


def demo_server(tmp_path: Path) -> LiveServer:
    """gunicorn on a fresh SQLite database holding the demo (`icv db upgrade`, `icv demo`)."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'field-app.sqlite3'}",
        "ICV_LOGIN_LIMIT": "1000 per minute",
        "ICV_LOGIN_IP_LIMIT": "1000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
        "ICV_COOKIE_SECURE": "false",
        "ICV_TEST_DATABASE_URL": None,
    }
    icv = [sys.executable, "-c", "from api.cli import cli; cli()"]
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run(  # noqa: S603 - the project's own command
            [*icv, *command],
            cwd=PROJECT_ROOT,
            env={k: v for k, v in {**os.environ, **env}.items() if v is not None},
            check=True,
            capture_output=True,
            timeout=300,
        )
    return LiveServer(env, tmp_path, workers=1).start()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
