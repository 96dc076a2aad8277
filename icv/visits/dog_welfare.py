"""Dog welfare at dog-unit visits: each dog against the five needs of section 9 of the Animal
Welfare Act 2006, and the urgent concerns the unit's checks can raise.

A dog entry answers every need (a need not sent is `not_checked`); a concern says what it is.
A concern on an urgent dog-unit check (`URGENT_DOG_CHECKS`: water, kennel or vehicle
temperature and the heat alarm) cannot wait for the visit to be submitted: it becomes an urgent
issue of the visit (`check_key` names the check), told at once to the unit's inspectors and the
managers, and answered like any issue (acknowledged, resolved) so that the report can say how
quickly. While the visit is a draft the issue follows the check (a concern withdrawn takes it
away); once submitted, it lives on through /issues.
"""

from icv.common.database import db
from icv.common.errors import Problems
from icv.models import URGENT_DOG_CHECKS, WELFARE_NEEDS, Issue, Visit, utcnow
from icv.sync import tombstones
from icv.visits import checklists

URGENT_CATEGORY = "other"


def _answer(answer: dict | None) -> dict:
    answer = answer or {"result": "not_checked"}
    note = (answer.get("note") or "").strip()
    return {"result": answer["result"], **({"note": note} if note else {})}


def normalised(entry: dict) -> dict:
    """A dog entry as stored: its reference trimmed and every need answered."""
    needs = entry.get("needs") or {}
    return {
        **entry,
        "ref": entry["ref"].strip(),
        "needs": {need: _answer(needs.get(need)) for need in WELFARE_NEEDS},
        "notes": entry.get("notes"),
    }


def check_dogs(dogs: list[dict], problems: Problems) -> None:
    """A concern about a need says what it is."""
    for index, entry in enumerate(dogs):
        for need, answer in (entry.get("needs") or {}).items():
            if answer["result"] == "concern" and not (answer.get("note") or "").strip():
                problems.add(f"dogs.{index}.needs.{need}.note", "Say what the concern is.")


def urgent_concerns(checks: dict) -> dict[str, str]:
    """The urgent checks answered with a concern, each with its note."""
    return {
        key: (answer.get("note") or "").strip()
        for key, answer in (checks or {}).items()
        if key in URGENT_DOG_CHECKS and answer.get("result") == "concern"
    }


def sync_urgent_issues(visit: Visit) -> None:
    """Gives a dog-unit visit one urgent issue per urgent concern among its checks (see the
    module's docstring); the outbox tells each new one at once."""
    concerns = urgent_concerns(visit.checks) if visit.site.kind == "dog_unit" else {}
    raised = {issue.check_key: issue for issue in visit.issues if issue.check_key}
    if visit.status == "draft":
        withdrawn = [issue for key, issue in raised.items() if key not in concerns]
        tombstones.bury(visit.scheme_id, "issue", [issue.id for issue in withdrawn])
        for issue in withdrawn:
            db.session.delete(issue)
        visit.issues = [issue for issue in visit.issues if issue not in withdrawn]
    if not concerns:
        return
    labels = {
        item["key"]: item["label"]
        for item in checklists.items(visit.scheme_id, "dog", include_retired=True)
    }
    for key, note in concerns.items():
        description = f"{labels.get(key, key)}: {note}"
        issue = raised.get(key)
        if issue is None:
            visit.issues.append(
                Issue(
                    scheme_id=visit.scheme_id,
                    site_id=visit.site_id,
                    category=URGENT_CATEGORY,
                    description=description,
                    raised_by="visitor",
                    resolved_during_visit=False,
                    urgent=True,
                    check_key=key,
                    status="open",
                    raised_at=utcnow() if visit.status == "submitted" else None,
                )
            )
        elif visit.status == "draft":
            issue.description = description
