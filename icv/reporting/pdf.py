"""The report printed to PDF by headless Chromium (Debian's `chromium`), driven by Playwright.

Playwright is an optional dependency (the `test` extra): a server that never prints PDFs needs
neither it nor a browser. Without either, printing fails with what to install."""

import shutil

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
INSTALL_PLAYWRIGHT = (
    "Printing to PDF needs Playwright's Python package: pip install 'playwright==1.65.2' "
    "(or `make install-test`), and Debian's chromium."
)
INSTALL_CHROMIUM = (
    "Printing to PDF needs a headless Chromium on the PATH: apt-get install chromium "
    "(Playwright's own browser download is not used)."
)


class CannotPrint(Exception):
    """No browser to print with: the message says what to install."""


def print_pdf(html: str, out_path: str) -> None:
    """Prints the page as the browser prints it: A4, the report's own @page rules (page numbers,
    running header) and its colours."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise CannotPrint(INSTALL_PLAYWRIGHT) from error
    chromium = shutil.which("chromium")
    if chromium is None:
        raise CannotPrint(INSTALL_CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(html, wait_until="load")
            page.pdf(path=out_path, format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
