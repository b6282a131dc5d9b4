"""Within-article deduplication and stable event ids.

A report mentions the same happening several times: in the headline, the lead,
the body, a quoted statement, and (in scraped pages) a doubled body. The
Deduplicator merges those mentions into one event and gives every event a
content-hash id, so that re-running an article gives the same ids.

Two events are merged when every field is compatible (one small function per
field below) with every distinct report already in the cluster (complete
linkage), or when they are the same report repeated word for word. When several
clusters would take an event, it joins the one that shares the most known
fields with it (actors, recipients, place, date), the earliest on ties.

How the merged event is filled:

- evidence, trigger, actors' spans and factuality come from the representative,
  the mention with the highest confidence (the earliest one on ties);
- event type, mode, concept, CAMEO, quad and ACLED type come from the most
  specific mention: an ASSAULT "destroyed" (mode ``destroy``) and an ASSAULT
  "air strike" (mode ``aerial``) by the same side are one strike, coded aerial;
- actors and recipients: the representative's, else those of the best-ranked
  mention that has resolved ones;
- location: the most precise resolved place (site < city < district <
  province < country);
- date: the narrowest interval that is not a publication-date fallback; the
  fallback only when no mention gives a date;
- size: counts are the union over mentions (one per number and noun); dead,
  injured and arrested come from the most specific mention that reports them
  (exact date, precise place, specific mode, confidence, in that order), so a
  vague headline figure never overrides the body's dated account and figures are
  never added up across mentions;
- mentions: every merged mention (article id, sentence start, end), sorted;
- confidence: rises a little with each further distinct sentence that reports the
  happening (repeated identical sentences, and two triggers of one sentence, do not
  corroborate), capped at ``max_confidence``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .model import Actor, ArticleDoc, Count, Event, Mention, Place, Size, Span

if TYPE_CHECKING:
    from .resources import Resources

# Modes that say nothing about the means of an attack: an event with one of them
# can merge with a same-type event of any mode, which then gives the mode.
GENERIC_MODES = frozenset({"", "generic"})
# Modes that describe an outcome rather than a means, per event type.
OUTCOME_MODES = {"ASSAULT": frozenset({"destroy"})}
# Sectors of one state acting as one side ("the US launched" / "US war planes struck").
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
# Factuality classes: a hypothetical never merges into an asserted event, nor a
# claim into an assertion; "could" and "will" are one class.
FACTUALITY_CLASS = {
    "asserted": "asserted",
    "claimed": "claimed",
    "negated": "negated",
    "hypothetical": "irrealis",
    "future": "irrealis",
    "historical": "historical",
}
PRECISION_RANK = {"site": 0, "city": 1, "district": 2, "province": 3, "country": 4}
EARTH_RADIUS_KM = 6371.0088
# How much more severe (lower Goldstein) a folded participle must be to give the event its type.
SEVERITY_GAP = 2.0
# ACLED precedence in a fold: a generic attack or clash elaborated by a participle of a more
# specific kind ("attacked the house, abducting the owner's sister", "opened fire,
# detonating a bomb") is coded as that kind (abduction, explosion), as ACLED codes it.
GENERIC_ATTACK_CONCEPTS = frozenset(("assault.generic", "assault.kill", "assault.firearms"))
SPECIFIC_ACLED_TYPES = frozenset(("Explosions/Remote violence",))
SPECIFIC_ACLED_SUB_TYPES = frozenset(("Abduction/forced disappearance", "Sexual violence"))


class Deduplicator:
    """Merge the events of one article that report the same happening; give each a stable id.

    reads: doc.events with every field filled (type, mode, actors, recipients,
    location, date, size, factuality, confidence, evidence offsets).
    writes: doc.events (merged, ordered by first mention), event.mentions, event.id.
    """

    reads = (
        "event.event",
        "event.mode",
        "event.actor",
        "event.recipient",
        "event.location",
        "event.date",
        "event.factuality",
        "event.size",
        "event.confidence",
    )
    writes = ("doc.events", "event.mentions", "event.id")

    def __init__(
        self,
        res: Resources | None = None,
        *,
        max_km: float = 25.0,
        corroboration: float = 0.15,
        max_confidence: float = 0.99,
    ) -> None:
        """max_km: farthest two resolved places of one event may lie apart;
        corroboration: share of the remaining doubt each further distinct report removes."""
        self.res = res
        self.max_km = max_km
        self.corroboration = corroboration
        self.max_confidence = max_confidence

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.events = self.fold_elaborations(doc)
        clusters = self.cluster(doc)
        merged = [self.merge(cluster) for cluster in clusters]
        merged.sort(key=_order_key)
        assign_ids(merged)
        doc.events = merged
        return doc

    def pipe(self, docs: Iterable[ArticleDoc], *, batch_size: int = 64) -> Iterator[ArticleDoc]:
        for doc in docs:
            yield self(doc)

    # -- elaborations ---------------------------------------------------------

    def fold_elaborations(self, doc: ArticleDoc) -> list[Event]:
        """Fold a participle that only elaborates its clause's event into that event.

        "Russian forces intervened in 2015, launching air raids on rebels" and
        "Militants overran a post, killing 12 soldiers" each tell one happening: the
        participle (no subject of its own, same factuality) adds the means, the victims
        and the toll. The head event keeps its type unless the participle's is clearly
        more severe (Goldstein at least ``SEVERITY_GAP`` lower), as in the first example.
        """
        if doc.nlp_doc is None:
            return doc.events
        by_token = {event.trigger_i: event for event in doc.events if event.trigger_i >= 0}
        kept = []
        for event in doc.events:
            head = _elaborated_event(event, doc.nlp_doc, by_token)
            if head is None or head is event or head.factuality != event.factuality:
                kept.append(event)
                continue
            self._fold(head, event)
        return kept

    def _fold(self, head: Event, part: Event) -> None:
        if self._severity(part) <= self._severity(head) - SEVERITY_GAP or _more_specific(part, head):
            for name in ("concept", "event", "mode", "cameo", "quad", "acled", "context", "event_text", "trigger_start", "trigger_end"):
                setattr(head, name, getattr(part, name))
        if not head.recipient:
            head.recipient = list(part.recipient)
        if head.location is None:
            head.location = part.location
        if head.date is None or head.date_precision == "publication":
            if part.date is not None and part.date_precision != "publication":
                head.date, head.date_end, head.date_precision = part.date, part.date_end, part.date_precision
        size = head.size
        for name in ("dead", "injured", "arrested"):
            if getattr(size, name) is None:
                setattr(size, name, getattr(part.size, name))
        seen = {(count.n, count.what) for count in size.counts}
        size.counts.extend(count for count in part.size.counts if (count.n, count.what) not in seen)
        head.confidence = max(head.confidence, part.confidence)
        head.notes.setdefault("folded", []).append(part.event_text)

    def _severity(self, event: Event) -> float:
        if self.res is None or event.concept not in self.res.ontology:
            return 0.0
        goldstein = self.res.ontology[event.concept].goldstein
        return 0.0 if goldstein is None else float(goldstein)

    # -- clustering ---------------------------------------------------------

    def cluster(self, doc: ArticleDoc) -> list[_Cluster]:
        """Group the article's events; each cluster is one happening."""
        clusters: list[_Cluster] = []
        for event in sorted(doc.events, key=_offset_key):
            key = report_key(event, doc.text)
            home = next((c for c in clusters if key in c.report_keys), None)
            if home is not None:  # the same sentence again (a doubled body)
                home.members.append(event)
                continue
            home = self._best_cluster(event, clusters)
            if home is None:
                home = _Cluster()
                clusters.append(home)
            home.members.append(event)
            home.reports.append(event)
            home.report_keys.add(key)
            home.sentences.add(key[0])
        return clusters

    def _best_cluster(self, event: Event, clusters: list[_Cluster]) -> _Cluster | None:
        """The cluster whose every report is compatible with ``event`` and which agrees with it
        on the most known fields (so an event with an unknown actor joins the strike on its
        own place and day rather than any strike); the earliest cluster on ties."""
        best, best_score = None, -1
        for cluster in clusters:
            if all(self.compatible(event, report) for report in cluster.reports):
                score = max(agreement(event, report) for report in cluster.reports)
                if score > best_score:
                    best, best_score = cluster, score
        return best

    def compatible(self, a: Event, b: Event) -> bool:
        """Could ``a`` and ``b`` be two reports of one happening?"""
        return (
            types_compatible(a, b)
            and factuality_compatible(a.factuality, b.factuality)
            and actors_compatible(a.actor, b.actor)
            and actors_compatible(a.recipient, b.recipient)
            and places_compatible(a.location, b.location, max_km=self.max_km)
            and dates_compatible(a, b)
        )

    # -- merging ------------------------------------------------------------

    def merge(self, cluster: _Cluster) -> Event:
        """One event from a cluster of mentions (see the module docstring for the rules)."""
        members = cluster.members
        ranked = sorted(members, key=_rank_key)
        rep = ranked[0]
        if len(members) == 1:
            return dataclasses.replace(rep, mentions=_mentions(members), size=_copy_size(rep.size))
        typing = _most_specific_type(ranked)
        date_source = _best_date(ranked)
        by_specificity = sorted(members, key=_specificity_key)
        return dataclasses.replace(
            rep,
            concept=typing.concept,
            event=typing.event,
            mode=typing.mode,
            cameo=typing.cameo,
            quad=typing.quad,
            acled=typing.acled,
            context=_union([typing.context, *(m.context for m in ranked)]),
            actor=_first_resolved([m.actor for m in ranked]),
            recipient=_first_resolved([m.recipient for m in ranked]),
            location=_best_place(ranked),
            date=date_source.date,
            date_end=date_source.date_end,
            date_precision=date_source.date_precision,
            size=_merge_sizes(by_specificity, offset_order=sorted(members, key=_offset_key)),
            confidence=self._corroborated(rep.confidence, len(cluster.sentences)),
            mentions=_mentions(members),
            notes={
                **rep.notes,
                "dedup": {"mentions": len(members), "reports": len(cluster.reports), "sentences": len(cluster.sentences)},
            },
        )

    def _corroborated(self, confidence: float, reports: int) -> float:
        boosted = 1.0 - (1.0 - confidence) * (1.0 - self.corroboration) ** (reports - 1)
        return max(confidence, min(self.max_confidence, boosted))


