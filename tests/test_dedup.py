"""Within-article deduplication: hand-built events, no spaCy."""
from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from palmyra.dedup import (
    Deduplicator,
    actors_compatible,
    dates_compatible,
    places_compatible,
    same_actor,
)
from palmyra.model import Actor, Article, ArticleDoc, Count, Event, Place, Size

PUBLISHED = dt.date(2024, 3, 8)
TUESDAY = dt.date(2024, 3, 5)

PALMYRA = Place("Palmyra", 0, 0, name="Tadmur", geonameid=163808, lat=34.5624, lon=38.2840,
                country_code="SYR", admin1="Homs", precision="city")  # fmt: skip
NEAR_PALMYRA = Place("the old citadel", 0, 0, name="Citadel", geonameid=None, lat=34.5640, lon=38.2580,
                     country_code="SYR", admin1="Homs", precision="site")  # fmt: skip
ALEPPO = Place("Aleppo", 0, 0, name="Aleppo", geonameid=170063, lat=36.2012, lon=37.1612,
               country_code="SYR", admin1="Aleppo", precision="city")  # fmt: skip
HOMS_PROVINCE = Place("Homs province", 0, 0, name="Homs", geonameid=169575, lat=34.5, lon=38.0,
                      country_code="SYR", admin1="Homs", precision="province")  # fmt: skip

AIR_STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
DESTRUCTION = {"event_type": "Strategic developments", "sub_event_type": "Looting/property destruction"}
CLASH = {"event_type": "Battles", "sub_event_type": "Armed clash"}
CONCEPTS = {  # (event, mode) -> concept, cameo, acled
    ("ASSAULT", "aerial"): ("assault.aerial", "195", AIR_STRIKE),
    ("ASSAULT", "destroy"): ("assault.destroy", "1712", DESTRUCTION),
    ("ASSAULT", "firearms"): ("assault.firearms", "193", CLASH),
    ("MOBILIZE", "troops"): ("mobilize.troops", "154", None),
}


def make_doc(text: str, events: list[Event] | None = None) -> ArticleDoc:
    article = Article(id="doc-1", text=text, published=PUBLISHED)
    return ArticleDoc(article=article, text=text, events=list(events or []))


def find(text: str, needle: str, occurrence: int = 0) -> int:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    return starts[occurrence]


def actor(text: str, *, name: str | None = None, code: str | None = None, sector: str | None = None) -> Actor:
    return Actor(text=text, start=0, end=len(text), name=name, code=code, sector=sector)


US_JETS = actor("allied jets", code="USA", sector="MIL")
US_FORCES = actor("the allied forces", code="USA", sector="MIL")
RU_JETS = actor("Russian jets", code="RUS", sector="MIL")
REBELS = actor("the rebels", name="Free Army", code="SYR", sector="REB")


def make_event(
    text: str,
    sentence: str,
    trigger: str,
    *,
    occurrence: int = 0,
    event: str = "ASSAULT",
    mode: str | None = "aerial",
    actors: tuple[Actor, ...] = (US_JETS,),
    recipients: tuple[Actor, ...] = (),
    location: Place | None = PALMYRA,
    date: dt.date | None = TUESDAY,
    date_end: dt.date | None = None,
    precision: str | None = "day",
    factuality: str = "asserted",
    confidence: float = 0.6,
    dead: int | None = None,
    counts: tuple[Count, ...] = (),
) -> Event:
    start = find(text, sentence, occurrence)
    trigger_start = start + sentence.index(trigger)
    concept, cameo, acled = CONCEPTS[(event, mode)]
    return Event(
        article_id="doc-1",
        concept=concept,
        event=event,
        mode=mode,
        cameo=cameo,
        quad=4,
        acled=acled,
        event_text=trigger,
        trigger_start=trigger_start,
        trigger_end=trigger_start + len(trigger),
        sent_start=start,
        sent_end=start + len(sentence),
        context=["military"],
        actor=list(actors),
        recipient=list(recipients),
        location=location,
        date=date,
        date_end=date_end or date,
        date_precision=precision if date is not None else None,
        size=Size(dead=dead, counts=list(counts)),
        factuality=factuality,
        confidence=confidence,
    )


HEADLINE = "Allied jets hit rebel armour near Palmyra"
BODY = "Allied jets bombed rebel positions near Palmyra on Tuesday."
FOLLOW = "The allied forces destroyed 9 armoured vehicles there."
ARTICLE = f"{HEADLINE}\n\n{BODY} {FOLLOW}"


