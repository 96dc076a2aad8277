"""Cross-scheme benchmarks (`GET /benchmarks?year`, `GET /national/benchmarks?year`): only schemes
that opted in contribute and see; a manager's answer names no other scheme; the national body
sees names only where agreed; the indicators of every scheme come from a fixed number of
statements; the opt-in columns' migration."""

import json
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import event, text

from icv.admin import national, schemes
from icv.common.database import db
from icv.common.errors import ValidationFailed
from icv.models import Scheme
from icv.reporting import benchmarks
from tests.support.app import PASSWORD
from tests.support.problems import assert_problem
from tests.support.records import make_person, make_site
from tests.support.visits import log_visit, make_visitors

BENCHMARKS = "/api/v1/benchmarks?year=2023"
NATIONAL = "/api/v1/national/benchmarks?year=2023"
MIGRATION = "migrations/versions/0020_benchmarking.py"


def seen_and_refused(seen: int, refused: int, asleep: int) -> list[dict]:
    outcomes = ["seen"] * seen + ["refused"] * refused + ["asleep_observed"] * asleep
    return [{"ref": f"C{n + 1}", "outcome": outcome} for n, outcome in enumerate(outcomes)]


def scheme_with_visits(name: str, visits: int, *, opted_in: bool = True, named: bool = False):
    """A scheme with one suite and `visits` weekly visits from April 2023, each seeing
    `visits` detainees and finding one asleep, and one issue per visit."""
    scheme = schemes.create_scheme(name)
    suite = make_site(scheme, f"{name} Suite")
    manager = make_person(scheme, "manager", email=f"manager@{name.lower()}.example")
    pair = make_visitors(scheme, 2, prefix=f"{name.lower()}-visitor")
    for week in range(visits):
        log_visit(
            suite,
            manager,
            pair,
            f"2023-04-{3 + week:02d}T10:00:00+01:00" if week < 20 else "2023-05-10T10:00:00+01:00",
            detainees=seen_and_refused(visits, 1, 1),
            issues=[
                {
                    "category": "food_and_drink",
                    "description": "No hot drink",
                    "raised_by": "visitor",
                    "resolved_during_visit": False,
                }
            ],
        )
    if opted_in:
        national.set_benchmarking(scheme, benchmarking=True, named=named)
    return scheme, manager


@pytest.fixture
def participants(ctx):
    """Four schemes that opted in, with 1 to 4 visits (Northshire has 3), and one that did not."""
    built = {
        name: scheme_with_visits(name, visits, named=name == "Eastshire")
        for name, visits in (("Westshire", 1), ("Eastshire", 2), ("Northshire", 3), ("Midshire", 4))
    }
    built["Southshire"] = scheme_with_visits("Southshire", 5, opted_in=False)
    return built


def indicator(answer: dict, key: str) -> dict:
    return next(item for item in answer["indicators"] if item["key"] == key)


# Who contributes and who sees ----------------------------------------------------------------


def test_a_scheme_sees_its_value_the_median_quartiles_and_its_rank(participants):
    scheme, _ = participants["Northshire"]

    answer = benchmarks.for_scheme(scheme, 2023)

    figures = indicator(answer, "seen_of_offered")  # 50.0, 66.7, 75.0, 80.0 (%)
    assert answer["participants"] == 4
    assert figures["value"] == 75.0
    assert (figures["median"], figures["participants"], figures["rank"]) == (70.85, 4, 2)
    assert figures["lower_quartile"] < figures["median"] < figures["upper_quartile"]


def test_a_lower_is_better_indicator_ranks_the_lowest_first(participants):
    scheme, _ = participants["Westshire"]  # one visit: 34 of its 35 slots never visited

    figures = indicator(benchmarks.for_scheme(scheme, 2023), "uncovered_slots_per_suite")

    assert (figures["value"], figures["rank"]) == (34.0, 4)


def test_an_opted_out_schemes_data_changes_no_benchmark(participants):
    scheme, _ = participants["Northshire"]
    before = benchmarks.for_scheme(scheme, 2023)
    scheme_with_visits("Farshire", 9, opted_in=False)

    assert benchmarks.for_scheme(scheme, 2023) == before


def test_opting_in_adds_the_scheme_to_the_figures(participants):
    scheme, _ = participants["Northshire"]
    national.set_benchmarking(participants["Southshire"][0], benchmarking=True)

    assert benchmarks.for_scheme(scheme, 2023)["participants"] == 5


def test_a_scheme_not_opted_in_is_told_to_opt_in(client, login, participants):
    _, manager = participants["Southshire"]

    response = client.get(BENCHMARKS, headers=login(manager))

    body = assert_problem(response, 409, "benchmarking")
    assert "opt in" in body["detail"]


def test_below_the_minimum_no_distribution_or_rank_is_shown(ctx):
    first, _ = scheme_with_visits("Westshire", 1)
    scheme_with_visits("Eastshire", 2)

    figures = indicator(benchmarks.for_scheme(first, 2023), "seen_of_offered")

    assert (figures["value"], figures["participants"]) == (50.0, 2)
    assert (figures["median"], figures["rank"]) == (None, None)


def test_no_answer_to_a_manager_holds_another_schemes_name_or_id(client, login, participants):
    _, manager = participants["Northshire"]
    others = [other for name, (other, _) in participants.items() if name != "Northshire"]

    response = client.get(BENCHMARKS, headers=login(manager))

    assert response.status_code == 200, response.get_data(as_text=True)
    for other in others:
        assert other.name not in response.get_data(as_text=True)
    assert not any("id" in key.split("_") for key in _keys_in(response.get_json()))


