"""Quarterly returns (`GET /api/v1/returns/quarterly?year&quarter`, and `.csv`): the four quarters
of a year add up to its annual statistics figure by figure (flows sum, stocks are the first or
last quarter's, ratios are worked out again), on the demo year and on a generated one; a
quarter is local days; the CSV keeps formulas as text; bad input is a 422 naming the field."""

import csv
import io

import pytest
from sqlalchemy import delete

from api.extensions import limiter
from icv.common.database import db
from icv.common.numbers import percent
from icv.demo import demo_scheme
from icv.reporting import annual, quarterly
from tests.support.problems import assert_problem
from tests.support.records import make_site
from tests.support.visits import log_visit, make_visitors

RETURNS = "/api/v1/returns/quarterly"
# Keys that identify an entry of a list of counts, so that entries of the quarters and the year
# are matched by what they count, not by their place.
ENTRY_KEYS = ("site_id", "reason", "category", "value")
# Figures that are worked out from others (never summed) or name something.
NOT_ADDED = {
    "percent",
    "immediate_percent",
    "percent_of_in_cells",
    "percent_of_offered",
    "answered_percent",
    "status",
    "name",
    "label",
    "hourly_rate",
}
ROUNDED_TO_THE_PENNY = ("volunteer_hours", "visit_hours", "activity_hours", "economic_value")


def counts(figures, path: tuple = ()) -> dict[tuple, float]:
    """Every count of a section, by its path (lists of entries keyed by what each counts)."""
    found = {}
    if isinstance(figures, dict):
        for key, value in figures.items():
            if key not in NOT_ADDED and key not in ENTRY_KEYS:
                found.update(counts(value, (*path, key)))
    elif isinstance(figures, list):
        for entry in figures:
            key = next(entry[name] for name in ENTRY_KEYS if name in entry)
            found.update(counts(entry, (*path, key)))
    elif isinstance(figures, int | float) and not isinstance(figures, bool):
        found[path] = figures
    return found


def summed(returns: list[dict], section: str) -> dict[tuple, float]:
    total: dict[tuple, float] = {}
    for figures in returns:
        for path, value in counts(figures[section]).items():
            total[path] = total.get(path, 0) + value
    return total


def assert_quarters_add_up(returns: list[dict], year: dict) -> None:
    for section in ("visits", "access", "detainees", "tact", "issues"):
        year_counts = counts(year[section])
        quarter_sums = summed(returns, section)
        assert set(year_counts) <= set(quarter_sums), section
        assert {path: quarter_sums.get(path, 0) for path in year_counts} == year_counts, section
    for key in ROUNDED_TO_THE_PENNY:
        # Each quarter is rounded to the penny once: four roundings are a penny or two apart.
        assert sum(q["hours"][key] for q in returns) == pytest.approx(year["hours"][key], abs=0.02)
    answered = year["issues"]["acknowledged"] + year["issues"]["resolved"]
    assert sum(q["issues"]["answered"] for q in returns) == answered
    for key in ("joined", "left", "withdrawn"):
        assert sum(q["volunteers"][key] for q in returns) == year["volunteers"][key], key


def assert_stocks_are_the_first_or_last_quarters(returns: list[dict], year: dict) -> None:
    assert returns[0]["volunteers"]["at_start"] == year["volunteers"]["at_start"]
    for key, which in quarterly.STOCKS.items():
        quarter = returns[0] if which == "the first quarter's" else returns[-1]
        assert quarter["volunteers"][key] == year["volunteers"][key], key
    for before, after in zip(returns, returns[1:], strict=False):
        assert after["volunteers"]["at_start"] == before["volunteers"]["at_end"]


def empty_every_table() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()
    db.session.remove()


def returns_and_year(app, spec: dict | None, seed: int) -> tuple[list[dict], dict]:
    """A loaded demo year's four returns and annual statistics (then every table emptied)."""
    with app.app_context():
        try:
            scheme = demo_scheme.load_demo(spec, seed)
            year = (spec or demo_scheme.reference_spec())["financial_year"]
            returns = [quarterly.quarterly_return(scheme, year, q) for q in (1, 2, 3, 4)]
            return returns, annual.annual(scheme, year)
        finally:
            empty_every_table()
            limiter.reset()


@pytest.fixture(scope="module")
def demo_quarters(app):
    return returns_and_year(app, None, 2023)


@pytest.fixture(scope="module")
def generated_quarters(app):
    """Another year drawn by the demo's generator: 2024/25, from another seed."""
    spec = {**demo_scheme.reference_spec(), "financial_year": 2024}
    return returns_and_year(app, spec, 7)


# The quarters add up to the year -----------------------------------------------------------


def test_the_demo_years_quarters_add_up_to_its_annual_statistics(demo_quarters):
    returns, year = demo_quarters

    assert_quarters_add_up(returns, year)


