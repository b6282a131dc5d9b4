"""Every record that flows through Palmyra.

Offsets are Python code points with an exclusive end. Unless a field says
otherwise they index ``ArticleDoc.text`` (the cleaned text), which is also the
text that ``Event.evidence`` quotes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

FACTUALITIES = ("asserted", "negated", "hypothetical", "future", "claimed", "historical")
PRECISIONS = ("site", "city", "district", "province", "country")
DATE_PRECISIONS = ("day", "week", "month", "year", "publication")


@dataclass(slots=True)
class Article:
    """One input report, as read by ingest."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    origin: str = ""  # "file" or "file:line" the article came from
    toponyms: list[tuple[int, int]] | None = None  # given toponym spans (geoparse resolution-only mode)


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that could not be read; the batch goes on without it."""

    origin: str  # file name, or "-" for stdin
    line: int | None  # 1-based line/row number, None for a whole file
    reason: str  # stable slug: bad-encoding, bad-json, empty-text, ...
    detail: str

    def __str__(self) -> str:
        where = self.origin if self.line is None else f"{self.origin}:{self.line}"
        return f"{where} ({self.reason}): {self.detail}"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted on. ``code``: ISO 3166-1 alpha-3 or IGO/UNO/NGO/IMG/...;
    ``sector``: GOV, MIL, REB, COP, CVL, ...; ``name``: canonical name of a known actor."""

    text: str
    start: int
    end: int
    name: str | None = None
    code: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    kind: int | None = None  # ACLED inter code 1..8 where known

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "sector": self.sector,
            "wikidata": self.wikidata,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved (or unresolved: ``geonameid`` and ``lat`` None) place mention."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None  # ISO alpha-3
    admin1: str | None = None
    admin2: str | None = None
    feature_code: str | None = None
    precision: str = "city"  # site | city | district | province | country
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "geonameid": self.geonameid,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "feature_code": self.feature_code,
            "precision": self.precision,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Count:
    """A number attached to what it counts: "14 tanks" -> Count(14, "tanks", ...)."""

    n: int
    what: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "what": self.what, "text": self.text}


@dataclass(slots=True)
class Size:
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    counts: list[Count] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dead": self.dead,
            "injured": self.injured,
            "arrested": self.arrested,
            "counts": [count.to_dict() for count in self.counts],
        }


@dataclass(frozen=True, slots=True)
class Span:
    """A raw text span (before actor/place resolution)."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    article_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Event:
    """One coded event. The event coder creates it; later stages fill their fields."""

    article_id: str
    concept: str  # key into the ontology table, e.g. "assault.aerial"
    event: str  # PLOVER event type
    mode: str | None
    cameo: str
    quad: int
    acled: dict[str, str] | None
    event_text: str  # trigger words as written
    trigger_start: int
    trigger_end: int
    sent_start: int  # evidence sentence offsets into ArticleDoc.text
    sent_end: int
    trigger_i: int = -1  # token index of the trigger head in ArticleDoc.nlp_doc
    context: list[str] = field(default_factory=list)
    actor_spans: list[Span] = field(default_factory=list)  # raw spans, from the coder
    recipient_spans: list[Span] = field(default_factory=list)
    actor: list[Actor] = field(default_factory=list)  # resolved, from the actor stage
    recipient: list[Actor] = field(default_factory=list)
    location: Place | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    size: Size = field(default_factory=Size)
    factuality: str = "asserted"
    confidence: float = 0.5
    mentions: list[Mention] = field(default_factory=list)
    id: str = ""
    notes: dict[str, Any] = field(default_factory=dict)  # stage diagnostics, not exported


@dataclass(slots=True)
class ArticleDoc:
    """The one mutable container the stages fill, as spaCy's Doc is."""

    article: Article
    text: str  # cleaned text; all offsets index this
    offset_map: list[tuple[int, int, int]] = field(default_factory=list)  # (clean_start, raw_start, length) runs
    nlp_doc: Any = None  # spacy.tokens.Doc over ``text``
    places: list[Place] = field(default_factory=list)  # every toponym found in the text
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    def sentence(self, event: Event) -> str:
        return self.text[event.sent_start : event.sent_end]

    def raw_offset(self, offset: int) -> int:
        """Map an offset in the cleaned text back to the raw article text."""
        for clean_start, raw_start, length in self.offset_map:
            if clean_start <= offset <= clean_start + length:
                return raw_start + (offset - clean_start)
        return offset
