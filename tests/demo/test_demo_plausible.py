"""The demo is plausible and reproducible. No year holds what could not have happened: visits
only at open sites, by visitors the eligibility rules allowed on that day (judged with the
statuses their history gives for it), no more detainees than cells, answers to issues after they
were raised and before the demo's today, nothing recorded on or after that day. And the same day
gives the same demo: loaded again, on another database, every table holds as many rows and the
rows that show the present are the same."""

from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import select

from icv.common.database import db
from icv.common.dates import local_midnight
from icv.demo import demo_scheme
from icv.models import Activity, Issue, IssueEvent, PersonStatusChange, Visit
from icv.people.eligibility import why_may_not_go_together, why_may_not_visit
from icv.sites.sites import status_on
from tests.support.demo import DEMO_TODAY, demo_digest, fresh_sqlite_app


def visits(session) -> list[Visit]:
    return list(session.scalars(select(Visit).order_by(Visit.arrived_at)))


def local_day(visit: Visit):
    return visit.arrived_at.astimezone(ZoneInfo(visit.site.scheme.timezone)).date()


def statuses(session) -> dict[int, list[tuple]]:
    history = defaultdict(list)
    for change in session.scalars(select(PersonStatusChange).order_by(PersonStatusChange.id)):
        history[change.person_id].append((change.effective_on, change.to_status))
    return history


def status_then(history: list[tuple], day) -> str | None:
    status = None
    for effective_on, to_status in history:
        if effective_on <= day:
            status = to_status
    return status


def test_every_visit_is_at_a_site_open_that_day(in_demo):
    closed = [v.id for v in visits(in_demo) if status_on(v.site, local_day(v)) != "open"]

    assert closed == []


def test_every_visitor_was_allowed_to_make_the_visit_on_its_day(in_demo):
    history = statuses(in_demo)
    refused = []

    with in_demo.no_autoflush:
        for visit in visits(in_demo):
            day = local_day(visit)
            for person in visit.visitors:
                person.status = status_then(history[person.id], day)
                reason = why_may_not_visit(person, visit.site.kind)
                if reason:
                    refused.append((day, reason))
            reason = why_may_not_go_together(visit.visitors)
            if reason:
                refused.append((day, reason))
    in_demo.rollback()

    assert refused == []


def test_no_visit_finds_more_detainees_than_the_suite_has_cells(in_demo):
    overfull = [
        (v.site.name, len(v.detainees))
        for v in visits(in_demo)
        if v.detainees and len(v.detainees) > v.site.cells
    ]

    assert overfull == []


def test_issues_are_answered_after_they_were_raised_and_before_today(in_demo):
    today_starts = local_midnight(DEMO_TODAY, "Europe/London")
    wrong = []

    for issue in in_demo.scalars(select(Issue)):
        times = [event.at for event in issue.events]
        if any(not issue.raised_at <= at < today_starts for at in times):
            wrong.append(issue.id)
        if issue.acknowledged_at and issue.acknowledged_at < issue.raised_at:
            wrong.append(issue.id)
        if (
            issue.resolved_at
            and issue.acknowledged_at
            and issue.resolved_at < issue.acknowledged_at
        ):
            wrong.append(issue.id)

    assert wrong == []
    assert in_demo.scalar(select(IssueEvent.id).limit(1)) is not None


def test_nothing_is_recorded_on_or_after_the_demos_today(in_demo):
    today_starts = local_midnight(DEMO_TODAY, "Europe/London")

    assert all(v.departed_at < today_starts for v in visits(in_demo))
    changes = in_demo.scalars(select(PersonStatusChange.effective_on))
    assert all(day < DEMO_TODAY for day in changes)
    assert all(day < DEMO_TODAY for day in in_demo.scalars(select(Activity.done_on)))


def test_no_volunteer_leaves_before_joining_or_serves_past_leaving(in_demo):
    history = statuses(in_demo)
    wrong = []

    for visit in visits(in_demo):
        for person in visit.visitors:
            if person.left_on is not None and local_day(visit) >= person.left_on:
                wrong.append((person.name, local_day(visit)))
    for person_id, changes in history.items():
        days = [day for day, _ in changes]
        if days != sorted(days):
            wrong.append((person_id, days))

    assert wrong == []


# The same day, the same demo ---------------------------------------------------------------


def test_loading_the_demo_on_the_same_day_again_gives_the_same_records(demo_present, tmp_path):
    other = fresh_sqlite_app(tmp_path / "again.sqlite3")

    with other.app_context():
        demo_scheme.load_demo(today=DEMO_TODAY)
        again = demo_digest()
        db.session.remove()

    assert again == demo_present
    assert again["visits_by_year"] and again["claims"] and again["plan_items"]


def test_loading_the_demo_twice_changes_nothing(app, demo_present):
    with app.app_context():
        demo_scheme.load_demo(today=DEMO_TODAY)
        after = demo_digest()
        db.session.remove()

    assert after == demo_present
