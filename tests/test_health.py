def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


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
