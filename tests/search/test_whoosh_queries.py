"""The Whoosh backend's queries: text_query() / exclusion_query() on a small in-memory index,
the any-word matcher, spelling."""

import random
import unicodedata

import pytest
from whoosh import query as wq
from whoosh.fields import ID, NUMERIC, TEXT, Schema

from forum.search.analysis import spelling_analyzer, text_analyzer
from forum.search.parser import parse
from forum.search.whoosh_backend.matchers import CoordOr
from forum.search.whoosh_backend.queries import exclusion_query, spell_words, text_query
from forum.search.whoosh_backend.ranking import RANKING, ForumBM25F, weighting, with_ranking
from forum.search.whoosh_backend.segments import column_values, segment_words
from forum.search.whoosh_backend.spelling import SegmentsCorrector, words_within
from tests.helpers import ram_index
from tests.search.test_parser import hostile_inputs

# -- the Whoosh queries ---------------------------------------------------------------------

DOCS = {
    # A question typed as a sentence: "comment financer un forage d'eau potable ?"
    "all4": ("Forage pour l'eau potable", "Comment financer le forage ? Une subvention de la région."),
    "three": ("Travaux du village", "Le forage fournit l'eau potable au douar depuis l'an dernier."),
    "two": ("Puits du douar", "Le forage du puits a été long et coûteux, pour une eau salée."),
    "one": ("Réunion du conseil", "Le forage sera discuté lors de la prochaine réunion du conseil."),
    "none": ("Panneaux solaires", "Les panneaux solaires de l'école fonctionnent bien maintenant."),
    "apart": ("Eau et potager", "L'eau du potager n'est pas potable, elle vient de l'oued."),
    "bail": ("Crédit-bail agricole", "Un tracteur en crédit-bail pour la coopérative."),
    "credit": ("Crédit bancaire", "Un crédit de la banque, sans bail, pour la coopérative."),
    "mi": ("Bilan à mi-parcours", "Le bilan à mi-parcours du plan communal."),
    "temps": ("Emploi à mi-temps", "Un parcours de formation à mi-temps pour les jeunes."),
    "titleonly": ("Irrigation goutte à goutte", "Réponse : voir le document joint."),
    "bodyonly": ("Question agricole", "L'irrigation goutte à goutte économise l'eau."),
    "ar": ("التنمية المحلية", "برنامج للتنمية في الجماعة"),
}


@pytest.fixture(scope="module")
def ix():
    analyzer = text_analyzer()
    schema = Schema(
        post_id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, phrase=True),
        body=TEXT(analyzer=analyzer, phrase=True),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False, spelling=True),
    )
    index = ram_index(schema)
    with index.writer() as w:
        for key, (title, body) in DOCS.items():
            w.add_document(post_id=key, title=title, body=body, spell=f"{title} {body}")
    return index


def search(ix, text, ranking=None, limit=None):
    parsed = parse(text)
    q = text_query(parsed, ix.schema, ranking)
    mask = exclusion_query(parsed, ix.schema)
    assert q is not None, text
    with ix.searcher(weighting=weighting(ranking)) as s:
        results = s.search(q, mask=mask, limit=limit)
        return [hit["post_id"] for hit in results], len(results)


def leaves(q):
    if q.is_leaf() or isinstance(q, wq.Phrase):
        yield q
    else:
        for child in q.children():
            yield from leaves(child)


def plain(q):
    """Only terms and phrases: no wildcard, prefix, fuzzy or range query."""
    return all(type(leaf) in (wq.Term, wq.Phrase) for leaf in leaves(q))


def test_a_sentence_finds_documents_holding_some_of_its_words_ranked_by_how_many(ix):
    found, total = search(ix, "comment financer un forage d'eau potable ?")
    # all4: the four words; three: forage, eau, potable; two and apart: two words; one, bodyonly: one word.
    assert found[:2] == ["all4", "three"]
    assert set(found[2:4]) == {"two", "apart"}
    assert set(found[4:]) == {"one", "bodyonly"}
    assert total == len(found) == 6


