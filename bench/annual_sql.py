"""The annual statistics of one scheme-year as one hand-written PostgreSQL query.

The baseline `stats_vs_sql.py` holds the domain to: every figure of `icv.reporting.annual.annual`
that is counted from the records (visits and targets per suite, access, detainees, hours, coverage,
issues, the volunteer cohort and milestones, the dog unit), computed by the database in one
round trip and returned as one JSON document. `figures_by_sql` turns that document into the
same shape as `comparable(icv.reporting.annual.annual(...))`, so the two can be checked equal.
"""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import text

from icv.common.dates import FinancialYear, add_months, local_midnight
from icv.common.numbers import percent
from icv.models import DETAINEE_OUTCOMES
from icv.people.hours import figures as hour_figures

ANNUAL_SQL = text(
    """
WITH
weeks AS (
    SELECT monday::date AS starts_on, (monday + interval '6 days')::date AS last_day
    FROM generate_series(CAST(:first_monday AS date), CAST(:last_day AS date), interval '7 days')
        AS monday
),
months AS (
    SELECT month::date AS starts_on, (month + interval '1 month - 1 day')::date AS last_day
    FROM generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 month')
        AS month
),
sites AS (
    SELECT id, name, kind FROM site WHERE scheme_id = :scheme_id
),
periods AS (
    SELECT s.id AS site_id, p.starts_on, p.last_day
    FROM sites s JOIN weeks p ON s.kind = 'custody_suite'
    UNION ALL
    SELECT s.id, p.starts_on, p.last_day
    FROM sites s JOIN months p ON s.kind = 'dog_unit'
),
required AS (
    SELECT p.site_id, p.starts_on
    FROM periods p
    WHERE (
        SELECT c.status FROM site_status_change c
        WHERE c.site_id = p.site_id AND c.effective_on <= p.starts_on
        ORDER BY c.effective_on DESC, c.id DESC LIMIT 1
    ) = 'open'
    OR EXISTS (
        SELECT 1 FROM site_status_change c
        WHERE c.site_id = p.site_id AND c.status = 'open'
          AND c.effective_on > p.starts_on AND c.effective_on <= p.last_day
    )
),
window_visits AS (
    SELECT v.*, s.kind,
           v.arrived_at < :year_end AS in_year,
           (v.arrived_at AT TIME ZONE :tz)::date AS local_day
    FROM visit v JOIN sites s ON s.id = v.site_id
    WHERE v.scheme_id = :scheme_id AND v.status = 'submitted'
      AND v.arrived_at >= :year_start AND v.arrived_at < :window_end
),
year_visits AS (
    SELECT * FROM window_visits WHERE in_year
),
custody AS (
    SELECT * FROM year_visits WHERE kind = 'custody_suite' AND outcome = 'completed'
),
met AS (
    SELECT DISTINCT w.site_id,
        CASE WHEN w.kind = 'custody_suite' THEN date_trunc('week', w.local_day)::date
             ELSE date_trunc('month', w.local_day)::date END AS starts_on
    FROM window_visits w
    WHERE w.outcome = 'completed' AND (w.kind = 'custody_suite' OR w.in_year)
),
targets AS (
    SELECT s.id AS site_id, s.kind,
        (SELECT count(*) FROM required r WHERE r.site_id = s.id) AS required,
        (SELECT count(*) FROM required r JOIN met m USING (site_id, starts_on)
          WHERE r.site_id = s.id) AS periods_met,
        (SELECT count(*) FROM year_visits y
          WHERE y.site_id = s.id AND y.outcome = 'completed') AS visits,
        (SELECT count(*) FROM year_visits y
          WHERE y.site_id = s.id AND y.outcome = 'abandoned') AS abandoned
    FROM sites s
),
slot_counts AS (
    SELECT y.site_id, y.slot_day, y.slot_band, count(*) AS visits,
           sum(CASE WHEN y.in_handover THEN 1 ELSE 0 END) AS in_handover
    FROM year_visits y WHERE y.outcome = 'completed'
    GROUP BY y.site_id, y.slot_day, y.slot_band
),
entries AS (
    SELECT d.outcome, d.gender, d.age_group, d.ethnicity, count(*) AS people
    FROM custody c JOIN detainee_entry d ON d.visit_id = c.id
    GROUP BY d.outcome, d.gender, d.age_group, d.ethnicity
),
volunteers AS (
    SELECT p.* FROM person p
    WHERE p.scheme_id = :scheme_id
      AND EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role = 'visitor')
),
changes AS (
    SELECT c.*, v.name FROM person_status_change c JOIN volunteers v ON v.id = c.person_id
),
at_start AS (
    SELECT DISTINCT ON (person_id) person_id, to_status AS status
    FROM changes WHERE effective_on < :first_day ORDER BY person_id, id DESC
),
at_end AS (
    SELECT DISTINCT ON (e.person_id) e.person_id, e.to_status AS status
    FROM changes e WHERE e.effective_on <= :last_day ORDER BY e.person_id, e.id DESC
),
serving_at_end AS (
    SELECT v.* FROM at_end e JOIN volunteers v ON v.id = e.person_id
    WHERE e.status IN ('probation', 'active')
),
in_year_changes AS (
    SELECT * FROM changes WHERE effective_on BETWEEN :first_day AND :last_day
),
anniversaries AS (
    SELECT v.id, v.name, v.joined_on, v.status, v.left_on,
        (CASE WHEN extract(month FROM v.joined_on) >= 4 THEN :year ELSE :year + 1 END)
            - extract(year FROM v.joined_on)::int AS years
    FROM volunteers v
    WHERE v.status NOT IN ('applicant', 'vetting')
),
milestones AS (
    SELECT id, name, years, (joined_on + make_interval(years => years))::date AS reached_on,
           status, left_on
    FROM anniversaries
    WHERE years >= 3 AND years % 3 = 0 AND (status <> 'left' OR left_on >= :first_day)
)
SELECT json_build_object(
    'targets', (SELECT json_agg(t ORDER BY t.site_id) FROM targets t),
    'slots', (SELECT coalesce(json_agg(s), '[]') FROM slot_counts s),
    'access', (
        SELECT coalesce(json_agg(a), '[]') FROM (
            SELECT access, access_delay_reason AS reason, count(*) AS visits
            FROM custody WHERE access IS NOT NULL GROUP BY access, access_delay_reason
        ) a),
    'entries', (SELECT coalesce(json_agg(e), '[]') FROM entries e),
    'visit_seconds', (
        SELECT sum(round(extract(epoch FROM (y.departed_at - y.arrived_at))))
        FROM year_visits y JOIN visit_visitor vv ON vv.visit_id = y.id
        WHERE y.departed_at IS NOT NULL),
    'activity_hours', (
        SELECT sum(hours) FROM activity
        WHERE scheme_id = :scheme_id AND done_on BETWEEN :first_day AND :last_day),
    'hourly_rate', (SELECT hourly_rate FROM scheme WHERE id = :scheme_id),
    'issues', (
        SELECT coalesce(json_agg(i), '[]') FROM (
            SELECT i.category, i.status, count(*) AS issues
            FROM year_visits y JOIN issue i ON i.visit_id = y.id
            GROUP BY i.category, i.status
        ) i),
    'cohort', json_build_object(
        'at_start', (SELECT count(*) FROM at_start WHERE status IN ('probation', 'active')),
        'at_end', (SELECT count(*) FROM at_end WHERE status IN ('probation', 'active')),
        'in_probation', (SELECT count(*) FROM at_end WHERE status = 'probation'),
        'suspended', (SELECT count(*) FROM at_end WHERE status = 'suspended'),
        'recruits_in_checks', (
            SELECT count(*) FROM at_end WHERE status IN ('applicant', 'vetting')),
        'long_serving', (
            SELECT count(*) FROM serving_at_end WHERE joined_on < :long_service_cutoff),
        'joined', (
            SELECT count(*) FROM in_year_changes WHERE to_status IN ('probation', 'active')
              AND (from_status IS NULL OR from_status = 'vetting')),
        'left', (
            SELECT count(*) FROM in_year_changes WHERE to_status = 'left'
              AND from_status IN ('probation', 'active', 'suspended')),
        'withdrawn', (
            SELECT count(*) FROM in_year_changes WHERE to_status = 'left'
              AND from_status IN ('applicant', 'vetting')),
        'leavers', (
            SELECT coalesce(json_agg(json_build_object(
                'name', name, 'left_on', effective_on, 'reason', leave_reason)
                ORDER BY effective_on, name, id), '[]')
            FROM in_year_changes WHERE to_status = 'left'
              AND from_status IN ('probation', 'active', 'suspended')),
        'serving', (
            SELECT coalesce(json_agg(json_build_object(
                'home_area', home_area, 'gender', gender, 'birth_year', birth_year)), '[]')
            FROM serving_at_end)
    ),
    'milestones', (
        SELECT coalesce(json_agg(json_build_object(
            'person_id', id, 'name', name, 'years', years, 'reached_on', reached_on)
            ORDER BY reached_on, name, id), '[]')
        FROM milestones WHERE NOT (status = 'left' AND left_on < reached_on))
)
"""
)


