"""iCalendar text (RFC 5545) for a read-only feed: the little a calendar app needs to show events.

Lines end in CRLF and are folded at 75 octets, never inside a character (3.1); TEXT values
escape backslash, semicolon, comma and newline (3.3.11); times are UTC, as 20240506T081500Z
(3.3.5). Every event has a UID, a DTSTAMP, a DTSTART and a DTEND (3.6.1).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

PRODUCT_ID = "-//Independent custody visiting//Visit calendar//EN"
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    status: str  # CONFIRMED | TENTATIVE
    stamp: datetime


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def utc_stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """The content line folded so that no physical line passes 75 octets: each continuation
    starts with a space, and no UTF-8 character is split."""
    rest, parts, limit = line.encode(), [], LINE_OCTETS
    while len(rest) > limit:
        cut = limit
        while rest[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(rest[:cut])
        rest, limit = rest[cut:], LINE_OCTETS - 1
    parts.append(rest)
    return "\r\n ".join(part.decode() for part in parts)


def _event_lines(event: Event) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"STATUS:{event.status}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def calendar(name: str, events: list[Event]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
