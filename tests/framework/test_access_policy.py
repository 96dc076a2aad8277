"""Deny by default: every endpoint declares who may call it."""

from api import create_app
from api.framework.authorization import PUBLIC, policy_of
from tests.support.app import app_config
from tests.support.problems import assert_problem

EXPECTED_PUBLIC = {
    "health.health",
    "auth.login",
    "browser_session.sign_in_browser",
    "browser_session.sign_out_browser",
    "web_app.index",
    "web_app.service_worker",
    "web_app.manifest",
    "web_app.asset",
    "calendar.calendar_feed_of",
    # The one-time link is the key (`docs/accounts.md`); asking for one never tells who exists.
    "invitations.accept",
    "password_reset.request_reset",
    "password_reset.confirm_reset",
    "api-docs.openapi_json",
    "api-docs.openapi_swagger_ui",
    "api-docs.swagger_ui_asset",
    "static",
}


def test_every_endpoint_declares_an_access_policy(app):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules() if policy_of(app, rule.endpoint) is None
    ]

    assert undeclared == []


def test_only_the_expected_endpoints_are_public(app):
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if policy_of(app, rule.endpoint) == PUBLIC
    }

    assert public <= EXPECTED_PUBLIC


def test_an_endpoint_without_a_policy_is_refused_at_run_time(database_url_for_tests):
    app = create_app(app_config(database_url_for_tests))

    @app.route("/forgotten")
    def forgotten():
        return {"secret": "data"}

    response = app.test_client().get("/forgotten")

    assert_problem(response, 403)
    assert b"secret" not in response.data