def count_in(text: str, phrase: str, n: int, what: str) -> Count:
    start = text.index(phrase)
    return Count(n=n, what=what, text=phrase, start=start, end=start + len(phrase))


def strike_mentions(text: str = ARTICLE) -> list[Event]:
    headline = make_event(text, HEADLINE, "hit", recipients=(REBELS,), date=PUBLISHED, precision="publication",
                          confidence=0.9)  # fmt: skip
    body = make_event(text, BODY, "bombed", recipients=(REBELS,), confidence=0.7)
    follow = make_event(text, FOLLOW, "destroyed", mode="destroy", actors=(US_FORCES,), location=None,
                        date=PUBLISHED, precision="publication", confidence=0.6,
                        counts=(count_in(text, "9 armoured vehicles", 9, "armoured vehicles"),))  # fmt: skip
    return [follow, body, headline]  # out of order on purpose


def test_dedup_doubled_sentence_merged_into_one_event_with_two_mentions() -> None:
    text = f"{BODY}\n{BODY}"
    events = [make_event(text, BODY, "bombed", occurrence=i, confidence=0.7) for i in (0, 1)]
    doc = Deduplicator()(make_doc(text, events))
    assert len(doc.events) == 1
    merged = doc.events[0]
    assert [(m.start, m.end) for m in merged.mentions] == [(0, len(BODY)), (len(BODY) + 1, 2 * len(BODY) + 1)]
    assert merged.confidence == pytest.approx(0.7)  # a repeat is not a corroboration
    assert (merged.sent_start, merged.sent_end) == (0, len(BODY))


def test_dedup_two_triggers_of_one_sentence_do_not_corroborate_each_other() -> None:
    sentence = "Allied jets bombed and struck rebel positions near Palmyra on Tuesday."
    events = [make_event(sentence, sentence, word, confidence=0.7) for word in ("bombed", "struck")]
    merged = Deduplicator()(make_doc(sentence, events)).events
    assert len(merged) == 1 and merged[0].confidence == pytest.approx(0.7)
    assert merged[0].notes["dedup"] == {"mentions": 2, "reports": 2, "sentences": 1}


def test_dedup_a_second_sentence_corroborates() -> None:
    text = f"{HEADLINE}\n\n{BODY}"
    events = [
        make_event(text, HEADLINE, "hit", confidence=0.7),
        make_event(text, BODY, "bombed", confidence=0.7),
    ]
    (merged,) = Deduplicator()(make_doc(text, events)).events
    assert merged.confidence == pytest.approx(1 - 0.3 * 0.85)


def test_dedup_headline_and_body_strike_merged_with_fields_from_different_mentions() -> None:
    doc = Deduplicator()(make_doc(ARTICLE, strike_mentions()))
    assert len(doc.events) == 1
    strike = doc.events[0]
    assert strike.event == "ASSAULT" and strike.mode == "aerial"
    assert strike.cameo == "195" and strike.acled["sub_event_type"] == "Air/drone strike"
    assert strike.event_text == "hit"  # the representative: highest confidence
    assert (strike.date, strike.date_end, strike.date_precision) == (TUESDAY, TUESDAY, "day")
    assert [(c.n, c.what) for c in strike.size.counts] == [(9, "armoured vehicles")]
    assert strike.location == PALMYRA
    assert [a.code for a in strike.actor] == ["USA"]
    assert [a.name for a in strike.recipient] == ["Free Army"]
    assert [m.start for m in strike.mentions] == sorted(find(ARTICLE, s) for s in (HEADLINE, BODY, FOLLOW))
    assert 0.9 < strike.confidence <= 0.99


def test_dedup_doubled_body_with_headline_gives_one_event() -> None:
    text = f"{HEADLINE}\n\n{BODY} {FOLLOW}\n{BODY} {FOLLOW}"
    events = strike_mentions(text) + [
        make_event(text, BODY, "bombed", occurrence=1, recipients=(REBELS,), confidence=0.7),
        make_event(text, FOLLOW, "destroyed", occurrence=1, mode="destroy", actors=(US_FORCES,), location=None,
                   date=PUBLISHED, precision="publication"),  # fmt: skip
    ]
    doc = Deduplicator()(make_doc(text, events))
    assert len(doc.events) == 1
    assert len(doc.events[0].mentions) == 5
    assert len(doc.events[0].size.counts) == 1  # counts unioned without duplicates


