"""The `icv` command: a FlaskGroup, so `icv db upgrade`, `icv run` etc. work too."""

import os
import time
from datetime import date, timedelta

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from api import create_app
from icv.admin import backup, national, retention, schemes
from icv.common.dates import local_today
from icv.common.errors import DomainError
from icv.demo import demo_scheme, recent_years
from icv.models import SCHEME_ROLES
from icv.notifications import delivery
from icv.people import people, vetting
from icv.reporting import annual, pdf, report, trends
from icv.reporting.render import render_csv, render_html
from icv.sync import tombstones


def _fail(error: DomainError):
    raise click.ClickException(
        error.detail
        if not error.errors
        else "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.errors.items())
    )


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Independent custody visiting: administration commands (and Flask's, such as `db`)."""


@click.command("create-scheme")
@with_appcontext
@click.option("--name", required=True)
@click.option("--timezone", default="Europe/London", show_default=True)
def create_scheme(name: str, timezone: str):
    """Create a scheme and print its id."""
    try:
        scheme = schemes.create_scheme(name, timezone)
    except DomainError as error:
        _fail(error)
    click.echo(scheme.id)


@click.command("create-user")
@with_appcontext
@click.option("--scheme", "scheme_id", type=int, required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(SCHEME_ROLES))
@click.option("--site", "site_ids", multiple=True, type=int, help="a site an inspector answers for")
@click.option("--password", help="else ICV_PASSWORD, else a prompt")
def create_user(scheme_id, email, name, roles, site_ids, password):
    """Create an active person (any role, admin too) and print their id."""
    password = password or os.environ.get("ICV_PASSWORD")
    if not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        scheme = schemes.get_scheme(scheme_id)
        person = people.create_person(
            scheme,
            None,
            {
                "name": name,
                "email": email,
                "password": password,
                "roles": list(roles),
                "site_ids": list(site_ids),
                "status": "active",
                "joined_on": date.today(),
            },
            allow_admin=True,
        )
    except DomainError as error:
        _fail(error)
    click.echo(person.id)


@click.command("demo")
@with_appcontext
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="the demo's present (YYYY-MM-DD, not after the real date); default: today",
)
def load_demo(today):
    """Load the demo scheme: the published year 2023/24 and the years since, up to today.
    Running it again changes nothing."""
    try:
        scheme = demo_scheme.load_demo(today=today.date() if today else None)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--today") from error
    last = recent_years.last_visit_day(scheme)
    click.echo(f"Demo scheme {scheme.id} ready, with visits up to {last}. Sign in as:")
    for spec in demo_scheme.DEMO_PEOPLE:
        role = spec["role"]
        click.echo(f"  {demo_scheme.demo_email(role)}  password {demo_scheme.demo_password(role)}")


def mail_settings(app: Flask) -> delivery.MailSettings:
    return delivery.MailSettings(
        smtp_url=app.config["ICV_SMTP_URL"],
        sender=app.config["ICV_MAIL_FROM"],
        base_url=app.config["ICV_BASE_URL"],
        first_retry=timedelta(seconds=app.config["ICV_NOTIFY_FIRST_RETRY_SECONDS"]),
    )


@click.command("notify")
@click.option("--loop", is_flag=True, help="keep delivering until stopped")
@with_appcontext
def deliver_notifications(loop: bool):
    """Send the notification emails that are due (retrying failed ones with backoff)."""
    settings = mail_settings(current_app)
    if not settings.smtp_url:
        click.echo("ICV_SMTP_URL is not set: notifications stay in the in-app inbox only.")
    while True:
        result = delivery.deliver_pending(settings)
        click.echo(f"sent {result['sent']}, failed {result['failed']}")
        if not loop:
            break
        time.sleep(current_app.config["ICV_NOTIFY_INTERVAL_SECONDS"])


@click.command("report")
@click.option("--year", type=int, required=True, help="financial year: 2023 means 2023/24")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--scheme", "scheme_id", type=int, help="default: the only scheme, or the demo")
@click.option(
    "--pdf",
    "as_pdf",
    is_flag=True,
    help="print to PDF (A4) through headless Chromium; also when OUT ends in .pdf",
)
@with_appcontext
def write_report(year: int, out_path: str, scheme_id: int | None, as_pdf: bool):
    """Write the printable annual report (HTML; CSV when OUT ends in .csv; PDF with --pdf)."""
    try:
        scheme = schemes.get_scheme(scheme_id) if scheme_id else schemes.default_scheme()
        if out_path.endswith(".csv"):
            if not trends.has_records(scheme, year):
                raise trends.NoRecords(year)
            body = render_csv(annual.annual(scheme, year))
        else:
            body = render_html(report.build(scheme, year), scheme.name)
    except DomainError as error:
        _fail(error)
    if as_pdf or out_path.endswith(".pdf"):
        try:
            pdf.print_pdf(body, out_path)
        except pdf.CannotPrint as error:
            raise click.ClickException(str(error)) from error
    else:
        with open(out_path, "w", encoding="utf-8") as out:
            out.write(body)
    click.echo(f"Wrote {out_path}")


