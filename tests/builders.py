"""Tiny hand-written inputs for tests: articles, parsed docs, events."""
from __future__ import annotations

import datetime as dt

from palmyra.model import Article, ArticleDoc, Event

PUBLISHED = dt.date(2016, 12, 16)  # a Friday


def make_article(text: str, *, id: str = "test.txt", published: dt.date | None = PUBLISHED, title: str | None = None) -> Article:
    return Article(id=id, text=text, title=title, published=published)


def make_doc(text: str, nlp=None, **kwargs) -> ArticleDoc:  # noqa: ANN001
    """An ArticleDoc over ``text``, parsed with ``nlp`` when given."""
    doc = ArticleDoc(article=make_article(text, **kwargs), text=text)
    if nlp is not None:
        doc.nlp_doc = nlp(text)
    return doc


def make_event(doc: ArticleDoc, word: str, **fields) -> Event:  # noqa: ANN003
    """A hand-built event whose trigger is the first token ``word`` of ``doc.nlp_doc``."""
    token = next(t for t in doc.nlp_doc if t.text == word)
    sent = token.sent
    return Event(
        article_id=doc.id,
        concept="test",
        event="ASSAULT",
        mode=None,
        cameo="190",
        quad=4,
        acled=None,
        event_text=token.text,
        trigger_start=token.idx,
        trigger_end=token.idx + len(token.text),
        sent_start=sent.start_char,
        sent_end=sent.end_char,
        trigger_i=token.i,
        **fields,
    )


def events_of(pipeline, text: str) -> list[Event]:  # noqa: ANN001
    """The events the pipeline codes in ``text`` (one test article)."""
    docs = list(pipeline.pipe([Article(id="t", text=text, origin="test")]))
    return docs[0].events if docs else []


def main_event(pipeline, text: str) -> Event:  # noqa: ANN001
    """The highest-confidence event of ``text``, as the scorers pick it; fails when there is none."""
    events = events_of(pipeline, text)
    assert events, f"no event in {text!r}"
    return max(events, key=lambda e: e.confidence)


def sub_type(event: Event) -> str | None:
    """The event's ACLED sub-event type, or None."""
    return (event.acled or {}).get("sub_event_type")
