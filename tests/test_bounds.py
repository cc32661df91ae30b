"""Numbers in URLs that no database integer can hold are a 404 or the last page, never a 500."""

import pytest

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("path", [
    f"/t/x/{HUGE}", f"/t/{HUGE}", f"/t/x/1/{HUGE}", f"/p/{HUGE}/edit", f"/admin/communes/{HUGE}",
])
def test_huge_ids_are_not_found(client, auth, admin, path):
    auth.login(admin)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [
    "/", "/questions", "/needs", "/b/eau-assainissement", "/b/eau-assainissement/needs", "/tags/forage", "/u",
    "/search?q=eau", "/experts", "/communes", "/mod/log", "/for-you",
])
def test_huge_page_numbers_give_a_page(client, auth, moderator, path):
    auth.login(moderator)
    joiner = "&" if "?" in path else "?"
    for page in (HUGE, "-5", "abc", "0"):
        response = client.get(f"{path}{joiner}page={page}", follow_redirects=True)  # past the end: the last page
        assert response.status_code == 200, (path, page)


def test_a_huge_quote_id_is_ignored(client, auth, member, make_thread):
    thread = make_thread(member)
    auth.login(member)
    assert client.get(f"/t/{thread.id}/reply?quote={HUGE}").status_code == 200
