"""The printable annual report (`GET /api/v1/reports/annual/{year}.html` and `.csv`, and
`icv report`): its sections, heat maps, chart and sentences; every user-supplied text escaped."""

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest

from icv.admin import schemes
from icv.common.database import db
from icv.demo import demo_scheme
from icv.models import Person, Site
from icv.visits.recording import create_visit
from tests.support.problems import assert_problem
from tests.support.records import make_person, make_site, make_volunteer, move
from tests.support.visits import feedback_before, make_visitors

HTML = "/api/v1/reports/annual/2023.html"
CSV = "/api/v1/reports/annual/2023.csv"
SECTION_HEADINGS = (
    "The scheme",
    "Volunteer cohort",
    "Hours and economic value",
    "Access to custody",
    "Detainees",
    "When visits were made: timeslots",
    "Issues raised",
    "Animal welfare scheme",
)


def record_visit(site, recorder, visitors, arrived: str, **fields):
    """A submitted, completed visit of an hour, admitted after two minutes unless told."""
    arrived_at = datetime.fromisoformat(arrived)
    wait = fields.pop("wait_minutes", 2)
    data = {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived_at,
        "admitted_at": arrived_at + timedelta(minutes=wait),
        "departed_at": arrived_at + timedelta(hours=1),
        "status": "submitted",
        **fields,
    }
    if site.kind == "custody_suite":
        data.setdefault("feedback", feedback_before(data["departed_at"]))
    visit, created = create_visit(site.scheme, recorder, data)
    assert created
    return visit


def report(client, headers, path: str = HTML) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def section(html: str, heading: str) -> str:
    """The HTML of one section of the report: from its heading to the next one."""
    start = html.index(f"<h2>{heading}</h2>")
    end = html.find("<h2>", start + 1)
    return html[start : end if end != -1 else len(html)]


def csv_table(body: str, title: str) -> list[list[str]]:
    """The rows of one CSV table (header first), found by its title row."""
    rows = list(csv.reader(io.StringIO(body)))
    start = rows.index([title]) + 1
    end = rows.index([], start)
    return rows[start:end]


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2)


@pytest.fixture
def small_year(manager, suite, second_suite, dog_unit, pair):
    """Three custody visits and one to the dog unit in 2023/24, with people in cells, a delay
    and an issue:

    - Central Suite, Mon 1 May 09:00: 2 seen, 1 refused, 1 asleep; a food and drink issue
    - Central Suite, Tue 9 May 21:00: admitted after 20 minutes (staff shortage)
    - Harbour Suite, Wed 7 June 13:00
    - Dog Unit, Mon 1 May 09:00
    """
    people = [
        {"ref": "C1", "outcome": "seen", "gender": "male"},
        {"ref": "C2", "outcome": "seen", "gender": "female"},
        {"ref": "C3", "outcome": "refused"},
        {"ref": "C4", "outcome": "asleep_observed"},
    ]
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-01T09:00:00+01:00",
        detainees=people,
        issues=[
            {
                "category": "food_and_drink",
                "description": "No hot drink offered",
                "raised_by": "detainee",
                "detainee_ref": "C1",
                "resolved_during_visit": True,
            }
        ],
    )
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-09T21:00:00+01:00",
        wait_minutes=20,
        access_delay_reason="staff shortage",
    )
    record_visit(second_suite, manager, pair, "2023-06-07T13:00:00+01:00")
    record_visit(dog_unit, manager, pair, "2023-05-01T09:00:00+01:00")


# The HTML report -------------------------------------------------------------------------------


def test_the_report_is_an_html_page_with_every_section(client, login, manager, small_year):
    response = client.get(HTML, headers=login(manager))

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "annual report 2023/24" in html
    for heading in SECTION_HEADINGS:
        assert f"<h2>{heading}</h2>" in html, heading


def test_the_report_shows_each_suites_timeslots_as_a_heat_map_with_empty_slots_uncovered(
    client, login, manager, small_year
):
    html = report(client, login(manager))

    timeslots = section(html, "When visits were made: timeslots")
    assert timeslots.count('<table class="grid">') == 2
    assert "<h3>Central Suite</h3>" in timeslots
    assert "<h3>Harbour Suite</h3>" in timeslots
    uncovered = re.findall(r'<td class="uncovered">(\d+)<span aria-hidden="true">', timeslots)
    assert uncovered == ["0"] * (33 + 34)
    assert timeslots.count("(no visit yet)") == 33 + 34
    assert timeslots.count('<td class="heat-4">1</td>') == 3


