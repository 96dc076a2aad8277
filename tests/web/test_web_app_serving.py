"""The field app's files served by the API's Flask app: types, cache headers, versions, the
manifest and its icons, the service worker's shell, and a strict Content Security Policy."""

import json
import re
import struct
from html.parser import HTMLParser

import pytest

from api.framework.web_app import WEB_ROOT, web_folder
from tests.support.problems import assert_problem


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def page(client):
    return client.get("/")


def test_the_app_answers_at_the_root(page):
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert "<main" in page.get_data(as_text=True)


def test_the_page_is_revalidated_on_every_load(page, client):
    assert "no-cache" in page.headers["Cache-Control"]
    again = client.get("/", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304


def test_the_page_runs_no_inline_script(page):
    tags = parsed(page.get_data(as_text=True))

    assert tags.inline_scripts == []
    assert all("src" in attrs for tag, attrs in tags.tags if tag == "script")
    assert not any(name.startswith("on") for _tag, attrs in tags.tags for name in attrs), (
        "inline event handlers"
    )


def test_the_policy_allows_only_the_apps_own_scripts(page):
    policy = page.headers["Content-Security-Policy"]

    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_every_file_the_page_names_is_served_at_its_version(page, client):
    version = web_folder().version
    tags = parsed(page.get_data(as_text=True))
    addresses = [
        attrs.get("src") or attrs.get("href")
        for tag, attrs in tags.tags
        if tag in ("script", "link") and (attrs.get("src") or attrs.get("href", "")).startswith("/")
    ]

    assert any(address.endswith("/app.js") for address in addresses)
    for address in addresses:
        if address == "/manifest.webmanifest":
            continue
        assert address.startswith(f"/assets/{version}/"), address
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize(
    ("filename", "mimetype"),
    [
        ("js/app.js", "text/javascript"),
        ("css/app.css", "text/css"),
        ("icons/icon-192.png", "image/png"),
        ("icons/icon.svg", "image/svg+xml"),
    ],
)
def test_assets_have_their_type_and_are_kept_for_a_year(client, filename, mimetype):
    response = client.get(f"/assets/{web_folder().version}/{filename}")

    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cache = response.cache_control
    assert cache.max_age == 365 * 24 * 60 * 60
    assert cache.immutable


def test_an_old_versions_address_is_a_404(client):
    assert_problem(client.get("/assets/0123456789ab/js/app.js"), 404)


def test_a_file_outside_the_app_is_not_served(client):
    assert_problem(client.get(f"/assets/{web_folder().version}/../api/config.py"), 404)


def test_the_version_changes_with_any_file(tmp_path):
    (tmp_path / "index.html").write_text("<p>one</p>")
    (tmp_path / "app.js").write_text("export const a = 1;")
    before = web_folder.__wrapped__(tmp_path).version
    (tmp_path / "app.js").write_text("export const a = 2;")

    assert web_folder.__wrapped__(tmp_path).version != before


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes


def test_each_png_icon_is_the_size_the_manifest_says(client):
    manifest = json.loads(client.get("/manifest.webmanifest").get_data(as_text=True))

    for icon in manifest["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response.mimetype == icon["type"]
        if icon["type"] == "image/png":
            width, height = png_size(response.data)
            assert icon["sizes"] == f"{width}x{height}"


def test_the_service_worker_caches_every_asset_of_this_version(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    text = response.get_data(as_text=True)
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", text).group(1))
    folder = web_folder()
    assert "/" in shell
    assert set(shell) - {"/"} == {folder.assets_url + path for path in folder.assets}
    assert "__" not in text.replace("__proto__", "")


def test_the_web_folder_holds_no_third_party_bundle():
    """The app is written here: no minified or vendored file."""
    names = [path.name for path in WEB_ROOT.rglob("*") if path.is_file()]

    assert not [name for name in names if ".min." in name or "vendor" in name]


@pytest.mark.parametrize("path", ["/nothing-here", "/api/v1/nothing-here", "/index.html"])
def test_other_paths_still_answer_the_apis_json_404(client, path):
    assert_problem(client.get(path), 404)
