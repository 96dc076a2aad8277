"""The report's new sections and words: key findings, the year before, charts with their text
alternatives, one heat-map scale with a legend, labels from the vocabularies, the force's
responses, the custody throughput (`PUT /stats/throughput/{year}`), and a 404 for a year
without records."""

import re

import pytest

from icv.models import CustodyThroughput, labels
from icv.reporting.render import css_string
from icv.visits import issues
from tests.reporting.test_report import HTML, record_visit, report, section
from tests.support.problems import assert_problem

THROUGHPUT = "/api/v1/stats/throughput/2023"


@pytest.fixture
def pair(scheme):
    from tests.support.visits import make_visitors

    return make_visitors(scheme, 2)


def a_visit(site, manager, pair, arrived="2023-05-01T09:00:00+01:00", **fields):
    return record_visit(site, manager, pair, arrived, **fields)


# A year without records ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["html", "csv"])
def test_a_year_without_records_is_a_404_naming_the_year(client, login, manager, suite, suffix):
    response = client.get(f"/api/v1/reports/annual/2030.{suffix}", headers=login(manager))

    assert_problem(response, 404, "year")
    assert "No records for 2030/31" in response.get_json()["detail"]


def test_without_visits_the_year_before_the_report_says_so_instead_of_comparing(
    client, login, manager, suite, pair
):
    a_visit(suite, manager, pair)

    html = report(client, login(manager))

    comparison = section(html, "This year against the year before")
    assert "No visits are recorded for 2022/23, the year before" in comparison
    assert "<svg" not in comparison


def test_the_year_before_is_compared_figure_by_figure(client, login, manager, suite, pair):
    a_visit(suite, manager, pair, "2022-05-02T09:00:00+01:00")
    a_visit(suite, manager, pair)
    a_visit(suite, manager, pair, "2023-05-09T09:00:00+01:00")

    html = report(client, login(manager))

    comparison = section(html, "This year against the year before")
    assert "<tr><td>Custody visits</td>" in comparison
    assert re.search(
        r"<td>1</td>\s*<td>2</td>\s*<td class=\"up\">\+1 \(\+100.0%\)</td>", comparison
    )
    assert 'id="chart-year-on-year"' in comparison
    findings = section(html, "Key findings")
    assert "Custody visits rose from 1 in 2022/23 to 2 (100.0%)." in findings


# Charts and heat maps --------------------------------------------------------------------------


def test_every_chart_is_an_image_with_a_title_a_description_and_a_caption(
    client, login, manager, suite, pair
):
    a_visit(suite, manager, pair)

    html = report(client, login(manager))

    figures = re.findall(r'<figure class="chart" id="([^"]+)".*?</figure>', html, re.S)
    assert set(figures) >= {
        "chart-visits-by-month",
        "chart-cohort",
        "chart-access",
        "chart-detainees",
        "chart-issues-by-category",
        "chart-issues-by-quarter",
        "chart-response-times",
    }
    for chart_id in figures:
        block = html[html.index(f'id="{chart_id}"') :]
        block = block[: block.index("</figure>")]
        assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in block
        assert re.search(rf'<title id="{chart_id}-title">[^<]+</title>', block)
        assert re.search(rf'<desc id="{chart_id}-desc">[^<]+</desc>', block)
        assert re.search(r"<figcaption[^>]*><strong>[^<]+\.</strong> [^<]+</figcaption>", block)


def test_every_timeslot_table_shares_one_colour_scale_with_a_legend(
    client, login, manager, suite, second_suite, pair
):
    for day in ("2023-05-01", "2023-05-08", "2023-05-15", "2023-05-22"):
        a_visit(suite, manager, pair, f"{day}T09:00:00+01:00")
    a_visit(second_suite, manager, pair)

    timeslots = section(report(client, login(manager)), "When visits were made: timeslots")

    # Four visits are the darkest shade; one, at the other suite too, the lightest.
    assert timeslots.count('<td class="heat-4">4</td>') == 1
    assert timeslots.count('<td class="heat-1">1</td>') == 1
    legend = timeslots[timeslots.index('<ul class="legend"') : timeslots.index("</ul>")]
    assert "no visit yet: a slot to target" in legend
    assert "visited once" in legend
    assert "visited 4 times" in legend


def test_counts_of_slots_are_grammatical(client, login, manager, dog_unit, pair):
    # Every slot but Sat/Sun afternoons: mornings Mon 1 to Sat 6 May, afternoons Mon 8 to Fri 12.
    for day in range(1, 7):
        a_visit(dog_unit, manager, pair, f"2023-05-{day:02d}T09:00:00+01:00")
    for day in range(8, 13):
        a_visit(dog_unit, manager, pair, f"2023-05-{day:02d}T16:00:00+01:00")

    aws = section(report(client, login(manager)), "Animal welfare scheme")

    assert "1 slot without a visit." in aws