@click.command("export")
@click.option("--scheme", "scheme_id", type=int, required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def export_scheme(scheme_id: int, out_path: str):
    """Write every record of one scheme as JSON lines (backup, subject-access requests)."""
    try:
        with open(out_path, "w", encoding="utf-8") as out:
            rows = backup.write_export(scheme_id, out)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Exported {rows} rows to {out_path}")


@click.command("import")
@click.option("--in", "in_path", type=click.Path(exists=True, dir_okay=False), required=True)
@with_appcontext
def import_scheme(in_path: str):
    """Restore an export into this (empty, migrated) database."""
    try:
        with open(in_path, encoding="utf-8") as lines:
            counts = backup.restore(lines)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {sum(counts.values())} rows into {len(counts)} tables")


@click.command("retention")
@click.option("--scheme", "scheme_id", type=int, help="default: every scheme")
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="the day to judge by (default today)"
)
@click.option("--dry-run", is_flag=True, help="list what would go (counts), change nothing")
@with_appcontext
def apply_retention(scheme_id: int | None, today, dry_run: bool):
    """Remove or anonymise personal data past each scheme's retention periods."""
    try:
        chosen = [schemes.get_scheme(scheme_id)] if scheme_id else schemes.all_schemes()
    except DomainError as error:
        _fail(error)
    for scheme in chosen:
        day = today.date() if today else local_today(scheme.timezone)
        if dry_run:
            rows = retention.plan(scheme, day)
            click.echo(f"Scheme {scheme.id} ({scheme.name}) on {day}: would remove or anonymise")
            for row in rows:
                click.echo(f"  {row['year']}  {row['kind']}: {row['count']}")
            if not rows:
                click.echo("  nothing")
        else:
            done = retention.run(scheme, day)
            summary = ", ".join(f"{kind}: {count}" for kind, count in done.items())
            click.echo(f"Scheme {scheme.id} ({scheme.name}) on {day}: {summary}")


@click.command("reminders")
@click.option("--scheme", "scheme_id", type=int, help="default: every scheme")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="the day to remind as of (default: today in each scheme's time zone)",
)
@with_appcontext
def send_reminders(scheme_id: int | None, today):
    """Remind the managers of vetting about to expire (60 and 30 days before, each once).

    Meant to run once a day (cron); `icv notify` sends the emails it queues."""
    try:
        chosen = [schemes.get_scheme(scheme_id)] if scheme_id else vetting.every_scheme()
    except DomainError as error:
        _fail(error)
    day = today.date() if today else None
    for scheme in chosen:
        reminded = vetting.send_reminders(scheme, day)
        click.echo(f"{scheme.name}: reminded of {reminded} volunteer(s) whose vetting expires soon")


@click.group("sync")
def sync_commands():
    """The phones' delta sync."""


@sync_commands.command("forget")
@click.option(
    "--older-than-days",
    "days",
    type=click.IntRange(min=tombstones.RETENTION_DAYS),
    default=tombstones.RETENTION_DAYS,
    show_default=True,
    help="drop the tombstones older than this",
)
@with_appcontext
def forget_tombstones(days: int):
    """Drop the tombstones of records that left phones' lists long ago (once a day, cron);
    a phone that has not synced for longer is told to start over (`reset`)."""
    click.echo(f"Forgot {tombstones.forget_old(days=days)} tombstone(s) older than {days} days")


@click.group("national-account")
def national_account():
    """Accounts of a national body: they read the benchmarks of schemes that opted in."""


@national_account.command("create")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", help="else ICV_PASSWORD, else a prompt")
def create_national_account(email, name, password):
    """Create a national account (of no scheme) and print its id."""
    password = password or os.environ.get("ICV_PASSWORD")
    if not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        person = national.create_national_account(email, name, password)
    except DomainError as error:
        _fail(error)
    click.echo(person.id)


def register_commands(app: Flask) -> None:
    """Adds the commands to the app, so `icv`, `flask` and the test runner all see them."""
    for command in (
        create_scheme,
        create_user,
        load_demo,
        deliver_notifications,
        write_report,
        export_scheme,
        import_scheme,
        apply_retention,
        send_reminders,
        sync_commands,
        national_account,
    ):
        app.cli.add_command(command)