def parameters(scheme_id: int, year: int, timezone: str) -> dict:
    fy = FinancialYear(year)
    mondays = fy.mondays()
    year_start, year_end = fy.utc_bounds(timezone)
    window_end = max(year_end, local_midnight(mondays[-1] + timedelta(weeks=1), timezone))
    return {
        "scheme_id": scheme_id,
        "year": year,
        "tz": timezone,
        "first_day": fy.first_day,
        "last_day": fy.last_day,
        "first_monday": mondays[0],
        "year_start": year_start,
        "year_end": year_end,
        "window_end": window_end,
        "long_service_cutoff": add_months(fy.last_day, -12 * 5),
    }


def run(connection, scheme_id: int, year: int, timezone: str) -> dict:
    """The raw figures: one statement, one round trip."""
    return connection.execute(ANNUAL_SQL, parameters(scheme_id, year, timezone)).scalar_one()


# Both sides in one shape, to check they agree ------------------------------------------------


def comparable(figures: dict) -> dict:
    """The counted figures of `icv.reporting.annual.annual`'s output, in a plain shape."""
    cohort = figures["volunteers"]
    aws = figures["aws"] or {"by_site": []}
    return {
        "suites": {
            row["site_id"]: (row["visits"], row["target"], row["periods_met"], row["abandoned"])
            for row in figures["visits"]["by_site"]
        },
        "access": {
            key: figures["access"][key] for key in ("immediate", "delay_6_15", "delay_over_15")
        },
        "access_reasons": {row["reason"]: row["count"] for row in figures["access"]["reasons"]},
        "detainees": {
            key: figures["detainees"][key]
            for key in ("in_cells", "seen", "refused", "not_offered", "unavailable")
        },
        "seen_by": {
            attribute: {row["value"]: row["count"] for row in rows}
            for attribute, rows in figures["detainees"]["seen_by"].items()
        },
        "hours": (figures["hours"]["volunteer_hours"], figures["hours"]["economic_value"]),
        "coverage": {
            table["site_id"]: (table["counts"], table["outside_grid"], table["abandoned"])
            for table in figures["coverage"]
        },
        "issues": {row["category"]: row["count"] for row in figures["issues"]["by_category"]},
        "issue_statuses": {
            key: figures["issues"][key]
            for key in ("resolved_during_visit", "open", "acknowledged", "resolved")
        },
        "cohort": {
            key: cohort[key]
            for key in (
                "at_start",
                "joined",
                "left",
                "withdrawn",
                "at_end",
                "in_probation",
                "suspended",
                "recruits_in_checks",
                "over_5_years_percent",
                "by_home_area",
                "by_gender",
            )
        },  # fmt: skip
        "leavers": [(row["name"], row["left_on"], row["reason"]) for row in cohort["leavers"]],
        "milestones": [(row["person_id"], row["years"]) for row in cohort["milestones"]],
        "dog_units": {
            table["site_id"]: (table["total"], table["target"], table["counts"])
            for table in aws["by_site"]
        },
    }