@pytest.mark.parametrize(
    "second",
    [
        pytest.param({"actors": (RU_JETS,)}, id="different-actor"),
        pytest.param({"factuality": "hypothetical"}, id="hypothetical-vs-asserted"),
        pytest.param({"factuality": "claimed"}, id="claimed-vs-asserted"),
        pytest.param({"location": ALEPPO}, id="distant-place"),
        pytest.param({"date": dt.date(2024, 2, 20)}, id="other-day"),
        pytest.param({"mode": "firearms"}, id="other-specific-mode"),
        pytest.param({"event": "MOBILIZE", "mode": "troops"}, id="other-type"),
        pytest.param({"recipients": (actor("Russian jets", code="RUS", sector="MIL"),)}, id="other-recipient"),
    ],
)
def test_dedup_incompatible_events_not_merged(second: dict) -> None:
    text = f"{BODY} {FOLLOW}"
    first = make_event(text, BODY, "bombed", recipients=(REBELS,))
    other = make_event(text, FOLLOW, "destroyed", **{"recipients": (REBELS,), **second})
    doc = Deduplicator()(make_doc(text, [other, first]))
    assert len(doc.events) == 2
    assert [e.sent_start for e in doc.events] == [0, len(BODY) + 1]  # ordered by first mention
    assert all(len(e.mentions) == 1 for e in doc.events)


def test_dedup_unknown_actor_joins_the_event_it_agrees_with_most() -> None:
    us = "Allied jets bombed Palmyra."
    ru = "Russian jets bombed rebel districts of Aleppo on 20 February."
    vague = "The raids that day hit rebel homes."
    text = f"{us} {ru} {vague}"
    events = [
        make_event(text, us, "bombed", date=PUBLISHED, precision="publication", confidence=0.8),
        make_event(text, ru, "bombed", actors=(RU_JETS,), recipients=(REBELS,), location=ALEPPO,
                   date=dt.date(2024, 2, 20)),  # fmt: skip
        make_event(text, vague, "hit", actors=(), recipients=(REBELS,), location=None, date=dt.date(2024, 2, 20)),
    ]
    doc = Deduplicator()(make_doc(text, events))
    assert [len(e.mentions) for e in doc.events] == [1, 2]
    assert doc.events[1].actor == [RU_JETS]


def test_dedup_ids_stable_across_runs_and_distinct_across_events() -> None:
    text = f"{BODY} {FOLLOW}"
    events = [make_event(text, BODY, "bombed"), make_event(text, FOLLOW, "destroyed", actors=(RU_JETS,))]
    first = Deduplicator()(make_doc(text, copy.deepcopy(events)))
    second = Deduplicator()(make_doc(text, list(reversed(copy.deepcopy(events)))))
    ids = [e.id for e in first.events]
    assert ids == [e.id for e in second.events]
    assert len(set(ids)) == 2
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)


def test_dedup_ids_distinct_for_two_events_on_one_trigger() -> None:
    text = BODY
    events = [
        make_event(text, BODY, "bombed", recipients=(REBELS,)),
        make_event(text, BODY, "bombed", recipients=(actor("Russian jets", code="RUS", sector="MIL"),)),
    ]
    doc = Deduplicator()(make_doc(text, events))
    assert len(doc.events) == 2
    assert doc.events[0].id != doc.events[1].id


def test_dedup_dead_taken_from_most_specific_mention() -> None:
    headline = make_event(ARTICLE, HEADLINE, "hit", date=PUBLISHED, precision="publication", confidence=0.9, dead=3)
    body = make_event(ARTICLE, BODY, "bombed", confidence=0.7, dead=5)
    doc = Deduplicator()(make_doc(ARTICLE, [headline, body]))
    assert len(doc.events) == 1
    assert doc.events[0].size.dead == 5


def test_dedup_confidence_capped() -> None:
    sentences = [f"Allied jets bombed Palmyra again, raid {i}." for i in range(8)]
    text = " ".join(sentences)
    events = [make_event(text, sentence, "bombed", confidence=0.98) for sentence in sentences]
    doc = Deduplicator()(make_doc(text, events))
    assert len(doc.events) == 1
    assert doc.events[0].confidence == pytest.approx(0.99)


