"""Logging in: the password check behind a back-off that every worker and machine shares."""

import math
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import case, delete, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from forum.dbtypes import UTCDateTime, utcnow
from forum.errors import InvalidInput
from forum.extensions import db
from forum.people import services as people
from forum.people.models import User

from .models import LoginFailures

# A signed mark left in the browser a member logged in with (OWASP's "device cookie").
KNOWN_BROWSER_COOKIE = "known_login"


def log_in(login: str, password: str, address: str | None, known_user_id: int | None = None) -> User | InvalidInput:
    """The user whose login and password these are, or the InvalidInput saying why not:
    returned, not raised, because the failure it counted must be committed all the same.

    Failed attempts are counted per account and per address in the database. After
    LOGIN_FREE_FAILURES failures, an account's next attempt must wait 2, 4, 8... seconds (at
    most LOGIN_MAX_BACKOFF_SECONDS) after the last failure; an address that failed
    LOGIN_ADDRESS_MAX_FAILURES times waits for the end of its window. A refused attempt checks
    no password and is not counted, so an attacker cannot push the owner's wait beyond the cap;
    a successful login clears the account's count. Attempts from a browser the member already
    logged in with (`known_user_id`, from known_browser_user_id) are counted apart, so an
    attacker's failures do not slow the owner down at all on their own phone.
    """
    now = utcnow()
    found = people.get_user_by_login(login)
    account = f"account:{found.id if found is not None else login.strip().lower()}"[:280]
    if found is not None and found.id == known_user_id:
        account += ":known-browser"
    address = f"address:{address or ''}"
    wait = _wait(account, address, now)
    if wait > 0:
        return InvalidInput("password", _l("Too many failed attempts. Please wait %(delay)s and try again.",
                                          delay=_delay(wait)))
    user = people.authenticate(login, password)
    if user is None:
        _count_failure(account, now, LoginFailures.last_at < now - _seconds("LOGIN_FAILURES_FORGET_SECONDS"))
        _count_failure(address, now, LoginFailures.since < now - _seconds("LOGIN_ADDRESS_WINDOW_SECONDS"))
        wait = _wait(account, address, now)
        if wait > 0:
            return InvalidInput("password", _l(
                "Wrong username, email or password. Please wait %(delay)s before trying again.", delay=_delay(wait)))
        return InvalidInput("password", _l("Wrong username, email or password."))
    if user.is_suspended:
        return InvalidInput("login", _l("This account is suspended."))
    db.session.execute(delete(LoginFailures).where(LoginFailures.key == account))
    user.last_seen_at = now
    db.session.flush()
    return user


def _known_browsers() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="forum.auth.known-browser")


def known_browser_token(user: User) -> str:
    """The value of KNOWN_BROWSER_COOKIE for the browser `user` just logged in with."""
    return _known_browsers().dumps(user.id)


def known_browser_user_id(token: str | None) -> int | None:
    """Whose known browser this is (a valid signature younger than LOGIN_KNOWN_BROWSER_SECONDS), or None."""
    if not token:
        return None
    try:
        return _known_browsers().loads(token, max_age=current_app.config["LOGIN_KNOWN_BROWSER_SECONDS"])
    except BadSignature:  # forged, or expired
        return None


def _seconds(setting: str) -> timedelta:
    return timedelta(seconds=current_app.config[setting])


def _wait(account: str, address: str, now: datetime) -> float:
    """Seconds before the next attempt on this account from this address (0: go ahead)."""
    config = current_app.config
    rows = {row.key: row for row in db.session.scalars(select(LoginFailures).where(
        LoginFailures.key.in_([account, address])))}
    until = now
    row = rows.get(account)
    if row is not None and row.count >= config["LOGIN_FREE_FAILURES"] and \
            row.last_at > now - _seconds("LOGIN_FAILURES_FORGET_SECONDS"):
        backoff = min(2 ** (row.count - config["LOGIN_FREE_FAILURES"] + 1), config["LOGIN_MAX_BACKOFF_SECONDS"])
        until = max(until, row.last_at + timedelta(seconds=backoff))
    row = rows.get(address)
    window = _seconds("LOGIN_ADDRESS_WINDOW_SECONDS")
    if row is not None and row.count >= config["LOGIN_ADDRESS_MAX_FAILURES"] and row.since > now - window:
        until = max(until, row.since + window)
    return (until - now).total_seconds()


def _delay(seconds: float) -> str:
    """“3 seconds”, “5 minutes”, in the reader's language, rounded up."""
    seconds = math.ceil(seconds)
    delta = timedelta(seconds=seconds) if seconds < 60 else timedelta(minutes=math.ceil(seconds / 60))
    return format_timedelta(delta, threshold=1)


def _count_failure(key: str, now: datetime, stale) -> None:
    """One more failure for `key`, in one statement (workers may count the same key at once);
    a count gone `stale` starts again from 1."""
    values = {
        "count": case((stale, 1), else_=LoginFailures.count + 1),
        "since": case((stale, literal(now, UTCDateTime())), else_=LoginFailures.since),
        "last_at": now,
    }
    if db.session.execute(update(LoginFailures).where(LoginFailures.key == key).values(values)).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(insert(LoginFailures).values(key=key, count=1, since=now, last_at=now))
    except IntegrityError:  # another worker inserted it first
        db.session.execute(update(LoginFailures).where(LoginFailures.key == key).values(values))
