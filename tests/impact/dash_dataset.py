"""A small hand-made world for the impact figures, whose right answers are worked out by hand.

Period 2026-01-01 .. 2026-06-30. Communes: A Tafraout and B Aglou (province Tiznit), C Tiout
and D Tagmout (province Taroudant). Boards: water (eau-assainissement), agri
(agriculture-elevage-irrigation).

People: officials off_a (A), off_b (B), off_c (C), off_d (D); actors actor_a (A), actor_c (C);
experts e1..e7; o1 (kind other).

Threads (T5 deleted):
  T1 question by off_a, water, 2026-02-10: replies e1 2026-02-11, o1 2026-02-12, e7 2026-07-01 00:10
  T2 need of B by off_b, agri, 2026-03-05: reply e2 2026-03-06; matched 2026-04-01, done 2026-07-15
  T3 question by off_c, water, 2025-11-01: replies e3 2025-12-01, e4 2026-01-15
  T4 discussion by actor_a, water, 2026-02-01: reply e5 2026-02-02
  T5 question by off_a, water, 2026-03-01, DELETED: reply e3 2026-03-02
  T6 question by off_b, water, 2026-04-20: reply e3 2026-05-01 DELETED
  T7 need of A by off_a, water, 2025-10-01: done 2026-05-10
Linking records:
  R1 e1 + actor_c, C, call, completed, 2026-04-10, T3
  R2 e6 + off_d, D, mission, completed, 2026-05-20, no thread
  R3 e3 + actor_a, A, training, in progress, 2026-03-15, T1
  R4 e5 + actor_c, C, funding, ABANDONED, 2026-02-20
  R5 e2, B, mission, completed, 2026-08-01 (after the period)
  R6 e5 + off_a, A, study, completed, 2026-03-03, T5 (deleted thread)
  R7 e4 + o1, B, funding, completed, 2026-06-30 (last day), T2

Without filters:
  migrants: e1 (T1, R1), e2 (T2), e3 (R3), e4 (T3, R7), e6 (R2)
    (not e5: T4 is a discussion of an actor, R4 abandoned, R6 in a deleted thread; not e7: July)
  communes engaged: A (T1, R3), B (T2, T6, R7), C (R1), D (R2)   (T3 and T7 are too old)
  actors: off_a (T1), off_b (T2), off_c (T3 reply of e4), actor_a (T4, R3), actor_c (R1), off_d (R2)
    (not o1: kind other; T6's expert reply is deleted)
  communes strengthened: A (T7 done), B (T2 matched, R7), D (R2)   (R1 is a call, R3 in progress)
Province Taroudant: migrants e1, e4, e6; engaged C, D; actors off_c, actor_c, off_d; strengthened D
Axis water: migrants e1, e3, e4; engaged A, B, C; actors off_a, off_c, actor_a, actor_c; strengthened A
Commune B: migrants e2, e4; engaged B; actors off_b; strengthened B
April 2026 only: migrants e1; engaged B, C; actors actor_c; strengthened B
"""

from datetime import UTC, date, datetime

from forum.boards.services import get_board
from forum.communes.models import Commune
from forum.db import transaction
from forum.extensions import db
from forum.impact.filters import ImpactFilters
from forum.impact.models import LinkingRecord
from forum.people import services as people
from forum.threads import services as threads
from forum.threads.models import Need, Post

PERIOD = ImpactFilters(date(2026, 1, 1), date(2026, 6, 30))


