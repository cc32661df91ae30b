"""Profiles by kind: commune officials, migrant experts, local actors; who sees what."""

import re

import pytest

from forum.communes import services as communes
from forum.communes.services import seed_communes
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.people.communes import member_count
from forum.people.forms import PUBLIC_FIELD_LABELS
from forum.people.models import EXPERT_PUBLIC_FIELDS
from forum.people.profiles import profile_data, update_member_profile, visible_expert_fields
from forum.tags.services import all_tags, get_tag
from tests.helpers import count_queries, page_text


@pytest.fixture
def communes_list(app):
    seed_communes()


@pytest.fixture
def tata(communes_list):
    return communes.get_commune("tata")


@pytest.fixture
def expert(make_user):
    return make_user("karim", kind="expert", display_name="Karim Hydraulicien")


def expert_form(**overrides):
    """What an expert filling every field of their part posts."""
    data = {
        "display_name": "Karim Hydraulicien", "email": "karim@example.org", "kind": "expert",
        "skill_ids": [str(get_tag("forage").id), str(get_tag("energie-solaire").id)],
        "country": "France", "city": "Montpellier", "languages": ["fr", "ar", "ber"],
        "expertise": "Forages et pompage solaire", "years_experience": "18", "availability": "remote",
        "bio": "Ingénieur hydraulicien.\nNé à Tata.", "public_fields": list(EXPERT_PUBLIC_FIELDS),
    }
    data.update(overrides)
    return data


def _unlabelled(page: str) -> list[str]:
    """Ids of form controls that no <label for=...> names (hidden inputs and buttons aside)."""
    labels = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page))
    page = re.sub(r"<label\b[^>]*>.*?</label>", "", page, flags=re.S)  # checkboxes and radios inside their label
    controls = re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', page)
    return [c for c in controls if c not in labels]


# -- commune officials ---------------------------------------------------------------------------


def test_commune_official_chooses_commune_and_position(client, auth, member, tata):
    auth.login(member)
    page = page_text(client.get("/u/alice/edit"))
    assert '<optgroup label="Tata (Souss-Massa)">' in page and '<optgroup label="Zagora (Drâa-Tafilalet)">' in page
    assert f'<option value="{tata.id}">Tata</option>' in page
    assert '<details class="part" id="part-commune" open>' in page  # alice is a commune official
    assert '<details class="part" id="part-expert">' in page
    response = client.post("/u/alice/edit", data={"display_name": "Alice Commune", "email": "alice@example.org",
                                                  "kind": "commune", "commune_id": str(tata.id), "position": "staff"})
    assert response.status_code == 302
    assert member.commune_id == tata.id and member.position == "staff"
    page = page_text(client.get("/u/alice"))
    assert '<a href="/c/tata" dir="auto">Tata</a>' in page and "Tata, Souss-Massa" in page and "Commune staff" in page
    assert f'<option selected value="{tata.id}">Tata</option>' in page_text(client.get("/u/alice/edit"))


def test_members_are_asked_to_complete_their_profile(client, auth, member, expert, tata):
    auth.login(member)
    assert "Choose your commune on your profile" in page_text(client.get("/u/alice"))
    update_member_profile(member, member, commune_id=tata.id)
    assert "Choose your commune on your profile" not in page_text(client.get("/u/alice"))
    assert "Add your skills" not in page_text(client.get("/u/karim"))  # someone else's profile
    auth.logout()
    auth.login(expert)
    assert "Add your skills to your profile, so that communes can find you." in page_text(client.get("/u/karim"))


def test_commune_officials_must_choose_their_commune(client, auth, member, communes_list):
    auth.login(member)
    page = page_text(client.post("/u/alice/edit", data={"display_name": "Alice C.", "email": "alice@example.org",
                                                        "kind": "commune", "commune_id": "", "position": "elected"}))
    assert "Choose your commune." in page
    assert member.display_name == "Alice Commune" and member.position is None
    for hostile in ("999999", "abc", "1 OR 1=1"):
        page = page_text(client.post("/u/alice/edit", data={"display_name": "A", "email": "alice@example.org",
                                                            "kind": "commune", "commune_id": hostile}))
        assert "Choose a commune from the list." in page, hostile
    assert member.commune_id is None
    with pytest.raises(InvalidInput) as error:
        update_member_profile(member, member, kind="commune", commune_id=999999)
    assert error.value.field == "commune_id" and member.commune_id is None


def test_an_empty_commune_list_does_not_lock_commune_officials_out(client, auth, member):
    auth.login(member)
    assert "The commune list is empty for now" in page_text(client.get("/u/alice/edit"))
    response = client.post("/u/alice/edit", data={"display_name": "Alice T.", "email": "alice@example.org",
                                                  "kind": "commune", "position": "elected"})
    assert response.status_code == 302
    assert member.display_name == "Alice T." and member.position == "elected" and member.commune_id is None


# -- migrant experts -----------------------------------------------------------------------------