def _grid(cells: list[dict], site_id: int, days: int, bands: int) -> tuple[list, int]:
    """A site's slot counts (days x bands) and its visits outside the grid."""
    counts = [[0] * bands for _ in range(days)]
    outside = 0
    for cell in cells:
        if cell["site_id"] != site_id:
            continue
        if cell["slot_day"] is None:
            outside += cell["visits"]
        else:
            counts[cell["slot_day"]][cell["slot_band"]] += cell["visits"]
    return counts, outside


def _count_by(rows, key) -> dict:
    totals: dict = {}
    for row in rows:
        value = key(row)
        totals[value] = totals.get(value, 0) + 1
    return dict(sorted(totals.items()))


def figures_by_sql(raw: dict, year: int) -> dict:
    """The query's document in the shape of `comparable`."""
    targets = {row["site_id"]: row for row in raw["targets"]}
    suites = {k: row for k, row in targets.items() if row["kind"] == "custody_suite"}
    dogs = {k: row for k, row in targets.items() if row["kind"] == "dog_unit"}
    bands = {"immediate": 0, "delay_6_15": 0, "delay_over_15": 0}
    reasons: dict = {}
    for row in raw["access"]:
        bands[row["access"]] += row["visits"]
        if row["access"] != "immediate":
            reason = row["reason"] or "not recorded"
            reasons[reason] = reasons.get(reason, 0) + row["visits"]
    outcomes = dict.fromkeys(DETAINEE_OUTCOMES, 0)
    seen_by: dict = {"gender": {}, "age_group": {}, "ethnicity": {}}
    for row in raw["entries"]:
        outcomes[row["outcome"]] += row["people"]
        if row["outcome"] == "seen":
            for attribute, counts in seen_by.items():
                value = row[attribute] or "not_recorded"
                counts[value] = counts.get(value, 0) + row["people"]
    hours = hour_figures(
        raw["visit_seconds"], raw["activity_hours"], Decimal(str(raw["hourly_rate"]))
    )
    issues: dict = {}
    statuses = dict.fromkeys(("resolved_during_visit", "open", "acknowledged", "resolved"), 0)
    for row in raw["issues"]:
        issues[row["category"]] = issues.get(row["category"], 0) + row["issues"]
        statuses[row["status"]] += row["issues"]
    cohort = raw["cohort"]
    serving = cohort["serving"]
    shown_suites = [k for k, row in suites.items() if row["required"] or row["visits"]]
    shown_suites += [k for k, row in suites.items() if row["abandoned"] and k not in shown_suites]
    return {
        "suites": {
            k: (row["visits"], row["required"], row["periods_met"], row["abandoned"])
            for k, row in suites.items()
        },
        "access": bands,
        "access_reasons": reasons,
        "detainees": {
            "in_cells": sum(outcomes.values()),
            "seen": outcomes["seen"],
            "refused": outcomes["refused"],
            "not_offered": outcomes["not_offered"],
            "unavailable": outcomes["unavailable"],
        },
        "seen_by": seen_by,
        "hours": (float(hours["volunteer_hours"]), float(hours["economic_value"])),
        "coverage": {
            k: (*_grid(raw["slots"], k, 7, 5), suites[k]["abandoned"]) for k in shown_suites
        },
        "issues": issues,
        "issue_statuses": statuses,
        "cohort": {
            "at_start": cohort["at_start"],
            "joined": cohort["joined"],
            "left": cohort["left"],
            "withdrawn": cohort["withdrawn"],
            "at_end": cohort["at_end"],
            "in_probation": cohort["in_probation"],
            "suspended": cohort["suspended"],
            "recruits_in_checks": cohort["recruits_in_checks"],
            "over_5_years_percent": percent(cohort["long_serving"], cohort["at_end"]),
            "by_home_area": _count_by(serving, lambda p: p["home_area"] or "not_stated"),
            "by_gender": _count_by(serving, lambda p: p["gender"] or "not_stated"),
        },
        "leavers": [(row["name"], row["left_on"], row["reason"]) for row in cohort["leavers"]],
        "milestones": [(row["person_id"], row["years"]) for row in raw["milestones"]],
        "dog_units": {
            k: (row["visits"], row["required"], _grid(raw["slots"], k, 6, 2)[0])
            for k, row in dogs.items()
        },
    }