def _keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(_keys_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys_in(v) for v in value))
    return set()


def test_the_benchmark_keys_name_only_indicators(client, login, participants):
    _, manager = participants["Northshire"]

    answer = client.get(BENCHMARKS, headers=login(manager)).get_json()

    assert set(answer) == {"year", "label", "participants", "min_participants", "indicators"}
    assert [item["key"] for item in answer["indicators"]] == list(benchmarks.INDICATOR_KEYS)


# The national body -----------------------------------------------------------------------------


def national_headers(client) -> dict:
    national.create_national_account("national@association.example", "The Association", PASSWORD)
    response = client.post(
        "/api/v1/auth/login",
        json={"email": "national@association.example", "password": PASSWORD},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}


def test_the_national_body_sees_every_participant_named_only_where_agreed(client, participants):
    answer = client.get(NATIONAL, headers=national_headers(client)).get_json()

    labels = sorted(item["scheme"] for item in answer["schemes"])
    assert labels == ["Eastshire", "Scheme A", "Scheme B", "Scheme C"]
    assert "Southshire" not in json.dumps(answer)
    for name in ("Westshire", "Northshire", "Midshire"):
        assert name not in json.dumps(answer)


def test_the_national_body_gets_each_schemes_own_values(client, participants):
    answer = client.get(NATIONAL, headers=national_headers(client)).get_json()

    shares = sorted(item["values"]["seen_of_offered"] for item in answer["schemes"])
    assert shares == [50.0, 66.7, 75.0, 80.0]


def test_a_national_account_has_no_scheme_and_reads_no_scheme_record(client, participants):
    headers = national_headers(client)

    assert client.get("/api/v1/stats/annual?year=2023", headers=headers).status_code == 403
    assert client.get(BENCHMARKS, headers=headers).status_code == 403
    account = db.session.scalars(
        db.select(national.Person).where(national.Person.email == "national@association.example")
    ).one()
    assert account.scheme_id is None and national.is_national(account)


def test_a_national_account_cannot_take_an_email_already_used(ctx, manager):
    with pytest.raises(Exception, match="email"):
        national.create_national_account(manager.email, "Copy", PASSWORD)


def test_the_cli_creates_a_national_account(app, ctx):
    result = app.test_cli_runner().invoke(
        args=[
            "national-account",
            "create",
            "--email",
            "n@a.example",
            "--name",
            "N",
            "--password",
            "pw-long-enough",
        ]
    )

    assert result.exit_code == 0, result.output
    assert national.is_national(db.session.get(national.Person, int(result.output)))


def test_being_named_needs_taking_part(ctx, scheme):
    with pytest.raises(ValidationFailed) as refused:
        national.set_benchmarking(scheme, benchmarking=False, named=True)

    assert "benchmarking_named" in refused.value.errors


def test_opting_out_withdraws_the_name_too(ctx, scheme):
    national.set_benchmarking(scheme, benchmarking=True, named=True)

    national.set_benchmarking(scheme, benchmarking=False)

    assert (scheme.benchmarking, scheme.benchmarking_named) == (False, False)


# Scale -----------------------------------------------------------------------------------------


def statements_for(year: int) -> int:
    count = 0

    def counted(*args):
        nonlocal count
        count += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", counted)
    try:
        db.session.expire_all()
        benchmarks.scheme_values(year)
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


def test_the_indicators_of_2_and_of_6_schemes_take_as_many_statements(ctx):
    for name, visits in (("Aford", 1), ("Bford", 2)):
        scheme_with_visits(name, visits)
    with_two = statements_for(2023)
    for name, visits in (("Cford", 3), ("Dford", 1), ("Eford", 2), ("Fford", 2)):
        scheme_with_visits(name, visits)

    assert statements_for(2023) == with_two


# The migration ---------------------------------------------------------------------------------


def test_0020_opts_every_existing_scheme_out_and_removes_national_accounts_on_the_way_down(
    ctx, scheme, manager
):
    down_to = _down_revision()
    scheme_id, manager_id = scheme.id, manager.id
    national.create_national_account("n@a.example", "N", PASSWORD)
    db.session.remove()
    downgrade(revision=down_to)
    with db.engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM person")).scalar() == 1
        connection.execute(
            text(
                "INSERT INTO scheme (name, timezone, hourly_rate, acknowledge_days,"
                " tact_report_days, created_at) VALUES ('Oldshire', 'Europe/London', 18.35, 7,"
                " 14, '2024-01-01 00:00:00')"
            )
        )

    upgrade(revision="heads")

    old = db.session.scalars(db.select(Scheme).where(Scheme.name == "Oldshire")).one()
    kept = db.session.get(Scheme, scheme_id)
    assert (old.benchmarking, old.benchmarking_named) == (False, False)
    assert (kept.benchmarking, kept.benchmarking_named) == (False, False)
    assert db.session.get(national.Person, manager_id).scheme_id == scheme_id


def _down_revision() -> str:
    namespace: dict = {}
    source = Path(MIGRATION).read_text(encoding="utf-8")
    for line in source.splitlines():
        if line.startswith("down_revision"):
            exec(line, namespace)  # noqa: S102 - our own migration's one assignment
    return namespace.get("down_revision") or "0014"
