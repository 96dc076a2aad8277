"""Swagger UI's scripts and styles for the interactive docs at `/docs`, served by the app itself.

The files come from the `flask-swagger-ui` package (its `dist/` folder is Swagger UI's release,
pinned with the package in pyproject.toml; we use its files, not its blueprint), so the docs work
on a machine with no internet and load nothing from a third party. The Swagger UI version is in
the files' address: a new version is a new address, so a browser may keep each file for a year.

This module imports nothing of the app, as `api.config` reads `ASSETS_URL` from it.
"""

import base64
import hashlib
import os
import re
from importlib.resources import files

from flask import Response, send_from_directory
from werkzeug.exceptions import NotFound

DIST = files("flask_swagger_ui") / "dist"
VERSION = (DIST / "VERSION").read_text().strip().removeprefix("v")
ASSETS_URL = f"/docs/swagger-ui/{VERSION}/"

# What the docs page asks for (flask-smorest's swagger_ui.html) and the favicons; anything else
# in the folder, or of another type, is not served.
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
ONE_YEAR_SECONDS = 365 * 24 * 60 * 60

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def asset(filename: str) -> Response:
    """One of Swagger UI's files, cached for a year (its address changes with its version)."""
    mimetype = CONTENT_TYPES.get(os.path.splitext(filename)[1])
    if mimetype is None:
        raise NotFound()
    response = send_from_directory(str(DIST), filename, mimetype=mimetype, max_age=ONE_YEAR_SECONDS)
    response.cache_control.immutable = True
    return response


def inline_script_hashes(page: str) -> list[str]:
    """The CSP source of each inline script of `page` (`'sha256-...'`): the page may run those
    scripts, exactly as written, and no other inline script."""
    return [
        "'sha256-{}'".format(
            base64.b64encode(hashlib.sha256(script.encode()).digest()).decode("ascii")
        )
        for script in INLINE_SCRIPT.findall(page)
    ]