# Labels ----------------------------------------------------------------------------------------


def test_every_vocabulary_key_has_a_label_in_the_vocabularys_order():
    for name, (keys, words) in labels.LABELLED_VOCABULARIES.items():
        assert list(words)[: len(keys)] == list(keys), name
        assert all(words[key].strip() for key in keys), name


def test_those_seen_are_labelled_from_the_vocabularies_and_ages_go_in_age_order(
    client, login, manager, suite, pair
):
    people = [
        {"ref": "C1", "outcome": "seen", "gender": "non_binary", "age_group": "65_plus"},
        {"ref": "C2", "outcome": "seen", "ethnicity": "asian", "age_group": "18_24"},
        {"ref": "C3", "outcome": "seen", "age_group": "18_24"},
        {"ref": "C4", "outcome": "seen", "age_group": "35_44"},
    ]
    a_visit(suite, manager, pair, detainees=people)

    html = section(report(client, login(manager)), "Detainees")

    assert "<td>Non-binary</td>" in html
    assert "<td>Asian or Asian British</td>" in html
    ages = html[html.index("Those seen, by age group") : html.index("Those seen, by ethnicity")]
    assert re.findall(r"<tr><td>([^<]+)</td><td>\d+</td></tr>", ages) == [
        "18-24",
        "35-44",
        "65 and over",
    ]


# The force's responses and the custody throughput -------------------------------------------------


def test_the_forces_responses_to_the_main_themes_are_quoted(
    client, login, manager, inspector, suite, pair
):
    visit = a_visit(
        suite,
        manager,
        pair,
        issues=[
            {"category": "food_and_drink", "description": "No hot drink", "raised_by": "visitor"}
        ],
    )
    issues.resolve(visit.issues[0], inspector, "Hot drinks now offered <at once>.")

    html = report(client, login(manager))

    responses = html[html.index('id="force-responses"') :]
    assert "<h4>Food and drink (1 issue)</h4>" in responses
    assert "&ldquo;Hot drinks now offered &lt;at once&gt;.&rdquo;" in responses


def test_the_manager_records_the_forces_throughput_and_the_report_sets_visits_against_it(
    client, login, manager, suite, pair
):
    a_visit(suite, manager, pair, detainees=[{"ref": "C1", "outcome": "asleep_observed"}])
    headers = login(manager)

    answer = client.put(THROUGHPUT, headers=headers, json={"detainees": 1000})

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["detainees"] == 1000
    assert client.get(THROUGHPUT, headers=headers).get_json()["detainees"] == 1000
    html = report(client, headers)
    assert (
        "people passed through its custody in 2023/24; the 1 in cells at the times of visits "
        "are 0.1% of them."
    ) in html


def test_recording_the_throughput_again_corrects_it(client, login, manager, suite):
    headers = login(manager)
    client.put(THROUGHPUT, headers=headers, json={"detainees": 400})

    client.put(THROUGHPUT, headers=headers, json={"detainees": 410})

    assert client.get(THROUGHPUT, headers=headers).get_json()["detainees"] == 410


def test_a_year_without_a_throughput_reads_as_null(client, login, viewer):
    answer = client.get(THROUGHPUT, headers=login(viewer)).get_json()

    assert (answer["label"], answer["detainees"], answer["recorded_at"]) == ("2023/24", None, None)


@pytest.mark.parametrize("bad", [-1, "400", 4.5, None, 10_000_001])
def test_a_bad_throughput_is_refused_naming_the_field_and_writes_nothing(
    client, login, manager, bad
):
    response = client.put(THROUGHPUT, headers=login(manager), json={"detainees": bad})

    assert_problem(response, 422, "detainees")
    assert CustodyThroughput.query.count() == 0


def test_a_throughput_for_an_impossible_year_is_refused(client, login, manager):
    response = client.put(
        "/api/v1/stats/throughput/1999", headers=login(manager), json={"detainees": 1}
    )

    assert_problem(response, 422, "year")


# Print -------------------------------------------------------------------------------------------


def test_the_running_header_escapes_the_schemes_name_for_css():
    assert css_string('A "shire"\\</style>') == (
        "A \\000022shire\\000022\\00005c\\00003c\\00002fstyle\\00003e"
    )


def test_the_print_stylesheet_numbers_pages_and_keeps_tables_whole(
    client, login, manager, suite, pair
):
    a_visit(suite, manager, pair)

    html = report(client, login(manager))

    assert 'counter(page) " of " counter(pages)' in html
    assert "table, figure, blockquote, .legend { break-inside: avoid;" in html
    assert HTML.endswith(".html")
