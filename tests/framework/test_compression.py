"""Compressed answers (Brotli or gzip, as the client accepts) for JSON, HTML, CSS and JS; never
for small answers, non-2xx answers, or answers that carry a secret."""

import gzip
import json

import brotli
import pytest

from api.framework.compression import NEVER_COMPRESSED_ENDPOINTS
from api.framework.swagger_ui import ASSETS_URL
from tests.support.visits import log_visit

OPENAPI = "/api/v1/openapi.json"
MAY_DAY = "2023-05-01T10:00:00+01:00"
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
GZIP_ONLY = {"Accept-Encoding": "gzip"}


def decoded(response) -> bytes:
    coding = response.headers.get("Content-Encoding")
    body = response.get_data()
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(coding, lambda data: data)(body)


def test_json_is_sent_as_brotli_to_a_client_that_accepts_it(client):
    plain = client.get(OPENAPI)
    response = client.get(OPENAPI, headers=BROWSER)
    assert response.headers["Content-Encoding"] == "br"
    assert int(response.headers["Content-Length"]) < len(plain.get_data()) / 4
    assert json.loads(decoded(response)) == plain.get_json()


def test_json_is_sent_as_gzip_to_a_client_that_accepts_only_gzip(client):
    response = client.get(OPENAPI, headers=GZIP_ONLY)
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(decoded(response))["openapi"]


def test_a_client_that_asks_for_no_coding_gets_the_plain_answer(client):
    response = client.get(OPENAPI)
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        (f"{ASSETS_URL}swagger-ui-bundle.js", "text/javascript"),
        (f"{ASSETS_URL}swagger-ui.css", "text/css"),
        ("/docs", "text/html"),
    ],
)
def test_scripts_styles_and_pages_are_compressed(client, path, mimetype):
    plain = client.get(path)
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Content-Encoding"] == "br"
    assert decoded(response) == plain.get_data()


def test_a_small_answer_is_sent_plain(client):
    response = client.get("/health", headers=BROWSER)
    assert response.status_code == 200
    assert len(response.get_data()) < 500
    assert "Content-Encoding" not in response.headers


def test_an_error_answer_is_sent_plain(client, visitor_headers):
    response = client.get("/api/v1/visits?from=yesterday", headers={**visitor_headers, **BROWSER})
    assert response.status_code == 422
    assert "Content-Encoding" not in response.headers


def test_a_head_request_has_the_headers_of_the_get_and_no_body(client):
    get = client.get(OPENAPI, headers=BROWSER)
    head = client.head(OPENAPI, headers=BROWSER)
    assert head.status_code == 200
    assert head.headers["Content-Encoding"] == "br"
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.get_data() == b""


def test_sign_in_with_its_tokens_is_never_compressed(client, visitor):
    response = client.post(
        "/api/v1/auth/login",
        json={"email": visitor.email, "password": "correct horse battery staple"},
        headers=BROWSER,
    )
    assert response.status_code == 200, response.get_json()
    assert len(response.get_data()) >= 500
    assert "Content-Encoding" not in response.headers


def test_the_calendar_feed_whose_address_is_its_secret_is_never_compressed(
    client, visitor, visitor_headers, suite
):
    token = client.post("/api/v1/me/calendar-token", headers=visitor_headers).get_json()["token"]
    response = client.get(f"/api/v1/calendar/{token}.ics", headers=BROWSER)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_every_never_compressed_endpoint_exists(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} >= NEVER_COMPRESSED_ENDPOINTS


def test_a_compressed_answers_etag_still_names_the_version_for_if_match(
    client, visitor, partner, visitor_headers, suite
):
    visit = log_visit(suite, visitor, [visitor, partner], MAY_DAY, status="draft")
    path = f"/api/v1/visits/{visit.id}"
    read = client.get(path, headers={**visitor_headers, **BROWSER})
    assert read.headers["Content-Encoding"] == "br"
    assert read.headers["ETag"].endswith(':br"')
    changed = client.patch(
        path,
        json={"notes": "Cells clean."},
        headers={**visitor_headers, "If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.get_json()


def test_a_compressed_answers_etag_answers_if_none_match_with_an_empty_304(
    client, visitor, partner, visitor_headers, suite
):
    visit = log_visit(suite, visitor, [visitor, partner], MAY_DAY, status="draft")
    path = f"/api/v1/visits/{visit.id}"
    etag = client.get(path, headers={**visitor_headers, **BROWSER}).headers["ETag"]
    again = client.get(path, headers={**visitor_headers, **BROWSER, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert "Content-Encoding" not in again.headers