def test_words_go_through_the_index_analyzer(ix):
    q = text_query(parse("Comment FINANCER les forages d’eau ?"), ix.schema)
    assert sorted({t.text for t in leaves(q)}) == ["eau", "financ", "forag"]
    assert {t.fieldname for t in leaves(q)} == {"title", "body"}
    assert all(type(t) is wq.Term for t in leaves(q))


def test_title_matches_are_boosted_by_the_ranking(ix):
    q = text_query(parse("irrigation"), ix.schema)
    boosts = {t.fieldname: t.boost for t in leaves(q)}
    assert boosts == {"title": RANKING.title_boost, "body": 1.0}


def test_nothing_textual_is_none(ix):
    for text in ("", "#eau", "status:solved tags:eau", "le la les de ? !", "*", "-forage", "comment est-ce que"):
        assert text_query(parse(text), ix.schema) is None, text


def test_no_wildcards_ever(ix):
    for text in ("*", "*eau", "eau*", "?eau", "eau~2", "eau^3", "[a TO z]", "title:eau", "eau:*", "e?u"):
        q = text_query(parse(text), ix.schema)
        if q is not None:
            assert plain(q), (text, q)
    assert {leaf.text for leaf in leaves(text_query(parse("*eau eau* ?eau ~eau"), ix.schema))} == {"eau"}
    # "e?u": punctuation inside a word splits it, like in the indexed text, and the parts are a phrase.
    assert {tuple(leaf.words) for leaf in leaves(text_query(parse("e?u"), ix.schema))} == {("e", "u")}


def test_a_phrase_must_match(ix):
    found, total = search(ix, '"eau potable"')
    assert set(found) == {"all4", "three"}  # "apart" has both words, not together
    assert total == 2
    found, _ = search(ix, '"eau potable" forage financer')
    assert found == ["all4", "three"]


def test_a_hyphenated_word_is_matched_as_a_phrase(ix):
    assert search(ix, "mi-parcours")[0] == ["mi"]
    assert set(search(ix, "crédit-bail")[0]) == {"bail"}
    assert set(search(ix, "credit bail")[0]) == {"bail", "credit"}  # two words: any may match
    assert set(search(ix, '"crédit bail"')[0]) == {"bail"}


def test_in_title(ix):
    assert set(search(ix, "irrigation")[0]) == {"titleonly", "bodyonly"}
    assert search(ix, "in:title irrigation")[0] == ["titleonly"]
    assert search(ix, 'in:title "goutte à goutte"')[0] == ["titleonly"]
    q = text_query(parse("in:title irrigation"), ix.schema)
    assert {leaf.fieldname for leaf in leaves(q)} == {"title"}


@pytest.mark.parametrize("limit", [None, 1, 3])
def test_exclusions_as_a_mask_give_the_right_total(ix, limit):
    everything, total = search(ix, "forage")
    assert set(everything) == {"all4", "three", "two", "one"} and total == 4
    parsed = parse("forage -potable")
    q, mask = text_query(parsed, ix.schema), exclusion_query(parsed, ix.schema)
    with ix.searcher(weighting=weighting()) as s:
        results = s.search(q, mask=mask, limit=limit)
        found = [hit["post_id"] for hit in results]
        assert set(found) <= {"two", "one"}
        assert len(found) == min(2, limit or 2)
        assert len(results) == 2  # the exact total, whatever the limit
        assert results.estimated_length() >= len(results)
        assert results.estimated_min_length() <= len(results)


def test_excluded_phrases_and_hyphenated_words(ix):
    assert set(search(ix, 'forage -"eau potable"')[0]) == {"two", "one"}
    assert set(search(ix, "coopérative -crédit-bail")[0]) == {"credit"}
    assert set(search(ix, "coopérative -crédit")[0]) == set()
    assert exclusion_query(parse("eau -le -?"), ix.schema) is None


def test_exclusions_look_at_the_title_too(ix):
    assert set(search(ix, "forage -réunion")[0]) == {"all4", "three", "two"}
    assert set(search(ix, "forage -puits")[0]) == {"all4", "three", "one"}