def test_expert_fills_the_expert_part_and_the_profile_shows_it(client, auth, expert):
    auth.login(expert)
    response = client.post("/u/karim/edit", data=expert_form())
    assert response.status_code == 302, page_text(response)
    assert {t.slug for t in expert.skills} == {"energie-solaire", "forage"}
    assert expert.language_codes == ["fr", "ar", "ber"] and expert.years_experience == 18
    auth.logout()
    page = page_text(client.get("/u/karim"))
    assert ('<li><a class="tag" dir="auto" href="/tags/energie-solaire">#énergie solaire</a></li>'
            '<li><a class="tag" dir="auto" href="/tags/forage">#forage</a></li>') in page  # in French alphabetical order
    assert "Montpellier, France" in page and "French, Arabic, Amazigh" in page
    assert "Forages et pompage solaire</span> · 18 years of experience" in page
    assert "Remote only" in page
    assert "private" not in page


def test_skills_are_offered_from_the_tag_vocabulary_as_labelled_checkboxes(client, auth, expert):
    auth.login(expert)
    page = page_text(client.get("/u/karim/edit"))
    for tag in all_tags():
        assert f'value="{tag.id}"> {tag.name}</label>' in page
    assert '<div class="field columns">' in page
    assert _unlabelled(page) == []
    assert page.count("<h1") == 1
    for label in ("Country of residence", "Years of experience", "Short bio", "Commune", "Organisation"):
        assert label in page


def test_everything_is_public_by_default_the_first_time(client, auth, expert):
    auth.login(expert)
    page = page_text(client.get("/u/karim/edit"))
    checked = re.findall(r'<input checked id="public_fields-\d+" name="public_fields" type="checkbox" value="(\w+)">', page)
    assert checked == list(EXPERT_PUBLIC_FIELDS)
    update_member_profile(expert, expert, country="Belgique")  # a caller that does not say
    assert expert.public_field_names == list(EXPERT_PUBLIC_FIELDS)


def test_an_expert_may_hide_everything_and_it_stays_hidden(client, auth, expert):
    auth.login(expert)
    client.post("/u/karim/edit", data=expert_form(public_fields=[]))
    assert expert.public_fields == ""
    page = page_text(client.get("/u/karim/edit"))
    assert 'name="public_fields" type="checkbox"' in page and "<input checked id=\"public_fields" not in page
    assert profile_data(expert)["public_fields"] == []


def test_hidden_fields_are_seen_only_by_the_expert_and_admins(client, auth, expert, other_member, moderator, admin):
    auth.login(expert)
    client.post("/u/karim/edit", data=expert_form(public_fields=["skills", "expertise"]))
    auth.logout()
    for viewer in (None, other_member, moderator):
        if viewer:
            auth.login(viewer)
        page = page_text(client.get("/u/karim"))
        assert "#forage" in page and "Forages et pompage solaire" in page
        for hidden in ("Montpellier", "French", "Remote only", "Né à Tata", "private"):
            assert hidden not in page, (viewer, hidden)
        if viewer:
            auth.logout()
    for viewer in (expert, admin):
        auth.login(viewer)
        page = page_text(client.get("/u/karim"))
        assert "Montpellier, France" in page and "Remote only" in page and "Né à Tata" in page
        assert page.count(">private</span>") == 4  # residence, languages, availability, bio
        auth.logout()
    assert visible_expert_fields(other_member, expert) == {"skills", "expertise"}


def test_bio_is_plain_text_with_its_line_breaks(client, auth, expert):
    auth.login(expert)
    bio = 'Bonjour <script>alert("x")</script>\n<img src=x onerror=alert(1)>\r\nDeuxième ligne'
    client.post("/u/karim/edit", data=expert_form(bio=bio))
    page = page_text(client.get("/u/karim"))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert re.search(r'<dd class="bio" dir="auto">Bonjour .*\n.*\nDeuxième ligne</dd>', page)
    assert "\r" not in expert.bio


def test_hostile_expert_input_gets_clear_messages_and_saves_nothing(client, auth, expert):
    auth.login(expert)
    cases = {
        "bio": ("x" * 1001, "Field cannot be longer than 1000 characters."),
        "city": ("y" * 5000, "Field cannot be longer than 80 characters."),
        "years_experience": ("200", "Number must be between 0 and 70."),
        "availability": ("always", "Not a valid choice."),
        "languages": (["fr", "klingon"], "Choose languages from the list."),
        "skill_ids": (["999999"], "Choose skills from the list."),
    }
    for name, (value, message) in cases.items():
        response = client.post("/u/karim/edit", data=expert_form(**{name: value}))
        assert response.status_code == 200 and message in page_text(response), name
    page = page_text(client.post("/u/karim/edit", data=expert_form(years_experience="beaucoup")))
    assert "Not a valid integer value." in page
    db.session.expire_all()
    assert expert.skills == [] and expert.city is None and expert.bio == ""


