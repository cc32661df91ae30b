"""Pages compose in views: no app-wide context processor queries while a template renders."""

from tests.helpers import page_text


def test_no_app_wide_context_processor_but_the_harmless_ones(app):
    """Each page's view passes what it shows (the experts panel, similar threads): the only
    processors left are the extensions' (request, session, current_user, csrf_token) and `me`
    (current_user, already loaded)."""
    processors = [function for functions in app.template_context_processors.values() for function in functions]
    names = {f"{function.__module__}.{function.__qualname__}" for function in processors}
    assert names == {
        "flask.templating._default_template_ctx_processor",
        "flask_login.utils._user_context_processor",
        "flask_wtf.csrf.CSRFProtect.init_app.<locals>.<lambda>",
        "forum._init_templates.<locals>.inject_user",
    }


def test_the_compose_preview_shows_similar_threads_without_javascript(client, auth, member, make_thread, board):
    make_thread(member, title="Réhabilitation du réseau d'eau potable")
    auth.login(member)
    data = {"title": "Notre réseau d'eau potable fuit", "body": "Que faire ?", "kind": "question"}
    written = page_text(client.post(f"/b/{board.slug}/new", data=data | {"preview": "1"}))
    assert "These threads look close" in written and "Réhabilitation du réseau" in written
    assert "These threads look close" not in page_text(client.get(f"/b/{board.slug}/new?title=réseau"))
