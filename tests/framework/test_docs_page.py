"""The interactive docs at /docs in a real browser, with no internet.

Headless Chromium (Debian's `chromium`, driven by Playwright, which downloads no browser of its
own) opens the docs from a server on 127.0.0.1 serving the test app. Each test leaves a
screenshot of the page as it ended, `docs.png` in the test's tmp_path, for a person to look at.
"""

import re
import shutil
import threading
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium")
# Headless, and nothing the browser would fetch for itself (updates, sync, first-run pages).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RENDER_TIMEOUT_MS = 30_000

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (`make install-test` installs it)",
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: run `make install-test`"
)


@dataclass
class DocsVisit:
    """A browser tab on /docs, and what it asked for and said while the test ran."""

    base_url: str
    page: object
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def operation(self, method: str, path: str):
        """The operation's block on the page, e.g. ("post", "/api/v1/visits")."""
        return self.page.locator(f".opblock-{method}").filter(
            has=self.page.locator(f'.opblock-summary-path[data-path="{path}"]')
        )


@pytest.fixture(scope="module")
def server_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def docs(browser, server_url, tmp_path):
    """/docs open and rendered (its operations listed); afterwards a screenshot of the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    visit = DocsVisit(server_url, page)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: visit.console.append(message.text))
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.goto(f"{server_url}/docs")
    page.wait_for_selector(".opblock", timeout=RENDER_TIMEOUT_MS)
    yield visit
    page.screenshot(path=tmp_path / "docs.png")
    page.close()


def test_the_docs_list_every_operation_of_the_api(docs, client):
    document = client.get("/api/v1/openapi.json").get_json()
    operations = sum(
        method in ("get", "post", "put", "patch", "delete")
        for path_item in document["paths"].values()
        for method in path_item
    )

    assert docs.page.locator(".opblock").count() == operations
    assert docs.operation("get", "/api/v1/visits").count() == 1


def test_the_docs_load_nothing_from_beyond_the_machine(docs):
    outside = [
        url
        for url in docs.requests
        if not (url.startswith(docs.base_url + "/") or url.startswith("data:"))
    ]

    assert docs.requests
    assert outside == []


def test_the_docs_run_within_their_content_security_policy(docs):
    violations = [text for text in docs.console if "Content Security Policy" in text]

    assert violations == []
    assert docs.page_errors == []


def test_the_docs_show_the_example_of_recording_a_visit(docs):
    operation = docs.operation("post", "/api/v1/visits")
    operation.locator(".opblock-summary").click()

    example = operation.locator(".opblock-section-request-body .highlight-code")

    sync_api.expect(example).to_contain_text('"CU/1234"', timeout=RENDER_TIMEOUT_MS)


def test_a_request_tried_from_the_docs_reaches_the_api(docs):
    operation = docs.operation("get", "/health")
    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()

    status = operation.locator(".live-responses-table .response .response-col_status")

    sync_api.expect(status.first).to_have_text(re.compile(r"^\s*200"), timeout=RENDER_TIMEOUT_MS)
