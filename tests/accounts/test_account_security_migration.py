"""Migration 0018 keeps accounts as they were: people keep their passwords and sign in,
nobody has a second factor, and no scheme requires one."""

import importlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.common.database import db
from icv.models import Scheme, SecondFactor
from tests.support.app import PASSWORD

PREVIOUS = importlib.import_module("migrations.versions.0018_account_security").down_revision


def test_0018_keeps_everyones_password_and_gives_nobody_a_second_factor(
    client, manager, visitor, scheme
):
    emails, visitor_id, scheme_id = [manager.email, visitor.email], visitor.id, scheme.id
    db.session.remove()
    downgrade(revision=PREVIOUS)
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE person SET name = 'Vic Before' WHERE id = :id"), {"id": visitor_id}
        )

    upgrade(revision="heads")

    for email in emails:
        response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["second_factor"]["enrolled"] is False
    assert response.get_json()["user"]["name"] == "Vic Before"
    assert db.session.scalars(db.select(SecondFactor)).all() == []
    assert db.session.get(Scheme, scheme_id).managers_need_second_factor is False
