"""Key findings (`icv.reporting.findings`): the rules that turn the year's figures into the
sentences a Panel member reads first."""

import copy

from icv.reporting import findings


def figures(**changes) -> dict:
    """A year's figures in the shape of `annual.annual`, with a few of them changed."""
    year = {
        "year": 2023,
        "label": "2023/24",
        "visits": {
            "total": 100,
            "percent": 96.2,
            "by_site": [
                {"name": "Suite A", "visits": 50, "target": 52, "percent": 96.2, "status": "met"}
            ],
        },
        "access": {
            "immediate": 90,
            "delay_6_15": 4,
            "delay_over_15": 0,
            "immediate_percent": 90.0,
            "reasons": [],
        },
        "detainees": {"in_cells": 1000, "seen": 400},
        "issues": {
            "total": 50,
            "by_category": [
                {"category": "food_and_drink", "label": "Food and drink", "count": 20},
                {"category": "hygiene", "label": "Hygiene and washing", "count": 10},
                {"category": "other", "label": "Other", "count": 5},
            ],
        },
        "volunteers": {"at_end": 16},
        "hours": {"volunteer_hours": 400.0},
        "tact": {"reports_due": 0},
        "aws": {"urgent_concerns": {"open": 0}},
    }
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        place = year
        for step in parents:
            place = place[step]
        place[leaf] = value
    return year


def previous(**changes) -> dict:
    year = figures(**changes)
    year["year"], year["label"] = 2022, "2022/23"
    return year


def texts(found: list[dict], kind: str) -> list[str]:
    return [finding["text"] for finding in found if finding["kind"] == kind]


def test_a_count_that_moved_by_a_tenth_or_more_is_a_finding():
    found = findings.key_findings(figures(), previous(issues__total=40))

    assert texts(found, "change") == ["Issues raised rose from 40 in 2022/23 to 50 (25.0%)."]


def test_a_count_that_moved_by_less_than_a_tenth_is_not():
    found = findings.key_findings(figures(), previous(issues__total=47))

    assert texts(found, "change") == []


def test_a_share_that_moved_by_five_points_or_more_is_a_finding_in_points():
    found = findings.key_findings(figures(), previous(access__immediate_percent=80.0))

    assert texts(found, "change") == [
        "Admitted immediately rose from 80.0% in 2022/23 to 90.0% (10.0 points)."
    ]


def test_only_the_three_largest_changes_are_findings_largest_first():
    before = previous(
        visits__total=50, detainees__in_cells=900, detainees__seen=300, issues__total=25
    )

    found = texts(findings.key_findings(figures(), before), "change")

    assert [text.split(" rose")[0] for text in found] == [
        "Custody visits",
        "Issues raised",
        "People seen",
    ]


def test_a_fall_is_said_as_a_fall():
    found = findings.key_findings(figures(), previous(volunteers__at_end=20))

    assert texts(found, "change") == [
        "Volunteers at the year's end fell from 20 in 2022/23 to 16 (20.0%)."
    ]


def test_without_a_year_before_there_is_no_change_finding():
    found = findings.key_findings(figures(), None)

    assert texts(found, "change") == []
    assert texts(found, "theme")


def test_the_two_most_reported_categories_are_the_themes_with_their_shares():
    found = findings.key_findings(figures(), None)

    assert texts(found, "theme") == [
        "The most reported themes were food and drink (20 issues, 40%) and hygiene and washing "
        "(10 issues, 20%)."
    ]


def test_a_year_without_issues_has_no_theme():
    found = findings.key_findings(figures(issues__total=0, issues__by_category=[]), None)

    assert texts(found, "theme") == []


def test_overdue_issues_tact_reports_and_open_urgent_concerns_are_findings():
    year = figures(tact__reports_due=1)
    year["aws"]["urgent_concerns"]["open"] = 2

    found = texts(findings.key_findings(year, None, overdue_issues=3), "overdue")

    assert found == [
        "3 issues are still open past the days the custody team has to acknowledge it.",
        "1 TACT report to the Independent Reviewer is still to be sent.",
        "2 urgent dog welfare concerns are still open.",
    ]


def test_a_suite_whose_target_was_missed_is_a_finding():
    year = figures()
    year["visits"]["by_site"][0]["status"] = "missed"

    found = texts(findings.key_findings(year, None), "overdue")

    assert found == ["Suite A had 50 visits against a target of 52 (96.2%)."]


def test_waits_over_fifteen_minutes_are_a_finding_with_the_commonest_reason():
    year = figures(access__delay_over_15=4)
    year["access"]["reasons"] = [{"reason": "staff handover", "count": 3}]

    found = texts(findings.key_findings(year, None), "access")

    assert found == [
        "Visitors waited over 15 minutes to be admitted on 4 visits, most often because of "
        "staff handover."
    ]


def test_the_comparison_gives_each_headline_with_its_change():
    rows = findings.comparison(figures(), previous(hours__volunteer_hours=320.0))

    hours = next(row for row in rows if row["key"] == "hours")
    assert (hours["previous"], hours["value"], hours["change"], hours["change_percent"]) == (
        320.0,
        400.0,
        80.0,
        25.0,
    )


def test_the_comparison_without_a_year_before_has_no_change():
    rows = findings.comparison(figures(), None)

    assert all(row["previous"] is None and row["change"] is None for row in rows)


def test_findings_leave_the_figures_as_they_were():
    year, before = figures(), previous(issues__total=10)
    kept = copy.deepcopy((year, before))

    findings.key_findings(year, before, overdue_issues=1)

    assert (year, before) == kept
