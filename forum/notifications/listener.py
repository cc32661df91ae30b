"""The LMTP (or SMTP) server a mail system hands replies to (`flask forum mail-listener`).

It accepts mail for reply+...@MAIL_REPLY_DOMAIN only (550 for any other recipient), one
recipient per message (452 asks the client to send the next one again, so that the single
answer to DATA is right in LMTP too), and messages up to MAIL_INCOMING_MAX_BYTES (552 above,
counted while they arrive: a larger one is never held in memory). Each message is handled
like `flask forum receive-mail`, in a worker thread, so the event loop never waits on the
database; a failure answers 451 and the client tries again later.
"""

import asyncio
import logging
import signal
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from flask import Flask

from . import replies

log = logging.getLogger(__name__)

# Messages handled at once (each holds a database connection while it is handled).
WORKERS = 4
# On SIGTERM, messages being handled get this long to finish before the process exits.
GRACE_SECONDS = 30


class ReplyHandler:
    """aiosmtpd's handler hooks: RCPT checks the address, DATA hands the message to a thread."""

    def __init__(self, app: Flask, executor: ThreadPoolExecutor):
        self.app = app
        self.executor = executor
        self.busy = 0
        self.idle = asyncio.Event()
        self.idle.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.app.app_context():
            ours = replies.is_reply_address(address)
        if not ours:
            return "550 5.1.1 No such recipient here"
        if envelope.rcpt_tos:
            return "452 4.5.3 One recipient per message: send it again for this one"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.busy += 1
        self.idle.clear()
        try:
            result = await asyncio.get_running_loop().run_in_executor(
                self.executor, self._receive, envelope.original_content, list(envelope.rcpt_tos), envelope.mail_from)
        except Exception:
            log.exception("e-mail reply not handled; the client will try again")
            return "451 4.3.0 Temporary failure, please try again later"
        finally:
            self.busy -= 1
            if not self.busy:
                self.idle.set()
        return f"250 2.0.0 {result.outcome}"

    def _receive(self, raw: bytes, recipients: list[str], sender: str):
        with self.app.app_context():
            return replies.receive(raw, recipients, sender)


def serve(app: Flask, host: str, port: int, lmtp: bool = True, ready=None) -> None:
    """Listen until SIGTERM or SIGINT, then finish the messages in hand and return.
    `ready()` is called once the port is open."""
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="mail-reply") as executor:
        asyncio.run(_serve(app, executor, host, port, LMTP if lmtp else SMTP, ready))


async def _serve(app: Flask, executor, host: str, port: int, protocol, ready) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    handler = ReplyHandler(app, executor)
    limit = app.config["MAIL_INCOMING_MAX_BYTES"]
    server = await loop.create_server(lambda: protocol(handler, data_size_limit=limit), host, port)
    if ready is not None:
        ready()
    await stop.wait()
    server.close()  # no new connection; the sessions left are cancelled when asyncio.run ends
    try:
        await asyncio.wait_for(handler.idle.wait(), GRACE_SECONDS)
    except TimeoutError:
        log.warning("stopping with e-mail replies still in hand; their clients will send them again")
