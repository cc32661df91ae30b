"""The counts the list pages show are kept on rows (forum.threads.tallies, Commune.local_member_count):
right after every change that moves them, equal to a full recount, and read without counting
threads, needs or members at each request."""

import random
import re

import pytest
from sqlalchemy import func, select

from forum.boards.models import Board
from forum.boards.services import get_board, set_board_archived
from forum.communes.models import Commune
from forum.db import transaction
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.moderation.services import move_thread, set_locked
from forum.people import communes as commune_members
from forum.people.models import User
from forum.people.profiles import update_member_profile
from forum.tags.services import get_tag
from forum.threads import services, tallies
from forum.threads.models import Need, Post, Thread, ThreadKind
from forum.threads.needs import ACTIVE_STATUSES, set_need_status
from forum.threads.solutions import mark_solution, unmark_solution
from tests.helpers import count_queries, page_text


@pytest.fixture
def app_config():
    return {"THREADS_PER_PAGE": 1}  # the pager's last page is the list's total


def _tabs(page) -> dict:
    tabs = re.search(r'<nav class="tabs".*?</nav>', page, flags=re.S)
    if tabs is None:
        return {}
    found = dict(re.findall(r'>(All|All threads|Unanswered|Unsolved|Solved)(?: \((\d+)\))?</a>', tabs.group(0)))
    return {name: int(n) for name, n in found.items() if n}


def _pages(page) -> int:
    """How many pages the pager offers (1 without a pager): the list's total, one a page."""
    pager = re.search(r'<nav class="pager".*?</nav>', page, flags=re.S)
    return max(map(int, re.findall(r">(\d+)</(?:a|strong)>", pager.group(0)))) if pager else 1


def _communes(page) -> dict:
    """{commune name: (members, open needs)} as /communes shows them."""
    return {name: (int(m), int(n)) for name, m, n in re.findall(
        r'dir="auto">([^<]+)</a>\s*<span class="meta">(\d+) members? ·\s*(\d+) open needs?', page)}


def _live_threads(viewer_is_staff: bool, board=None, kind=None, show=None) -> int:
    """The old way, counting threads: what the pages must show."""
    query = select(func.count()).select_from(Thread).where(Thread.is_deleted.is_(False))
    if board is not None:
        query = query.where(Thread.board_id == board.id)
    elif not viewer_is_staff:
        query = query.where(Thread.board_id.not_in(select(Board.id).where(Board.is_archived.is_(True))))
    if kind:
        query = query.where(Thread.kind == kind)
    if show or board is None:
        query = query.where(services._show_condition(show))
    return db.session.scalar(query)


def _live_needs(statuses, board=None, commune=None) -> int:
    query = (select(func.count()).select_from(Need).join(Thread, Thread.id == Need.thread_id)
             .where(Thread.is_deleted.is_(False), Thread.kind == ThreadKind.NEED, Need.status.in_(statuses),
                    Thread.board_id.not_in(select(Board.id).where(Board.is_archived.is_(True)))))
    if board is not None:
        query = query.where(Thread.board_id == board.id)
    if commune is not None:
        query = query.where(Need.commune_id == commune.id)
    return db.session.scalar(query)


def _live_members(commune) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.commune_id == commune.id, User.kind.in_(["commune", "actor"])))