@dataclasses.dataclass
class _Cluster:
    members: list[Event] = dataclasses.field(default_factory=list)  # every mention
    reports: list[Event] = dataclasses.field(default_factory=list)  # first mention of each distinct sentence
    report_keys: set[tuple] = dataclasses.field(default_factory=set)
    sentences: set[str] = dataclasses.field(default_factory=set)  # distinct sentences among the reports


def _more_specific(part: Event, head: Event) -> bool:
    """The participle names a more specific ACLED kind of the head's generic attack."""
    if head.concept not in GENERIC_ATTACK_CONCEPTS or part.event != "ASSAULT" or not part.acled:
        return False
    return part.acled.get("event_type") in SPECIFIC_ACLED_TYPES or part.acled.get("sub_event_type") in SPECIFIC_ACLED_SUB_TYPES


def _elaborated_event(event: Event, nlp_doc, by_token: dict[int, Event]) -> Event | None:  # noqa: ANN001
    """The event whose clause ``event``'s participle elaborates, if any."""
    token = nlp_doc[event.trigger_i]
    if token.dep_ in ("dobj", "obj") and token.head.tag_ == "VBG":
        token = token.head  # "launching air raids": the participle carries the noun
    if token.dep_ != "advcl" or token.tag_ != "VBG":
        return None
    if any(child.dep_ in ("nsubj", "nsubjpass") for child in token.children):
        return None
    return by_token.get(token.head.i)


