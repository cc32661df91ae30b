"""List pages read threads in index order: SQLite's plan for each of their thread lists uses an
index for the ORDER BY, never a sort of every thread (which grows with the forum)."""

import pytest
from sqlalchemy import event

from forum.extensions import db
from tests.helpers import ON_POSTGRES

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="SQLite's query plans (EXPLAIN QUERY PLAN)")


def thread_list_plans(client, url) -> dict[str, list[str]]:
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    plans = {}
    for statement, parameters in seen:
        if statement.startswith(("SELECT threads.", "SELECT needs.")) and "ORDER BY" in statement and "LIMIT" in statement:
            rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            plans[statement] = [row[-1] for row in rows]
    return plans


@pytest.mark.parametrize("url", ["/", "/b/eau-assainissement", "/questions", "/questions?show=unanswered", "/needs",
                                 "/needs?status=all"])
def test_thread_lists_are_read_in_index_order(client, member, make_thread, url):
    for n in range(3):
        make_thread(member, title=f"Question numéro {n} sur le forage", kind="need" if n % 2 else "question")
    plans = thread_list_plans(client, url)
    assert plans, "no thread list seen"
    for statement, plan in plans.items():
        assert not [step for step in plan if "TEMP B-TREE" in step and "ORDER BY" in step], (statement, plan)
