"""Notifications: the outbox, written in the transaction of the change it tells of.

Each row is the recipient's in-app message at once, and an email to send when the deployment
has SMTP (`icv.notifications.delivery`). Here: who is told of what, and the inbox.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from icv.common.database import db
from icv.models import Issue, Notification, Person, Visit, person_site, utcnow
from icv.visits import checklists

# Who is told ---------------------------------------------------------------------------------


def site_inspectors(site_id: int) -> list[Person]:
    people = db.session.scalars(
        select(Person)
        .join(person_site, person_site.c.person_id == Person.id)
        .where(person_site.c.site_id == site_id, Person.status.in_(("active", "probation")))
        .order_by(Person.id)
        .options(lazyload(Person.sites))
    )
    return [person for person in people if person.has_role("inspector")]


def scheme_managers(scheme_id: int) -> list[Person]:
    people = db.session.scalars(
        select(Person)
        .where(Person.scheme_id == scheme_id, Person.status.in_(("active", "probation")))
        .order_by(Person.id)
        .options(lazyload(Person.sites))
    )
    return [person for person in people if person.has_role("manager")]


def _tell(person: Person, kind: str, subject: str, body: str, link: str, **about) -> None:
    db.session.add(
        Notification(
            scheme_id=person.scheme_id,
            person_id=person.id,
            kind=kind,
            subject=subject[:200],
            body=body,
            link=link,
            email_status="pending",
            email_next_attempt_at=utcnow(),
            **about,
        )
    )


def _local_time(visit: Visit) -> str:
    local = visit.arrived_at.astimezone(ZoneInfo(visit.site.scheme.timezone))
    return f"{local:%d %B %Y at %H:%M}"


# What they are told of -----------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """Something a visit's recording tells: `kind` is issue_raised, urgent_concern,
    tact_report or entry_refused (the last two are about no one issue)."""

    kind: str
    issue: Issue | None = None


def submission_notices(visit: Visit) -> list[Notice]:
    """What submitting the visit tells: each unresolved issue not yet told (to the site's
    inspectors) and a TACT detainee (to the manager). The issues are stamped told here, so a
    visit recorded as submitted writes its issues once, stamp and all, before `tell`."""
    notices = []
    for issue in visit.issues:
        if issue.status == "open" and issue.notified_at is None:
            notices.append(Notice("issue_raised", issue))
            issue.notified_at = utcnow()
    if visit.tact_report_required:
        notices.append(Notice("tact_report"))
    if visit.outcome == "abandoned" and visit.abandon_reason == "entry_refused":
        notices.append(Notice("entry_refused"))
    return notices


def urgent_notices(visit: Visit) -> list[Notice]:
    """Each serious concern flagged urgent and not yet told, stamped told."""
    notices = []
    for issue in visit.issues:
        if issue.urgent and issue.notified_at is None:
            notices.append(Notice("urgent_concern", issue))
            issue.notified_at = utcnow()
    return notices


def _urgent_message(visit: Visit, issue: Issue) -> tuple[str, str]:
    """The subject and body of an urgent concern: one the visitors flagged, or a dog-unit
    check (water, kennel or vehicle temperature, heat alarm) found wanting."""
    site = visit.site
    if issue.check_key:
        labels = {
            item["key"]: item["label"]
            for item in checklists.items(visit.scheme_id, "dog", include_retired=True)
        }
        return (
            f"URGENT dog welfare concern at {site.name}: "
            f"{labels.get(issue.check_key, issue.check_key)}",
            f"Animal welfare visitors found an urgent concern at {site.name} on "
            f"{_local_time(visit)}:\n\n{issue.description}\n\n"
            "A dog's water or temperature cannot wait: please act on it now, then acknowledge "
            "it and record what was done.\n",
        )
    return (
        f"URGENT concern at {site.name}: {issue.category}",
        f"Visitors flagged an urgent concern at {site.name}:\n\n{issue.description}\n",
    )


def tell(visit: Visit, notices: list[Notice]) -> None:
    """Writes the messages of the notices (their issues must have ids by now). Recipients
    are read once, whatever the number of notices."""
    if not notices:
        return
    site = visit.site
    kinds = {notice.kind for notice in notices}
    inspectors = site_inspectors(site.id) if kinds & {"issue_raised", "urgent_concern"} else []
    told_managers = {"urgent_concern", "tact_report", "entry_refused"}
    managers = scheme_managers(visit.scheme_id) if kinds & told_managers else []
    for notice in notices:
        issue = notice.issue
        if notice.kind == "issue_raised":
            for inspector in inspectors:
                _tell(
                    inspector,
                    "issue_raised",
                    f"Issue raised at {site.name}: {issue.category}",
                    f"Custody visitors raised an issue at {site.name} on "
                    f"{_local_time(visit)}.\n\n"
                    f"Category: {issue.category}\nRaised by: {issue.raised_by}\n\n"
                    f"{issue.description}\n\nPlease acknowledge it and record the response.\n",
                    f"/api/v1/issues/{issue.id}",
                    visit_id=visit.id,
                    issue_id=issue.id,
                )
        elif notice.kind == "urgent_concern":
            recipients = {person.id: person for person in inspectors + managers}
            subject, body = _urgent_message(visit, issue)
            for person in recipients.values():
                _tell(
                    person,
                    "urgent_concern",
                    subject,
                    body,
                    f"/api/v1/issues/{issue.id}",
                    visit_id=visit.id,
                    issue_id=issue.id,
                )
        elif notice.kind == "entry_refused":
            for manager in managers:
                _tell(
                    manager,
                    "entry_refused",
                    f"URGENT: visitors refused entry at {site.name}",
                    f"Custody visitors were refused entry to {site.name} on "
                    f"{_local_time(visit)}.\n\n{visit.abandon_note or ''}\n\n"
                    "Independent custody visitors have a right of access under the Code of "
                    "Practice: please take it up with the force.\n",
                    f"/api/v1/visits/{visit.id}",
                    visit_id=visit.id,
                )
        else:
            for manager in managers:
                _tell(
                    manager,
                    "tact_report",
                    f"TACT report needed: visit to {site.name}",
                    "A detainee held under terrorism legislation was seen. A copy of the visit "
                    "report goes to the Independent Reviewer of Terrorism Legislation.",
                    f"/api/v1/visits/{visit.id}",
                    visit_id=visit.id,
                )


def visit_submitted(visit: Visit) -> None:
    """Each inspector of the site hears of each unresolved issue, with a link to answer it; the
    manager hears of a TACT detainee, whose report goes to the Independent Reviewer."""
    tell(visit, submission_notices(visit))


def urgent_concerns(visit: Visit) -> None:
    """A serious concern flagged urgent reaches the site's inspectors and the manager at once,
    even before the visit is submitted; each concern is told once."""
    tell(visit, urgent_notices(visit))


def issue_reopened(issue: Issue, reason: str) -> None:
    """The site's inspectors hear that an issue they answered is open again, and why."""
    for inspector in site_inspectors(issue.site_id):
        _tell(
            inspector,
            "issue_reopened",
            f"Issue reopened at {issue.site.name}: {issue.category}",
            f"{issue.description}\n\nReopened by the scheme manager: {reason}\n",
            f"/api/v1/issues/{issue.id}",
            issue_id=issue.id,
            visit_id=issue.visit_id,
        )


