"""Failed logins, counted where every worker and machine sees them: the database."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime
from forum.extensions import db


class LoginFailures(db.Model):
    """Failed logins of one account ("account:<id or login typed>") or address ("address:<ip>")
    since `since`; `last_at` is the latest."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