def check_pages(client, boards, communes):
    """Every count the board, /questions, /needs and /communes pages show, against a count of
    the rows (anonymous viewer: archived boards hidden from the forum-wide lists)."""
    db.session.expire_all()
    labels = {"unanswered": "Unanswered", "unsolved": "Unsolved", "solved": "Solved"}
    for kind in (None, "question", "need"):
        page = page_text(client.get("/questions" + (f"?kind={kind}" if kind else "")))
        expected = {"All": _live_threads(False, kind=kind)}
        expected.update({labels[show]: _live_threads(False, kind=kind, show=show) for show in labels})
        assert _tabs(page) == expected, kind
        assert _pages(page_text(client.get("/questions?show=unsolved" + (f"&kind={kind}" if kind else "")))) == \
            max(1, expected["Unsolved"])
    for board in boards:
        if board.is_archived:
            continue
        page = page_text(client.get(f"/b/{board.slug}"))
        assert _tabs(page) == {labels[show]: _live_threads(True, board=board, kind=None, show=show)
                               for show in labels}
        assert _pages(page) == max(1, _live_threads(True, board=board, show=None)), board.slug
        for kind, show in (("discussion", None), ("question", "unanswered"), ("need", "solved"), (None, "solved")):
            args = "&".join(f"{k}={v}" for k, v in (("kind", kind), ("show", show)) if v)
            expected = _live_threads(True, board=board, kind=kind, show=show)
            assert _pages(page_text(client.get(f"/b/{board.slug}?{args}"))) == max(1, expected), args
    active = [str(s) for s in ACTIVE_STATUSES]
    assert _pages(page_text(client.get("/needs"))) == max(1, _live_needs(active))
    assert _pages(page_text(client.get("/needs?status=all"))) == max(1, _live_needs(
        ["open", "in_discussion", "matched", "done"]))
    for commune in communes:
        assert _pages(page_text(client.get(f"/needs?commune={commune.slug}&status=done"))) == \
            max(1, _live_needs(["done"], commune=commune))
    page = page_text(client.get("/needs"))
    with_needs = db.session.scalars(select(Commune.name).join(Need, Need.commune_id == Commune.id)
                                    .join(Thread, Thread.id == Need.thread_id)
                                    .where(Thread.is_deleted.is_(False), Thread.kind == ThreadKind.NEED)
                                    .distinct().order_by(Commune.name)).all()
    choices = re.search(r'<select id="n-commune".*?</select>', page, flags=re.S).group(0)
    assert re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', choices) == list(with_needs)
    shown = _communes(page_text(client.get("/communes")))
    assert shown == {c.name: (_live_members(c), _live_needs(active, commune=c)) for c in communes}


def _snapshot():
    return (sorted(db.session.execute(select(tallies.ThreadTally.board_id, tallies.ThreadTally.kind,
                                             tallies.ThreadTally.state, tallies.ThreadTally.threads,
                                             tallies.ThreadTally.posts)).all()),
            sorted(db.session.execute(select(tallies.NeedTally.board_id, tallies.NeedTally.commune_id,
                                             tallies.NeedTally.status, tallies.NeedTally.needs)).all()),
            sorted(db.session.execute(select(Commune.id, Commune.local_member_count)).all()),
            sorted(db.session.execute(select(Board.id, Board.thread_count, Board.post_count)).all()))


def assert_equal_to_a_recount():
    kept = _snapshot()
    with transaction():
        tallies.recount_all(db.session)
        commune_members.recount_all(db.session)
    assert _snapshot() == kept


@pytest.fixture
def communes(app):
    made = [Commune(slug=f"commune-{n}", name=f"Commune {n}", province="Tiznit", region="Souss-Massa")
            for n in range(3)]
    db.session.add_all(made)
    db.session.commit()
    return made


@pytest.fixture
def officials(make_user, communes):
    users = [make_user(f"elu{n}", kind="commune") for n in range(4)]
    for n, user in enumerate(users):
        user.commune_id = communes[n % 3].id
    db.session.commit()
    return users


def test_counts_follow_each_change(client, board, communes, officials, moderator, admin, make_thread):
    roads = get_board("routes-infrastructures")
    boards = [board, roads]
    official, other = officials[0], officials[1]
    question = make_thread(official, title="Question sur le forage du douar")
    need = make_thread(official, title="Besoin d'un hydrogéologue", kind="need")
    make_thread(other, title="Discussion libre sur l'eau", kind="discussion")
    check_pages(client, boards, communes)

    with transaction():  # replying: unanswered -> unsolved
        answer = services.reply(question, other, "Une piste pour le forage.")
        services.reply(need, other, "Je connais quelqu'un.")
    check_pages(client, boards, communes)
    with transaction():  # solving, then unsolving
        mark_solution(official, answer)
    check_pages(client, boards, communes)
    with transaction():
        unmark_solution(official, question)
        mark_solution(official, answer)
    check_pages(client, boards, communes)
    with transaction():  # deleting the solution, then the whole thread
        services.delete_post(moderator, db.session.get(Post, answer.id))
    check_pages(client, boards, communes)
    with transaction():
        services.delete_post(moderator, db.session.scalar(select(Post).where(Post.thread_id == question.id,
                                                                             Post.number == 1)))
    check_pages(client, boards, communes)
    locked = make_thread(other, title="Question qui sera close bientôt")
    with transaction():  # a closed question without replies is not "unanswered" any more
        set_locked(moderator, locked, True)
    check_pages(client, boards, communes)
    with transaction():  # moving to another board
        move_thread(moderator, need, roads)
    check_pages(client, boards, communes)
    with transaction():  # a need status change: no longer open
        set_need_status(official, need, "matched")
    check_pages(client, boards, communes)
    with transaction():  # the kind changes: a need becomes a discussion, a question a need
        services.edit_post(moderator, need_first(need), need_first(need).body, kind="discussion")
        services.edit_post(moderator, need_first(locked), need_first(locked).body, kind="need")
    check_pages(client, boards, communes)
    with transaction():  # a member changes commune, another becomes an expert
        update_member_profile(official, official, kind="commune", commune_id=communes[2].id)
        update_member_profile(other, other, kind="expert")
    check_pages(client, boards, communes)
    with transaction():  # archiving a board hides its threads from /questions and /needs
        set_board_archived(admin, roads, True)
    check_pages(client, boards, communes)
    assert tallies.state_counts(moderator)["all"] == _live_threads(True)  # staff still count them
    assert_equal_to_a_recount()


