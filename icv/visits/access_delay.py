"""Access to the custody suite: the wait between arriving at the station and being admitted.

Visitors must be admitted immediately. A wait of over five minutes is non-immediate access and
is reported in two bands, with the reason recorded.
"""

from datetime import datetime

IMMEDIATE_MAX_MINUTES = 5
SHORT_DELAY_MAX_MINUTES = 15


def access_delay_minutes(arrived_at: datetime, admitted_at: datetime) -> int:
    """Whole minutes waited, rounded down."""
    return int((admitted_at - arrived_at).total_seconds() // 60)


def access_band(delay_minutes: int) -> str:
    if delay_minutes <= IMMEDIATE_MAX_MINUTES:
        return "immediate"
    if delay_minutes <= SHORT_DELAY_MAX_MINUTES:
        return "delay_6_15"
    return "delay_over_15"
