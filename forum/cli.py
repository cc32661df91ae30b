"""`flask forum ...`: set up a database, make an admin, load demo data."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from forum.boards.services import seed_boards_and_tags
from forum.communes.services import seed_communes
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.errors import InvalidInput
from forum.notifications.cli import send_digests_command
from forum.people import services as people
from forum.people.models import Role, UserKind

forum_cli = AppGroup("forum", help="Manage the forum.")


@forum_cli.command("init")
def init_command():
    """Build or upgrade the schema (migrations), then add the PCD boards, starting tags and communes."""
    upgrade()
    with transaction():
        created = seed_boards_and_tags()
        communes = seed_communes()
    click.echo(f"Database ready ({created} boards created, {communes} communes added).")


@forum_cli.command("create-admin")
@click.option("--username", required=True)
@click.option("--email", required=True)
@click.option("--password", required=True,
              help=f"At least {people.PASSWORD_MIN_LENGTH} characters, hard to guess.")
@click.option("--display-name", default=None)
def create_admin_command(username, email, password, display_name):
    """Create an administrator account, without prompting (for scripts).

    The password goes through the same strength check as the registration form."""
    try:
        with transaction():
            user = people.create_user(username, email, password, display_name=display_name,
                                      kind=UserKind.OTHER, role=Role.ADMIN)
            user.email_verified_at = utcnow()  # given by whoever runs the server
    except InvalidInput as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Admin @{user.username} created.")


@forum_cli.command("seed-demo")
def seed_demo_command():
    """Fill an empty forum with believable demo content (communes, experts, threads)."""
    from forum.demo import demo_logins, seed_demo

    click.echo(seed_demo())
    # Index the demo now: otherwise its search jobs wait for the first web request, and the
    # first searches of `make run` find nothing.
    current_app.extensions["jobs"].run_pending()
    click.echo("Demo logins (persona, username, password):")
    for line in demo_logins():
        click.echo(f"  {line}")


@forum_cli.command("send-test-mail")
@click.argument("to")
def send_test_mail_command(to):
    """Send one message to TO through the configured MAIL_* settings, now (not as a job)."""
    from flask_babel import lazy_gettext as _l

    from forum import mail

    with transaction():
        mail.send(to, _l("Test message"), "check")
    if current_app.extensions["jobs"].run_pending(kinds=[mail.KIND]):
        click.echo(f"Sent to {to}.")
    else:
        raise click.ClickException("Not sent yet (the server refused it or is down): it will be retried; "
                                   "`flask jobs list` shows its error.")


forum_cli.add_command(send_digests_command)


def init_app(app: Flask) -> None:
    from forum.notifications.mail_cli import mail_listener_command, receive_mail_command

    forum_cli.add_command(receive_mail_command)
    forum_cli.add_command(mail_listener_command)
    app.cli.add_command(forum_cli)
