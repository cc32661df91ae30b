"""`flask forum receive-mail` and `flask forum mail-listener`: the two ways replies by e-mail
come in (registered on the `forum` command group by forum/cli.py)."""

import logging
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from . import listener, replies

log = logging.getLogger(__name__)

# sysexits.h, as mail servers read a delivery command's status.
EX_DATAERR = 65  # refused for good: the server bounces the message
EX_TEMPFAIL = 75  # not now: the server keeps the message and tries again


@click.command("receive-mail")
@click.option("--recipient", "recipients", multiple=True,
              help="An envelope recipient (Postfix pipe: ${recipient}); the headers are read too.")
@click.option("--sender", default=None, help="The envelope sender (Postfix pipe: ${sender}); empty for a bounce.")
@click.pass_context
@with_appcontext
def receive_mail_command(ctx, recipients, sender):
    """Read one message on stdin and post it as a reply (a mail server's pipe transport).

    Exit status: 0 when handled (posted, refused with a mail to the member, or ignored),
    75 on a temporary failure (the server tries again later), 65 for a message over
    MAIL_INCOMING_MAX_BYTES."""
    limit = current_app.config["MAIL_INCOMING_MAX_BYTES"]
    raw = sys.stdin.buffer.read(limit + 1)  # never more than the limit in memory
    if len(raw) > limit:
        click.echo(f"Refused: the message is larger than {limit} bytes.", err=True)
        ctx.exit(EX_DATAERR)
    try:
        result = replies.receive(raw, recipients, sender)
    except Exception:
        log.exception("e-mail reply not handled")
        click.echo("Temporary failure: the message was not handled, try again later.", err=True)
        ctx.exit(EX_TEMPFAIL)
    click.echo(f"{result.outcome}{f' ({result.reason})' if result.reason else ''}")


@click.command("mail-listener")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option("--lmtp/--smtp", default=True, help="Speak LMTP (the default) or SMTP.")
@with_appcontext
def mail_listener_command(host, port, lmtp):
    """Receive replies by LMTP or SMTP from the mail server and post them; stops on SIGTERM."""
    protocol = "LMTP" if lmtp else "SMTP"
    listener.serve(current_app._get_current_object(), host, port, lmtp=lmtp,
                   ready=lambda: click.echo(f"Listening for replies ({protocol}) on {host}:{port}."))
    click.echo("Stopped.")
