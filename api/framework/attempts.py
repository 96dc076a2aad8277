"""Guesses at a password, limited, and counted before the password is checked.

Flask-Limiter's `deduct_when` tests a limit before the view and counts after it, so guesses
sent at once all pass the test before any is counted: 20 wrong passwords sent together got 20
tries where 5 are allowed. Here each attempt takes its place first, with one atomic increment
per limit (in Redis, across workers), and gives it back unless it was a wrong guess: only wrong
passwords use up a limit (not a right one, nor a request the database could not answer), and no
burst gets past it.

The counts are fixed windows (`RATELIMIT_STRATEGY`, Flask-Limiter's default): an attempt gives
its place back only within the window it took it in, so a give-back can never become a credit
in the next window.
"""

import math
import time

from flask import current_app
from limits import parse
from werkzeug.exceptions import TooManyRequests

from api.extensions import limiter


class Attempts:
    """One attempt counted against each `(limit setting, identifiers)`: `take` before the
    password is checked (429 when a limit is spent), `give_back` unless it was wrong."""

    def __init__(self, *limits: tuple[str, tuple[str, ...]]):
        self.counters = [
            (parse(current_app.config[setting]), identifiers) for setting, identifiers in limits
        ]
        self.taken: list[tuple] = []

    def take(self) -> None:
        strategy = limiter.limiter
        for item, identifiers in self.counters:
            allowed = strategy.hit(item, *identifiers)
            reset_at = strategy.get_window_stats(item, *identifiers).reset_time
            if not allowed:
                self.give_back()
                raise TooManyRequests(
                    "Too many attempts: wait before trying again.",
                    retry_after=max(1, math.ceil(reset_at - time.time())),
                )
            self.taken.append((item, identifiers, reset_at))

    def give_back(self) -> None:
        strategy = limiter.limiter
        for item, identifiers, reset_at in self.taken:
            if time.time() < reset_at:
                strategy.hit(item, *identifiers, cost=-1)
        self.taken = []