def at(day: str, clock: str = "12:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=UTC)


def build(suffix: str = "") -> dict:
    """The world above (`suffix` makes names unique, to build it several times); returns the
    objects by name."""
    w: dict = {}
    with transaction():
        for key, name, province in (("A", "Tafraout", "Tiznit"), ("B", "Aglou", "Tiznit"),
                                    ("C", "Tiout", "Taroudant"), ("D", "Tagmout", "Taroudant")):
            w[key] = Commune(slug=f"{name.lower()}{suffix}", name=f"{name}{suffix}", province=province,
                             region="Souss-Massa")
            db.session.add(w[key])
        db.session.flush()

        def user(name, kind, commune=None, **extra):
            u = people.create_user(f"{name}{suffix}", f"{name}{suffix}@example.org", "correct-horse-battery",
                                   display_name=f"{name}{suffix} name", kind=kind)
            u.commune_id = commune.id if commune else None
            for field, value in extra.items():
                setattr(u, field, value)
            w[name] = u

        for key in "abcd":
            user(f"off_{key}", "commune", w[key.upper()])
        user("actor_a", "actor", w["A"], organisation_name="Association Tafraout", organisation_type="association")
        user("actor_c", "actor", w["C"], organisation_name="Coopérative Tiout", organisation_type="cooperative")
        for n in range(1, 8):
            user(f"e{n}", "expert")
        user("o1", "other")
        db.session.flush()

        water, agri = get_board("eau-assainissement"), get_board("agriculture-elevage-irrigation")

        def thread(name, author, board, day, kind="question", replies=()):
            t = threads.create_thread(board, w[author], f"Sujet {name}{suffix}", "Le texte.", kind=kind)
            t.created_at = at(day)
            db.session.flush()
            for replier, when in replies:
                post = threads.reply(t, w[replier], f"Réponse de {replier}.")
                post.created_at = at(*when.split(" ")) if " " in when else at(when)
            w[name] = t
            return t

        thread("T1", "off_a", water, "2026-02-10",
               replies=[("e1", "2026-02-11"), ("o1", "2026-02-12"), ("e7", "2026-07-01 00:10")])
        thread("T2", "off_b", agri, "2026-03-05", kind="need", replies=[("e2", "2026-03-06")])
        thread("T3", "off_c", water, "2025-11-01", replies=[("e3", "2025-12-01"), ("e4", "2026-01-15")])
        thread("T4", "actor_a", water, "2026-02-01", kind="discussion", replies=[("e5", "2026-02-02")])
        thread("T5", "off_a", water, "2026-03-01", replies=[("e3", "2026-03-02")])
        thread("T6", "off_b", water, "2026-04-20", replies=[("e3", "2026-05-01")])
        thread("T7", "off_a", water, "2025-10-01", kind="need")
        db.session.flush()
        w["T5"].is_deleted = True
        w["T6_reply"] = db.session.scalars(db.select(Post).where(
            Post.thread_id == w["T6"].id, Post.number == 2)).one()
        w["T6_reply"].is_deleted = True
        need2, need7 = db.session.get(Need, w["T2"].id), db.session.get(Need, w["T7"].id)
        need2.matched_at, need2.done_at = at("2026-04-01"), at("2026-07-15")
        need7.done_at = at("2026-05-10")

        def record(name, expert, partner, commune, kind, status, day, thread=None):
            r = LinkingRecord(expert_id=w[expert].id, partner_id=w[partner].id if partner else None,
                              commune_id=w[commune].id, kind=kind, status=status, occurred_on=date.fromisoformat(day),
                              thread_id=w[thread].id if thread else None, created_by_id=w[expert].id)
            db.session.add(r)
            w[name] = r

        record("R1", "e1", "actor_c", "C", "call", "completed", "2026-04-10", "T3")
        record("R2", "e6", "off_d", "D", "mission", "completed", "2026-05-20")
        record("R3", "e3", "actor_a", "A", "training", "in_progress", "2026-03-15", "T1")
        record("R4", "e5", "actor_c", "C", "funding", "abandoned", "2026-02-20")
        record("R5", "e2", None, "B", "mission", "completed", "2026-08-01")
        record("R6", "e5", "off_a", "A", "study", "completed", "2026-03-03", "T5")
        record("R7", "e4", "o1", "B", "funding", "completed", "2026-06-30", "T2")
        db.session.flush()
    return w


def ids(w: dict, *names: str) -> set[int]:
    return {w[name].id for name in names}
