"""Query strings: whatever a value holds, no answer is a server error, and a parameter an
operation does not declare is ignored.

Unicode has many characters that Python's `str.isdigit()` calls digits: some `int()` reads as
numbers ("٣", "３"), some it refuses ("³", "①"). Each is sent in every query parameter of every
GET operation of the OpenAPI document, and in one it does not declare, by a caller the
operation allows, on the world of `tests.support.api_world`.
"""

import pytest

from api.framework.authorization import PUBLIC, policy_of
from tests.support.api_world import API, Stage
from tests.support.problems import errors_answered

UNICODE_DIGITS = {
    "superscript one": "\u00b9",
    "superscript three": "\u00b3",
    "a superscript year": "\u00b2\u2070\u00b2\u2075",
    "circled one": "\u2460",
    "Arabic-Indic three": "\u0663",
    "fullwidth three": "\uff13",
    "Devanagari three": "\u0969",
    "a signed superscript": "-\u00b3",
    "mixed with ASCII": "1\u00b3",
}
UNKNOWN = "unheard_of"


def get_operations(scene: Stage) -> list[tuple[str, list[str]]]:
    """(URL, its query parameters) of every GET of the document, its path filled with ids of
    the world's records."""
    spec = scene.app.test_client().get(f"{API}/openapi.json").get_json()
    ids = {**scene.current().ids, "token": scene.current().ids["calendar_token"]}
    return [
        (
            path.format(**ids),
            [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"],
        )
        for path, operations in spec["paths"].items()
        if "get" in operations and not path.endswith("openapi.json")
    ]


def allowed_actor(scene: Stage, url: str) -> str:
    """A manager where managers may call, else the first role that may."""
    endpoint, _ = scene.app.url_map.bind("localhost").match(url, method="GET")
    policy = policy_of(scene.app, endpoint)
    if policy == PUBLIC:
        return "anonymous"
    return "manager" if "manager" in policy else policy[0]


def get(scene: Stage, url: str, query: dict[str, str]):
    headers = scene.headers(allowed_actor(scene, url))
    with errors_answered(scene.app):
        return scene.app.test_client().get(url, query_string=query, headers=headers)


@pytest.mark.parametrize("value", UNICODE_DIGITS.values(), ids=UNICODE_DIGITS)
def test_unicode_digits_in_any_query_parameter_are_no_server_error(scene, value):
    answers = {
        url: get(scene, url, dict.fromkeys([*parameters, UNKNOWN], value)).status_code
        for url, parameters in get_operations(scene)
    }

    assert {url: status for url, status in answers.items() if status >= 500} == {}


@pytest.mark.parametrize("value", ["", *UNICODE_DIGITS.values()], ids=["empty", *UNICODE_DIGITS])
def test_a_query_parameter_no_operation_declares_is_ignored(scene, value):
    differing = {}
    for url, _ in get_operations(scene):
        plain, with_unknown = get(scene, url, {}), get(scene, url, {UNKNOWN: value})
        if with_unknown.status_code != plain.status_code:
            differing[url] = (plain.status_code, with_unknown.status_code)

    assert differing == {}