def test_arabic_and_accents_in_queries(ix):
    assert search(ix, "ecole solaires")[0] == ["none"]
    assert search(ix, unicodedata.normalize("NFD", "école"))[0] == ["none"]
    assert search(ix, "تنمية")[0] == ["ar"]
    assert search(ix, "والتنمية")[0] == ["ar"]
    assert search(ix, '"التنمية المحلية"')[0] == ["ar"]


# -- ranking --------------------------------------------------------------------------------


def test_weighting_is_bm25f_with_the_tuned_parameters():
    w = weighting()
    assert isinstance(w, ForumBM25F)
    assert (w.K1, w._field_B) == (RANKING.K1, {"title": RANKING.title_B, "body": RANKING.body_B})


def test_bm25_idf_is_small_for_common_words_and_never_negative(ix):
    with ix.searcher(weighting=weighting()) as s:
        common, rare = s.idf("body", "forag"), s.idf("body", "irrig")
        assert 0 < common < rare
    with ix.searcher(weighting=weighting(with_ranking(idf="whoosh"))) as s:
        assert s.idf("body", "forag") >= 1


def test_coordination_bonus_multiplies_by_the_share_of_words_matched(ix):
    text = "financer forage potable subvention"
    plain = with_ranking(coord=0.0)
    coord = with_ranking(coord=1.0)
    q = text_query(parse(text), ix.schema, coord)
    assert isinstance(q, CoordOr) and q.power == 1.0
    assert q.normalize() == q
    with ix.searcher(weighting=weighting(plain)) as s:
        base = {hit["post_id"]: hit.score for hit in s.search(text_query(parse(text), ix.schema, plain), limit=None)}
    with ix.searcher(weighting=weighting(coord)) as s:
        results = s.search(q, limit=None)
        scored = {hit["post_id"]: hit.score for hit in results}
        assert len(results) == len(base)
    assert scored.keys() == base.keys()
    matched = {"all4": 4, "three": 2, "two": 1, "one": 1, "apart": 1}
    for key, score in scored.items():
        assert score == pytest.approx(base[key] * matched[key] / 4), key


def test_coordination_survives_an_enclosing_or(ix):
    q = text_query(parse("forage potable"), ix.schema, with_ranking(coord=2.0))
    combined = wq.Or([q, wq.Term("post_id", "none")]).normalize()
    assert any(isinstance(sub, CoordOr) for sub in combined.subqueries)


def test_pruning_of_common_words_keeps_the_exact_top_results():
    """MaxScore (CoordOr's replace()) skips the postings of words too common to lift a document
    into the top N on their own: the top N must be exactly what scoring every document gives."""
    rng = random.Random(7)
    analyzer = text_analyzer()
    schema = Schema(post_id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer),
                    body=TEXT(analyzer=analyzer))
    index = ram_index(schema)
    filler = ["projet", "réunion", "budget", "village", "association", "route"]
    with index.writer() as w:
        for n in range(1500):
            words = rng.choices(filler, k=rng.randint(5, 40)) + ["commune"] * (rng.random() < 0.9)
            words += ["aéroport"] * (rng.random() < 0.03) + ["khettara"] * (rng.random() < 0.05)
            rng.shuffle(words)
            w.add_document(post_id=str(n), title=" ".join(words[:3]), body=" ".join(words))
    for text in ("commune aéroport", "commune aéroport khettara", "commune projet khettara", "aéroport khettara"):
        q = text_query(parse(text), schema)
        with index.searcher(weighting=weighting()) as s:
            matcher = q.matcher(s)
            exhaustive = []
            while matcher.is_active():
                exhaustive.append((round(matcher.score(), 9), matcher.id()))
                matcher.next()
            exhaustive.sort(key=lambda pair: (-pair[0], pair[1]))
            for limit in (1, 10, 60):
                pruned = [(round(hit.score, 9), hit.docnum) for hit in s.search(q, limit=limit)]
                assert pruned == exhaustive[:limit], (text, limit)
                assert s.search(q, limit=limit).scored_length() == min(limit, len(exhaustive))
            if text == "commune aéroport":  # the pruning does happen: "commune" stops driving
                replaced = q.matcher(s).replace(exhaustive[9][0])
                fields_terms = [{tm.term()[1] for tm in m.term_matchers()} for m in replaced.children()]
                assert fields_terms == [{b"aeroport"}, {b"commun"}]  # essential, then optional
                assert len(replaced._optional) == 1


