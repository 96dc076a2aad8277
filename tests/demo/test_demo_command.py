"""`icv demo --today`: the demo's present is a real day, never after the real date."""

from datetime import timedelta

from sqlalchemy import func, select

from icv.common.dates import local_today
from icv.models import Scheme


def test_a_today_after_the_real_date_is_refused_and_nothing_is_loaded(app, ctx):
    tomorrow = local_today("Europe/London") + timedelta(days=1)

    result = app.test_cli_runner().invoke(args=["demo", "--today", tomorrow.isoformat()])

    assert result.exit_code == 2
    assert "--today" in result.output
    assert "cannot be after the real date" in result.output
    assert ctx.scalar(select(func.count(Scheme.id))) == 0


def test_a_today_that_is_not_a_date_is_refused(app, ctx):
    result = app.test_cli_runner().invoke(args=["demo", "--today", "02/12/2026"])

    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output or "%Y-%m-%d" in result.output
    assert ctx.scalar(select(func.count(Scheme.id))) == 0