# -- field compatibility ------------------------------------------------------


def types_compatible(a: Event, b: Event) -> bool:
    """Same PLOVER type, and the same mode unless one mode is generic or only an outcome."""
    if a.event != b.event:
        return False
    if _vague_mode(a) or _vague_mode(b):
        return True
    # Same mode is not enough: seizing a town (CAMEO 192) and seizing weapons (1711)
    # are both COERCE/seize but different happenings.
    return a.mode == b.mode and a.cameo == b.cameo


def factuality_compatible(a: str, b: str) -> bool:
    return FACTUALITY_CLASS.get(a, a) == FACTUALITY_CLASS.get(b, b)


def actors_compatible(a: Sequence[Actor], b: Sequence[Actor]) -> bool:
    """Overlapping sides, or one side unknown (no actor resolved to a name or code)."""
    known_a = [actor for actor in a if _resolved(actor)]
    known_b = [actor for actor in b if _resolved(actor)]
    if not known_a or not known_b:
        return True
    return any(same_actor(x, y) for x in known_a for y in known_b)


def same_actor(a: Actor, b: Actor) -> bool:
    """Same canonical name; or, unless both are named differently, the same code and sector
    (a missing sector matches, and a state's government, army and police are one side)."""
    if a.name and b.name:
        return _fold(a.name) == _fold(b.name)
    if not a.code or a.code != b.code:
        return False
    if a.sector is None or b.sector is None or a.sector == b.sector:
        return True
    return a.sector in STATE_SECTORS and b.sector in STATE_SECTORS


