"""Screening free text for personal data it should not hold: a date of birth or a phone number.

Visitors identify a detainee by custody reference only, yet a note typed in a cell corridor may
carry a date of birth or a phone number. `screen` finds them so that the answer to the write
warns the writer (`warnings: [{field, message}]`): the text is kept as written (the writer may
have reasons, and refusing would lose a visit recorded offline), never silently.

- Phone numbers: UK numbers as people write them (07700 900123, +44 7700 900123,
  (020) 7946 0958, 0044 161 496 0000), found by Google's libphonenumber (`phonenumbers`);
  custody references (01/123456/24) and counts are not numbers to call.
- Dates of birth: a date next to words that name one (DOB, d.o.b., born, date of birth, birthday),
  or any full date (day, month and year, in the common forms: 12/03/1985, 12-3-85, 12.03.1985,
  1985-03-12, 12 March 1985, 12th Mar 85, March 12, 1985) at least ten years before the day it is
  written: too long ago to be the date of anything a visit records.
"""

import re
from collections.abc import Iterable
from datetime import date

import phonenumbers

PHONE_MESSAGE = "Looks like a phone number: a visit record never needs one. Remove it if so."
BIRTH_MESSAGE = "Looks like a date of birth: identify detainees by custody reference only."
YEARS_BEFORE_A_BIRTH = 10

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_DATE_FORMS = [
    rf"\b{_DAY}[/.-](?P<month>[01]?\d)[/.-]{_YEAR}\b",  # 12/03/1985, 12-3-85, 12.03.1985
    r"\b(?P<year>\d{4})-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b",  # 1985-03-12
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b",  # 12 March 1985, 12th of Mar 85
    rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",  # March 12, 1985
]
_DATES = [re.compile(form, re.IGNORECASE) for form in _DATE_FORMS]
_BIRTH_WORDS = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born|birthday|birth\s+date)", re.IGNORECASE
)
_NEAR = 30  # characters between a birth word and the date it names
_UK_PREFIX = re.compile(r"^\s*(?:\+\s*44|0044|\(?\s*0)")


def _dates(text: str, today: date) -> Iterable[tuple[date, int, int]]:
    for pattern in _DATES:
        for found in pattern.finditer(text):
            parts = found.groupdict()
            month = _MONTHS[parts["month_name"].lower()] if parts.get("month_name") else None
            month = month or int(parts["month"])
            year = int(parts["year"])
            if len(parts["year"]) == 2:
                year += 2000 if year <= today.year % 100 else 1900
            try:
                yield date(year, month, int(parts["day"])), found.start(), found.end()
            except ValueError:
                continue  # 31/02/1985 is no date


def _looks_like_birth(text: str, today: date) -> bool:
    for day, start, end in _dates(text, today):
        if day.year <= today.year - YEARS_BEFORE_A_BIRTH:
            return True
        before, after = text[max(0, start - _NEAR) : start], text[end : end + _NEAR]
        if _BIRTH_WORDS.search(before) or _BIRTH_WORDS.search(after):
            return True
    return False


def _looks_like_phone(text: str) -> bool:
    for match in phonenumbers.PhoneNumberMatcher(
        text, "GB", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        raw = match.raw_string
        if "/" in raw or not _UK_PREFIX.match(raw):
            continue
        if len(phonenumbers.national_significant_number(match.number)) in (9, 10):
            return True
    return False


def screen(text: str | None, today: date | None = None) -> list[str]:
    """What `text` seems to hold that it should not, as messages for its writer."""
    if not text or not text.strip():
        return []
    today = today or date.today()
    messages = []
    if _looks_like_birth(text, today):
        messages.append(BIRTH_MESSAGE)
    if _looks_like_phone(text):
        messages.append(PHONE_MESSAGE)
    return messages


# Where a visit and an issue keep free text ------------------------------------------------------

# Keys whose string values are free text, wherever they sit in a visit's record: in the visit,
# its feedback, each check's answer, each detainee or dog entry (and anything nested in them).
FREE_TEXT_KEYS = frozenset(
    {
        "notes",
        "note",
        "reason",
        "summary",
        "to_name",
        "description",
        "response",
        "text",
        "access_delay_reason",
        "delay_authorised_by",
        "single_visitor_reason",
        "curtail_reason",
        "abandon_note",
    }
)


def _walk(value, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            inner_path = f"{path}.{key}" if path else str(key)
            if isinstance(inner, str):
                if key in FREE_TEXT_KEYS:
                    yield inner_path, inner
            else:
                yield from _walk(inner, inner_path)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk(inner, f"{path}.{index}")


def _columns(record) -> dict:
    return {column.key: getattr(record, column.key) for column in record.__mapper__.column_attrs}


def warnings_in(record: dict, today: date | None = None) -> list[dict]:
    """`[{field, message}]` for every free text of `record` (nested dicts and lists, fields named
    by their path, e.g. `detainees.0.reason`) that `screen` finds something in."""
    return [
        {"field": path, "message": message}
        for path, text in _walk(record, "")
        for message in screen(text, today)
    ]


def visit_warnings(visit) -> list[dict]:
    """The warnings of a visit's free text, its entries' and its issues' included."""
    record = {
        **_columns(visit),
        "detainees": [_columns(entry) for entry in visit.detainees],
        "dogs": [_columns(entry) for entry in visit.dogs],
        "issues": [{"description": issue.description} for issue in visit.issues],
    }
    return warnings_in(record)


def issue_warnings(issue) -> list[dict]:
    """The warnings of an issue's description and response."""
    return warnings_in({"description": issue.description, "response": issue.response})
