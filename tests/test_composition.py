"""Pages compose in views: no app-wide context processor queries while a template renders."""

from contextlib import contextmanager

from flask import before_render_template, template_rendered
from sqlalchemy import event

from forum.extensions import db
from forum.people.models import join_codes
from forum.tags.services import get_tag
from tests.helpers import page_text


@contextmanager
def queries_while_rendering(app):
    """The SQL statements run between the start and the end of rendering the page's template."""
    rendering, statements = [], []

    def started(sender, template, context, **extra):
        rendering.append(template.name)

    def finished(sender, template, context, **extra):
        rendering.pop()

    def record(conn, cursor, statement, parameters, context, executemany):
        if rendering:
            statements.append((rendering[-1], statement))

    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
        template_rendered.disconnect(finished, app)
        before_render_template.disconnect(started, app)


def test_no_app_wide_context_processor_but_the_harmless_ones(app):
    """Each page's view passes what it shows (the experts panel, similar threads): the only
    processors left are the extensions' (request, session, current_user, csrf_token), `me`
    (current_user, already loaded) and the page's language (forum.templating: the request's
    translations and locale, no query)."""
    processors = [function for functions in app.template_context_processors.values() for function in functions]
    names = {f"{function.__module__}.{function.__qualname__}" for function in processors}
    assert names == {
        "flask.templating._default_template_ctx_processor",
        "flask_login.utils._user_context_processor",
        "flask_wtf.csrf.CSRFProtect.init_app.<locals>.<lambda>",
        "forum._init_templates.<locals>.inject_user",
        "forum.templating.page_language_context",
    }


def test_the_compose_preview_shows_similar_threads_without_javascript(client, auth, member, make_thread, board):
    make_thread(member, title="Réhabilitation du réseau d'eau potable")
    auth.login(member)
    data = {"title": "Notre réseau d'eau potable fuit", "body": "Que faire ?", "kind": "question"}
    db.session.expire_all()
    with queries_while_rendering(client.application) as statements:
        written = page_text(client.post(f"/b/{board.slug}/new", data=data | {"preview": "1"}))
    assert "These threads look close" in written and "Réhabilitation du réseau" in written
    assert statements == []
    assert "These threads look close" not in page_text(client.get(f"/b/{board.slug}/new?title=réseau"))


def test_the_thread_page_queries_nothing_while_rendering(app, client, auth, make_user, make_thread, member):
    expert = make_user("zora", kind="expert", display_name="Zora")
    expert.skills, expert.public_fields = [get_tag("forage")], join_codes(["skills"])
    db.session.commit()
    thread = make_thread(member, tags=[get_tag("forage")], replies=2)
    auth.login(member)
    db.session.expire_all()
    with queries_while_rendering(app) as statements:
        page = page_text(client.get(f"/t/{thread.slug}/{thread.id}"))
    assert "Experts who could help" in page and "Zora" in page
    assert statements == []