def test_the_report_draws_the_issues_by_category_chart_as_inline_svg(
    client, login, manager, small_year
):
    html = report(client, login(manager))

    chart = html[html.index('<figure class="chart" id="chart-issues-by-category"') :]
    assert chart.index("<svg") < chart.index("</figure>")
    assert "Food and drink" in chart[: chart.index("</svg>")]
    assert "<img" not in html


def test_the_report_states_the_figures_in_sentences(client, login, manager, small_year):
    html = report(client, login(manager))

    assert "3 visits were made to custody suites, 2.9% of the target of 104." in html
    assert (
        "Visitors were admitted immediately on 2 visits (66.7%); 0 waited 6-15 minutes "
        "and 1 over 15 minutes."
    ) in html
    assert (
        "4 people were in cells at the times of visits; 3 (75.0%) were offered a visit "
        "and 2 (66.7% of those offered) were seen."
    ) in html
    assert "Visitors gave 8.00 hours, worth £146.80." in html  # 4 visits x 2 visitors x 1 h
    assert '<span data-figure="issues.total" data-value="1">1 issue</span> was raised' in html
    assert "was raised at visits; 1 was put right during the visit" in html
    assert "made 1 visit to the dog unit, 8.3% of the target of 12." in html


def test_the_report_lists_the_reasons_given_for_delays(client, login, manager, small_year):
    html = report(client, login(manager))

    assert "<li>staff shortage: 1</li>" in html


def test_the_report_shows_the_dog_units_slot_table_as_a_heat_map(
    client, login, manager, small_year
):
    html = report(client, login(manager))

    aws = section(html, "Animal welfare scheme")
    assert aws.count('<table class="grid">') == 1
    assert "<th>07:00-13:00</th>" in aws
    assert "<td>Sat/Sun</td>" in aws
    assert len(re.findall(r'<td class="uncovered">0<span', aws)) == 11
    assert aws.count('<td class="heat-4">1</td>') == 1


def test_the_demo_report_states_the_reference_year(client, ctx):
    demo_scheme.load_demo()
    response = client.post(
        "/api/v1/auth/login",
        json={
            "email": demo_scheme.demo_email("manager"),
            "password": demo_scheme.demo_password("manager"),
        },
    )
    headers = {"Authorization": f"Bearer {response.get_json()['access_token']}"}

    html = report(client, headers)

    assert "101 visits were made" in html
    assert "97.1%" in html
    assert "Food and drink" in html


def test_a_viewers_report_names_no_one(client, login, scheme, viewer, manager, suite, pair):
    make_volunteer(scheme, "Stella Long", date(2020, 6, 1))
    record_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00")

    html = report(client, login(viewer))

    assert "Long-service certificates" in html
    assert "Stella Long" not in html


def test_the_managers_report_names_long_serving_volunteers(
    client, login, scheme, manager, suite, pair
):
    make_volunteer(scheme, "Stella Long", date(2020, 6, 1))
    record_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00")

    html = report(client, login(manager))

    assert "<li>3 years: 1 volunteer (Stella Long (2023-06-01))</li>" in html


@pytest.mark.parametrize("year", ["1999", "2101"])
def test_a_report_of_an_impossible_year_is_refused_naming_the_year(client, login, manager, year):
    for suffix in ("html", "csv"):
        response = client.get(f"/api/v1/reports/annual/{year}.{suffix}", headers=login(manager))
        assert_problem(response, 422, "year")


def test_the_report_has_a_content_security_policy_that_runs_no_script(
    client, login, manager, suite
):
    response = client.get(HTML, headers=login(manager))

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "unsafe-eval" not in policy
    assert "script-src" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# Every user-supplied text is escaped -----------------------------------------------------------


def test_the_report_escapes_a_site_name(client, login, manager, pair):
    headers = login(manager)
    created = client.post(
        "/api/v1/sites",
        headers=headers,
        json={
            "name": "<script>alert(1)</script>",
            "kind": "custody_suite",
            "cells": 10,
            "status_on": "2020-04-01",
        },
    )
    assert created.status_code == 201, created.get_json()
    site = db.session.get(Site, created.get_json()["id"])
    record_visit(site, manager, pair, "2023-05-01T09:00:00+01:00")

    html = report(client, headers)

    assert "<script" not in html
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    assert "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>" in html