def issue_answered(issue: Issue, responder: Person) -> None:
    """The visitors who raised an issue hear what was done."""
    for visitor in issue.visit.visitors:
        _tell(
            visitor,
            "issue_response",
            f"Response to an issue at {issue.site.name}: {issue.status}",
            f"[{issue.category}] {issue.description}\n\nResponse: {issue.response}\n",
            f"/api/v1/issues/{issue.id}",
            issue_id=issue.id,
            visit_id=issue.visit_id,
        )


# About the recipient's own account ----------------------------------------------------------

# Their link is a secret (a one-time token): emailed only, never shown in the app's inbox (an
# access token alone must not reveal it), and blanked once the email is sent.
SECRET_LINK_KINDS = frozenset({"invitation", "password_reset"})
NOT_ASKED = "If you did not ask for this, tell your scheme's manager at once."


def _account_message(kind: str, person: Person, hours: int | None) -> tuple[str, str]:
    scheme = person.scheme.name
    messages = {
        "invitation": (
            f"{scheme}: you are invited to sign in to independent custody visiting",
            f"Hello {person.name},\n\nYou have been added to {scheme}'s independent custody "
            f"visiting scheme. Open the link below to choose your password; it works once, "
            f"within {hours} hours. You sign in with this email address.\n",
        ),
        "password_reset": (
            f"{scheme}: choose a new password",
            f"Hello {person.name},\n\nSomeone (we hope you) asked to reset the password you "
            f"use for {scheme}'s independent custody visiting. Open the link below to choose "
            f"a new one; it works once, within {hours} hour{'s' if hours != 1 else ''}. "
            f"If you did not ask, ignore this email: your password stays as it is.\n",
        ),
        "password_changed": (
            f"{scheme}: your password was changed",
            f"Hello {person.name},\n\nThe password you use for {scheme}'s independent custody "
            f"visiting was just changed, and every sign-in on other devices was ended. "
            f"{NOT_ASKED}\n",
        ),
        "second_factor_reset": (
            f"{scheme}: your second factor was removed",
            f"Hello {person.name},\n\nA manager of {scheme} removed the authenticator app "
            f"from your account: you now sign in with your password alone until you set it up "
            f"again. {NOT_ASKED}\n",
        ),
    }
    return messages[kind]


def account_email(person: Person, kind: str, link: str = "", hours: int | None = None) -> None:
    """An email about the person's own account (invitation, password reset, password changed,
    second factor removed): it names the scheme, and never holds a password."""
    subject, body = _account_message(kind, person, hours)
    _tell(person, kind, subject, body, link)


def vetting_expiring(volunteer: Person, managers: list[Person]) -> None:
    """The managers hear that a volunteer's vetting expires soon, so it is renewed in time."""
    expires_on = volunteer.vetting_expires_on
    for manager in managers:
        _tell(
            manager,
            "vetting_reminder",
            f"Vetting of {volunteer.name} expires on {expires_on:%d %B %Y}",
            f"The vetting of {volunteer.name} expires on {expires_on:%d %B %Y}. After that day "
            "they cannot be put on a visit, a plan or a claim until it is renewed: record the "
            "new expiry date on their record (vetting_expires_on).\n",
            f"/api/v1/people/{volunteer.id}",
        )


# The inbox -----------------------------------------------------------------------------------


def inbox_query(person_id: int, unread_only: bool = False):
    query = select(Notification).where(
        Notification.person_id == person_id, Notification.kind.not_in(SECRET_LINK_KINDS)
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def mark_read(person_id: int, notification_ids: list[int] | None) -> int:
    """Marks the caller's own messages read (all when no ids are given); returns how many."""
    query = select(Notification).where(
        Notification.person_id == person_id,
        Notification.read_at.is_(None),
        Notification.kind.not_in(SECRET_LINK_KINDS),
    )
    if notification_ids is not None:
        query = query.where(Notification.id.in_(notification_ids))
    now, count = utcnow(), 0
    for notification in db.session.scalars(query):
        notification.read_at = now
        count += 1
    db.session.commit()
    return count