def need_first(thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))


def test_counts_equal_a_recount_after_random_changes(client, board, communes, officials, moderator, admin,
                                                     make_user, make_thread):
    rng = random.Random(12)
    boards = [board, get_board("routes-infrastructures"), get_board("sante")]
    people = [*officials, make_user("coop", kind="actor"), make_user("expat", kind="expert")]

    def live_threads():
        return list(db.session.scalars(select(Thread).where(Thread.is_deleted.is_(False)).order_by(Thread.id)))

    def create():
        make_thread(rng.choice(people), title=f"Sujet numéro {rng.randrange(10**6)} du douar",
                    kind=rng.choice(list(ThreadKind)), target_board=rng.choice(boards),
                    tags=[get_tag("forage")] if rng.random() < 0.3 else [])

    def answer(thread):
        services.reply(thread, rng.choice(people), "Une réponse de plus.")

    def solve(thread):
        replies = [p for p in db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number > 1,
                                                                    Post.is_deleted.is_(False)))]
        if replies:
            mark_solution(moderator, rng.choice(replies))

    def delete(thread):
        posts = list(db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.is_deleted.is_(False))))
        services.delete_post(moderator, rng.choice(posts))

    def change_kind(thread):
        services.edit_post(moderator, need_first(thread), need_first(thread).body, kind=rng.choice(list(ThreadKind)))

    def move_member(_thread):
        user = rng.choice(officials)
        update_member_profile(user, user, kind="commune", commune_id=rng.choice(communes).id)

    actions = [
        answer, solve, delete, change_kind, move_member,
        lambda t: unmark_solution(moderator, t),
        lambda t: set_locked(moderator, t, not t.is_locked),
        lambda t: move_thread(moderator, t, rng.choice(boards)),
        lambda t: set_need_status(moderator, t, rng.choice(["open", "in_discussion", "matched", "done"])),
        lambda t: set_board_archived(admin, rng.choice(boards), rng.random() < 0.3),
    ]
    for _ in range(8):
        create()
    for step in range(120):
        threads = live_threads()
        try:
            with transaction():
                if not threads or rng.random() < 0.15:
                    create()
                else:
                    rng.choice(actions)(rng.choice(threads))
        except (NotAllowed, InvalidInput):
            db.session.rollback()
        if step % 40 == 39:
            check_pages(client, boards, communes)
    check_pages(client, boards, communes)
    assert_equal_to_a_recount()


@pytest.mark.parametrize("url", ["/b/eau-assainissement", "/b/eau-assainissement?kind=question&show=unsolved",
                                 "/questions", "/questions?show=unanswered&kind=need", "/needs",
                                 "/needs?status=all", "/communes"])
def test_list_pages_count_no_threads_needs_or_members(client, board, communes, officials, make_thread, url):
    """The pages read their counts from the tallies: no aggregate over the threads, needs or
    users, whose number grows with the forum (a tag's threads, few, are still counted)."""
    for n in range(4):
        thread = make_thread(officials[n], title=f"Besoin numéro {n} du douar", kind="need" if n % 2 else "question")
        with transaction():
            services.reply(thread, officials[(n + 1) % 4], "Une piste.")
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    counting = [s for s in statements if re.search(r"\bcount\(", s, flags=re.I)
                and re.search(r"\bFROM (threads|needs|users|posts)\b", s)]
    assert counting == []
