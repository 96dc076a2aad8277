"""The browser tests' fixtures: each module gets its own gunicorn serving a fresh database with
the demo, and one Chromium; each test opens phones (browser contexts) as a fresh phone would."""

import pytest

from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Phone,
    demo_server,
    skip_or_fail_without_chromium,
)


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    skip_or_fail_without_chromium()
    server = demo_server(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="run `make install-test`")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, server):
    """`phone(role)`: a new phone signed in as the demo's person with that role (none: at the
    sign-in screen). Each must end without a page error or a refused script."""
    phones = []

    def open_phone(role: str | None = None) -> Phone:
        new = Phone(browser, server)
        phones.append(new)
        return new.sign_in(role) if role else new

    yield open_phone
    for each in phones:
        assert each.errors == [], each.errors
        each.close()
