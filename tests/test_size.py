"""SizeExtractor, find_counts and find_size: dead, injured, arrested and other counts."""
from __future__ import annotations

from pathlib import Path

import pytest
from builders import make_doc, make_event

from palmyra.errors import DataTableError
from palmyra.events.size import SizeExtractor, clause_tokens, find_counts, find_size
from palmyra.model import Count
from palmyra.resources import data_path, default_resources
from palmyra.tables.size_words import WORD_ROLES, load_size_words


def counts(spacy_nlp, sentence: str) -> list[tuple[int, str]]:
    return [(count.n, count.what) for count in find_counts(spacy_nlp(sentence)[:])]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The army destroyed 14 tanks and other heavy weaponry.", [(14, "tanks")]),
        ("US forces destroyed fourteen tanks at 10 am.", [(14, "tanks")]),
        ("Over a hundred 100 militia fighters also arrived at the besieged T4 base.", [(100, "fighters")]),
        ("Over a hundred fighters reached the front.", [(100, "fighters")]),
        ("Over 1,200 fighters moved to the front.", [(1200, "fighters")]),
        ("Twenty-five soldiers were detained by rebels.", [(25, "soldiers")]),
        ("The blast left two hundred and fifty people dead.", [(250, "people")]),
        ("Dozens of rockets hit the base.", [(12, "rockets")]),
        ("Hundreds of protesters gathered in the square.", [(100, "protesters")]),
        ("Tens of thousands of students staged demonstrations.", [(10000, "students")]),
        ("A dozen trucks crossed the border.", [(12, "trucks")]),
        ("The militants seized several vehicles.", [(3, "vehicles")]),
        ("Only 5% of the 1.5 million residents fled.", [(1500000, "residents")]),
        ("Police detained 10 to 15 protesters.", [(10, "protesters")]),
        ("Some people fled and many stayed.", []),
    ],
)
def test_size_counts_attach_numbers_to_nouns(spacy_nlp, sentence, expected):
    assert counts(spacy_nlp, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian forces intervened in the war in September 2015.",
        "A 19-year-old student and a man aged 45 were questioned.",
        "The attack on 12 December was condemned.",
        "On December 12, the talks resumed.",
        "The jets flew over the 2nd district at 10:30.",
        "Prices rose by 45 percent in the city.",
        "The militants took 3 million dollars from the bank.",
        "Clashes were reported on Route 7 near the T4 base.",
        "The army shelled the town for 3 days.",
        "The council passed resolution 2254.",
        "It was one of the largest attacks this year.",
    ],
)
def test_size_skips_dates_ages_times_money_and_labels(spacy_nlp, sentence):
    assert counts(spacy_nlp, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "dead", "injured", "arrested"),
    [
        ("At least 12 people were killed in the attack.", 12, None, None),
        ("The strike killed five civilians, including two children aged 9 and 12.", 5, None, None),
        ("Dozens killed as the market was shelled.", 12, None, None),
        ("At least 12 people were killed and dozens wounded in the attack.", 12, 12, None),
        ("Two soldiers were wounded near the checkpoint.", None, 2, None),
        ("Police arrested 40 protesters in the capital on Friday.", None, None, 40),
        ("Forty arrested after riots.", None, None, 40),
        ("Hundreds of protesters were rounded up.", None, None, 100),
        ("The death toll rose to 30 on Sunday.", 30, None, None),
        ("One person was killed and a dozen were wounded.", 1, 12, None),
        ("Three dead and 10 injured after a car bomb exploded in 2015.", 3, 10, None),
        ("Gunmen killed 3 and wounded 10 in the market.", 3, 10, None),
        ("Five civilians and two soldiers were killed in the blast.", 7, None, None),
        ("Twelve gunmen killed three soldiers at a checkpoint.", 3, None, None),
        ("About 300 people died in the clashes.", 300, None, None),
        ("The bombing claimed the lives of 7 people.", 7, None, None),
        ("Medics saved the lives of 7 people.", None, None, None),
        ("Police fired tear gas at 3,000 protesters, injuring 12 of them.", None, 12, None),
        ("At least twenty-one people were killed and thirty-four injured.", 21, 34, None),
        ("The death toll from the bombing has risen to 45, with 60 injured.", 45, 60, None),
        ("Militants stormed the village, killing a 19-year-old student and 3 others.", 3, None, None),
        ("A journalist was killed in a car bomb explosion.", 1, None, None),
        ("Soldiers opened fire on demonstrators, killing one person and arresting 12.", 1, None, 12),
        ("Some people were killed and many were injured.", None, None, None),
    ],
)
def test_size_casualties(spacy_nlp, sentence, dead, injured, arrested):
    size = find_size(spacy_nlp(sentence)[:])
    assert (size.dead, size.injured, size.arrested) == (dead, injured, arrested)


