"""Believable demo content for `flask forum seed-demo`: communes, experts, local actors, threads.

Everything is written through the services (accounts, threads, replies, moderation), so the
demo runs the production code paths: validation, Markdown rendering, counters, moderation
log. The services stamp "now"; the loader then spreads the dates over the past three months
(posts, threads, users, moderation log entries) and recomputes the denormalised counters with
sync_thread / sync_board. The content itself lives in forum/seed/demo_content.py.
"""

from datetime import datetime, timedelta

import click
from sqlalchemy import delete, select

from forum.audit import ModAction
from forum.boards import services as boards
from forum.boards.seed import PCD_BOARDS
from forum.communes.services import find_commune, seed_communes
from forum.db import transaction
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.jobs.models import Job
from forum.matching.services import invite_expert
from forum.moderation import services as moderation
from forum.notifications import fanout, watching
from forum.notifications.models import WatchLevel
from forum.people import services as people
from forum.people.models import EXPERT_PUBLIC_FIELDS, Role, User, UserKind
from forum.people.profiles import update_member_profile
from forum.seed import demo_content as content
from forum.seed import impact_cards, impact_links
from forum.seed.impact_settings import seed_impact_settings
from forum.tags.seed import TAGS
from forum.tags.services import all_tags
from forum.threads import services as threads
from forum.threads.models import Post, Thread, ThreadKind
from forum.threads.needs import NeedDetails, set_need_status
from forum.threads.solutions import mark_solution

ALREADY_PRESENT = "Demo data already present."

# Order of events that fall at the same instant: open a thread, reply, then moderate.
_THREAD, _REPLY, _MODERATION = 0, 1, 2


class DemoDataConflict(click.ClickException):
    """Some demo usernames or emails already belong to other accounts; nothing was written."""


def demo_logins() -> list[str]:
    """One line per persona: who it is, the username and the password to log in with."""
    width = max(len(label) for label, _ in content.PERSONAS)
    return [
        f"{label:<{width}}  {username:<18} {content.ADMIN_PASSWORD if username == content.ADMIN['username'] else content.PASSWORD}"
        for label, username in content.PERSONAS
    ]


@transaction()
def seed_demo() -> str:
    """Fill the forum with the demo content, in one transaction; a one-line summary of what
    was added.

    Idempotent: if the demo's community manager already exists, nothing is changed.
    """
    if people.get_user_by_username(content.MARKER_USERNAME) is not None:
        return ALREADY_PRESENT
    now = utcnow()
    timeline = _timeline(now)  # checks the content before anything is written
    _check_no_conflicts()
    boards.seed_boards_and_tags()
    seed_communes()
    tags = {tag.slug: tag for tag in all_tags()}
    users, created = _create_users()
    _fill_profiles(users, tags)  # before the threads: a need belongs to its author's commune

    opened: dict[str, Thread] = {}
    activity: dict[str, list[datetime]] = {}
    replies = 0
    for when, what, spec, index in timeline:
        if what == _THREAD:
            board = boards.get_board(spec["board"])
            expectation, time_frame, _moves = content.NEEDS.get(spec["key"], ("", "", None))
            thread = threads.create_thread(
                board, users[spec["author"]], spec["title"], spec["body"],
                kind=ThreadKind(spec["kind"]), tags=[tags[slug] for slug in spec["tags"]],
                need=NeedDetails(expectation, time_frame),
            )
            first = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
            first.created_at = thread.created_at = when
            opened[spec["key"]] = thread
            activity.setdefault(spec["author"], []).append(when)
        elif what == _REPLY:
            author, _hours, body = spec["replies"][index]
            post = threads.reply(opened[spec["key"]], users[author], body)
            post.created_at = when
            activity.setdefault(author, []).append(when)
            replies += 1
        else:
            _moderate(spec, users[spec["actor"]], opened[spec["thread"]], when)
        db.session.flush()

    _follow_up(opened, users)
    seed_impact_settings(now)
    _notifications(opened, users, tags)
    impact_links.seed_links(opened, users, now)
    for thread in opened.values():
        threads.sync_thread(thread)
    db.session.flush()
    for board in {thread.board for thread in opened.values()}:
        threads.sync_board(board)
    _date_users(created, activity, timeline[0][0], now)
    impact_cards.seed_cards(opened, users, now)
    db.session.flush()
    return f"Demo data: {len(created)} users, {len(opened)} threads, {replies} replies."


