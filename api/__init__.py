"""The HTTP layer: parses, authorises and formats; the domain in `icv` decides."""

import os

from flask import Flask

from api.config import engine_options, refuse_insecure_production, settings_from_environment
from icv.common import passwords
from icv.people import second_factor

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIGRATIONS = os.path.join(PROJECT_ROOT, "migrations")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.path.join(PROJECT_ROOT, "instance"))
    from api.framework.input_guard import guard_input
    from api.framework.json_provider import use_orjson

    use_orjson(app)
    guard_input(app)
    app.config.from_mapping(settings_from_environment(app.instance_path))
    if config:
        app.config.update(config)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    refuse_insecure_production(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    passwords.configure(**app.config["ICV_ARGON2"])
    second_factor.configure(app.config["SECRET_KEY"])

    from api.cli import register_commands
    from api.extensions import api, db, jwt, limiter, migrate
    from api.framework import authorization
    from api.framework.compression import compress_answers
    from api.framework.cookies import answer_csrf_refusals
    from api.framework.errors import register_error_handlers
    from api.framework.security import add_security_headers, allow_cross_origin
    from api.framework.web_app import serve_web_app
    from api.resources import (
        activities,
        audit,
        auth,
        benchmarks,
        browser_session,
        calendar,
        checklists,
        claims,
        colleagues,
        coverage,
        declarations,
        health,
        home,
        invitations,
        issues,
        me_export,
        national,
        notifications,
        open_slots,
        password_reset,
        people,
        plans,
        returns,
        scheme,
        sites,
        stats,
        tact_reports,
        targets,
        visits,
        volunteers,
    )
    from api.resources import (
        second_factor as second_factor_resource,
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True, compare_type=True)
    jwt.init_app(app)
    answer_csrf_refusals(app)
    limiter.init_app(app)
    api.init_app(app)
    register_error_handlers(app)
    compress_answers(app)
    authorization.enforce_declared_policies(app)
    authorization.answer_tokens_of_the_wrong_kind(app)
    add_security_headers(app)
    allow_cross_origin(app)
    register_commands(app)
    for blueprint in (
        health.blp,
        auth.blp,
        browser_session.blp,
        people.blp,
        volunteers.blp,
        colleagues.blp,
        declarations.blp,
        activities.blp,
        sites.blp,
        visits.blp,
        issues.blp,
        checklists.blp,
        tact_reports.blp,
        notifications.blp,
        coverage.blp,
        targets.blp,
        plans.blp,
        open_slots.blp,
        claims.blp,
        calendar.blp,
        stats.blp,
        audit.blp,
        invitations.blp,
        password_reset.blp,
        second_factor_resource.blp,
        scheme.blp,
        me_export.blp,
        returns.blp,
        benchmarks.blp,
        national.blp,
        home.blp,
    ):
        api.register_blueprint(blueprint)
    serve_web_app(app)
    return app
