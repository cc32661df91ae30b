"""Expert statistics kept on rows (forum.matching.stats): exact after every change a member can
make, read by the directory and the experts panel without counting posts."""

from sqlalchemy import select

from forum.db import transaction
from forum.extensions import db
from forum.matching import stats
from forum.matching.directory import expert_counts
from forum.matching.models import ExpertStats
from forum.threads import services as threads
from forum.threads.solutions import mark_solution, unmark_solution
from tests.helpers import count_queries, page_text


def figures(user) -> tuple[int, int]:
    db.session.expire_all()
    return expert_counts([user.id])[user.id]


def test_replies_solutions_and_deletions_move_the_counts_at_once(member, other_member, moderator, make_thread):
    expert = other_member
    first, second = make_thread(member, title="Forage à Tata"), make_thread(member, title="Piste rurale à Akka")
    assert figures(expert) == (0, 0)
    with transaction():
        answer = threads.reply(first, expert, "Un forage de 80 m.")
        other = threads.reply(second, expert, "Un revêtement en béton.")
    assert figures(expert) == (2, 0)
    with transaction():
        mark_solution(member, answer)
    assert figures(expert) == (2, 1)
    with transaction():
        unmark_solution(member, first)
    assert figures(expert) == (2, 0)
    with transaction():
        mark_solution(member, answer)
        threads.delete_post(moderator, other)  # a reply deleted
    assert figures(expert) == (1, 1)
    with transaction():
        threads.delete_post(moderator, threads.thread_posts(first, 1).items[0])  # the whole thread, its solution too
    assert figures(expert) == (0, 0)


def test_a_rolled_back_change_leaves_the_counts(member, other_member, make_thread):
    thread = make_thread(member)
    try:
        with transaction():
            threads.reply(thread, other_member, "Une réponse qui ne sera pas gardée.")
            raise RuntimeError
    except RuntimeError:
        pass
    assert figures(other_member) == (0, 0)
    with transaction():
        threads.reply(thread, other_member, "Celle-ci est gardée.")
    assert figures(other_member) == (1, 0)


def test_a_new_reply_moves_its_authors_row_on_without_counting_and_stays_exact(member, other_member, moderator,
                                                                              make_thread):
    """The common write, a reply, adds to its author's row (no count over their posts); the
    rows stay those a full recount gives, last post time included, whatever comes after."""
    first, second = make_thread(member, title="Forage à Tata"), make_thread(member, title="Piste rurale à Akka")
    with transaction():
        threads.reply(first, other_member, "Un premier avis.")
    with count_queries() as statements, transaction():
        answer = threads.reply(first, other_member, "Un second avis.")
        threads.reply(second, other_member, "Un avis sur la piste.")
    assert not [s for s in statements if "expert_stats" in s and "count(" in s.lower()]
    assert figures(other_member) == (3, 0)
    with transaction():
        mark_solution(member, answer)
        threads.reply(first, other_member, "Merci, et une précision.")
    with transaction():
        threads.delete_post(moderator, threads.reply(second, other_member, "Un message de trop."))
    with transaction():
        threads.create_thread(first.board, other_member, "Ma propre question sur les pistes", "Laquelle choisir ?")

    def rows():
        db.session.expire_all()
        return sorted(db.session.execute(select(ExpertStats.user_id, ExpertStats.answers, ExpertStats.solutions,
                                                ExpertStats.last_post_at)))

    kept = rows()
    with transaction():
        stats.recount_all(db.session)
    assert rows() == kept
    assert figures(other_member) == (4, 1)


def test_recount_all_rebuilds_rows_written_without_the_orm(member, other_member, make_thread):
    thread = make_thread(member, replies=2)
    with transaction():
        threads.reply(thread, other_member, "Réponse.")
    kept = sorted(db.session.execute(select(ExpertStats.user_id, ExpertStats.answers, ExpertStats.solutions)))
    with transaction():
        db.session.execute(ExpertStats.__table__.delete())
        stats.recount_all(db.session)
    assert sorted(db.session.execute(select(ExpertStats.user_id, ExpertStats.answers, ExpertStats.solutions))) == kept
    assert (other_member.id, 1, 0) in kept and (member.id, 2, 0) in kept


def test_the_directory_reads_no_post_and_the_same_statements_however_many_posts(client, member, other_member,
                                                                                   make_thread):
    thread = make_thread(member)

    def statements() -> int:
        with count_queries() as seen:
            page = client.get("/experts")
        assert page.status_code == 200 and "Bob Expert" in page_text(page)
        assert not [s for s in seen if " posts" in s], seen
        return len(seen)

    with transaction():
        threads.reply(thread, other_member, "Réponse.")
    before = statements()
    with transaction():
        for n in range(30):
            threads.reply(make_thread(member, title=f"Question {n} sur le forage"), other_member, "Réponse.")
    assert statements() == before