# -- the plan -----------------------------------------------------------------------------

def _user_specs() -> list[dict]:
    specs = [dict(content.ADMIN, password=content.ADMIN_PASSWORD)]
    specs += [dict(spec, password=content.PASSWORD) for spec in content.USERS]
    for spec in specs:
        spec["email"] = f"{spec['username']}@{content.EMAIL_DOMAIN}"
        spec.setdefault("role", Role.MEMBER)
    return specs


def _timeline(now: datetime) -> list[tuple]:
    """Every thread, reply and moderation action with its date, oldest first.

    Raises ValueError if the content refers to an unknown board, tag, author or thread, or
    puts something in the future.
    """
    usernames = {spec["username"] for spec in _user_specs()}
    board_slugs = {slug for slug, _name, _description in PCD_BOARDS}
    tag_slugs = {slug for slug, _name in TAGS}
    events, opened_at, last_at = [], {}, {}
    for spec in content.THREADS:
        key = spec["key"]
        if key in opened_at:
            raise ValueError(f"demo thread {key!r} is defined twice")
        if spec["board"] not in board_slugs:
            raise ValueError(f"demo thread {key!r}: unknown board {spec['board']!r}")
        unknown = set(spec["tags"]) - tag_slugs
        if unknown:
            raise ValueError(f"demo thread {key!r}: unknown tags {sorted(unknown)}")
        authors = {spec["author"]} | {author for author, _hours, _body in spec["replies"]}
        if authors - usernames:
            raise ValueError(f"demo thread {key!r}: unknown authors {sorted(authors - usernames)}")
        when = opened_at[key] = now - timedelta(days=spec["days_ago"])
        events.append((when, _THREAD, spec, None))
        for index, (_author, hours, _body) in enumerate(spec["replies"]):
            when += timedelta(hours=hours)
            events.append((when, _REPLY, spec, index))
        last_at[key] = when
    for action in content.MODERATION:
        if action["thread"] not in opened_at or action["actor"] not in usernames:
            raise ValueError(f"demo moderation {action!r}: unknown thread or actor")
        if action["action"] not in ("pin", "pin_home", "close"):
            raise ValueError(f"demo moderation {action!r}: unknown action")
        when = opened_at[action["thread"]] + timedelta(hours=action["hours"])
        if action["action"] == "close" and when < last_at[action["thread"]]:
            raise ValueError(f"demo moderation {action!r}: closes the thread before its last reply")
        events.append((when, _MODERATION, action, None))
    late = [event for event in events if event[0] > now - timedelta(minutes=5)]
    if late:
        raise ValueError(f"demo content dated in the future: {late[0][2].get('key', late[0][2])!r}")
    events.sort(key=lambda event: (event[0], event[1]))
    return events


# -- people -------------------------------------------------------------------------------

def _reusable(spec: dict, existing: User | None) -> bool:
    """An administrator account of the same name (e.g. made by `create-admin`) serves as is."""
    return existing is not None and spec["role"] == Role.ADMIN and existing.role == Role.ADMIN


def _check_no_conflicts() -> None:
    taken = []
    for spec in _user_specs():
        existing = people.get_user_by_username(spec["username"])
        if _reusable(spec, existing):
            continue
        if existing is not None or people.email_taken(spec["email"]):
            taken.append(spec["username"])
    if taken:
        raise DemoDataConflict(
            "Cannot load the demo data: these demo usernames or their emails are already used: "
            + ", ".join(taken) + ". Use an empty database."
        )


def _create_users() -> tuple[dict[str, User], list[User]]:
    users, created = {}, []
    for spec in _user_specs():
        existing = people.get_user_by_username(spec["username"])
        if _reusable(spec, existing):
            users[spec["username"]] = existing
            continue
        user = people.create_user(
            spec["username"], spec["email"], spec["password"], display_name=spec["display_name"],
            kind=UserKind(spec["kind"]), role=Role(spec["role"]),
        )
        user.email_verified_at = utcnow()  # made-up addresses: no reminder to confirm them
        users[spec["username"]] = user
        created.append(user)
    return users, created


