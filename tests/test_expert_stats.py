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