def test_the_demo_years_volunteer_stocks_are_its_first_and_last_quarters(demo_quarters):
    returns, year = demo_quarters

    assert_stocks_are_the_first_or_last_quarters(returns, year)


def test_every_demo_quarter_has_visits_so_the_sums_are_not_trivially_zero(demo_quarters):
    returns, year = demo_quarters

    assert all(q["visits"]["total"] > 0 for q in returns)
    assert year["visits"]["total"] == 101


def test_a_generated_years_quarters_add_up_to_its_annual_statistics(generated_quarters):
    returns, year = generated_quarters

    assert_quarters_add_up(returns, year)
    assert_stocks_are_the_first_or_last_quarters(returns, year)


def test_a_quarters_percentages_are_worked_out_from_its_own_figures(demo_quarters):
    returns, _ = demo_quarters

    for figures in returns:
        visits, access = figures["visits"], figures["access"]
        assert visits["percent"] == percent(visits["total"], visits["target"])
        bands = access["immediate"] + access["delay_6_15"] + access["delay_over_15"]
        assert access["immediate_percent"] == percent(access["immediate"], bands)


# Quarters are local days ---------------------------------------------------------------------


def test_a_visit_late_on_30_june_is_in_q1_and_one_just_after_midnight_in_q2(ctx, scheme, manager):
    suite = make_site(scheme, "Suite A")
    pair = make_visitors(scheme, 2)
    log_visit(suite, manager, pair, "2023-06-30T23:30:00+01:00")
    log_visit(suite, manager, pair, "2023-07-01T00:30:00+01:00")  # 30 June 23:30 UTC

    first, second = (quarterly.quarterly_return(scheme, 2023, q) for q in (1, 2))

    assert (first["visits"]["total"], second["visits"]["total"]) == (1, 1)
    assert (first["first_day"], first["last_day"]) == ("2023-04-01", "2023-06-30")


def test_the_fourth_quarter_is_january_to_march_of_the_next_calendar_year(ctx, scheme):
    figures = quarterly.quarterly_return(scheme, 2023, 4)

    assert (figures["label"], figures["first_day"], figures["last_day"]) == (
        "2023/24 Q4",
        "2024-01-01",
        "2024-03-31",
    )


def test_a_quarters_target_counts_the_weeks_whose_monday_is_in_it(ctx, scheme):
    make_site(scheme, "Suite A")

    targets = [
        quarterly.quarterly_return(scheme, 2023, q)["visits"]["target"] for q in (1, 2, 3, 4)
    ]

    # 2023/24 has 52 Mondays: 13 in each quarter (3 April ... 25 March).
    assert targets == [13, 13, 13, 13]


def test_another_schemes_visits_are_in_no_return(ctx, scheme, other_scheme, manager, other_manager):
    other_suite = make_site(other_scheme, "Their Suite")
    log_visit(
        other_suite, other_manager, make_visitors(other_scheme, 2), "2023-05-10T10:00:00+01:00"
    )

    assert quarterly.quarterly_return(scheme, 2023, 1)["visits"]["total"] == 0


# Through the API -------------------------------------------------------------------------------


def test_a_manager_reads_the_quarters_return(client, login, scheme, manager):
    suite = make_site(scheme, "Suite A")
    log_visit(suite, manager, make_visitors(scheme, 2), "2023-08-10T10:00:00+01:00")

    response = client.get(f"{RETURNS}?year=2023&quarter=2", headers=login(manager))

    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["label"], body["visits"]["total"]) == ("2023/24 Q2", 1)


def test_a_viewer_reads_the_return_without_any_name(client, login, scheme, manager, viewer):
    response = client.get(f"{RETURNS}?year=2023&quarter=1", headers=login(viewer))

    assert response.status_code == 200
    assert "leavers" not in response.get_json()["volunteers"]


@pytest.mark.parametrize("quarter", ["0", "5", "Q1"])
def test_a_quarter_outside_1_to_4_is_a_422_naming_it(client, login, manager, quarter):
    response = client.get(f"{RETURNS}?year=2023&quarter={quarter}", headers=login(manager))

    assert_problem(response, 422, "quarter")


def test_a_return_without_a_year_is_a_422_naming_it(client, login, manager):
    response = client.get(f"{RETURNS}?quarter=1", headers=login(manager))

    assert_problem(response, 422, "year")


def test_the_csv_keeps_a_formula_in_a_site_name_as_text(client, login, scheme, manager):
    suite = make_site(scheme, "=HYPERLINK(1)")
    log_visit(suite, manager, make_visitors(scheme, 2), "2023-04-12T10:00:00+01:00")

    response = client.get(f"{RETURNS}.csv?year=2023&quarter=1", headers=login(manager))

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert ["'=HYPERLINK(1)", "1", "13", "7.7", "1", "0"] in rows
    assert not any(cell.startswith("=") for row in rows for cell in row)
