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
from datetime import datetime
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


class Phone:
    """A browser context at phone size on the app, with the page's errors collected."""

    def __init__(self, browser, server):
        self.server = server
        self.base = f"http://127.0.0.1:{server.port}"
        self.context = browser.new_context(viewport=PHONE, base_url=self.base)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def sign_in(self, role: str) -> "Phone":
        from playwright.sync_api import expect

        email, password = DEMO_PASSWORDS[role]
        self.page.goto("/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page.get_by_role("navigation", name="Main")).to_be_visible()
        return self

    def open(self, screen: str) -> None:
        """Opens a screen once the one shown has finished drawing (a screen still waiting for
        the network when the next opens may draw over it: see docs/field-app.md)."""
        from playwright.sync_api import expect

        self.page.wait_for_selector("main[data-screen]:not([aria-busy])")
        self.page.goto(f"/#/{screen}")
        self.page.wait_for_selector(f'main[data-screen="{screen}"]:not([aria-busy])')
        expect(self.page.locator("main h1")).not_to_have_text("Loading…")

    def service_worker_in_control(self) -> None:
        self.page.wait_for_function(
            "navigator.serviceWorker && navigator.serviceWorker.controller !== null"
        )

    def local_traces(self) -> str:
        """Everything the app's origin keeps in the browser: IndexedDB, caches, storage."""
        return self.page.evaluate(
            """async () => {
              const out = [];
              for (const info of await indexedDB.databases()) {
                const db = await new Promise((ok, no) => {
                  const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result);
                  r.onerror = () => no(r.error);
                });
                for (const name of db.objectStoreNames) {
                  const rows = await new Promise((ok) => {
                    const r = db.transaction(name).objectStore(name).getAll();
                    r.onsuccess = () => ok(r.result);
                  });
                  out.push(info.name, name, JSON.stringify(rows));
                }
                db.close();
              }
              for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                  out.push(name, request.url, await (await cache.match(request)).text());
                }
              }
              out.push(JSON.stringify(localStorage), JSON.stringify(sessionStorage));
              return out.join("\\n");
            }"""
        )

    def close(self) -> None:
        self.context.close()


def bearer(server, role: str) -> dict:
    return server.sign_in(*DEMO_PASSWORDS[role])


def local_input(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def draft_saved(page) -> None:
    """Waits until the visit form's last change is on the phone, as its own "Saved" line tells
    the volunteer: leaving or reloading during the write would lose the last field."""
    from playwright.sync_api import expect

    expect(page.locator(".submit-bar .saved")).to_have_attribute("data-save-state", "saved")


def reload_once_saved(page) -> None:
    draft_saved(page)
    page.reload()