def test_dedup_empty_doc() -> None:
    doc = Deduplicator()(make_doc("Nothing happened."))
    assert doc.events == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (actor("US jets", code="USA", sector="MIL"), actor("Washington", code="USA", sector="GOV"), True),
        (actor("US jets", code="USA", sector="MIL"), actor("the US", code="USA"), True),
        (actor("US jets", code="USA", sector="MIL"), actor("Russian jets", code="RUS", sector="MIL"), False),
        (actor("army", code="SYR", sector="MIL"), actor("rebels", code="SYR", sector="REB"), False),
        (actor("IS", name="Islamic State", code="IMG"), actor("ISIS", name="Islamic State", code="IMG"), True),
        (actor("IS", name="Islamic State", code="IMG"), actor("Nusra", name="Nusra Front", code="IMG"), False),
    ],
)
def test_dedup_same_actor(a: Actor, b: Actor, expected: bool) -> None:
    assert same_actor(a, b) is expected


def test_dedup_actors_compatible_when_one_side_unknown() -> None:
    assert actors_compatible([], [US_JETS])
    assert actors_compatible([actor("gunmen")], [US_JETS])  # unresolved: says nothing
    assert actors_compatible([US_JETS, RU_JETS], [RU_JETS])  # overlapping
    assert not actors_compatible([US_JETS], [RU_JETS])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (PALMYRA, PALMYRA, True),
        (PALMYRA, NEAR_PALMYRA, True),
        (PALMYRA, ALEPPO, False),
        (PALMYRA, None, True),
        (HOMS_PROVINCE, PALMYRA, True),
        (HOMS_PROVINCE, ALEPPO, False),
        (Place("Qaryatayn", 0, 0), PALMYRA, True),
        (Place("Qaryatayn", 0, 0), Place("Sukhnah", 0, 0), False),
    ],
)
def test_dedup_places_compatible(a: Place | None, b: Place | None, expected: bool) -> None:
    assert places_compatible(a, b) is expected
    assert places_compatible(b, a) is expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((TUESDAY, TUESDAY, "day"), (TUESDAY, TUESDAY, "day"), True),
        ((dt.date(2024, 3, 4), dt.date(2024, 3, 8), "week"), (TUESDAY, TUESDAY, "day"), True),
        ((dt.date(2024, 2, 20), dt.date(2024, 2, 20), "day"), (TUESDAY, TUESDAY, "day"), False),
        ((PUBLISHED, PUBLISHED, "publication"), (dt.date(2024, 2, 20), dt.date(2024, 2, 20), "day"), True),
        ((None, None, None), (TUESDAY, TUESDAY, "day"), True),
    ],
)
def test_dedup_dates_compatible(first: tuple, second: tuple, expected: bool) -> None:
    a = make_event(BODY, BODY, "bombed", date=first[0], date_end=first[1], precision=first[2])
    b = make_event(BODY, BODY, "bombed", date=second[0], date_end=second[1], precision=second[2])
    assert dates_compatible(a, b) is expected


@pytest.mark.parametrize(
    "text,event,dead",
    [
        # the participle adds the toll to the head event, which keeps its type
        ("Militants overran an army post near the border on Saturday, killing 12 soldiers.", "COERCE", 12),
        # a clearly more severe participle gives the event its type
        ("Foreign troops intervened in the civil war in 2015, launching air strikes against rebel units.", "ASSAULT", None),
    ],
)
def test_dedup_folds_participle_into_its_clause_event(text, event, dead, pipeline):
    from builders import make_article

    doc = pipeline(make_article(text))
    assert len(doc.events) == 1, [(e.event, e.event_text) for e in doc.events]
    assert doc.events[0].event == event
    assert doc.events[0].size.dead == dead


@pytest.mark.parametrize(
    "text,sub_event_type",
    [
        # ACLED precedence: a generic attack elaborated by a more specific kind takes that kind
        ("Armed men raided a farmhouse near the river on Monday, abducting two of the farmer's daughters.", "Abduction/forced disappearance"),
        ("Gunmen attacked a checkpoint at dawn, detonating a roadside bomb beside the gate.", "Remote explosive/landmine/IED"),
    ],
)
def test_dedup_fold_gives_the_more_specific_acled_kind(text, sub_event_type, pipeline):
    from builders import make_article

    doc = pipeline(make_article(text))
    assert len(doc.events) == 1, [(e.event, e.event_text) for e in doc.events]
    assert (doc.events[0].acled or {}).get("sub_event_type") == sub_event_type, (doc.events[0].event_text, doc.events[0].acled)
