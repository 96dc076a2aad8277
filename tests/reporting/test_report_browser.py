"""The annual report of the demo year in a real browser (Debian's chromium driven by Playwright)
at A4 width: every chart has its text alternative, nothing scrolls sideways, and the figures
the page shows are those of `GET /stats/annual`. Each A4 page is left as a screenshot,
`report-NN.png` in the test's tmp_path, for a person to look at."""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from icv.demo import demo_scheme

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
A4_WIDTH_PX, A4_HEIGHT_PX = 794, 1123  # 210 x 297 mm at 96 px to the inch

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (`make install-test` installs it)",
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: run `make install-test`"
)


@pytest.fixture
def demo_report(app, client, tmp_path):
    """The demo year's report open in a tab of A4 width, the manager signed in; the year's
    statistics beside it; afterwards a screenshot of each A4 page."""
    demo_scheme.load_demo()
    signed_in = client.post(
        "/api/v1/auth/login",
        json={
            "email": demo_scheme.demo_email("manager"),
            "password": demo_scheme.demo_password("manager"),
        },
    )
    headers = {"Authorization": f"Bearer {signed_in.get_json()['access_token']}"}
    stats = client.get("/api/v1/stats/annual?year=2023", headers=headers).get_json()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(
                viewport={"width": A4_WIDTH_PX, "height": A4_HEIGHT_PX}, extra_http_headers=headers
            )
            page = context.new_page()
            response = page.goto(
                f"http://127.0.0.1:{server.server_port}/api/v1/reports/annual/2023.html"
            )
            assert response.status == 200
            yield page, stats
            height = page.evaluate("document.documentElement.scrollHeight")
            for number, top in enumerate(range(0, height, A4_HEIGHT_PX)):
                page.screenshot(
                    path=tmp_path / f"report-{number:02d}.png",
                    full_page=True,
                    clip={
                        "x": 0,
                        "y": top,
                        "width": A4_WIDTH_PX,
                        "height": min(A4_HEIGHT_PX, height - top),
                    },
                )
            browser.close()
    finally:
        server.shutdown()
        thread.join()


def test_every_chart_has_a_text_alternative(demo_report):
    page, _ = demo_report

    charts = page.locator("figure.chart")
    assert charts.count() >= 7  # the year-on-year chart too once the year before has visits
    for index in range(charts.count()):
        chart = charts.nth(index)
        svg = chart.locator("svg")
        assert svg.get_attribute("role") == "img"
        assert svg.locator("title").text_content().strip()
        assert svg.locator("desc").text_content().strip()
        assert chart.locator("figcaption").inner_text().strip()
        # The browser names the image from its title and description.
        label_ids = svg.get_attribute("aria-labelledby").split()
        assert all(page.locator(f"#{label_id}").count() == 1 for label_id in label_ids)


def test_the_page_does_not_scroll_sideways_at_a4_width(demo_report):
    page, _ = demo_report

    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH_PX


def test_the_figures_shown_are_those_of_the_statistics(demo_report):
    page, stats = demo_report

    shown = page.locator("[data-figure]")
    assert shown.count() >= 15
    for index in range(shown.count()):
        element = shown.nth(index)
        path = element.get_attribute("data-figure")
        expected = stats
        for step in path.split("."):
            expected = expected[step]
        assert element.get_attribute("data-value") == str(expected), path
        text = element.inner_text()
        assert str(expected) in text.replace(",", "") or f"{expected:.1f}%" == text, path
    assert page.locator('[data-figure="visits.total"]').inner_text() == "101"
    assert page.locator('[data-figure="detainees.in_cells"]').inner_text() == "1096"


def test_icv_report_pdf_prints_the_report_to_a_pdf(app, ctx, tmp_path):
    demo_scheme.load_demo()
    out = tmp_path / "report.out"

    result = app.test_cli_runner().invoke(
        args=["report", "--year", "2023", "--out", str(out), "--pdf"]
    )

    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


def test_icv_report_pdf_without_chromium_says_what_to_install(app, ctx, tmp_path, monkeypatch):
    demo_scheme.load_demo()
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on it
    out = tmp_path / "report.pdf"

    result = app.test_cli_runner().invoke(args=["report", "--year", "2023", "--out", str(out)])

    assert result.exit_code != 0
    assert "apt-get install chromium" in result.output
    assert not out.exists()


def test_icv_report_of_a_year_without_records_says_so(app, ctx, tmp_path):
    demo_scheme.load_demo()
    out = tmp_path / "report.html"

    result = app.test_cli_runner().invoke(args=["report", "--year", "2030", "--out", str(out)])

    assert result.exit_code != 0
    assert "No records for 2030/31" in result.output
    assert not out.exists()
