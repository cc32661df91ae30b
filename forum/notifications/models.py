"""Notifications, what people watch, how they want to hear of each kind of event, and the
digests already sent."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.boards.models import Board
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.people.models import User
from forum.tags.models import Tag
from forum.threads.models import Post, Thread


class NotificationKind(StrEnum):
    REPLIED = "replied"  # a reply in my thread
    QUOTED = "quoted"  # a reply to, or a quote of, my post
    MENTIONED = "mentioned"  # @me in a post
    SOLVED = "solved"  # my answer marked as the solution
    INVITED = "invited"  # I am invited to a thread (experts)
    NEED_STATUS = "need_status"  # the status of a need I follow changed
    WATCHED_POST = "watched_post"  # a new post in a thread I watch
    NEW_THREAD = "new_thread"  # a new thread in a board or tag I watch
    SKILL_MATCH = "skill_match"  # a new question or need on one of my skills (experts, opt-in)
    # A linking record (forum.impact) not followed up 30 or 90 days after it was made: its
    # recorder and the community managers. data: link_id, days, kind; thread_id may be None.
    FOLLOW_UP = "follow_up"


KIND_LABELS = {
    NotificationKind.REPLIED: _l("A reply in my thread"),
    NotificationKind.QUOTED: _l("A reply to or a quote of my message"),
    NotificationKind.MENTIONED: _l("A mention of my name (@me)"),
    NotificationKind.SOLVED: _l("My answer marked as the solution"),
    NotificationKind.INVITED: _l("An invitation to answer a thread"),
    NotificationKind.NEED_STATUS: _l("A change of status of a need I follow"),
    NotificationKind.WATCHED_POST: _l("A new message in a thread I watch"),
    NotificationKind.NEW_THREAD: _l("A new thread in a board or tag I watch"),
    NotificationKind.SKILL_MATCH: _l("A new question or need on one of my skills"),
    NotificationKind.FOLLOW_UP: _l("A linking record to follow up"),
}

# Kinds that collapse: several unread ones in one thread make one notification with a count.
COLLAPSING_KINDS = (NotificationKind.REPLIED, NotificationKind.WATCHED_POST)


class WatchLevel(StrEnum):
    WATCHING = "watching"  # every new post
    WATCHING_FIRST_POST = "watching_first_post"  # boards and tags: each new thread only
    TRACKING = "tracking"  # a count of new posts on lists; notified when mentioned or replied to
    NORMAL = "normal"
    MUTED = "muted"  # nothing, not even mentions from that thread


WATCH_LEVEL_LABELS = {
    WatchLevel.WATCHING: _l("Watching"),
    WatchLevel.WATCHING_FIRST_POST: _l("Watching first post"),
    WatchLevel.TRACKING: _l("Tracking"),
    WatchLevel.NORMAL: _l("Normal"),
    WatchLevel.MUTED: _l("Muted"),
}

THREAD_LEVELS = (WatchLevel.WATCHING, WatchLevel.TRACKING, WatchLevel.NORMAL, WatchLevel.MUTED)
BOARD_LEVELS = TAG_LEVELS = (WatchLevel.WATCHING, WatchLevel.WATCHING_FIRST_POST, WatchLevel.TRACKING,
                             WatchLevel.NORMAL, WatchLevel.MUTED)


class Frequency(StrEnum):
    """When the e-mail for a kind of notification goes out."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"


FREQUENCY_LABELS = {
    Frequency.IMMEDIATELY: _l("At once"),
    Frequency.DAILY: _l("In a daily digest"),
    Frequency.WEEKLY: _l("In a weekly digest"),
    Frequency.NEVER: _l("Never"),
}


class Notification(db.Model):
    """Something that happened that `user` should know about. Several unread replies in one
    thread are one row with a `count` (COLLAPSING_KINDS); `post` is the first of them."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read_updated", "user_id", "read_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    count: Mapped[int] = mapped_column(Integer, default=1)
    # What the text needs beyond the thread and post (a need's new status, the board or tag
    # watched): a small JSON object.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    thread: Mapped[Thread | None] = relationship()
    post: Mapped[Post | None] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Watch(db.Model):
    """How closely `user` follows one thread, board or tag (exactly one of the three)."""

    __tablename__ = "watches"
    __table_args__ = (
        UniqueConstraint("user_id", "thread_id", name="uq_watches_user_thread"),
        UniqueConstraint("user_id", "board_id", name="uq_watches_user_board"),
        UniqueConstraint("user_id", "tag_id", name="uq_watches_user_tag"),
        CheckConstraint("(CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN board_id IS NULL THEN 0 ELSE 1 END)"
                        " + (CASE WHEN tag_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(30))
    # Threads: the highest post number the user has seen (new posts = thread's last - this).
    last_read_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    thread: Mapped[Thread | None] = relationship()
    board: Mapped[Board | None] = relationship()
    tag: Mapped[Tag | None] = relationship()


class Preference(db.Model):
    """How `user` wants to hear of one kind of event, where it differs from the defaults
    (forum.notifications.preferences.DEFAULTS): in the forum or not, and by e-mail when."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    in_app: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[str] = mapped_column(String(20))


class DigestRun(db.Model):
    """A digest sent (or found empty) for one user and one period: at most one per period,
    however often or however interrupted `flask forum send-digests` runs."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("user_id", "frequency", "period", name="uq_digest_runs_user_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    frequency: Mapped[str] = mapped_column(String(20))  # daily or weekly
    period: Mapped[str] = mapped_column(String(20))  # "2026-12-02" or "2026-W49"
    items: Mapped[int] = mapped_column(Integer, default=0)  # 0: nothing new, no mail sent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReceivedReply(db.Model):
    """An e-mail reply handled (posted, or refused with a mail): a message delivered twice (the
    same Message-ID) is handled once. `message_hash`: SHA-256 of the Message-ID (of the whole
    message when it has none), so that a huge or odd header still fits."""

    __tablename__ = "received_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    refusal: Mapped[str | None] = mapped_column(String(30))  # why it was refused; None: posted
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
