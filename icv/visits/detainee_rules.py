"""What each detainee's record must be, so that the visit report can be stood behind.

- An `under_18` age group makes the entry juvenile; a juvenile with an adult age group is a
  contradiction.
- Not offered, unavailable and denied say why. A denial needs the rank of the officer who
  authorised it, and the Code of Practice allows it only on the authority of an inspector or
  above.
- A juvenile or vulnerable detainee's entry says whether an appropriate adult was there for
  them; a juvenile always needs one.
- Observations answer the scheme's detainee checklist, and only for someone who was seen.
"""

from icv.common.errors import Problems
from icv.models import JUVENILE_AGE_GROUPS, OUTCOMES_NEEDING_A_REASON, RANKS_WHO_MAY_DENY
from icv.visits import checklists

NOT_ADULT_AGE_GROUPS = (*JUVENILE_AGE_GROUPS, "not_stated", None)


def make_consistent(entry: dict) -> dict:
    """An under-18 age group makes the entry juvenile."""
    if entry.get("age_group") in JUVENILE_AGE_GROUPS:
        return {**entry, "juvenile": True}
    return entry


def _check_age(entry: dict, at: str, problems: Problems) -> None:
    if entry.get("juvenile") and entry.get("age_group") not in NOT_ADULT_AGE_GROUPS:
        problems.add(
            f"{at}.juvenile", f"A juvenile is under 18, not in the age group {entry['age_group']}."
        )


def _check_reason(entry: dict, at: str, problems: Problems) -> None:
    outcome = entry["outcome"]
    if outcome in OUTCOMES_NEEDING_A_REASON and not (entry.get("reason") or "").strip():
        problems.add(f"{at}.reason", f"Say why: the detainee was {outcome.replace('_', ' ')}.")
    rank = entry.get("denied_by_rank")
    if outcome == "denied":
        if not rank:
            problems.add(
                f"{at}.denied_by_rank", "Record the rank of the officer who denied access."
            )
        elif rank not in RANKS_WHO_MAY_DENY:
            problems.add(
                f"{at}.denied_by_rank",
                f"A {rank.replace('_', ' ')} may not deny access: the Code of Practice allows it "
                "only on the authority of an inspector or above. Record it as raised with the "
                "inspector, or as an issue.",
            )
    elif rank:
        problems.add(f"{at}.denied_by_rank", "Only a denied detainee has a denying rank.")


def _check_appropriate_adult(entry: dict, at: str, problems: Problems) -> None:
    answer = entry.get("appropriate_adult")
    if entry.get("juvenile") or entry.get("vulnerable"):
        if answer is None:
            problems.add(
                f"{at}.appropriate_adult",
                "Say whether an appropriate adult was requested or present for this detainee.",
            )
        elif answer == "not_needed" and entry.get("juvenile"):
            problems.add(f"{at}.appropriate_adult", "A juvenile always needs an appropriate adult.")
    elif answer is not None:
        problems.add(f"{at}.appropriate_adult", "Only for a juvenile or vulnerable detainee.")


def _check_observations(
    entry: dict, at: str, allowed: list[str], kept: set[str], problems: Problems
) -> None:
    observations = entry.get("observations") or {}
    if observations and entry["outcome"] != "seen":
        problems.add(f"{at}.observations", "Observations are for a detainee who was seen.")
        return
    for key in observations:
        if key not in allowed and key not in kept:
            problems.add(
                f"{at}.observations.{key}",
                f"Not on the detainee checklist. Allowed: {', '.join(allowed)}.",
            )


def check_detainees(
    detainees: list[dict], scheme_id: int, kept_observations: set[str], problems: Problems
) -> None:
    allowed = checklists.active_keys(scheme_id, "detainee") if detainees else []
    for index, entry in enumerate(detainees):
        at = f"detainees.{index}"
        _check_age(entry, at, problems)
        _check_reason(entry, at, problems)
        _check_appropriate_adult(entry, at, problems)
        _check_observations(entry, at, allowed, kept_observations, problems)
