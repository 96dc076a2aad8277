"""Fixtures shared by the claim tests (a module may define its own `team` of another size)."""

import pytest

from tests.support.visits import make_visitors


@pytest.fixture
def team(scheme):
    return make_visitors(scheme, 3)


@pytest.fixture
def as_manager(login, manager):
    return login(manager)