def test_a_very_common_word_only_adds_to_the_posts_that_rarer_words_found():
    analyzer = text_analyzer()
    schema = Schema(post_id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer),
                    body=TEXT(analyzer=analyzer))
    index = ram_index(schema)
    with index.writer() as w:
        for n in range(200):
            body = "la commune et son budget" if n % 10 else "la commune prépare un projet d'aéroport"
            w.add_document(post_id=str(n), title="sujet", body=body)
        w.add_document(post_id="rare", title="sujet", body="un aéroport régional")
    ranking = with_ranking(common_min=50)  # "commune" (200 of 201 posts) is common here
    with index.searcher(weighting=weighting(ranking)) as s:
        q = text_query(parse("commune aéroport"), schema, ranking, reader=s.reader())
        results = s.search(q, limit=None)
        assert len(results) == 21  # the posts with "aéroport", not every post with "commune"
        assert results[0]["post_id"] != "rare" and results[20]["post_id"] == "rare"  # both words first
        # Without the index's counts, any word finds posts.
        assert len(s.search(text_query(parse("commune aéroport"), schema, ranking), limit=None)) == 201
        # When every word is common, the rarest one finds the posts ("budget": 180 posts).
        assert len(s.search(text_query(parse("commune budget"), schema, ranking, reader=s.reader()),
                            limit=None)) == 180
        # Below common_min posts the rule does not apply.
        q = text_query(parse("commune aéroport"), schema, reader=s.reader())
        assert len(s.search(q, limit=None)) == 201


# -- spell_words ----------------------------------------------------------------------------


def test_spell_words():
    q = parse('Comment l’irigation des écoles d\'Agadir ? "goute à goute" les du aujourd’hui #eau -forage 2024 ok')
    assert spell_words(q) == ["irigation", "écoles", "agadir", "aujourd'hui", "goute"]
    assert spell_words(parse("")) == []


# -- nothing raises -------------------------------------------------------------------------


def test_hostile_input_never_raises(ix):
    count = 0
    with ix.searcher(weighting=weighting()) as s:
        for text in hostile_inputs():
            parsed = parse(text)
            assert len(" ".join(parsed.words + parsed.phrases + parsed.excluded)) <= 200 * 3
            spell_words(parsed)
            str(parsed.warnings)
            for ranking in (RANKING, with_ranking(coord=1.0)):
                q = text_query(parsed, ix.schema, ranking)
                mask = exclusion_query(parsed, ix.schema)
                if q is not None:
                    assert plain(q), (text, q)
                    results = s.search(q, mask=mask, limit=10)
                    assert len(results) >= results.scored_length()
            count += 1
    assert count > 400


def test_spelling_suggestions_ask_each_segment_and_agree_with_whoosh():
    """SegmentsCorrector (each segment's automaton) suggests what Whoosh's own corrector
    (an edit distance against every word, on a multi-segment reader) suggests, in the same order.
    One difference, as on a single-segment index: the automaton counts swapped letters as two
    edits, where the fallback's distance counts one."""
    schema = Schema(post_id=ID(stored=True), spell=TEXT(analyzer=spelling_analyzer(), spelling=True))
    index = ram_index(schema)
    batches = [["coopérative féminine d'argan", "irrigation goutte à goutte", "coopératives agricoles"],
               ["coopération décentralisée", "irrigation des palmeraies", "électrification rurale"]]
    for batch in batches:
        with index.writer(merge=False) as w:
            for n, text in enumerate(batch):
                w.add_document(post_id=str(n), spell=text)
    with index.searcher() as s:
        assert len(s.reader().leaf_readers()) == 2
        ours = SegmentsCorrector(s.reader(), "spell", schema["spell"])
        theirs = s.corrector("spell")
        for word in ("coperative", "irigation", "electrificaton", "cooperaton", "zzzz"):
            for maxdist in (1, 2):
                assert ours.suggest(word, limit=3, maxdist=maxdist) == theirs.suggest(word, limit=3, maxdist=maxdist)
        assert ours.suggest("irigation", limit=1, maxdist=1) == ["irrigation"]
        assert ours.suggest("cooperatoin", maxdist=2) == [] and theirs.suggest("cooperatoin", maxdist=2)


