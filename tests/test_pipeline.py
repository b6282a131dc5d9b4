"""The whole pipeline on short hand-written articles: one event per happening, its
factuality, date, count and place, evidence offsets, stable ids, and batches that go on
past a bad article."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest

from palmyra.export import event_to_record
from palmyra.model import Article, ArticleDoc, Event
from palmyra.pipeline import Pipeline, StageError

PUBLISHED = dt.date(2024, 3, 8)  # a Friday

STRIKE_ARTICLE = """Russian jets bomb rebel arms depot near Idlib

Russian war planes have bombed a weapons depot held by rebel fighters near Idlib, a monitoring group said.

Russian war planes struck the depot near Idlib on Tuesday and destroyed 9 trucks, the monitor said.
"""

RAID_BODY = """Gunmen seized a village near Gusau on Sunday and kidnapped 30 people, police said.
Police arrested 15 suspects in Kano on Monday.
Rebels shelled the outskirts of Goma on Thursday.
"""

BATCH = {
    "strike.txt": STRIKE_ARTICLE,
    "arrests.txt": "Police arrested 15 protesters in Nairobi on Monday.",
    "shelling.txt": "Rebels shelled the outskirts of Goma on Thursday, a local official said.",
    "deployment.txt": "Some 300 Iranian fighters arrived at the Kuweires airbase near Aleppo on Wednesday.",
    "claim.txt": "Pro-government television claimed that soldiers were battling Houthi rebels near Sanaa.",
}


def article(text: str, *, id: str = "test.txt", published: dt.date | None = PUBLISHED) -> Article:
    return Article(id=id, text=text, published=published, origin=id)


def run(pipeline: Pipeline, text: str, **kwargs: Any) -> ArticleDoc:
    doc = pipeline(article(text, **kwargs))
    assert doc is not None
    return doc


def of_type(doc: ArticleDoc, event_type: str) -> list[Event]:
    return [event for event in doc.events if event.event == event_type]


def signature(event: Event) -> tuple[Any, ...]:
    """What a reader sees of an event, without offsets."""
    return (
        event.event,
        event.mode,
        event.cameo,
        event.factuality,
        event.date,
        event.location.name if event.location else None,
        tuple(sorted((c.n, c.what) for c in event.size.counts)),
    )


# --- one happening, one event ----------------------------------------------------


def test_pipeline_doubled_body_gives_each_event_once(pipeline: Pipeline) -> None:
    single = run(pipeline, RAID_BODY)
    doubled = run(pipeline, RAID_BODY + RAID_BODY)
    assert single.events
    assert [signature(e) for e in doubled.events] == [signature(e) for e in single.events]
    for event in doubled.events:
        sentences = [doubled.text[m.start : m.end] for m in event.mentions]
        assert len(sentences) == len(set(sentences)), f"a repeated sentence counted twice: {sentences}"


def test_pipeline_headline_lead_and_body_are_one_event(pipeline: Pipeline) -> None:
    doc = run(pipeline, STRIKE_ARTICLE)
    strikes = of_type(doc, "ASSAULT")
    assert len(strikes) == 1
    strike = strikes[0]
    assert strike.mode == "aerial"
    assert [a.code for a in strike.actor] == ["RUS"]
    assert len(strike.mentions) == 3  # headline, lead, body
    assert strike.date == dt.date(2024, 3, 5)  # the body's "Tuesday" before the Friday report
    assert strike.date_precision == "day"
    assert (9, "trucks") in {(c.n, c.what) for c in strike.size.counts}
    assert strike.location is not None and strike.location.name == "Idlib"
    assert strike.factuality == "asserted"


# --- factuality ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "event_type", "factuality"),
    [
        ("The United States hinted it may deploy troops to Kirkuk.", "MOBILIZE", "hypothetical"),
        ("The Turkish government hinted it could send troops to Aleppo to protect civilians.", "MOBILIZE", "hypothetical"),
        ("Pro-government television claimed that soldiers were battling Houthi rebels near Sanaa.", "ASSAULT", "claimed"),
        ("State media has claimed that army units were fighting al-Shabaab militants near Mogadishu.", "ASSAULT", "claimed"),
        ("Turkish warplanes did not bomb the town of Afrin on Sunday, the ministry said.", "ASSAULT", "negated"),
        ("Israeli jets did not strike the port of Latakia on Monday, officials said.", "ASSAULT", "negated"),
    ],
)
def test_pipeline_factuality_of_the_statement(pipeline: Pipeline, text: str, event_type: str, factuality: str) -> None:
    doc = run(pipeline, text)
    events = of_type(doc, event_type)
    assert [e.factuality for e in events] == [factuality]


@pytest.mark.parametrize(
    "text",
    [
        "The United States hinted it may deploy troops to Kirkuk.",
        "Officials said Britain could send soldiers to Basra next month if talks fail.",
        "Washington signalled it might send marines to Benghazi.",
        "The ministry warned that Ethiopia would deploy troops to Mekelle.",
    ],
)
def test_pipeline_hypothetical_deployment_is_never_asserted(pipeline: Pipeline, text: str) -> None:
    doc = run(pipeline, text)
    deployments = of_type(doc, "MOBILIZE")
    assert deployments, "the deployment is kept, with its factuality"
    assert all(e.factuality in ("hypothetical", "future") for e in deployments)


# --- place -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("Some 300 Iranian fighters arrived at the Kuweires airbase near Aleppo on Wednesday.", 36.19, 37.58),
        ("About 200 Russian soldiers arrived at the Shayrat airbase near Homs on Wednesday.", 34.4903, 36.9090),
    ],
)
def test_pipeline_arrival_at_an_airbase_is_located_at_the_base(pipeline: Pipeline, text: str, lat: float, lon: float) -> None:
    doc = run(pipeline, text)
    [arrival] = of_type(doc, "MOBILIZE")
    assert arrival.location is not None
    assert arrival.location.precision == "site"
    assert (arrival.location.lat, arrival.location.lon) == pytest.approx((lat, lon), abs=0.05)
    assert arrival.date == dt.date(2024, 3, 6)
    assert arrival.factuality == "asserted"
    assert arrival.size.counts and arrival.size.counts[0].n in (200, 300)


# --- batches ----------------------------------------------------------------------------


class FailOn:
    """A stage that raises on one article and otherwise runs the stage it wraps."""

    def __init__(self, stage: Any, article_id: str) -> None:
        self.stage = stage
        self.article_id = article_id
        self.reads = getattr(stage, "reads", ())
        self.writes = getattr(stage, "writes", ())

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        if doc.id == self.article_id:
            raise RuntimeError("injected failure")
        return self.stage(doc)


def failing_pipeline(res: Any, article_id: str, *, stage: str = "events", on_error: str = "skip") -> Pipeline:  # noqa: ANN401
    pipe = Pipeline(res, on_error=on_error)
    pipe.stages = [(name, FailOn(s, article_id) if name == stage else s) for name, s in pipe.stages]
    return pipe


def articles(texts: dict[str, str]) -> list[Article]:
    return [article(text, id=name) for name, text in texts.items()]


def test_pipeline_bad_article_does_not_stop_the_batch(res: Any) -> None:
    pipe = failing_pipeline(res, "arrests.txt")
    batch = articles(BATCH)
    batch.insert(2, article("", id="empty.txt"))
    batch.insert(3, article(" \n\n ", id="blank.txt"))
    docs = list(pipe.pipe(batch))
    ids = [doc.id for doc in docs]
    assert "arrests.txt" not in ids
    assert [i for i in ids if i in BATCH] == [i for i in BATCH if i != "arrests.txt"]
    for doc in docs:
        if doc.id in ("empty.txt", "blank.txt"):
            assert doc.events == []
    assert [(e.stage, e.article_id) for e in pipe.errors] == [("events", "arrests.txt")]
    assert isinstance(pipe.errors[0].cause, RuntimeError)


def test_pipeline_raise_mode_raises_a_stage_error(res: Any) -> None:
    pipe = failing_pipeline(res, "claim.txt", stage="dates", on_error="raise")
    with pytest.raises(StageError, match="dates") as info:
        list(pipe.pipe(articles(BATCH)))
    assert info.value.article_id == "claim.txt"


@pytest.mark.parametrize("batch_size", [1, 2, 16])
def test_pipeline_pipe_keeps_input_order(pipeline: Pipeline, batch_size: int) -> None:
    batch = articles(BATCH)[::-1] + articles({"again.txt": BATCH["strike.txt"]})
    docs = list(pipeline.pipe(batch, batch_size=batch_size))
    assert [doc.id for doc in docs] == [a.id for a in batch]


# --- evidence and ids ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch_docs(pipeline: Pipeline) -> list[ArticleDoc]:
    texts = dict(BATCH, **{"raid.txt": RAID_BODY + RAID_BODY})
    return list(pipeline.pipe(articles(texts)))


def all_events(docs: Iterable[ArticleDoc]) -> list[tuple[ArticleDoc, Event]]:
    return [(doc, event) for doc in docs for event in doc.events]


def test_pipeline_evidence_quotes_the_cleaned_text(batch_docs: list[ArticleDoc]) -> None:
    pairs = all_events(batch_docs)
    assert len(pairs) >= len(BATCH)
    for doc, event in pairs:
        record = event_to_record(event, doc)
        evidence = record["evidence"]
        assert evidence["sentence"] == doc.text[evidence["start"] : evidence["end"]]
        assert evidence["sentence"].strip()
        assert evidence["start"] <= event.trigger_start < event.trigger_end <= evidence["end"]
        for mention in record["mentions"]:
            assert mention["article_id"] == doc.id
            assert 0 <= mention["start"] < mention["end"] <= len(doc.text)
        for actor in event.actor + event.recipient:
            assert doc.text[actor.start : actor.end] == actor.text
        if event.location is not None:
            assert doc.text[event.location.start : event.location.end] == event.location.text


def test_pipeline_ids_are_stable_across_runs(pipeline: Pipeline, batch_docs: list[ArticleDoc]) -> None:
    first = [event.id for _, event in all_events(batch_docs)]
    # Another run, in another order and batch size, gives each article's events the same ids.
    texts = dict(BATCH, **{"raid.txt": RAID_BODY + RAID_BODY})
    again = list(pipeline.pipe(articles(texts)[::-1], batch_size=1))
    second = [event.id for _, event in all_events(sorted(again, key=lambda d: list(texts).index(d.id)))]
    assert first == second
    assert all(first)
    assert len(set(first)) == len(first)


def test_pipeline_ids_depend_on_the_article_id(pipeline: Pipeline) -> None:
    one = run(pipeline, BATCH["arrests.txt"], id="one.txt")
    two = run(pipeline, BATCH["arrests.txt"], id="two.txt")
    assert [e.id for e in one.events] != [e.id for e in two.events]
