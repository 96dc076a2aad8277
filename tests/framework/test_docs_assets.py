"""The docs page and the Swagger UI files it loads from the app: types, caching and policy."""

import re

from api.framework.swagger_ui import ASSETS_URL, inline_script_hashes
from tests.support.problems import assert_problem


def test_the_docs_page_loads_swagger_ui_from_the_app(client):
    page = client.get("/docs").get_data(as_text=True)

    sources = re.findall(r'(?:src|href)="([^"]+)"', page)

    assert sources
    assert all(source.startswith(ASSETS_URL) for source in sources)


def test_swagger_ui_script_is_served_as_javascript(client):
    response = client.get(f"{ASSETS_URL}swagger-ui-bundle.js")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"


def test_swagger_ui_styles_are_served_as_css(client):
    response = client.get(f"{ASSETS_URL}swagger-ui.css")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"


def test_swagger_ui_files_are_cached_for_a_year_under_their_versioned_address(client):
    response = client.get(f"{ASSETS_URL}swagger-ui-bundle.js")

    assert response.cache_control.public
    assert response.cache_control.max_age == 365 * 24 * 60 * 60
    assert response.cache_control.immutable


def test_swagger_ui_files_answer_a_revalidation_with_not_modified(client):
    etag = client.get(f"{ASSETS_URL}swagger-ui.css").headers["ETag"]

    response = client.get(f"{ASSETS_URL}swagger-ui.css", headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_other_files_of_the_swagger_ui_package_are_not_served(client):
    response = client.get(f"{ASSETS_URL}VERSION")

    assert_problem(response, 404)


def test_the_docs_page_is_revalidated_before_each_use(client):
    response = client.get("/docs")

    assert response.headers["Cache-Control"] == "no-cache"


def test_the_docs_page_runs_only_its_own_inline_script(client):
    response = client.get("/docs")

    policy = response.headers["Content-Security-Policy"]
    script_sources = re.search(r"script-src ([^;]*)", policy).group(1).split()

    assert "'unsafe-inline'" not in policy
    assert script_sources == ["'self'", *inline_script_hashes(response.get_data(as_text=True))]
    assert len(script_sources) == 2