def places_compatible(a: Place | None, b: Place | None, *, max_km: float = 25.0) -> bool:
    """Same place, within ``max_km``, one inside the other's province or country, or one unknown."""
    if a is None or b is None:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if not _located(a) or not _located(b):
        if _located(a) or _located(b):
            return True  # an unresolved toponym says nothing against a resolved one
        return _fold(a.text) == _fold(b.text)
    if haversine_km(a, b) <= max_km:
        return True
    return _contains(a, b) or _contains(b, a)


def dates_compatible(a: Event, b: Event) -> bool:
    """Overlapping intervals, or one date unknown or only the publication-date fallback."""
    if _undated(a) or _undated(b):
        return True
    return a.date <= _end(b) and b.date <= _end(a)


def agreement(a: Event, b: Event) -> int:
    """How many fields two compatible events positively share (rather than leave unknown):
    actors, recipients, a located place and a real date (0-4)."""
    shared = 0
    for side_a, side_b in ((a.actor, b.actor), (a.recipient, b.recipient)):
        known_a = [actor for actor in side_a if _resolved(actor)]
        known_b = [actor for actor in side_b if _resolved(actor)]
        shared += bool(known_a and known_b)
    shared += bool(a.location and b.location and _located(a.location) and _located(b.location))
    shared += not (_undated(a) or _undated(b))
    return shared


def haversine_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _vague_mode(event: Event) -> bool:
    mode = event.mode or ""
    if mode in GENERIC_MODES or event.concept.endswith(".generic"):
        return True
    return mode in OUTCOME_MODES.get(event.event, ())


def _resolved(actor: Actor) -> bool:
    return bool(actor.name or actor.code)


def _located(place: Place) -> bool:
    return place.lat is not None and place.lon is not None


def _contains(outer: Place, inner: Place) -> bool:
    """A country or province mention contains a finer place in it."""
    if not outer.country_code or outer.country_code != inner.country_code:
        return False
    if outer.precision == "country":
        return True
    return outer.precision == "province" and outer.admin1 is not None and outer.admin1 == inner.admin1


def _undated(event: Event) -> bool:
    return event.date is None or event.date_precision == "publication"


def _end(event: Event) -> dt.date | None:
    return event.date_end or event.date


# -- merge helpers ------------------------------------------------------------


def _offset_key(event: Event) -> tuple:
    return (event.sent_start, event.trigger_start, event.trigger_end, event.event, event.mode or "")


def _rank_key(event: Event) -> tuple:
    """Representative first: highest confidence, then earliest."""
    return (-event.confidence, *_offset_key(event))


def _specificity_key(event: Event) -> tuple:
    """Most specific mention first: exact date, narrow interval, precise place, specific mode."""
    dated = not _undated(event)
    span = (_end(event) - event.date).days if dated else 10**6
    place = event.location
    place_rank = PRECISION_RANK.get(place.precision, 5) if place is not None and _located(place) else 9
    return (not dated, span, place_rank, _vague_mode(event), *_rank_key(event))


