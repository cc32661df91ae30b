"""The four figures on the hand-made world of dash_dataset.py (its docstring works the answers out)."""

from dataclasses import replace
from datetime import date

from forum.boards.services import get_board
from forum.impact import definitions
from tests.helpers import count_queries
from tests.impact.dash_dataset import PERIOD, build, ids


def test_the_four_figures_without_filters(world):
    w = world
    found = definitions.all_figures(PERIOD)
    assert found["migrants"] == ids(w, "e1", "e2", "e3", "e4", "e6")
    assert found["communes_engaged"] == ids(w, "A", "B", "C", "D")
    assert found["actors"] == ids(w, "off_a", "off_b", "off_c", "actor_a", "actor_c", "off_d")
    assert found["communes_strengthened"] == ids(w, "A", "B", "D")


def test_one_function_per_figure_gives_the_same_ids(world):
    w = world
    assert definitions.migrants_involved(PERIOD) == ids(w, "e1", "e2", "e3", "e4", "e6")
    assert definitions.communes_engaged(PERIOD) == ids(w, "A", "B", "C", "D")
    assert definitions.actors_in_contact(PERIOD) == ids(w, "off_a", "off_b", "off_c", "actor_a", "actor_c", "off_d")
    assert definitions.communes_strengthened(PERIOD) == ids(w, "A", "B", "D")


def test_filtered_by_province(world):
    w = world
    found = definitions.all_figures(replace(PERIOD, province="Taroudant"))
    assert found["migrants"] == ids(w, "e1", "e4", "e6")
    assert found["communes_engaged"] == ids(w, "C", "D")
    assert found["actors"] == ids(w, "off_c", "actor_c", "off_d")
    assert found["communes_strengthened"] == ids(w, "D")


def test_filtered_by_axis_leaves_out_records_without_a_thread(world):
    w = world
    found = definitions.all_figures(replace(PERIOD, board_id=get_board("eau-assainissement").id))
    assert found["migrants"] == ids(w, "e1", "e3", "e4")
    assert found["communes_engaged"] == ids(w, "A", "B", "C")
    assert found["actors"] == ids(w, "off_a", "off_c", "actor_a", "actor_c")
    assert found["communes_strengthened"] == ids(w, "A")


def test_filtered_by_commune(world):
    w = world
    found = definitions.all_figures(replace(PERIOD, commune_id=w["B"].id))
    assert found["migrants"] == ids(w, "e2", "e4")
    assert found["communes_engaged"] == ids(w, "B")
    assert found["actors"] == ids(w, "off_b")
    assert found["communes_strengthened"] == ids(w, "B")


def test_a_shorter_period(world):
    w = world
    found = definitions.all_figures(replace(PERIOD, start=date(2026, 4, 1), end=date(2026, 4, 30)))
    assert found["migrants"] == ids(w, "e1")
    assert found["communes_engaged"] == ids(w, "B", "C")
    assert found["actors"] == ids(w, "actor_c")
    assert found["communes_strengthened"] == ids(w, "B")


def test_the_evidence_says_what_made_each_count_with_dates(world):
    w = world
    e1 = [(e.source, e.on, e.thread_id, e.record_id) for e in definitions.evidence("migrants", PERIOD)
          if e.subject_id == w["e1"].id]
    assert e1 == [("reply", date(2026, 2, 11), w["T1"].id, None), ("record", date(2026, 4, 10), w["T3"].id, w["R1"].id)]
    b = [(e.source, e.on) for e in definitions.evidence("communes_strengthened", PERIOD) if e.subject_id == w["B"].id]
    assert b == [("matched", date(2026, 4, 1)), ("record", date(2026, 6, 30))]
    engaged_b = [(e.source, e.on) for e in definitions.evidence("communes_engaged", PERIOD)
                 if e.subject_id == w["B"].id]
    assert engaged_b == [("need", date(2026, 3, 5)), ("question", date(2026, 4, 20)), ("record", date(2026, 6, 30))]
    assert all(e.source_label for figure in definitions.FIGURES for e in definitions.evidence(figure, PERIOD))


def test_every_figure_has_its_sentence_and_label():
    assert set(definitions.EXPLANATIONS) == set(definitions.LABELS) == set(definitions.FIGURES)


def test_the_statement_count_does_not_grow_with_the_data(app):
    build()
    with count_queries() as small:
        small_figures = definitions.all_figures(PERIOD)
        for figure in definitions.FIGURES:
            definitions.evidence(figure, PERIOD)
    for n in range(9):
        build(f"-{n}")
    with count_queries() as large:
        large_figures = definitions.all_figures(PERIOD)
        for figure in definitions.FIGURES:
            definitions.evidence(figure, PERIOD)
    assert len(small) == len(large) == 8
    assert [len(large_figures[f]) for f in definitions.FIGURES] == [10 * len(small_figures[f]) for f in definitions.FIGURES]