def test_the_report_escapes_a_leavers_reason(client, login, scheme, manager, suite):
    leaver = make_volunteer(scheme, "Lee Leaver", date(2018, 5, 1))
    headers = login(manager)
    left = client.patch(
        f"/api/v1/people/{leaver.id}",
        headers=headers,
        json={
            "status": "left",
            "left_on": "2023-09-01",
            "leave_reason": "<img src=x onerror=alert(1)>",
        },
    )
    assert left.status_code == 200, left.get_json()

    html = report(client, headers)

    assert "<img" not in html
    assert "<li>&lt;img src=x onerror=alert(1)&gt;</li>" in html


def test_the_report_escapes_an_access_delay_reason(client, login, manager, suite, pair):
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-09T21:00:00+01:00",
        wait_minutes=20,
        access_delay_reason="<b onmouseover=alert(1)>busy</b>",
    )

    html = report(client, login(manager))

    assert "<b onmouseover" not in html
    assert "<li>&lt;b onmouseover=alert(1)&gt;busy&lt;/b&gt;: 1</li>" in html


def test_the_report_escapes_an_issues_category_label_and_description(
    client, login, manager, suite, pair
):
    headers = login(manager)
    saved = client.post(
        "/api/v1/issue-categories",
        headers=headers,
        json={"key": "cell_safety", "label": "<i>Cell</i> safety"},
    )
    assert saved.status_code == 201, saved.get_json()
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-01T09:00:00+01:00",
        issues=[
            {
                "category": "cell_safety",
                "description": "<iframe src=javascript:alert(1)></iframe>",
                "raised_by": "visitor",
                "resolved_during_visit": False,
            }
        ],
    )

    html = report(client, headers)

    assert "<i>Cell</i>" not in html
    assert "<iframe" not in html
    assert "javascript:" not in html


def test_the_report_shows_a_schemes_own_category_by_its_label_escaped(
    client, login, manager, suite, pair
):
    headers = login(manager)
    saved = client.post(
        "/api/v1/issue-categories",
        headers=headers,
        json={"key": "cell_safety", "label": "<i>Cell</i> safety"},
    )
    assert saved.status_code == 201, saved.get_json()
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-01T09:00:00+01:00",
        issues=[
            {
                "category": "cell_safety",
                "description": "Ligature point in cell 4",
                "raised_by": "visitor",
                "resolved_during_visit": False,
            }
        ],
    )

    html = report(client, headers)

    assert "<td>&lt;i&gt;Cell&lt;/i&gt; safety</td>" in html
    assert "<i>Cell</i>" not in html


def test_the_report_escapes_a_volunteers_name(client, login, scheme, manager, suite, pair):
    make_volunteer(scheme, "<u>Milo</u> Stone", date(2020, 6, 1))
    record_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00")

    html = report(client, login(manager))

    assert "<u>" not in html
    assert "(&lt;u&gt;Milo&lt;/u&gt; Stone (2023-06-01))" in html


def test_the_report_escapes_the_schemes_name(client, login):
    marked = schemes.create_scheme("<em>Marked</em> shire")
    marked_manager = make_person(marked, "manager", email="manager@marked.example")
    record_visit(
        make_site(marked, "Marked Suite"),
        marked_manager,
        make_visitors(marked, 2),
        "2023-05-01T09:00:00+01:00",
    )

    html = report(client, login(marked_manager))

    assert "<em>" not in html
    assert "&lt;em&gt;Marked&lt;/em&gt; shire" in html


# CSV -------------------------------------------------------------------------------------------


def test_the_csv_is_an_attachment_of_the_reports_tables(client, login, manager, small_year):
    response = client.get(CSV, headers=login(manager))

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert 'filename="annual-report-2023.csv"' in disposition


def test_the_csv_has_the_visits_and_target_table(client, login, manager, small_year):
    body = report(client, login(manager), CSV)

    assert csv_table(body, "Visits and target 2023/24") == [
        ["site", "visits", "target", "percent"],
        ["Central Suite", "2", "52", "3.8"],
        ["Harbour Suite", "1", "52", "1.9"],
        ["Total", "3", "104", "2.9"],
    ]


