"""Linking records: recording one from a thread, updating and deleting it, what the thread
page shows (and to whom), the moderation log."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forum.audit import ModAction
from forum.communes.models import Commune
from forum.db import transaction
from forum.extensions import db
from forum.impact.links import services
from forum.impact.models import LinkingRecord
from forum.jobs.models import Job
from forum.people.models import join_codes
from forum.threads import services as threads
from forum.threads.models import Post
from tests.helpers import count_queries, page_text


@pytest.fixture
def world(app, make_user, make_thread):
    with transaction():
        commune = Commune(slug="tafraout", name="Tafraout", province="Tiznit", region="Souss-Massa")
        db.session.add(commune)
    amina = make_user("amina", kind="commune", display_name="Amina Officielle")
    karim = make_user("karim", kind="expert", display_name="Karim Expert")
    leila = make_user("leila", kind="expert", display_name="Leila Experte")
    secret = make_user("secret", kind="expert", display_name="Samir Discret")
    coop = make_user("coop", kind="actor", display_name="Coop Argan")
    with transaction():
        amina.commune_id = commune.id
        coop.organisation_name = "Coopérative Tifawin"
        karim.public_fields = join_codes(["skills", "links"])
        leila.public_fields = join_codes(["skills", "links"])
        secret.public_fields = join_codes(["skills"])
    thread = make_thread(amina, title="Comment réhabiliter une khettara ?")
    with transaction():
        threads.reply(thread, karim, "Je peux venir voir la khettara en mai.")
    return {"commune": commune, "amina": amina, "karim": karim, "leila": leila, "secret": secret, "coop": coop,
            "thread": thread, "moderator": make_user("nadia", role="moderator", display_name="Nadia CM"),
            "coordinator": make_user("coord", role="coordinator", display_name="Coordinatrice"),
            "member": make_user("someone", display_name="Quelqu'un")}


def form_data(world, **changes):
    data = {"kind": "visit", "occurred_on": date.today().isoformat(), "status": "planned",
            "expert_id": str(world["karim"].id), "partner_id": str(world["amina"].id),
            "commune_id": str(world["commune"].id), "organisation": "", "amount": "", "currency": "",
            "note": ""}
    data.update(changes)
    return data


def new_url(world):
    return f"/t/{world['thread'].id}/links/new"


def record(world, recorder=None, **changes) -> LinkingRecord:
    with transaction():
        fields = {"kind": "visit", "status": "planned", "occurred_on": date.today(), "expert_id": world["karim"].id,
                  "partner_id": world["amina"].id, "commune_id": world["commune"].id, "organisation": "",
                  "amount": "", "currency": "", "note": ""}
        fields.update(changes)
        return services.create_record(recorder or world["amina"], world["thread"], fields)


def thread_page(client, world):
    thread = world["thread"]
    return page_text(client.get(f"/t/{thread.slug}/{thread.id}"))


# -- recording -----------------------------------------------------------------------------------

def test_the_asker_records_a_contact_from_the_thread_page(client, auth, world):
    auth.login(world["amina"])
    assert "Record a contact" in thread_page(client, world)
    form = page_text(client.get(new_url(world)))
    # The experts who replied come first, in their own group; the partner and commune default
    # to the asker and their commune.
    assert form.index('label="Replied in this thread"') < form.index("Karim Expert") < form.index(
        'label="Other migrant experts"') < form.index("Leila Experte")
    assert f'<option selected value="{world["amina"].id}">Amina Officielle (Tafraout)</option>' in form
    assert f'<option selected value="{world["commune"].id}">Tafraout</option>' in form
    response = client.post(new_url(world), data=form_data(world, kind="funding", status="in_progress",
                                                          amount="1 250 000,50", currency="MAD",
                                                          organisation="INDH Tiznit", note="<b>Convention</b> en cours"))
    assert response.status_code == 302
    saved = db.session.scalar(select(LinkingRecord))
    assert (saved.kind, saved.status, str(saved.amount), saved.currency) == ("funding", "in_progress", "1250000.50", "MAD")
    assert saved.created_by_id == world["amina"].id and saved.thread_id == world["thread"].id
    page = thread_page(client, world)
    assert "Funding obtained" in page and "In progress" in page and "INDH Tiznit" in page
    assert "1250000,50 MAD" in page
    assert "&lt;b&gt;Convention&lt;/b&gt; en cours" in page  # plain text, escaped
    # Two reminders, 30 and 90 days on.
    jobs = db.session.scalars(select(Job).where(Job.kind == "impact.follow_up_due").order_by(Job.id)).all()
    assert [job.payload for job in jobs] == [{"record_id": saved.id, "days": 30}, {"record_id": saved.id, "days": 90}]
    assert [round((job.available_at - saved.created_at).total_seconds() / 86400) for job in jobs] == [30, 90]


@pytest.mark.parametrize("changes, field_error", [
    ({"amount": "1500"}, "Give the currency of the amount (MAD or EUR)."),
    ({"currency": "EUR"}, "Give the amount, or no currency."),
    ({"amount": "abc", "currency": "EUR"}, "Write the amount as a number"),
    ({"amount": "0", "currency": "EUR"}, "The amount must be more than zero."),
    ({"amount": "-5", "currency": "EUR"}, "The amount must be more than zero."),
    ({"amount": "20000000000", "currency": "EUR"}, "The amount is too large"),
    ({"amount": "NaN", "currency": "EUR"}, "Write the amount as a number"),
    ({"amount": "1.5.5", "currency": "EUR"}, "Write the amount as a number"),
    ({"amount": "12,345", "currency": "EUR"}, "At most two decimals"),
    ({"currency": "USD", "amount": "5"}, "Not a valid choice"),
    ({"occurred_on": "1999-12-31"}, "The date cannot be before 2000."),
    ({"occurred_on": (date.today() + timedelta(days=400)).isoformat()}, "The date cannot be more than a year ahead."),
    ({"occurred_on": "demain"}, "Not a valid date value"),
    ({"occurred_on": ""}, "Give the date (YYYY-MM-DD)."),
    ({"expert_id": ""}, "Choose the migrant expert."),
    ({"expert_id": "99999999999999999999"}, "Not a valid choice"),
    ({"expert_id": "abc\x00"}, "Not a valid choice"),
    ({"partner_id": "2147483647"}, "Not a valid choice"),
    ({"commune_id": "-1"}, "Not a valid choice"),
    ({"kind": "party"}, "Not a valid choice"),
    ({"status": "done"}, "Not a valid choice"),
    ({"note": "x" * 2001}, "At most 2000 characters, please."),
    ({"organisation": "x" * 161}, "At most 160 characters, please."),
])
def test_a_bad_field_gets_its_message_and_nothing_is_lost(client, auth, world, changes, field_error):
    auth.login(world["amina"])
    data = form_data(world, **{"organisation": "Association Tamount", **changes})
    response = client.post(new_url(world), data=data)
    assert response.status_code == 200
    page = page_text(response)
    assert field_error in page
    if "organisation" not in changes:
        assert 'value="Association Tamount"' in page  # what was typed is still there
    assert db.session.scalar(select(LinkingRecord)) is None


def test_the_expert_must_be_an_expert_and_the_partner_local(client, auth, world):
    """Ids of the wrong kind of member are not in the lists: refused like any unknown id."""
    auth.login(world["amina"])
    for changes in ({"expert_id": str(world["amina"].id)}, {"partner_id": str(world["karim"].id)}):
        assert "Not a valid choice" in page_text(client.post(new_url(world), data=form_data(world, **changes)))
    with pytest.raises(Exception) as refused, transaction():
        services.create_record(world["amina"], world["thread"], {**_fields(world), "expert_id": world["amina"].id})
    assert refused.value.field == "expert_id"


def _fields(world):
    return {"kind": "visit", "status": "planned", "occurred_on": date.today(), "expert_id": world["karim"].id,
            "partner_id": None, "commune_id": None, "organisation": "", "amount": "", "currency": "", "note": ""}


def test_a_decimal_point_and_a_partner_without_commune_are_fine(client, auth, world):
    auth.login(world["moderator"])
    response = client.post(new_url(world), data=form_data(world, partner_id=str(world["coop"].id), commune_id="",
                                                          amount="2500.5", currency="EUR", kind="agreement"))
    assert response.status_code == 302
    saved = db.session.scalar(select(LinkingRecord))
    assert (str(saved.amount), saved.commune_id, saved.partner_id) == ("2500.50", None, world["coop"].id)


def test_who_may_record(client, auth, world, make_thread):
    url = new_url(world)
    assert client.get(url).status_code == 302  # log in first
    auth.login(world["member"])
    assert client.get(url).status_code == 403
    assert "Record a contact" not in thread_page(client, world)
    assert client.post(url, data=form_data(world)).status_code == 403
    assert client.get("/t/2147483647/links/new").status_code == 404
    assert client.get("/t/99999999999/links/new").status_code == 404
    discussion = make_thread(world["member"], title="Une discussion sur le climat", kind="discussion")
    assert client.get(f"/t/{discussion.id}/links/new").status_code == 403
    assert db.session.scalar(select(LinkingRecord)) is None


def test_a_deleted_thread_is_not_found_unless_staff(client, auth, world):
    first = db.session.scalar(select(Post).where(Post.thread_id == world["thread"].id, Post.number == 1))
    with transaction():
        threads.delete_post(world["moderator"], first)
    assert world["thread"].is_deleted
    auth.login(world["amina"])
    assert client.get(new_url(world)).status_code == 404
    auth.logout()
    auth.login(world["moderator"])
    assert client.get(new_url(world)).status_code == 403  # seen, but no contact recorded on it


# -- updating and deleting -------------------------------------------------------------------------

def test_the_recorder_updates_and_that_is_the_follow_up(client, auth, world):
    saved = record(world)
    before = saved.updated_at
    auth.login(world["amina"])
    form = page_text(client.get(f"/links/{saved.id}/edit"))
    assert 'value="visit" selected' in form or '<option selected value="visit">' in form
    response = client.post(f"/links/{saved.id}/edit", data=form_data(world, status="completed", note="Visite faite."))
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(LinkingRecord, saved.id)
    assert saved.status == "completed" and saved.note == "Visite faite." and saved.updated_at > before
    # Sent again as it is: nothing changes, not even the follow-up time.
    updated = saved.updated_at
    response = client.post(f"/links/{saved.id}/edit", data=form_data(world, status="completed", note="Visite faite."),
                           follow_redirects=True)
    assert "Nothing changed." in page_text(response)
    db.session.expire_all()
    assert db.session.get(LinkingRecord, saved.id).updated_at == updated


def test_who_may_update_and_delete(client, auth, world):
    saved = record(world)
    assert client.get("/links/2147483647/edit").status_code == 302  # log in first
    auth.login(world["member"])
    assert client.get(f"/links/{saved.id}/edit").status_code == 403
    assert client.get("/links/99999999999/edit").status_code == 404
    auth.logout()
    auth.login(world["amina"])  # the recorder updates, but does not delete
    assert client.post(f"/links/{saved.id}/delete").status_code == 403
    auth.logout()
    auth.login(world["coordinator"])  # reads everything, changes nothing
    assert client.get(f"/links/{saved.id}/edit").status_code == 403
    assert client.post(f"/links/{saved.id}/delete").status_code == 403
    assert db.session.get(LinkingRecord, saved.id) is not None
    auth.logout()
    auth.login(world["moderator"])
    assert "Delete this record" in page_text(client.get(f"/links/{saved.id}/edit"))
    assert client.post(f"/links/{saved.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(LinkingRecord, saved.id) is None
    assert client.post("/links/2147483647/delete").status_code == 404


def test_the_moderation_log_reads_every_change(client, auth, world):
    saved = record(world)
    auth.login(world["moderator"])
    client.post(f"/links/{saved.id}/edit", data=form_data(world, status="in_progress"))
    client.post(f"/links/{saved.id}/delete")
    actions = db.session.scalars(select(ModAction.action).order_by(ModAction.id)).all()
    assert actions[-3:] == ["link_created", "link_updated", "link_deleted"]
    log = page_text(client.get("/mod/log"))
    for words in ("linking record created", "linking record updated", "linking record deleted", "Visit · "):
        assert words in log
    assert "Karim Expert" in log


# -- what the thread page shows, to whom ------------------------------------------------------------

def test_a_hidden_expert_is_named_only_to_those_close_to_the_record(client, auth, world, make_user):
    record(world, expert_id=world["secret"].id, amount="5000", currency="EUR", note="Budget à confirmer")
    anonymous = thread_page(client, world)
    assert "Samir Discret" not in anonymous and "a migrant expert" in anonymous
    assert "5000" not in anonymous and "Budget à confirmer" not in anonymous
    for viewer, named, details in (("member", False, False), ("amina", True, True), ("secret", True, True),
                                   ("coordinator", True, True), ("moderator", True, True)):
        auth.login(world[viewer])
        page = thread_page(client, world)
        assert ("Samir Discret" in page) is named, viewer
        assert ("Budget à confirmer" in page) is details, viewer
        auth.logout()


def test_the_partner_sees_the_amount_and_a_public_expert_is_named(client, auth, world):
    record(world, recorder=world["moderator"], partner_id=world["amina"].id, amount="5000", currency="EUR",
           note="Budget à confirmer")
    anonymous = thread_page(client, world)
    assert "Karim Expert" in anonymous and "Budget à confirmer" not in anonymous
    auth.login(world["amina"])  # the partner (not the recorder here)
    assert "Budget à confirmer" in thread_page(client, world)
    auth.logout()
    auth.login(world["member"])
    page = thread_page(client, world)
    assert "Budget à confirmer" not in page and "Update" not in page.split('id="links"')[1]


def test_a_record_with_an_amount_sent_back_as_shown_changes_nothing(client, auth, world):
    saved = record(world, kind="funding", amount="1250,5", currency="MAD", note="Ligne 1\r\nLigne 2",
                   organisation="  INDH   Tiznit ")
    updated = saved.updated_at
    auth.login(world["amina"])
    form = page_text(client.get(f"/links/{saved.id}/edit"))
    assert 'value="1250,50"' in form and 'value="INDH Tiznit"' in form
    response = client.post(f"/links/{saved.id}/edit", data=form_data(
        world, kind="funding", amount="1250,50", currency="MAD", note="Ligne 1\r\nLigne 2", organisation="INDH Tiznit"),
        follow_redirects=True)
    assert "Nothing changed." in page_text(response)
    db.session.expire_all()
    assert db.session.get(LinkingRecord, saved.id).updated_at == updated


@pytest.mark.usefixtures("empty_cache")
class TestWithThePageCache:
    """A thread known to have led to no record skips their statement until the next write; a
    record made then shows at once (after the page cache's job, run right after the commit)."""

    @pytest.fixture
    def app_config(self):
        return {"PAGE_CACHE": True}

    def test_a_new_record_shows_at_once_and_none_costs_no_statement(self, client, auth, world, run_jobs):
        auth.login(world["amina"])
        with count_queries() as first:
            thread_page(client, world)
        with count_queries() as second:
            assert "INDH Tiznit" not in thread_page(client, world)
        assert any("FROM linking_records" in statement for statement in first)
        assert not any("FROM linking_records" in statement for statement in second)
        assert client.post(new_url(world), data=form_data(world, organisation="INDH Tiznit")).status_code == 302
        run_jobs()
        assert "INDH Tiznit" in thread_page(client, world)