def test_size_count_keeps_its_evidence(spacy_nlp):
    doc = spacy_nlp("This left the job to coalition forces who destroyed 14 tanks and other heavy weapons.")
    [count] = find_counts(doc[:])
    assert count == Count(n=14, what="tanks", text="14 tanks", start=doc.text.index("14 tanks"), end=doc.text.index("14 tanks") + 8)
    assert doc.text[count.start : count.end] == count.text


def test_size_number_said_twice_counts_once(spacy_nlp):
    doc = spacy_nlp("Over a hundred 100 militia fighters also arrived at the base on Wednesday.")
    [count] = find_counts(doc[:])
    assert (count.n, count.what, count.text) == (100, "fighters", "a hundred 100 militia fighters")


# -- the stage -------------------------------------------------------------------------


def test_size_extractor_one_event_takes_the_whole_sentence(res, spacy_nlp):
    doc = make_doc("Over 100 fighters arrived at the base on Wednesday. Jets struck the town, and 12 people died.", spacy_nlp)
    doc.events = [make_event(doc, "arrived"), make_event(doc, "struck")]
    SizeExtractor(res)(doc)
    arrived, struck = doc.events
    assert [(c.n, c.what) for c in arrived.size.counts] == [(100, "fighters")]
    assert arrived.size.dead is None
    assert struck.size.dead == 12


def test_size_extractor_splits_a_sentence_by_clause(res, spacy_nlp):
    doc = make_doc("Police arrested 40 protesters and soldiers killed five civilians.", spacy_nlp)
    doc.events = [make_event(doc, "arrested"), make_event(doc, "killed")]
    SizeExtractor(res)(doc)
    arrested, killed = doc.events
    assert (arrested.size.arrested, arrested.size.dead) == (40, None)
    assert (killed.size.dead, killed.size.arrested) == (5, None)
    assert [c.what for c in killed.size.counts] == ["civilians"]


def test_size_extractor_noun_trigger_uses_its_verb(res, spacy_nlp):
    doc = make_doc("Air strikes killed 12 people, and police later arrested 3 suspects.", spacy_nlp)
    doc.events = [make_event(doc, "strikes"), make_event(doc, "arrested")]
    SizeExtractor(res)(doc)
    strikes, arrested = doc.events
    assert (strikes.size.dead, strikes.size.arrested) == (12, None)
    assert (arrested.size.arrested, arrested.size.dead) == (3, None)


def test_size_clause_tokens_leave_out_other_triggers(spacy_nlp):
    doc = spacy_nlp("Militants stormed the village, killing five civilians.")
    stormed, killing = doc[1], doc[5]
    assert killing.i not in clause_tokens(stormed, [stormed, killing])
    assert {t.i for t in killing.subtree} <= clause_tokens(killing, [stormed, killing])


def test_size_extractor_declares_reads_and_writes(res):
    stage = SizeExtractor(res)
    assert "doc.nlp_doc" in stage.reads
    assert stage.writes == ("event.size",)


# -- the size word table -----------------------------------------------------------------


def test_size_word_table_schema():
    words = default_resources().size_words
    assert any(row.words == ("#",) for row in words.rows)  # no comment lines: "#" is a word
    assert data_path("size_words.tsv").read_text(encoding="utf-8").splitlines()[0] == "word\tkind\tvalue\trole\tnote"
    keys = set()
    for row in words.rows:
        assert row.role in WORD_ROLES[row.kind]
        assert (row.words, row.kind, row.role) not in keys
        keys.add((row.words, row.kind, row.role))
        assert (row.value is not None) == (row.kind in ("number", "approx"))
    values = {row.words[0]: row.value for row in words.rows if row.kind in ("number", "approx")}
    assert values["dozens"] == 12 and values["hundreds"] == 100 and values["tens"] == 10  # ACLED
    assert values["ninety"] == 90 and values["dozen"] == 12
    assert {"some", "many"}.isdisjoint(values)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("dozens\tapprox\tlots\tplural\t", "numeric value"),
        ("kill\tdead\t3\tobject\t", "only number and approx"),
        ("kill\tmurdered\t\tobject\t", "unknown kind"),
        ("kill\tdead\t\tsomehow\t", "role"),
        ("kill\tdead", "expected 5 tab-separated columns"),
        ("one\tnumber\t1\tunit\t", "repeats line 2"),
    ],
)
def test_size_word_table_rejects_bad_rows(tmp_path: Path, row, message):
    path = tmp_path / "size_words.tsv"
    path.write_text("word\tkind\tvalue\trole\tnote\none\tnumber\t1\tunit\t\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=message) as error:
        load_size_words(path)
    assert f"{path}:3" in str(error.value)
