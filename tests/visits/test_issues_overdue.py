"""When an issue is overdue: an open issue not acknowledged within the scheme's days (seven
unless the scheme sets its own) is overdue, to the minute, in a single issue and in the
`overdue` filter; an acknowledged issue or one resolved during the visit never is; a reopened
issue starts a fresh deadline from its reopening.
"""

from datetime import UTC, datetime, timedelta

import pytest

from icv.common.database import db
from icv.models import Scheme, utcnow
from tests.visits.issue_bodies import ACK, ISSUES, listed, set_issue

# Overdue -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "age, overdue",
    [
        pytest.param(timedelta(days=7) - timedelta(minutes=1), False, id="a-minute-before"),
        pytest.param(timedelta(days=7) + timedelta(minutes=1), True, id="a-minute-after"),
    ],
)
def test_an_open_issue_is_overdue_once_the_default_seven_days_pass(
    client, manager_headers, open_id, second_open_id, age, overdue
):
    set_issue(open_id, raised_at=utcnow() - age)
    set_issue(second_open_id, raised_at=utcnow())

    single = client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()
    overdue_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "true"})
    )
    timely_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "false"})
    )

    assert single["overdue"] is overdue
    assert (open_id in overdue_list) is overdue
    assert (open_id in timely_list) is not overdue
    assert second_open_id not in overdue_list


def test_an_acknowledged_issue_is_never_overdue(
    client, act, inspector_headers, manager_headers, open_id
):
    act(inspector_headers, open_id, "acknowledge", response=ACK)
    set_issue(open_id, raised_at=utcnow() - timedelta(days=30))

    single = client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()
    overdue_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "true"})
    )

    assert single["status"] == "acknowledged"
    assert single["overdue"] is False
    assert open_id not in overdue_list


def test_an_issue_resolved_during_the_visit_is_never_overdue(client, manager_headers, at_source_id):
    set_issue(at_source_id, raised_at=utcnow() - timedelta(days=30))

    single = client.get(f"{ISSUES}/{at_source_id}", headers=manager_headers).get_json()

    assert single["overdue"] is False


@pytest.mark.parametrize(
    "age, overdue",
    [
        pytest.param(timedelta(days=3) - timedelta(minutes=1), False, id="a-minute-before"),
        pytest.param(timedelta(days=3) + timedelta(minutes=1), True, id="a-minute-after"),
    ],
)
def test_the_scheme_sets_its_own_days_to_acknowledge(
    client, scheme, manager_headers, open_id, age, overdue
):
    db.session.get(Scheme, scheme.id).acknowledge_days = 3
    db.session.commit()
    set_issue(open_id, raised_at=utcnow() - age)

    single = client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()
    overdue_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "true"})
    )

    assert single["overdue"] is overdue
    assert (open_id in overdue_list) is overdue


# Reopened issues -----------------------------------------------------------------------------


def test_a_reopened_issue_has_a_fresh_acknowledgement_deadline(
    client, open_id, inspector_headers, manager_headers
):
    client.post(f"{ISSUES}/{open_id}/resolve", json={"response": "Done"}, headers=inspector_headers)
    set_issue(open_id, raised_at=datetime.now(UTC) - timedelta(days=30))

    reopened = client.post(
        f"{ISSUES}/{open_id}/reopen", json={"reason": "Happened again"}, headers=manager_headers
    )

    assert reopened.get_json()["overdue"] is False
    assert reopened.get_json()["raised_at"] is not None


def test_a_reopened_issue_becomes_overdue_after_the_schemes_days_from_reopening(
    client, open_id, inspector_headers, manager_headers
):
    client.post(f"{ISSUES}/{open_id}/resolve", json={"response": "Done"}, headers=inspector_headers)
    client.post(f"{ISSUES}/{open_id}/reopen", json={"reason": "Again"}, headers=manager_headers)
    set_issue(open_id, reopened_at=datetime.now(UTC) - timedelta(days=7, minutes=1))

    assert client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()["overdue"] is True
