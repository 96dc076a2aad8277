"""Query strings: whatever a value holds, no answer is a server error, and a parameter an
operation does not declare is ignored.

Unicode has many characters that Python's `str.isdigit()` calls digits: some `int()` reads as
numbers ("٣", "３"), some it refuses ("³", "①"). Each is sent in every query parameter of every
GET operation of the OpenAPI document, and in one it does not declare, by a caller the
operation allows, on the world of `tests.support.api_world`. A number is written with the
digits 0-9: in a number parameter, any other digit is a 422 naming it, as is a number beyond
any id (which the database would refuse) and, in any parameter, a NUL character.
"""

import pytest

from api.framework.authorization import PUBLIC, policy_of
from api.framework.input_guard import LARGEST_ID
from tests.support.api_world import API, Stage, send
from tests.support.problems import assert_problem, errors_answered

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
BEYOND_ANY_ID = {"10**25": str(10**25), "minus 10**25": str(-(10**25)), "5,000 digits": "9" * 5000}
ODD_VALUES = {
    "empty": "",
    "digits int() refuses": "\u00b3",
    "digits int() reads": "\u0663",
    **BEYOND_ANY_ID,
    "a NUL character": "a\x00b",
}
UNKNOWN = "unheard_of"
NUMBERS = ("integer", "number")
WRITE_IT_IN_ASCII = "Write the number with the digits 0-9."
IN_ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x0660 + digit) for digit in range(10)))


def get_operations(scene: Stage) -> dict[str, dict[str, str]]:
    """URL -> {query parameter: its type} of every GET of the document, its path filled with
    ids of the world's records."""
    spec = scene.app.test_client().get(f"{API}/openapi.json").get_json()
    ids = {**scene.current().ids, "token": scene.current().ids["calendar_token"]}
    return {
        path.format(**ids): {
            parameter["name"]: parameter["schema"].get("type")
            for parameter in operations["get"].get("parameters", [])
            if parameter["in"] == "query"
        }
        for path, operations in spec["paths"].items()
        if "get" in operations and not path.endswith("openapi.json")
    }


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


def answers_in_each_parameter(scene: Stage, value: str, kinds=None) -> dict[str, tuple]:
    """ "URL?name" -> (status, errors) of `value` sent in each query parameter (of `kinds`)."""
    answers = {}
    for url, parameters in get_operations(scene).items():
        for name, kind in parameters.items():
            if kinds is None or kind in kinds:
                response = get(scene, url, {name: value})
                answers[f"{url}?{name}"] = (response.status_code, response.get_json().get("errors"))
    return answers


def each_refused(answers: dict[str, tuple], message: str) -> dict[str, tuple]:
    """The answers expected when each is a 422 naming its parameter with `message`."""
    return {asked: (422, {asked.rsplit("?", 1)[1]: [message]}) for asked in answers}


@pytest.mark.parametrize("value", UNICODE_DIGITS.values(), ids=UNICODE_DIGITS)
def test_unicode_digits_in_any_query_parameter_are_no_server_error(scene, value):
    answers = {
        url: get(scene, url, dict.fromkeys([*parameters, UNKNOWN], value)).status_code
        for url, parameters in get_operations(scene).items()
    }

    assert {url: status for url, status in answers.items() if status >= 500} == {}


@pytest.mark.parametrize("value", ODD_VALUES.values(), ids=ODD_VALUES)
def test_a_query_parameter_no_operation_declares_is_ignored(scene, value):
    differing = {}
    for url in get_operations(scene):
        plain, with_unknown = get(scene, url, {}), get(scene, url, {UNKNOWN: value})
        if with_unknown.status_code != plain.status_code:
            differing[url] = (plain.status_code, with_unknown.status_code)

    assert differing == {}


@pytest.mark.parametrize("value", UNICODE_DIGITS.values(), ids=UNICODE_DIGITS)
def test_unicode_digits_in_a_number_parameter_are_a_422_naming_it(scene, value):
    answers = answers_in_each_parameter(scene, value, NUMBERS)

    assert answers == each_refused(answers, WRITE_IT_IN_ASCII)


@pytest.mark.parametrize("value", BEYOND_ANY_ID.values(), ids=BEYOND_ANY_ID)
def test_an_integer_parameter_beyond_any_id_is_a_422_naming_it(scene, value):
    answers = answers_in_each_parameter(scene, value, ["integer"])

    assert answers == each_refused(answers, f"Must be between -{LARGEST_ID} and {LARGEST_ID}.")


def test_a_nul_character_in_any_declared_parameter_is_a_422_naming_it(scene):
    answers = answers_in_each_parameter(scene, "a\x00b")

    assert answers == each_refused(answers, "Must not contain a NUL character.")


def test_an_id_in_a_path_written_in_other_digits_is_no_url_of_its_record(scene):
    site_id = str(scene.current().ids["site_id"]).translate(IN_ARABIC_INDIC)

    response = send(scene, "GET", f"{API}/sites/{site_id}", "manager")

    assert_problem(response, 404)