def _date_users(created: list[User], activity: dict[str, list[datetime]], first_event: datetime,
                now: datetime) -> None:
    """Members joined a little before their first post; staff before the forum opened."""
    for index, user in enumerate(created):
        dates = activity.get(user.username, [])
        if user.role in (Role.ADMIN, Role.MODERATOR) or not dates:
            user.created_at = first_event - timedelta(days=3, hours=index)
        else:
            user.created_at = min(dates) - timedelta(days=1 + index % 4, hours=(index * 7) % 12)
        if dates:
            user.last_seen_at = min(max(dates) + timedelta(minutes=10 + index % 20), now)


def _fill_profiles(users: dict[str, User], tags: dict) -> None:
    for username, (name, province, position) in content.COMMUNE_OFFICIALS.items():
        commune = find_commune(name, province)
        if commune is None:
            raise ValueError(f"demo commune {name!r} ({province}) is not in the commune list")
        update_member_profile(users[username], users[username], commune_id=commune.id, position=position)
    for username, spec in content.EXPERTS.items():
        fields = {key: value for key, value in spec.items() if key not in ("skills", "public")}
        update_member_profile(users[username], users[username], skill_ids=[tags[slug].id for slug in spec["skills"]],
                              public_fields=spec.get("public", EXPERT_PUBLIC_FIELDS), **fields)
    for username, (organisation, organisation_type) in content.LOCAL_ACTORS.items():
        update_member_profile(users[username], users[username], organisation_name=organisation,
                              organisation_type=organisation_type)


def _follow_up(opened: dict[str, Thread], users: dict[str, User]) -> None:
    """Solutions marked by the askers, needs moved along, experts invited."""
    for key, index in content.SOLUTIONS:
        thread = opened[key]
        reply = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == index + 2))
        mark_solution(thread.author, reply)
    now = utcnow()
    for key, (_expectation, _time_frame, moves) in content.NEEDS.items():
        thread = opened[key]
        # Each move dated after the last, within the thread's life (the impact funnel's stages).
        step = min(timedelta(days=20), (now - thread.created_at) / (len(moves) + 1))
        for number, status in enumerate(moves, start=1):
            need = set_need_status(thread.author, thread, status)
            when = thread.created_at + number * step
            need.status_changed_at = when
            need.matched_at = when if status == "matched" else need.matched_at
            need.done_at = when if status == "done" else need.done_at
    for key, author, expert in content.INVITATIONS:
        invite_expert(users[author], opened[key], users[expert])
    db.session.flush()


def _notifications(opened: dict[str, Thread], users: dict[str, User], tags: dict) -> None:
    """Experts watch the first posts of their skills, officials those of the boards where
    they asked; then the demo's events (queued by the services as for any post) are told in
    the forum, with the default watches they give, but mailed to nobody: they are its past."""
    for username, spec in content.EXPERTS.items():
        for slug in spec["skills"]:
            watching.set_level(users[username], WatchLevel.WATCHING_FIRST_POST, tag=tags[slug])
    for thread in opened.values():
        if thread.author.username in content.COMMUNE_OFFICIALS:
            watching.set_level(thread.author, WatchLevel.WATCHING_FIRST_POST, board=thread.board)
    events = db.session.execute(
        select(Job.id, Job.kind, Job.payload).where(Job.kind.in_(fanout.EVENTS)).order_by(Job.id)).all()
    db.session.execute(delete(Job).where(Job.id.in_([event.id for event in events])))
    for event in events:
        fanout.EVENTS[event.kind](**event.payload, mail=False)
    db.session.flush()


# -- moderation ---------------------------------------------------------------------------

def _moderate(spec: dict, actor: User, thread: Thread, when: datetime) -> None:
    if spec["action"] == "pin":
        moderation.set_pinned(actor, thread, True)
        thread.pinned_at = when
    elif spec["action"] == "pin_home":
        moderation.set_pinned(actor, thread, True, on_home=True)
    else:
        moderation.set_locked(actor, thread, True)
    entry = db.session.scalar(
        select(ModAction).where(ModAction.actor_id == actor.id).order_by(ModAction.id.desc()).limit(1)
    )
    entry.created_at = when