@pytest.mark.parametrize("field, value", [
    ("skill_ids", [999999]), ("skill_ids", ["1"]), ("languages", ["xx"]), ("availability", "sometimes"),
    ("years_experience", 71), ("years_experience", -1), ("years_experience", "5"), ("bio", "b" * 1001),
    ("country", "c" * 81), ("public_fields", ["email"]),
])
def test_the_service_refuses_what_the_form_would(expert, field, value):
    with pytest.raises(InvalidInput) as error:
        update_member_profile(expert, expert, city="Lyon", **{field: value})
    assert error.value.field == field
    db.session.expire_all()
    assert expert.city is None  # nothing half-saved


# -- local actors, switching kinds ---------------------------------------------------------------


def test_local_actor_gives_the_organisation(client, auth, member):
    auth.login(member)
    client.post("/u/alice/edit", data={"display_name": "Alice", "email": "alice@example.org", "kind": "actor",
                                       "organisation_name": "Coopérative Tifawine", "organisation_type": "cooperative"})
    assert member.kind == "actor" and member.organisation_type == "cooperative"
    page = page_text(client.get("/u/alice"))
    assert "Coopérative Tifawine" in page and "(Cooperative)" in page


def test_only_the_chosen_kind_is_validated_and_saved(client, auth, expert):
    auth.login(expert)
    data = expert_form(kind="actor", organisation_name="Association Amal", organisation_type="association",
                       years_experience="999", skill_ids=["999999"], commune_id="abc")
    response = client.post("/u/karim/edit", data=data)
    assert response.status_code == 302, page_text(response)
    assert expert.kind == "actor" and expert.organisation_name == "Association Amal"
    assert expert.skills == [] and expert.city is None and expert.years_experience is None and expert.commune_id is None


def test_changing_kind_clears_the_other_kinds_data(auth, client, member, tata):
    update_member_profile(member, member, kind="commune", commune_id=tata.id, position="elected")
    assert member_count(tata) == 1
    update_member_profile(member, member, kind="expert", skill_ids=[get_tag("forage").id], city="Lyon")
    assert member.commune_id is None and member.position is None and member_count(tata) == 0
    update_member_profile(member, member, kind="other")
    assert member.skills == [] and member.city is None and member.public_fields == ""
    with pytest.raises(TypeError):
        update_member_profile(member, member, kind="actor", city="Lyon")


# -- who may edit --------------------------------------------------------------------------------


def test_nobody_else_edits_a_profile(client, auth, member, other_member, moderator):
    for intruder in (other_member, moderator):
        auth.login(intruder)
        assert client.get("/u/alice/edit").status_code == 403
        response = client.post("/u/alice/edit", data={"display_name": "Pirate", "email": "pirate@example.org",
                                                      "kind": "actor", "organisation_name": "Pirates"})
        assert response.status_code == 403
        auth.logout()
    db.session.expire_all()
    assert member.display_name == "Alice Commune" and member.kind == "commune" and member.organisation_name is None
    with pytest.raises(NotAllowed):
        update_member_profile(other_member, member, display_name="Pirate")
    assert client.post("/u/alice/edit", data={"display_name": "Anonyme"}).status_code == 302  # to the login page
    assert member.display_name == "Alice Commune"


def test_an_admin_edits_a_members_profile(client, auth, admin, member, tata):
    auth.login(admin)
    response = client.post("/u/alice/edit", data={"display_name": "Alice Commune", "email": "alice@example.org",
                                                  "kind": "commune", "commune_id": str(tata.id)})
    assert response.status_code == 302 and member.commune_id == tata.id


# -- the pages stay light ------------------------------------------------------------------------


def _profile_queries(client, username) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(f"/u/{username}").status_code == 200
    return len(statements)


def test_profile_page_queries_do_not_grow_with_skills_or_threads(client, auth, expert, admin, make_thread):
    update_member_profile(expert, expert, skill_ids=[get_tag("forage").id], city="Lyon", languages=["fr"])
    make_thread(expert)
    auth.login(admin)  # sees everything, including private fields
    few = _profile_queries(client, "karim")
    update_member_profile(expert, expert, skill_ids=[t.id for t in all_tags()])
    for n in range(8):
        make_thread(expert, title=f"Question numéro {n} sur les forages")
    many = _profile_queries(client, "karim")
    assert many == few and many <= 13, (few, many)  # +1: the member's linking records
    page = page_text(client.get("/u/karim"))
    assert page.count('class="tag"') == len(all_tags()) and page.count("<h1") == 1


def test_members_list_shows_communes_without_a_query_per_member(client, make_user, communes_list):
    places = communes.list_communes()[:6]
    for commune in places:
        update_member_profile(user := make_user(kind="commune"), user, commune_id=commune.id)
    db.session.expire_all()
    with count_queries() as statements:
        page = page_text(client.get("/u"))
    for commune in places:
        assert f"Commune official · {commune.name}" in page
    assert len(statements) <= 4


def test_public_field_labels_cover_every_expert_field():
    assert tuple(PUBLIC_FIELD_LABELS) == EXPERT_PUBLIC_FIELDS