def _most_specific_type(ranked: list[Event]) -> Event:
    specific = [event for event in ranked if not _vague_mode(event)]
    return specific[0] if specific else ranked[0]


def _best_date(ranked: list[Event]) -> Event:
    """The narrowest non-fallback interval; else the best-ranked mention with any date."""
    dated = [event for event in ranked if not _undated(event)]
    if dated:
        return min(dated, key=lambda event: (_end(event) - event.date).days)
    return next((event for event in ranked if event.date is not None), ranked[0])


def _best_place(ranked: list[Event]) -> Place | None:
    located = [event.location for event in ranked if event.location is not None and _located(event.location)]
    if located:
        return min(located, key=lambda place: PRECISION_RANK.get(place.precision, 5))
    return next((event.location for event in ranked if event.location is not None), None)


def _first_resolved(sides: list[list[Actor]]) -> list[Actor]:
    """The first side (in rank order) with a resolved actor; else the first non-empty one."""
    for side in sides:
        if any(_resolved(actor) for actor in side):
            return list(side)
    return next((list(side) for side in sides if side), [])


def _merge_sizes(by_specificity: list[Event], *, offset_order: list[Event]) -> Size:
    def first(attribute: str) -> int | None:
        values = (getattr(event.size, attribute) for event in by_specificity)
        return next((value for value in values if value is not None), None)

    counts: list[Count] = []
    seen: set[tuple[int, str]] = set()
    for event in offset_order:
        for count in event.size.counts:
            key = (count.n, _fold(count.what))
            if key not in seen:
                seen.add(key)
                counts.append(count)
    return Size(dead=first("dead"), injured=first("injured"), arrested=first("arrested"), counts=counts)


def _copy_size(size: Size) -> Size:
    return Size(dead=size.dead, injured=size.injured, arrested=size.arrested, counts=list(size.counts))


def _union(lists: Iterable[Iterable[str]]) -> list[str]:
    out: list[str] = []
    for values in lists:
        for value in values:
            if value not in out:
                out.append(value)
    return out


def _mentions(members: list[Event]) -> list[Mention]:
    found: dict[tuple[str, int, int], Mention] = {}
    for event in members:
        for mention in event.mentions or [Mention(event.article_id, event.sent_start, event.sent_end)]:
            key = (mention.article_id, mention.start, mention.end)
            found.setdefault(key, Mention(*key))
    return [found[key] for key in sorted(found)]


def _order_key(event: Event) -> tuple:
    first = min((m.start for m in event.mentions), default=event.sent_start)
    return (first, *_offset_key(event))


# -- repeated sentences and ids -----------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def report_key(event: Event, text: str) -> tuple:
    """Identifies one report: the same sentence (normalised) with the same trigger, type and
    actors in it. A doubled body repeats the key at other offsets."""

    def who(side: Iterable[Actor | Span]) -> tuple[tuple, ...]:
        return tuple(
            (_fold(a.text), getattr(a, "name", None), getattr(a, "code", None), getattr(a, "sector", None))
            for a in side
        )

    sentence = _fold(text[event.sent_start : event.sent_end])
    trigger = (event.trigger_start - event.sent_start, event.trigger_end - event.sent_start)
    actors = who(event.actor or event.actor_spans)
    recipients = who(event.recipient or event.recipient_spans)
    return (sentence, trigger, event.event, event.mode or "", actors, recipients)


def event_id(article_id: str, event: Event, *, salt: int = 0) -> str:
    """Stable content hash of article id, evidence span (sentence and trigger), type and mode."""
    parts = [
        article_id,
        str(event.sent_start),
        str(event.sent_end),
        str(event.trigger_start),
        str(event.trigger_end),
        event.event,
        event.mode or "",
    ]
    if salt:
        parts.append(str(salt))
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def assign_ids(events: list[Event]) -> None:
    """Give each event its content-hash id; a clash within the list (two events on one
    trigger) is resolved by salting the later one, in list order, so ids stay stable."""
    taken: set[str] = set()
    for event in events:
        salt = 0
        candidate = event_id(event.article_id, event)
        while candidate in taken:
            salt += 1
            candidate = event_id(event.article_id, event, salt=salt)
        taken.add(candidate)
        event.id = candidate
