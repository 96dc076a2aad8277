"""The field app (the top-level `web/` folder) served by the API's own Flask app.

No build step: the files are served as written. Every file but the three entry points lives
under `/assets/<version>/`, where `<version>` is a hash of the whole folder computed at start:
a changed file is a new address, so a browser may keep each asset for a year, and the app's
modules import each other by relative paths that stay within one version. The entry points
keep fixed addresses and are revalidated on every load: `/` (index.html), `/sw.js` (the
service worker, whose scope must be `/`) and `/manifest.webmanifest`. In those three, the text
`__ASSETS__` stands for the assets' address and `__VERSION__` for the version; the service
worker's `__SHELL__` is the list of every asset, which it caches for offline use.

Everything else (the API under /api/v1, /docs, /health) is untouched: an unknown path still
answers the API's JSON 404. The app's pages run under `APP_POLICY` (no inline script).
"""

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import NotFound

WEB_ROOT = Path(__file__).resolve().parents[2] / "web"
ENTRY_POINTS = {
    "index.html": "text/html; charset=utf-8",
    "sw.js": "text/javascript; charset=utf-8",
    "manifest.webmanifest": "application/manifest+json",
}
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
}
ONE_YEAR_SECONDS = 365 * 24 * 60 * 60
VERSION_LENGTH = 12

# The app's own files only; data for the app comes from the API on the same origin.
APP_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; font-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)


@dataclass(frozen=True)
class WebFolder:
    root: Path
    version: str
    assets: tuple[str, ...]  # paths relative to the root, with / separators

    @property
    def assets_url(self) -> str:
        return f"/assets/{self.version}/"

    def entry_point(self, name: str) -> str:
        text = (self.root / name).read_text(encoding="utf-8")
        shell = [self.assets_url + path for path in self.assets]
        return (
            text.replace("__ASSETS__", self.assets_url)
            .replace("__VERSION__", self.version)
            .replace("__SHELL__", json.dumps(["/", *shell]))
        )


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and path.suffix)


@cache
def web_folder(root: Path = WEB_ROOT) -> WebFolder:
    """The folder's version: a hash of every file's path and content."""
    digest = hashlib.sha256()
    assets = []
    for path in _files(root):
        relative = path.relative_to(root).as_posix()
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
        if relative not in ENTRY_POINTS and path.suffix in CONTENT_TYPES:
            assets.append(relative)
    return WebFolder(root, digest.hexdigest()[:VERSION_LENGTH], tuple(assets))


def _entry_point_response(name: str) -> Response:
    folder = web_folder()
    response = Response(folder.entry_point(name), content_type=ENTRY_POINTS[name])
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


blp = Blueprint("web_app", __name__)


@blp.route("/", methods=["GET"])
def index():
    """The app's page, revalidated on every load so that a new version is seen at once."""
    return _entry_point_response("index.html")


@blp.route("/sw.js", methods=["GET"])
def service_worker():
    response = _entry_point_response("sw.js")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@blp.route("/manifest.webmanifest", methods=["GET"])
def manifest():
    return _entry_point_response("manifest.webmanifest")


@blp.route("/assets/<version>/<path:filename>", methods=["GET"])
def asset(version: str, filename: str):
    """One of the app's files at this version, kept by browsers for a year; an old version's
    address is a 404 (index.html and the service worker name the current one)."""
    folder = web_folder()
    if version != folder.version or filename not in folder.assets:
        raise NotFound()
    path = folder.root / filename
    content_type = CONTENT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    response = Response(path.read_bytes(), content_type=content_type)
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR_SECONDS
    response.cache_control.immutable = True
    return response


def is_app_page(path: str) -> bool:
    return (
        path == "/" or path in ("/sw.js", "/manifest.webmanifest") or (path.startswith("/assets/"))
    )


def serve_web_app(app: Flask) -> None:
    """Registers the app's addresses; anyone may load the app (it signs in by itself)."""
    from api.framework.authorization import public  # it imports the extensions, which import us

    for view in (index, service_worker, manifest, asset):
        public(view)
    app.register_blueprint(blp)
