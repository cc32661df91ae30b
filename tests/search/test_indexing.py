"""Every change reaches the index, through index jobs, whatever the write path."""

from forum.boards.services import get_board
from forum.db import transaction
from forum.extensions import db
from forum.jobs import enqueue
from forum.jobs.models import Job
from forum.moderation import services as moderation
from forum.search import backend, service
from forum.search.outbox import SEARCH_JOB
from forum.tags.services import get_tag
from forum.threads import services as threads
from forum.threads.models import Post


def found(viewer, text) -> list[str]:
    return [hit.thread.title for hit in service.search(viewer, text).hits]


def index_of(app):
    return app.extensions["search"].index


def test_create_edit_delete_reach_the_index(app, member, make_thread):
    thread = make_thread(member, title="Réhabilitation de la khettara", body="Les galeries sont ensablées.")
    assert found(member, "khettara") == ["Réhabilitation de la khettara"]
    with transaction():
        reply = threads.reply(thread, member, "Il faut curer les puits verticaux.")
    assert found(member, "puits") == ["Réhabilitation de la khettara"]
    with transaction():
        threads.edit_post(member, reply, "Il faut curer les regards de visite.")
    assert found(member, "puits") == [] and found(member, "regards")
    with transaction():
        threads.delete_post(member, reply)
    assert found(member, "regards") == []
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    with transaction():
        threads.delete_post(member, first)
    assert found(member, "khettara") == []
    assert db.session.query(Job).filter_by(kind=SEARCH_JOB).count() == 0
    assert index_of(app).drift() == (set(), set())


def test_title_move_retag_close_and_solution_reach_the_index(app, member, moderator, make_thread):
    thread = make_thread(member, title="Pompage solaire pour le douar", tags=[get_tag("forage")])
    first = db.session.query(Post).filter_by(thread_id=thread.id, number=1).one()
    with transaction():
        threads.edit_post(member, first, first.body, title="Pompage photovoltaïque pour le douar")
    assert found(member, "photovoltaique") and not found(member, "solaire")
    with transaction():
        moderation.move_thread(moderator, thread, get_board("financement"))
    assert found(member, "photovoltaique #financement") and not found(member, "photovoltaique #eau-assainissement")
    with transaction():
        moderation.set_thread_tags(moderator, thread, [get_tag("energie-solaire")])
    assert found(member, "pompage tags:energie-solaire") and not found(member, "pompage tags:forage")
    with transaction():
        moderation.set_locked(moderator, thread, True)
    assert found(member, "pompage status:closed") and not found(member, "pompage status:open")
    with transaction():
        answer = threads.reply(thread, moderator, "Voir le programme de l'ONEE.")
    thread.solution_post_id = answer.id
    db.session.commit()
    assert found(member, "pompage status:solved") and not found(member, "pompage status:unsolved")


def test_tag_merge_and_delete_reach_the_index(app, member, moderator, make_thread):
    make_thread(member, title="Forage profond à Tata", tags=[get_tag("forage")])
    with transaction():
        moderation.merge_tags(moderator, get_tag("forage"), get_tag("eau-potable"))
    assert found(member, "forage tags:eau-potable")
    with transaction():
        moderation.delete_tag(moderator, get_tag("eau-potable"))
    assert not found(member, "forage tags:eau-potable")  # the tag is gone: unknown tag, nothing matches
    assert index_of(app).drift() == (set(), set())


def test_renaming_a_board_needs_no_reindex(app, admin, member, make_thread):
    from forum.boards.services import update_board

    make_thread(member, title="Budget participatif communal")
    with transaction():
        update_board(admin, get_board("eau-assainissement"), "Eau potable et assainissement", "")
    assert found(member, "budget #eau-assainissement")


def test_archived_boards_deleted_posts_and_staff(app, member, moderator, admin, make_thread):
    from forum.boards.services import set_board_archived

    make_thread(member, title="Ancienne discussion sur les citernes")
    with transaction():
        set_board_archived(admin, get_board("eau-assainissement"), True)
    assert found(member, "citernes") == []
    assert found(moderator, "citernes") == ["Ancienne discussion sur les citernes"]


def test_rebuild_swaps_in_a_complete_index_while_searches_go_on(app, member, make_thread):
    import threading

    for n in range(30):
        make_thread(member, title=f"Sujet numéro {n} sur l'irrigation goutte à goutte")
    errors, counts = [], []
    stop = threading.Event()

    def keep_searching():
        with app.app_context():
            while not stop.is_set():
                try:
                    counts.append(service.search(member, "irrigation").total)
                except Exception as error:  # noqa: BLE001 - reported below
                    errors.append(error)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    search = backend.get_backend()
    try:
        old = index_of(app).current_path()
        assert search.rebuild() == 30
        if search.name == "whoosh":  # a new generation swapped in whole
            assert index_of(app).current_path() != old
    finally:
        stop.set()
        searcher.join()
    assert not errors and counts and set(counts) == {30}
    assert search.drift() == (set(), set())


def test_search_cli_check_apply_and_reindex(app, runner, member, make_thread):
    make_thread(member, title="Sujet pour la commande de contrôle")
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0 and "missing from the index: 0" in result.output
    enqueue("search.index", thread_id=999_999, post_id=None)  # work for a thread that no longer exists
    db.session.commit()
    assert "1 index jobs applied" in runner.invoke(args=["search", "apply"]).output
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Reindexed 1 posts." in result.output


def test_an_index_built_with_another_analysis_is_rebuilt_once(app, member, make_thread):
    import os

    make_thread(member, title="Sujet indexé avec l'ancienne analyse")
    index = index_of(app)
    assert found(member, "ancienne") and not index.is_stale()
    old = index.current_path()
    with open(os.path.join(old, "version"), "w") as f:
        f.write("0.0")
    assert index.is_stale()
    assert index.rebuild_if_stale() is True
    assert index.current_path() != old and not index.is_stale()
    assert index.rebuild_if_stale() is False
    assert found(member, "ancienne")
