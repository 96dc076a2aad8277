import pytest

from api import create_app
from tests.support.app import app_config


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.fixture
def app_without_database(tmp_path):
    return create_app(app_config(f"sqlite:///{tmp_path / 'no-such-folder' / 'icv.sqlite3'}"))


def test_health_is_a_503_problem_to_retry_when_the_database_does_not_answer(
    app_without_database,
):
    response = app_without_database.test_client().get("/health")

    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "5"


def test_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    assert spec["openapi"].startswith("3.")
    assert "/api/v1/sites" in spec["paths"]
    assert "/api/v1/auth/login" in spec["paths"]


def test_interactive_docs_are_served(client):
    response = client.get("/docs")

    assert response.status_code == 200
    assert b"swagger" in response.data.lower()


def test_responses_carry_security_headers(client):
    response = client.get("/health")

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_authenticated_answers_are_not_cached(client, manager, login):
    response = client.get("/api/v1/me", headers=login(manager))

    assert response.headers["Cache-Control"] == "no-store"


def test_cross_origin_requests_get_no_cors_headers_by_default(client):
    response = client.get("/health", headers={"Origin": "https://evil.example"})

    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.fixture
def cors_app(database_url_for_tests):
    return create_app(app_config(database_url_for_tests, ICV_CORS_ORIGINS=["https://app.example"]))


def test_an_allowed_origin_may_call_the_api(cors_app):
    response = cors_app.test_client().options(
        "/api/v1/sites",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
    )

    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example"


def test_an_origin_not_on_the_allow_list_is_not_let_in(cors_app):
    response = cors_app.test_client().options(
        "/api/v1/sites",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )

    assert "Access-Control-Allow-Origin" not in response.headers
