"""The themes of a year's issues (`/issues/summary`): over a known financial year of submitted
visits (drafts and visits outside the year in local time not counted), the totals by category,
quarter and site, the top categories, the share resolved during the visit, and the median days
to acknowledge and to resolve; a year without issues, and a year that is missing.
"""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.problems import assert_problem
from tests.visits.issue_bodies import SUMMARY, custody_visit, ids_of, raised, set_issue

# Themes: the summary -------------------------------------------------------------------------


T0 = datetime(2024, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def themes(record, login, manager, suite, second_suite, visitor, partner, manager_headers) -> dict:
    """A known year 2024/25 of submitted visits, plus visits that must not count.

    In the year (local time): Central Suite on 1 April (00:30 BST) and on 1 July (00:30 BST),
    Harbour Suite in November and at 23:30 BST on 31 March 2025. Outside it: Central Suite at
    23:30 BST on 31 March 2024 and Harbour Suite at 00:30 BST on 1 April 2025; a draft in the
    year counts for nothing.
    """

    def visit_at(site, arrived, issues, status="submitted"):
        return ids_of(
            record(
                manager_headers,
                custody_visit(
                    site, visitor, partner, issues=issues, arrived=arrived, status=status
                ),
            )
        )

    april = visit_at(
        suite,
        datetime(2024, 3, 31, 23, 30, tzinfo=UTC),
        [
            raised("food_and_drink"),
            raised("food_and_drink", "Cold meal", resolved=True),
            raised("healthcare", "Nurse not called"),
        ],
    )
    july = visit_at(
        suite,
        datetime(2024, 6, 30, 23, 30, tzinfo=UTC),
        [raised("food_and_drink"), raised("legal_rights", "No PACE codes", resolved=True)],
    )
    november = visit_at(
        second_suite,
        datetime(2024, 11, 12, 10, 0, tzinfo=UTC),
        [raised("healthcare", "Medication late"), raised("food_and_drink", "No water")],
    )
    march = visit_at(
        second_suite,
        datetime(2025, 3, 31, 22, 30, tzinfo=UTC),
        [raised("hygiene", "No shower offered"), raised("other", "Cell too cold")],
    )
    visit_at(suite, datetime(2024, 3, 31, 22, 30, tzinfo=UTC), [raised("custody_record")])
    visit_at(second_suite, datetime(2025, 3, 31, 23, 30, tzinfo=UTC), [raised("custody_record")])
    visit_at(
        suite,
        datetime(2024, 9, 3, 10, 0, tzinfo=UTC),
        [raised("staff_conduct"), raised("staff_conduct"), raised("staff_conduct")],
        status="draft",
    )

    # Known gaps: acknowledged after 1, 2 and 4 days; resolved after 3 and 8 days.
    set_issue(
        april[0],
        status="resolved",
        raised_at=T0,
        acknowledged_at=T0 + timedelta(days=1),
        resolved_at=T0 + timedelta(days=3),
    )
    set_issue(
        july[0],
        status="resolved",
        raised_at=T0,
        acknowledged_at=T0 + timedelta(days=2),
        resolved_at=T0 + timedelta(days=8),
    )
    set_issue(
        november[0],
        status="acknowledged",
        raised_at=T0,
        acknowledged_at=T0 + timedelta(days=4),
    )
    return {"april": april, "july": july, "november": november, "march": march}


@pytest.fixture
def summary(client, manager_headers, themes) -> dict:
    response = client.get(SUMMARY, headers=manager_headers, query_string={"year": 2024})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_summary_names_its_year(summary):
    assert (summary["year"], summary["label"]) == (2024, "2024/25")


def test_the_summary_counts_only_submitted_visits_in_the_year(summary):
    assert summary["total"] == 9


def test_the_summary_counts_by_category_most_first(summary):
    assert [(item["category"], item["count"]) for item in summary["by_category"]] == [
        ("food_and_drink", 4),
        ("healthcare", 2),
        ("hygiene", 1),
        ("legal_rights", 1),
        ("other", 1),
    ]


def test_the_summary_does_not_count_draft_visits(summary):
    assert "staff_conduct" not in [item["category"] for item in summary["by_category"]]


def test_the_summary_counts_by_quarter_in_local_time(summary):
    assert summary["by_quarter"] == [
        {"quarter": 1, "count": 3},
        {"quarter": 2, "count": 2},
        {"quarter": 3, "count": 2},
        {"quarter": 4, "count": 2},
    ]


def test_the_summary_counts_by_site(summary, suite, second_suite):
    assert [(item["site_id"], item["count"]) for item in summary["by_site"]] == sorted(
        [(suite.id, 5), (second_suite.id, 4)]
    )
    names = {item["site_id"]: item["name"] for item in summary["by_site"]}
    assert names == {suite.id: "Central Suite", second_suite.id: "Harbour Suite"}


def test_the_summary_names_the_top_categories(summary):
    assert summary["top_categories"][:2] == ["food_and_drink", "healthcare"]


def test_the_summary_gives_the_share_resolved_during_the_visit(summary):
    assert summary["resolved_during_visit"] == 2
    assert summary["resolved_during_visit_percent"] == 22.2  # 2 of 9


def test_the_summary_gives_the_median_days_to_acknowledge(summary):
    assert summary["median_days_to_acknowledge"] == 2.0  # of 1, 2 and 4


def test_the_summary_median_of_an_even_count_averages_the_middle_two(summary):
    assert summary["median_days_to_resolve"] == 5.5  # of 3 and 8


def test_the_summary_of_a_year_without_issues(client, manager_headers, themes):
    response = client.get(SUMMARY, headers=manager_headers, query_string={"year": 2021})

    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 0
    assert body["by_category"] == []
    assert [item["count"] for item in body["by_quarter"]] == [0, 0, 0, 0]
    assert body["median_days_to_acknowledge"] is None


@pytest.mark.parametrize("query", [{}, {"year": "last"}], ids=["missing", "not-a-number"])
def test_the_summary_needs_a_year(client, manager_headers, query):
    response = client.get(SUMMARY, headers=manager_headers, query_string=query)

    assert_problem(response, 422, "year")
