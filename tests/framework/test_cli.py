from sqlalchemy import func, select

from icv.common.database import db
from icv.demo import demo_scheme
from icv.models import AccountToken, Person, Scheme, Site


def test_create_scheme_prints_its_id(app, ctx):
    result = app.test_cli_runner().invoke(args=["create-scheme", "--name", "Westshire"])

    assert result.exit_code == 0, result.output
    scheme = db.session.get(Scheme, int(result.output.strip()))
    assert scheme.name == "Westshire"
    assert scheme.timezone == "Europe/London"


def test_create_scheme_refuses_an_unknown_time_zone(app, ctx):
    result = app.test_cli_runner().invoke(
        args=["create-scheme", "--name", "Mars", "--timezone", "Mars/Olympus"]
    )

    assert result.exit_code != 0
    assert "time zone" in result.output


def test_create_user_makes_a_person_who_can_sign_in(app, client, scheme):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--scheme",
            str(scheme.id),
            "--email",
            "boss@northshire.example",
            "--name",
            "The Boss",
            "--role",
            "manager",
            "--role",
            "admin",
        ],
        env={"ICV_PASSWORD": "a very secret phrase"},
    )

    assert result.exit_code == 0, result.output
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "boss@northshire.example", "password": "a very secret phrase"},
    )
    assert login.status_code == 200
    assert login.get_json()["user"]["roles"] == ["admin", "manager"]


def test_create_user_for_an_unknown_scheme_fails(app, ctx):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--scheme",
            "4242",
            "--email",
            "x@y.example",
            "--name",
            "X",
            "--role",
            "viewer",
            "--password",
            "long enough password",
        ]
    )

    assert result.exit_code != 0
    assert "No such scheme" in result.output


def test_demo_loads_the_reference_sites_and_one_person_per_role(app, client, ctx):
    result = app.test_cli_runner().invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    names = set(db.session.scalars(select(Site.name)))
    assert names == {"Suite A", "Suite B", "Suite C", "Dog Unit"}
    for role in ("manager", "visitor", "inspector", "viewer"):
        response = client.post(
            "/api/v1/auth/login",
            json={
                "email": demo_scheme.demo_email(role),
                "password": demo_scheme.demo_password(role),
            },
        )
        assert response.status_code == 200, role
        assert role in response.get_json()["user"]["roles"]


def test_demo_secondary_suite_is_closed_for_the_reference_year(app, ctx):
    app.test_cli_runner().invoke(args=["demo"])

    suite_c = db.session.scalar(select(Site).where(Site.name == "Suite C"))
    assert suite_c.status == "closed"
    assert [change.status for change in suite_c.status_history] == ["open", "closed"]


def test_demo_twice_changes_nothing(app, ctx):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    counts = (
        db.session.scalar(select(func.count(Person.id))),
        db.session.scalar(select(func.count(Site.id))),
    )

    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0
    assert counts == (
        db.session.scalar(select(func.count(Person.id))),
        db.session.scalar(select(func.count(Site.id))),
    )


def test_demo_sends_no_invitations_to_its_generated_volunteers(app, ctx):
    app.test_cli_runner().invoke(args=["demo"])

    invitations = db.session.scalar(
        select(func.count()).select_from(AccountToken).where(AccountToken.purpose == "invitation")
    )
    assert invitations == 0
