"""The OpenAPI document as a reader uses it: every operation has a summary and an example, and
every example is one the API would take (a request) or could give (a response).

Request examples are loaded through the operation's own marshmallow schema, as the view loads
a body; every example is also checked against the schema the document publishes for it.
"""

import copy
import re

import jsonschema_rs
import pytest

OPENAPI_JSON = "/api/v1/openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")
LONGEST_SUMMARY = 80


@pytest.fixture(scope="module")
def document(app) -> dict:
    return app.test_client().get(OPENAPI_JSON).get_json()


def operations(document: dict) -> dict[str, dict]:
    """ "POST /api/v1/visits" -> its operation object."""
    return {
        f"{method.upper()} {path}": operation
        for path, path_item in document["paths"].items()
        for method, operation in path_item.items()
        if method in METHODS
    }


def request_example(operation: dict):
    content = operation.get("requestBody", {}).get("content", {})
    return next((media["example"] for media in content.values() if "example" in media), None)


def response_examples(operation: dict) -> list[tuple[str, dict, object]]:
    """(status, schema, example) of each response that shows an example."""
    return [
        (status, media.get("schema", {}), media["example"])
        for status, response in operation["responses"].items()
        for media in response.get("content", {}).values()
        if "example" in media
    ]


def answers_content(operation: dict) -> bool:
    """Whether a success answer of the operation has a body."""
    return any(
        status.startswith("2") and "content" in response
        for status, response in operation["responses"].items()
    )


def json_schema(schema: dict, components: dict) -> dict:
    """An OpenAPI 3.0 schema as JSON Schema (draft 4, whose `exclusiveMinimum` it shares):
    `nullable: true` becomes "or null", and references resolve into `components`."""

    def convert(node):
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: convert(value) for key, value in node.items()}
        if node.pop("nullable", False):
            return {"anyOf": [node, {"type": "null"}]}
        return node

    return {"allOf": [convert(schema)], "components": convert(copy.deepcopy(components))}


def mismatches(schema: dict, example, components: dict) -> list[str]:
    validator = jsonschema_rs.Draft4Validator(
        json_schema(schema, components), validate_formats=True
    )
    return [f"{error.instance_path}: {error.message}" for error in validator.iter_errors(example)]


def view_of(app, operation_name: str):
    """The view function that answers "METHOD /path/{param}"."""
    method, path = operation_name.split(" ", 1)
    for rule in app.url_map.iter_rules():
        if re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule) == path and method in rule.methods:
            return app.view_functions[rule.endpoint]
    raise LookupError(operation_name)


def body_schema(view):
    """The marshmallow schema the view loads its JSON body with (as given to `arguments`: a
    class, or an instance such as `PatchSchema(partial=True)`)."""
    parameters = view._apidoc["arguments"]["parameters"]
    schema = next(parameter["schema"] for parameter in parameters if parameter["in"] == "json")
    return schema() if isinstance(schema, type) else schema


def test_every_operation_has_a_one_line_summary(document):
    unsummarised = {
        name: operation.get("summary")
        for name, operation in operations(document).items()
        if not operation.get("summary", "").strip()
        or "\n" in operation["summary"]
        or len(operation["summary"]) > LONGEST_SUMMARY
    }

    assert unsummarised == {}


def test_every_operation_with_a_request_body_shows_an_example_of_it(document):
    without_example = [
        name
        for name, operation in operations(document).items()
        if "requestBody" in operation and request_example(operation) is None
    ]

    assert without_example == []


def test_every_operation_without_a_request_body_shows_an_example_answer(document):
    without_example = [
        name
        for name, operation in operations(document).items()
        if "requestBody" not in operation
        and answers_content(operation)
        and not response_examples(operation)
    ]

    assert without_example == []


def test_only_operations_that_send_and_answer_no_body_have_no_example(document):
    """Signing out and deleting take no body and answer 204 No Content: nothing to show."""
    without_example = {
        name: sorted(operation["responses"])
        for name, operation in operations(document).items()
        if request_example(operation) is None and not response_examples(operation)
    }

    assert without_example
    assert all(statuses == ["204", "default"] for statuses in without_example.values())


def test_every_request_example_is_accepted_by_the_operations_schema(app, document):
    refused = {}
    for name, operation in operations(document).items():
        example = request_example(operation)
        if example is None:
            continue
        errors = body_schema(view_of(app, name)).validate(example)
        if errors:
            refused[name] = errors

    assert refused == {}


def test_every_request_example_matches_the_published_schema(document):
    wrong = {}
    for name, operation in operations(document).items():
        example = request_example(operation)
        if example is None:
            continue
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        errors = mismatches(schema, example, document["components"])
        if errors:
            wrong[name] = errors

    assert wrong == {}


def test_every_response_example_matches_the_published_schema(document):
    wrong = {}
    for name, operation in operations(document).items():
        for status, schema, example in response_examples(operation):
            errors = mismatches(schema, example, document["components"])
            if errors:
                wrong[f"{name} {status}"] = errors

    assert wrong == {}


def test_every_time_in_an_example_carries_its_utc_offset(document):
    aware = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")
    naive = []

    def walk(name, value):
        if isinstance(value, dict):
            for item in value.values():
                walk(name, item)
        elif isinstance(value, list):
            for item in value:
                walk(name, item)
        elif (
            isinstance(value, str)
            and re.match(r"\d{4}-\d\d-\d\dT", value)
            and not aware.match(value)
        ):
            naive.append((name, value))

    for name, operation in operations(document).items():
        walk(name, request_example(operation))
        for _status, _schema, example in response_examples(operation):
            walk(name, example)

    assert naive == []


def conditional_reads(document: dict) -> set[str]:
    return {
        name for name, operation in operations(document).items() if "304" in operation["responses"]
    }


def answers_304_to_its_own_etag(client, path: str, headers: dict) -> bool | None:
    """Whether a second GET with the first answer's ETag is an empty 304 (None: the manager may
    not read it)."""
    first = client.get(path, headers=headers)
    if first.status_code != 200:
        return None
    etag = first.headers.get("ETag")
    again = client.get(path, headers={**headers, "If-None-Match": etag or '"none"'})
    return again.status_code == 304


def test_the_reads_that_answer_304_are_exactly_those_documented_with_it(
    client, document, manager_headers, suite
):
    readable = {
        name: name.split(" ", 1)[1].replace("{site_id}", str(suite.id))
        for name in operations(document)
        if name.startswith("GET ") and ("{" not in name or name.endswith("/sites/{site_id}"))
    }
    answered = {
        name
        for name, path in readable.items()
        if answers_304_to_its_own_etag(client, path, manager_headers)
    }

    assert sorted(answered) == sorted(conditional_reads(document) & set(readable))
    assert len(answered) >= 10


def test_a_list_read_since_a_time_documents_the_x_sync_header(document):
    for name, operation in operations(document).items():
        names = [parameter.get("name") for parameter in operation.get("parameters", [])]
        if "updated_since" in names:
            assert "X-Sync" in operation["responses"]["200"]["headers"], name
            assert "304" in operation["responses"], name