def test_spelling_word_lists_in_memory_find_what_each_segment_finds():
    """The in-memory word list of a segment (segment_words + words_within) finds exactly the
    words the segment's own automaton walk over its on-disk term table finds, accents and
    Arabic included; the list is read once per segment and kept."""
    schema = Schema(post_id=ID(stored=True), spell=TEXT(analyzer=spelling_analyzer(), spelling=True))
    index = ram_index(schema)
    texts = ["coopérative féminine d'argan", "irrigation goutte à goutte", "coopératives agricoles",
             "électrification rurale", "تعاونية نسائية للأركان", "école élémentaire", "écoles rurales",
             "puits forage pompage solaire", "coopération décentralisée"]
    with index.writer() as w:
        for n, text in enumerate(texts):
            w.add_document(post_id=str(n), spell=text)
    with index.searcher() as s:
        [(leaf, _offset)] = s.reader().leaf_readers()
        words = segment_words(leaf, "spell")
        assert words == sorted(words) and "irrigation" in words
        assert segment_words(leaf, "spell") is words  # kept, not read again
        for word in ("coperative", "irigation", "ecole", "ecoles", "pompaje", "تعاونيه", "forrage", "zzzz", "a"):
            for maxdist in (1, 2):
                for prefix in (0, 1):
                    expected = sorted(leaf.terms_within("spell", word, maxdist, prefix=prefix))
                    assert sorted(words_within(words, word, maxdist, prefix)) == expected, (word, maxdist, prefix)
        assert list(words_within(words, "irigation", 1)) == ["irrigation"]


@pytest.mark.parametrize("storage", ["ram", "files"])
def test_column_values_in_memory_are_the_columns_of_every_segment(storage, tmp_path):
    """column_values (one read per segment, kept) gives, for every document number of a
    multi-segment reader, the value the index's own column reader gives: negative and large
    numbers, a document without a value (the field's default), deleted documents still
    numbered, on files read without mmap as the forum opens them."""
    from forum.search.index import open_index

    schema = Schema(post_id=ID(stored=True, unique=True), thread_id=NUMERIC(int, stored=True, sortable=True),
                    day=NUMERIC(int, sortable=True))
    if storage == "ram":
        index = ram_index(schema)
    else:
        from whoosh import index as whoosh_index
        whoosh_index.create_in(str(tmp_path), schema)
        index = open_index(str(tmp_path))
    rng = random.Random(7)
    expected_docs = 0
    for batch in range(3):
        with index.writer(merge=False) as w:
            for n in range(50 + batch * 200):
                values = {"thread_id": rng.choice([1, 2, 7, 10**9, -5, rng.randrange(10**6)])}
                if n % 17:
                    values["day"] = rng.randrange(-3, 30000)
                w.add_document(post_id=f"{batch}-{n}", **values)
                expected_docs += 1
    with index.writer(merge=False) as w:
        w.delete_by_term("post_id", "1-3")
    with index.searcher() as s:
        reader = s.reader()
        assert len(reader.leaf_readers()) == 3 and reader.doc_count_all() == expected_docs
        for field in ("thread_id", "day"):
            theirs = reader.column_reader(field)
            ours = column_values(reader, field)
            assert len(ours) == expected_docs
            assert list(ours) == [theirs[docnum] for docnum in range(expected_docs)], field
            assert column_values(reader, field) is ours  # kept for the next search on this reader
        first, _offset = reader.leaf_readers()[0]  # one segment alone: its own values
        own = first.column_reader("thread_id")
        assert list(column_values(first, "thread_id")) == [own[d] for d in range(first.doc_count_all())]
