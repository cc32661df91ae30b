"""One e-mail message: composed from templates in the reader's language, sent by a job.

Any package may call `send()`. The message is rendered at once (in the caller's transaction,
where the data is at hand) and its sending is a job committed with that transaction: a rollback
sends nothing, an SMTP server that is down delays the mail (the job is retried with back-off)
and loses none.

Delivery is at least once. The job is deleted only after the SMTP server accepted the message;
a process killed between the two sends it again when the job's lease expires. The retry keeps
the Message-ID chosen at enqueue time, so a duplicate is recognisable by mail clients. The other
choice (recording before sending) would lose the mail instead, which is worse for a reply an
official waits for.
"""

import os
import uuid
from contextlib import contextmanager
from email.utils import formataddr
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, url_for
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives
from flask_mailman.backends.base import BaseEmailBackend

from forum.dbtypes import utcnow
from forum.extensions import mail
from forum.jobs import enqueue, handler

KIND = "mail.send"


def init_app(app: Flask) -> None:
    if app.config.get("MAIL_FILE_PATH") is None:
        app.config["MAIL_FILE_PATH"] = os.path.join(app.instance_path, "mail")
    mail.init_app(app)


def send(to: str, subject, template: str, *, locale: str | None = None, reply_to: str | None = None,
         headers: dict | None = None, **context) -> str:
    """Render mail/<template>.txt and mail/<template>.html in `locale` and enqueue the sending.

    `subject` may be a lazy string: it is translated in `locale` too. `context` is what the
    templates show; `external_url()` builds the links. Returns the Message-ID.
    """
    with mail_context(locale):
        subject = str(subject)
        context.setdefault("subject", subject)
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    message_id = f"<{uuid.uuid4().hex}@{_domain()}>"
    enqueue(KIND, to=to, subject=subject, text=text, html=html, reply_to=reply_to,
            headers={**(headers or {}), "Message-ID": message_id})
    return message_id


@contextmanager
def mail_context(locale: str | None):
    """Render for a reader, not for the current request: in `locale`, with url_for building
    absolute links on BASE_URL (jobs render outside any request)."""
    app = current_app._get_current_object()
    with app.test_request_context(base_url=app.config["BASE_URL"]), \
            force_locale(locale or app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail (inside `mail_context`, or any request)."""
    return url_for(endpoint, _external=True, **values)


def _domain() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def sender() -> str:
    return current_app.config["MAIL_DEFAULT_SENDER"]


def address(name: str, email: str) -> str:
    """“Nadia <nadia@example.org>”, encoded as the headers need."""
    return formataddr((name, email))


@handler(KIND)
def _deliver(to: str, subject: str, text: str, html: str | None, reply_to: str | None, headers: dict) -> None:
    # The connection as a context manager: it is closed when the server refuses, too.
    with mail.get_connection() as connection:
        message = EmailMultiAlternatives(subject, text, sender(), [to], headers=headers,
                                         reply_to=[reply_to] if reply_to else None, connection=connection)
        if html:
            message.attach_alternative(html, "text/html")
        message.send()


class EmlFileEmailBackend(BaseEmailBackend):
    """The embedded default: each message is one .eml file under MAIL_FILE_PATH, which any
    mail client opens (or `python -m email` tools read)."""

    def send_messages(self, email_messages) -> int:
        directory = current_app.config["MAIL_FILE_PATH"]
        os.makedirs(directory, exist_ok=True)
        for message in email_messages:
            name = f"{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
            temporary = os.path.join(directory, f".{name}.tmp")
            with open(temporary, "wb") as f:
                f.write(message.message().as_bytes())
            os.replace(temporary, os.path.join(directory, name))  # readers never see half a file
        return len(email_messages)