def test_the_csv_has_a_timeslots_table_per_suite(client, login, manager, small_year):
    body = report(client, login(manager), CSV)

    bands = ["00:00-07:59", "08:00-11:59", "12:00-15:59", "16:00-19:59", "20:00-23:59"]
    central = csv_table(body, "Timeslots: Central Suite")
    assert central[0] == ["day", *bands, "total"]
    assert central[1] == ["Mon", "0", "1", "0", "0", "0", "1"]
    assert central[2] == ["Tue", "0", "0", "0", "0", "1", "1"]
    assert all(row[1:] == ["0"] * 6 for row in central[3:8])
    assert central[8] == ["total", "0", "1", "0", "0", "1", "2"]
    harbour = csv_table(body, "Timeslots: Harbour Suite")
    assert harbour[3] == ["Wed", "0", "0", "1", "0", "0", "1"]
    assert harbour[-1] == ["total", "0", "0", "1", "0", "0", "1"]


def test_the_csv_has_the_dog_units_timeslots_table(client, login, manager, small_year):
    body = report(client, login(manager), CSV)

    dogs = csv_table(body, "Timeslots: Dog Unit")
    assert dogs[0] == ["day", "07:00-13:00", "15:00-20:00", "total"]
    assert dogs[1] == ["Mon", "1", "0", "1"]
    assert dogs[-1] == ["total", "1", "0", "1"]


# The command -----------------------------------------------------------------------------------


def test_icv_report_writes_the_html_report(app, tmp_path, scheme, small_year):
    out = tmp_path / "r.html"

    result = app.test_cli_runner().invoke(
        args=["report", "--year", "2023", "--out", str(out), "--scheme", str(scheme.id)]
    )

    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "3 visits were made to custody suites, 2.9% of the target of 104." in html
    assert "<h2>Issues raised</h2>" in html
    assert "<svg" in html


def test_icv_report_writes_csv_when_the_file_ends_in_csv(app, tmp_path, scheme, small_year):
    out = tmp_path / "r.csv"

    result = app.test_cli_runner().invoke(
        args=["report", "--year", "2023", "--out", str(out), "--scheme", str(scheme.id)]
    )

    assert result.exit_code == 0, result.output
    body = out.read_text(encoding="utf-8")
    assert csv_table(body, "Visits and target 2023/24")[-1] == ["Total", "3", "104", "2.9"]


def test_icv_report_of_an_unknown_scheme_fails_with_a_message(app, ctx, tmp_path):
    out = tmp_path / "r.html"

    result = app.test_cli_runner().invoke(
        args=["report", "--year", "2023", "--out", str(out), "--scheme", "999999"]
    )

    assert result.exit_code != 0
    assert "No such scheme" in result.output
    assert not out.exists()


def test_a_viewers_report_counts_long_service_by_length_without_names(
    client, login, scheme, viewer, manager, suite, pair
):
    record_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00")
    make_volunteer(scheme, "Stella Long", date(2020, 6, 1))
    make_volunteer(scheme, "Sunil Steady", date(2020, 9, 1))
    make_volunteer(scheme, "Sian Senior", date(2017, 5, 1))

    html = report(client, login(viewer))

    assert "<li>3 years: 2 volunteers</li>" in html
    assert "<li>6 years: 1 volunteer</li>" in html
    for name in ("Stella Long", "Sunil Steady", "Sian Senior"):
        assert name not in html


def test_no_ones_name_reaches_a_viewer_in_the_report_or_the_statistics(
    client, login, scheme, manager, viewer, suite
):
    leaver = make_volunteer(scheme, "Lena Leaver", date(2015, 6, 1))
    move(leaver, "left", date(2023, 9, 1), leave_reason="Moved away")
    make_volunteer(scheme, "Stella Long", date(2020, 6, 1))
    headers = login(viewer)

    answers = [
        report(client, headers),
        client.get("/api/v1/reports/annual/2023.csv", headers=headers).get_data(as_text=True),
        client.get("/api/v1/stats/annual?year=2023", headers=headers).get_data(as_text=True),
    ]

    for person in db.session.scalars(db.select(Person)):
        for answer in answers:
            assert person.name not in answer
