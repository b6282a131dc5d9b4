"""Toponyms -> places, and each event's location.

Three steps, each a function the ``geoparse`` command and the ``PlaceResolver`` stage share:

1. ``find_toponyms``: spaCy GPE/LOC/FAC entities plus gazetteer names the NER missed,
   minus non-locational uses: demonyms (NORP), places that speak or decide ("Washington
   said", "Moscow insists"), country names used as modifiers ("US war planes", "Syria's
   elite units") and names inside organisation names ("Damascus University").
2. ``resolve_toponyms`` / ``resolve``: rank each name's gazetteer candidates by a curated-site
   prior, population, feature class, the document's country focus, containment ("X, Syria",
   "X in Homs province", "Syria's X"), nearness ("the base near Palmyra") and distance to
   the document's other places.
3. ``event_location``: the place attached to the event's own clause: the object of a
   locative preposition under the trigger, else the trigger's object, else the nearest
   place in the sentence that is not a source ("from Aleppo").
"""
from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, ArticleDoc, Event, Place
from ..resources import Resources
from ..tables.gazetteer import GazEntry, Gazetteer, distance_km, normalise_name
from .ranker import Evidence, Ranker, candidate_features, candidate_pool, default_ranker

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
_WORDS_KEY = "palmyra.places.words"
PRECISION_RANK = {"site": 0, "city": 1, "district": 2, "province": 3, "country": 4}

# Words after a name that say what kind of place it is: "Homs province", "Raqqa city".
HINT_WORDS = {
    "province": "province", "governorate": "province", "oblast": "province", "region": "province",
    "state": "province", "district": "district", "county": "district", "city": "city", "town": "city",
    "village": "city",
}
# Plural kind words after a list of names give each of them the kind: "Dakota, Otoe and Washington counties".
PLURAL_HINT_WORDS = {
    "provinces": "province", "governorates": "province", "oblasts": "province", "regions": "province",
    "states": "province", "districts": "district", "counties": "district", "cities": "city", "towns": "city",
    "villages": "city",
}
LIST_WORDS = frozenset((",", "and", "or", "&"))
# Words that make a location approximate (ACLED geo-precision 2): "the Palmyra area".
AREA_WORDS = frozenset(
    "area areas countryside outskirts outskirt suburbs suburb environs vicinity surroundings outside edge".split()
)
# Nouns that head a place phrase: "the T4 base", "villages near Aleppo", "the Syria war".
PLACE_NOUNS = AREA_WORDS | frozenset(
    """region regions province provinces governorate governorates district districts city cities town towns
    village villages neighbourhood neighborhood neighbourhoods neighborhoods border borders frontier coast
    desert east west north south centre center heart part parts side base bases airbase airbases airport
    airfield camp camps prison crossing dam plant oblast county state capital municipality zone front
    frontline territory territories war conflict""".split()
)
# Nouns whose place modifier names an actor: "the Damascus government".
ACTOR_NOUNS = frozenset(
    """government governments authorities authority regime officials official administration leadership
    ministry army military forces troops police spokesman spokeswoman spokesperson president leader leaders
    embassy delegation diplomats envoy""".split()
)
# Nouns whose place modifier names a news outlet, not where anything happened: "Belgrade radio said".
MEDIA_NOUNS = frozenset(
    """radio television tv newspaper newspapers daily weekly agency broadcaster channel station""".split()
)
# Words before a name the NER took for an organisation that make it a town: "the town of Soroti".
TOWN_WORDS = frozenset("town city village district province region capital".split())
# Verbs whose subject is an actor even when it is a place name ("Washington said").
SPEECH_VERBS = frozenset(
    """say tell insist claim deny warn announce accuse urge threaten demand condemn hint vow respond reject
    believe state add confirm report allege argue call criticise criticize blame denounce promise pledge
    suggest indicate signal declare stress note welcome praise refuse agree propose ask request want plan
    decide expect hope fear acknowledge admit estimate order approve veto sanction recognise recognize
    support back oppose urge negotiate dismiss""".split()
)
# Verbs whose subject stays a place ("Syria remains", "Aleppo fell").
THEME_VERBS = frozenset("be become remain fall lie sit border see witness experience suffer host face endure".split())
# Title-case words that make a preceding or following place name part of an organisation name.
ORG_HEADS = frozenset(
    """University College Institute Council Committee Observatory Center Centre Media Network News Agency Times
    Post Airlines Airways Airport Bank Company Corporation Group Party Front Brigade Brigades Battalion Club FC
    United Radio TV Television Foundation Organisation Organization Commission Authority Ministry Museum
    Hospital School Academy Court Movement Union Federation Association Society Chamber Press Herald Tribune
    Journal Daily Gazette Monitor Mirror Telegraph Guardian Observer Mail Star Express Review Today Stock
    Exchange Festival Cup League State Republic""".split()
)
# Particles of Arabic personal names: "Suheil al-Hassan", "Osama bin Laden".
NAME_PARTICLES = frozenset(("al", "el", "bin", "ibn", "bint", "abu", "abou", "ben"))
LOCATIVE_PREPS = frozenset(
    "in at near to into inside outside around on onto across toward towards through throughout within along "
    "over off beside against upon".split()
)
MAX_CANDIDATES = 40  # per toponym, the most populous (main-name matches first)
MAX_ALTERNATE_CANDIDATES = 10
WEAK_PREPS = frozenset("near outside around toward towards across along off beside against over".split())
VAGUE_PREPS = frozenset(("near", "outside", "around", "off", "beside"))
SOURCE_PREPS = frozenset(("from",))

# Last (or first) words of building, street and institution names, which lie in the town
# the text is about rather than at the place their name contains.
FACILITY_WORDS = frozenset(
    """street st avenue ave road rd boulevard blvd drive lane way square plaza theatre theater hotel motel
    university college school academy institute hospital clinic centre center house hall tower basilica
    church cathedral mosque temple museum stadium arena station airport bridge office wing trust mall
    market library court courthouse prison jail park""".split()
)
# Words that make a longer name another kind of place than its first words ("DeKalb County",
# "Long Island City", "Mississippi River"), so that the short name is no short form of it.
GENERIC_EXTRA = frozenset(
    """county parish borough province state city town township village district region governorate oblast
    municipality river lake creek bay island islands mountain mountains valley county's airport base park
    beach harbor harbour port sound falls springs heights hills gulf strait canal desert forest""".split()
)
FILL_MIN_SCORE = 0.5  # resolved places at least this confident are the fallback for unresolved spans
INNER_MAX_KM = 500.0  # a place named inside an unknown name counts only this near the text's places
# ... unless the unknown name is a natural feature named after it ("Lake Erie").
NATURAL_WORDS = frozenset(
    "lake lakes river sea gulf bay mountains mountain mount valley island islands creek strait coast plateau delta".split()
)
TWIN_MARGIN = 3.0  # score gap within which a city beats its same-name division (see _prefer_city_twin)
TWIN_KM = 100.0
ORG_TOWN_MIN_POPULATION = 10_000  # a town the NER took for an organisation must be at least this large
INNER_MIN_POPULATION = 10_000  # a town named inside a longer name must be at least this large
DEMONYM_WEIGHT = 0.5  # a nationality word counts half a place mention for the country focus
# Nationality-word endings -> endings of the place name: "Dagestani" -> Dagestan,
# "Texan" -> Texas, "European" -> Europe, "Canadian" -> Canada, "Serb" (no ending) -> Serbia.
DEMONYM_SUFFIXES = (
    ("ian", ("ia", "", "a")), ("ean", ("e", "ea")), ("an", ("a", "as", "")), ("i", ("", "istan")),
    ("ese", ("", "a")), ("ish", ("", "land")), ("er", ("", "land")), ("", ("ia", "a")),
)
# "X in Y" / "X, Y": the words (or comma) between an unknown name and the place that locates it.
LOCATED_BY = frozenset({",", "in", "at", "of", "near", "outside", ", in"})
LOCATED_GAP = 8  # characters between the two names at most
# Capitalised words that are no place on their own inside a longer name ("North", "The"), and
# the generic words of building, street and organisation names ("Third Street", "City Hall").
INNER_STOP = frozenset(
    """the north south east west new old saint st st. great upper lower central northern southern eastern
    western street st road rd avenue ave boulevard blvd drive lane square place parade way university college
    school academy institute centre center court courthouse hospital clinic hotel tower house hall office wing
    theatre theater church cathedral basilica mosque temple museum park garden gardens stadium arena station
    airport bridge market mall republic union trust congress council ministry foreign federal national state
    city county district area conservation lagoon beach bay island islands lake river creek valley hill hills mount
    community support cancer children's electrical technology international republican democratic""".split()
)


@dataclass(frozen=True, slots=True)
class ResolveContext:
    """What the rest of the document says about a name.

    focus: ISO alpha-3 -> share of the document's other place mentions in that country.
    containers: places this name lies in ("X, Syria", "X in Homs province", "Syria's X").
    contained: candidate lists of names that lie in this one ("Atlanta, Georgia" for Georgia).
    near: places this name is near ("the T4 base near Palmyra").
    anchors: the document's other resolved places.
    hint: the precision the text asks for ("Homs province" -> "province").
    dateline: the name opens the text as a dateline ("WASHINGTON (AP) -").
    linked / key: the divisions the document's names may mean or lie in (see ``Evidence``), and
    this name's own normalised key.
    """

    gazetteer: Gazetteer
    focus: Mapping[str, float] = field(default_factory=dict)
    containers: Sequence[GazEntry] = ()
    contained: Sequence[Sequence[GazEntry]] = ()
    near: Sequence[GazEntry] = ()
    anchors: Sequence[GazEntry] = ()
    hint: str | None = None
    admin_focus: Mapping[int, float] = field(default_factory=dict)
    ranker: Ranker | None = None
    dateline: bool = False
    linked: Mapping[int, frozenset[str]] = field(default_factory=dict)
    key: str = ""


@dataclass(slots=True)
class _Mention:
    """A place name in the parsed text with what the parse says about it."""

    span: Any  # spacy.tokens.Span, determiners and generic tails trimmed
    key: str  # the name looked up in the gazetteer
    label: str
    candidates: list[GazEntry]
    hint: str | None = None
    main: frozenset[GazEntry] = frozenset()  # candidates the text names by a main name
    role: str = "place"  # place | actor | modifier | org | person
    dateline: bool = False  # opens the text as a dateline: "NEW YORK (AP) -"
    containers: list[int] = field(default_factory=list)  # indices of mentions this one lies in
    contained: list[int] = field(default_factory=list)  # indices of mentions that lie in this one
    near: list[int] = field(default_factory=list)
    entry: GazEntry | None = None
    score: float = 0.0
    ranked: list[tuple[float, GazEntry]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def is_country(self) -> bool:
        return any(c.precision == "country" for c in self.candidates)

    @property
    def is_seat(self) -> bool:
        """A country, a capital or a seat of government ("the Kremlin"): names that often stand for a government."""
        return self.is_country or any(
            c.feature_code in ("PPLC", "ADMF") and c in self.main for c in self.candidates[:3]
        )


# -- 1. find ---------------------------------------------------------------


def find_toponyms(nlp_doc: Any, *, gazetteer: Gazetteer) -> list[Place]:
    """Locational place names in a parsed text, unresolved (``name``/``lat`` None), in text order."""
    return [_unresolved(m) for m in _mentions(nlp_doc, gazetteer) if m.role == "place"]


def _mentions(nlp_doc: Any, gazetteer: Gazetteer) -> list[_Mention]:
    """Every place-name mention (all roles), with relations between them."""
    spans = _place_spans(nlp_doc, gazetteer)
    mentions = [m for m in (_make_mention(span, label, gazetteer) for span, label in spans) if m is not None]
    for mention in mentions:
        mention.role = _role(mention)
        mention.dateline = _is_dateline(mention.span)
    _link(mentions)
    return mentions


DATELINE_MARKS = frozenset(("—", "–", "-", "--", "(", ":"))


def _is_dateline(span: Any) -> bool:
    """A name that opens a sentence (or the text) in capitals and is followed by a dash or an
    agency in brackets: "WASHINGTON (AP) -", "NEW YORK -", "(BEIRUT) -". Datelines name cities."""
    doc = span.doc
    i = span.start
    while i > 0 and doc[i - 1].text in ("(", '"', "“"):
        i -= 1
    if not (i == 0 or doc[i].is_sent_start or doc[i - 1].is_space or "\n" in doc[i - 1].text_with_ws):
        return False
    letters = [c for c in span.text if c.isalpha()]
    if len(letters) < 3 or not span.text.isupper():
        return False
    j = span.end
    if j < len(doc) and doc[j].text == ")":
        j += 1
    if j + 1 < len(doc) and doc[j].text == "," and (doc[j + 1].is_title or doc[j + 1].is_upper):
        j += 2  # "SANAA, Yemen -"
    return j < len(doc) and doc[j].text in DATELINE_MARKS


def _place_spans(nlp_doc: Any, gazetteer: Gazetteer) -> list[tuple[Any, str]]:
    """GPE/LOC/FAC entities, plus exact gazetteer names where the NER found nothing (or a PERSON)."""
    ents = nlp_doc.ents  # builds every Span: once
    spans = [(ent, ent.label_) for ent in ents if ent.label_ in PLACE_LABELS]
    spans += [(ent, "GPE") for ent in ents if _town_taken_for_org(ent, gazetteer)]
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    persons = {(ent.start, ent.end) for ent in ents if ent.label_ == "PERSON"}
    for span, label in _gazetteer_hits(nlp_doc, gazetteer.ruler_names()):
        exact_person = (span.start, span.end) in persons
        if exact_person or not any(i in taken for i in range(span.start, span.end)):
            spans.append((span, label))
            taken.update(range(span.start, span.end))
    spans.sort(key=lambda item: item[0].start)
    return spans


def _town_taken_for_org(ent: Any, gazetteer: Gazetteer) -> bool:
    """An ORG entity that is a town's main name where the sentence asks for a place: "surrendered
    in Soroti", "the town of Soroti" (not an actor of the actor table, not an acronym)."""
    if ent.label_ != "ORG" or ent.ent_id_ or not ent.text[:1].isupper() or ent.text.isupper():
        return False
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start else None
    if before is None:
        return False
    placed = before.lower_ in LOCATIVE_PREPS and before.lower_ != "on"
    named = before.lower_ in ("of", "in") and ent.start >= 2 and doc[ent.start - 2].lower_ in TOWN_WORDS
    if not (placed or named):
        return False
    return any(
        is_main and entry.precision in ("city", "district", "province") and entry.population >= ORG_TOWN_MIN_POPULATION
        for entry, is_main in gazetteer.matches(ent.text)
    )


def _words(nlp_doc: Any) -> list[tuple[str, str]]:
    """(text, trailing whitespace) of every token, read from the Doc's arrays (no Token objects); cached on the Doc."""
    cached = nlp_doc.user_data.get(_WORDS_KEY)
    if cached is None or len(cached) != len(nlp_doc):
        strings = nlp_doc.vocab.strings
        cached = [(strings[int(orth)], " " if space else "") for orth, space in nlp_doc.to_array(["ORTH", "SPACY"])]
        nlp_doc.user_data[_WORDS_KEY] = cached
    return cached


def _gazetteer_hits(nlp_doc: Any, names: Mapping[str, str], *, longest: int = 5) -> Iterator[tuple[Any, str]]:
    """Longest exact (case-sensitive) gazetteer names, left to right, without overlaps."""
    words = _words(nlp_doc)
    i, n = 0, len(words)
    while i < n:
        text = words[i][0]
        if not (text[:1].isupper() or text[:1].isdigit() or text.startswith("al")):
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            parts = words[i : i + size]
            label = names.get("".join(w + ws for w, ws in parts[:-1]) + parts[-1][0])
            if label is not None:
                yield nlp_doc[i : i + size], label
                i += size
                break
        else:
            i += 1


def _make_mention(span: Any, label: str, gazetteer: Gazetteer) -> _Mention | None:
    """Trim "the" and generic tails ("Homs province" -> "Homs", hint province) and look the name up."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    if start >= end:
        return None
    hint = None
    full_end = end
    matches = _lookup(gazetteer, doc[start:end].text)
    while not matches and end - start > 1 and doc[end - 1].lower_ in HINT_WORDS.keys() | AREA_WORDS:
        hint = hint or HINT_WORDS.get(doc[end - 1].lower_)  # "Homs province" -> Homs, a province
        end -= 1
        matches = _lookup(gazetteer, doc[start:end].text)
    if not matches:
        end = full_end
    if end < len(doc):
        hint = hint or HINT_WORDS.get(doc[end].lower_)
    trimmed = doc[start:end]
    return _new_mention(trimmed, trimmed.text, label, matches, hint)


def _lookup(gazetteer: Gazetteer, text: str) -> list[tuple[GazEntry, bool]]:
    """Candidates of a name (all sizes), the most populous first, at most MAX_CANDIDATES."""
    matches = gazetteer.matches(text, deep=True)
    if len(matches) <= MAX_CANDIDATES:
        return matches
    main = [m for m in matches if m[1]][: MAX_CANDIDATES - MAX_ALTERNATE_CANDIDATES]
    alternates = [m for m in matches if not m[1]][: MAX_CANDIDATES - len(main)]
    return main + alternates


def _new_mention(
    span: Any, key: str, label: str, matches: Sequence[tuple[GazEntry, bool]], hint: str | None = None
) -> _Mention:
    return _Mention(
        span=span, key=key, label=label, candidates=[e for e, _ in matches], hint=hint,
        main=frozenset(e for e, is_main in matches if is_main),
    )


def _role(mention: _Mention) -> str:
    """place, or actor ("Washington said"), modifier ("US war planes"), org ("Damascus University"), person."""
    span = mention.span
    if _in_org_name(span):
        return "org"
    if _in_person_name(span):
        return "person"
    top = _first_conjunct(span.root)
    head = top.head
    if head.i == top.i:
        return "place"
    lemma = head.lemma_.lower()
    seat = mention.is_seat  # countries and capitals stand for governments
    if top.dep_ in ("nsubj", "nsubjpass"):
        if lemma in SPEECH_VERBS:
            return "actor"  # "Washington said", "Russia has been criticised"
        if seat and top.dep_ == "nsubj" and lemma not in THEME_VERBS and head.pos_ in ("VERB", "AUX"):
            return "actor"  # "Russia intervened", "Kyiv launched a counteroffensive"
    if seat and top.dep_ in ("dobj", "obj") and lemma in SPEECH_VERBS and lemma != "threaten":
        return "actor"  # "accused Russia of ..."
    if seat and top.dep_ == "pobj" and (head.dep_ == "agent" or head.lower_ in ("with", "against")):
        return "actor"  # "backed by Turkey", "talks with Iran", "sanctions against Russia"
    if top.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod"):
        if _is_place_token(head):
            return "place"
        if lemma in ACTOR_NOUNS:
            return "actor"  # "the Damascus government"
        if lemma in MEDIA_NOUNS:
            return "org"  # "Belgrade radio said", "Tehran television reported"
        if mention.is_country:
            return "modifier"  # "US war planes", "Syria's elite units"
    return "place"


def _in_person_name(span: Any) -> bool:
    """Part of a personal name: "Suheil al-Hassan", "Abu Kamal" after a given name, next to a PERSON."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].text == "-":
        i -= 1
    if i >= 1 and doc[i].lower_ in NAME_PARTICLES:
        before = doc[i - 1]
        if before.is_title and before.is_alpha and before.ent_type_ not in PLACE_LABELS and not before.is_sent_start:
            return True
    neighbours = [doc[k] for k in (span.start - 1, span.end) if 0 <= k < len(doc)]
    return any(t.ent_type_ == "PERSON" and t.is_title for t in neighbours)


def _in_org_name(span: Any) -> bool:
    doc = span.doc
    if span.end < len(doc):
        after = doc[span.end]
        if after.is_title and (after.text in ORG_HEADS or after.ent_type_ == "ORG"):
            return True
    if span.start >= 2 and doc[span.start - 1].lower_ == "of":
        before = doc[span.start - 2]
        if before.is_title and before.text in ORG_HEADS:
            return True
    return False


def _first_conjunct(token: Any) -> Any:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _is_place_token(token: Any) -> bool:
    return token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in PLACE_NOUNS or token.lower_ in PLACE_NOUNS


def _link(mentions: list[_Mention]) -> None:
    """Containment and nearness between mentions: "X, Y", "X in Y", "Y's X", "X near Y"."""
    if not mentions:
        return
    doc = mentions[0].span.doc
    by_start = {m.span.start: i for i, m in enumerate(mentions)}
    by_token = {t: i for i, m in enumerate(mentions) for t in range(m.span.start, m.span.end)}

    def contain(inner: int, outer: int) -> None:
        if inner != outer and outer not in mentions[inner].containers:
            mentions[inner].containers.append(outer)
            mentions[outer].contained.append(inner)

    for i, m in enumerate(mentions):
        end = m.span.end
        phrase_end = end
        while phrase_end < len(doc) and doc[phrase_end].lower_ in PLACE_NOUNS:
            phrase_end += 1  # "the T4 base near ...", "Homs province, ..."
        after = doc[phrase_end].lower_ if phrase_end < len(doc) else ""
        if after == "," and phrase_end + 1 in by_start:
            contain(i, by_start[phrase_end + 1])
        elif after == "in":
            j = _skip_to_mention(doc, phrase_end + 1, by_start, mentions)
            if j is not None:
                contain(i, j)
        elif after in VAGUE_PREPS:
            j = _skip_to_mention(doc, phrase_end + 1, by_start, mentions)
            if j is not None and j != i:
                m.near.append(j)
                mentions[j].near.append(i)
        root = m.span.root
        if root.dep_ == "poss":
            target = by_token.get(root.head.i)
            if target is None:  # "Syria's Homs province": Syria and Homs share the head "province"
                sharing = (k for k, other in enumerate(mentions) if k != i and other.span.root.head.i == root.head.i)
                target = next(sharing, None)
            if target is not None:
                contain(target, i)
        if root.dep_ == "appos" and root.head.i in by_token:
            contain(by_token[root.head.i], i)


def _skip_to_mention(doc: Any, j: int, by_start: Mapping[int, int], mentions: Sequence[_Mention]) -> int | None:
    """The mention after a preposition, skipping "the" and possessors ("in Syria's Homs province" -> Homs)."""
    for _ in range(6):
        if j >= len(doc):
            return None
        if doc[j].lower_ == "the":
            j += 1
            continue
        k = by_start.get(j)
        if k is None:
            return None
        end = mentions[k].span.end
        if end < len(doc) and doc[end].lower_ in ("'s", "’s"):
            j = end + 1
            continue
        return k
    return None


def _demonym_focus(nlp_doc: Any, gazetteer: Gazetteer) -> Counter[str]:
    """Country weights from nationality words (the actor table's): "Libyan militias" -> LBY,
    "North Korean" -> PRK (the two-word form first)."""
    counts: Counter[str] = Counter()
    words = _words(nlp_doc)
    for i, (text, _) in enumerate(words):
        if not text.istitle():
            continue
        country = None
        if i + 1 < len(words) and words[i + 1][0].istitle():
            country = gazetteer.demonym(f"{text} {words[i + 1][0]}")
        country = country or gazetteer.demonym(text)
        if country is not None and country.country_code:
            counts[country.country_code] += DEMONYM_WEIGHT
    return counts


# -- 2. resolve ------------------------------------------------------------


def _evidence(context: ResolveContext) -> Evidence:
    top = max(context.focus.items(), key=lambda kv: (kv[1], kv[0]))[0] if context.focus else None
    return Evidence(
        focus=context.focus,
        admin_focus=context.admin_focus,
        top_country=top,
        containers=context.containers,
        contained=context.contained,
        near=context.near,
        anchors=[a for a in context.anchors if a.precision in ("site", "city", "district")],
        hint=context.hint,
        dateline=context.dateline,
        linked=context.linked,
        key=context.key,
    )


def score_candidate(entry: GazEntry, context: ResolveContext, *, main: bool = True) -> float:
    """How well ``entry`` fits what the document says (higher is better; comparable within one name)."""
    features = candidate_features(entry, main, [entry], _evidence(context))
    return (context.ranker or default_ranker()).score(features)


def rank_candidates(
    candidates: Sequence[GazEntry], context: ResolveContext, *, main: Collection[GazEntry] | None = None
) -> list[tuple[float, GazEntry]]:
    """Candidates with their scores, best first (ties: larger population, then id).

    main: the candidates the text names by a main name (default: all of them).
    """
    ranker = context.ranker or default_ranker()
    evidence = _evidence(context)
    pool = candidate_pool(candidates)
    scored = [
        (ranker.score(candidate_features(entry, main is None or entry in main, candidates, evidence, pool=pool)), entry)
        for entry in candidates
    ]
    scored.sort(key=lambda item: (-item[0], -item[1].population, item[1].id))
    return scored


def resolve(name: str, *, context: ResolveContext, start: int = 0, end: int | None = None) -> Place | None:
    """The best place for ``name`` in ``context``, or None when the gazetteer has no candidate.

    start, end: offsets of the mention (default: 0 and len(name)).
    """
    matches = _lookup(context.gazetteer, name)
    ranked = rank_candidates([e for e, _ in matches], context, main={e for e, is_main in matches if is_main})
    if not ranked:
        return None
    end = len(name) if end is None else end
    return place_from_entry(ranked[0][1], text=name, start=start, end=end, score=_confidence(ranked))


def place_from_entry(entry: GazEntry, *, text: str, start: int, end: int, score: float = 0.0) -> Place:
    """A Place record for a gazetteer entry found as ``text`` at ``start``-``end``."""
    return Place(
        text=text,
        start=start,
        end=end,
        name=entry.name,
        geonameid=entry.geonameid,
        lat=entry.lat,
        lon=entry.lon,
        country_code=entry.country_code or None,
        admin1=entry.admin1,
        admin2=entry.admin2,
        feature_code=entry.feature_code,
        precision=entry.precision,
        score=round(score, 4),
    )


def _confidence(ranked: Sequence[tuple[float, GazEntry]]) -> float:
    """Softmax share of the best candidate."""
    best = ranked[0][0]
    return 1.0 / sum(math.exp(score - best) for score, _ in ranked)


def _unresolved(mention: _Mention) -> Place:
    return Place(text=mention.span.text, start=mention.start, end=mention.end, precision=mention.hint or "city")


def resolve_toponyms(
    nlp_doc: Any, toponyms: Iterable[Place | tuple[int, int]], *, gazetteer: Gazetteer, ranker: Ranker | None = None
) -> list[Place]:
    """Resolve the given spans (Places or (start, end) offsets) using the whole document as context.

    A span the gazetteer has no name for gets, in this order, the country of a nationality
    word ("Russians"), the place named inside it ("Colorado State University" -> Colorado),
    or the nearest place the document resolved (a street or a building lies in the town the
    text is about); its ``score`` is then 0.
    ranker: candidate weights (default: data/ranker.json).
    """
    offsets = [(t.start, t.end) if isinstance(t, Place) else (int(t[0]), int(t[1])) for t in toponyms]
    mentions = _mentions(nlp_doc, gazetteer)
    by_offsets = {(m.start, m.end): m for m in mentions}
    targets: list[_Mention | None] = []
    for start, end in offsets:
        mention = by_offsets.get((start, end)) or _span_mention(nlp_doc, start, end, gazetteer)
        if mention is not None and mention not in mentions:
            mentions.append(mention)
        targets.append(mention)
    _resolve_mentions(mentions, _demonym_focus(nlp_doc, gazetteer), gazetteer, ranker=ranker)
    text = "".join(w + ws for w, ws in _words(nlp_doc))  # Doc.text makes a Token per word: slower
    places = [_place_of(m, text[start:end], start, end) for (start, end), m in zip(offsets, targets)]
    return _fill_unresolved(places, mentions, gazetteer, text=text)


def candidate_table(
    nlp_doc: Any, spans: Sequence[tuple[int, int]], *, gazetteer: Gazetteer, ranker: Ranker | None = None
) -> list[list[tuple[GazEntry, list[float]]]]:
    """For training a ranker: each span's candidates with their features, in the document
    context that ``resolve_toponyms`` ends with (the other mentions resolved by ``ranker``)."""
    mentions = _mentions(nlp_doc, gazetteer)
    by_offsets = {(m.start, m.end): m for m in mentions}
    targets: list[int | None] = []
    for start, end in spans:
        mention = by_offsets.get((start, end)) or _span_mention(nlp_doc, start, end, gazetteer)
        if mention is not None and mention not in mentions:
            mentions.append(mention)
        targets.append(None if mention is None else mentions.index(mention))
    demonyms = _demonym_focus(nlp_doc, gazetteer)
    ranker = ranker or default_ranker()
    _resolve_mentions(mentions, demonyms, gazetteer, ranker=ranker)
    linked = linked_divisions(mentions)
    table: list[list[tuple[GazEntry, list[float]]]] = []
    for i in targets:
        if i is None or not mentions[i].candidates:
            table.append([])
            continue
        mention = mentions[i]
        evidence = _evidence(_context(i, mentions, demonyms, gazetteer, ranker, linked))
        pool = candidate_pool(mention.candidates)
        table.append([
            (entry, candidate_features(entry, entry in mention.main, mention.candidates, evidence, pool=pool))
            for entry in mention.candidates
        ])
    return table


def geoparse_doc(nlp_doc: Any, *, gazetteer: Gazetteer, ranker: Ranker | None = None) -> list[Place]:
    """Find and resolve every locational toponym of a parsed text (resolved or not), in text order."""
    mentions = _mentions(nlp_doc, gazetteer)
    _resolve_mentions(mentions, _demonym_focus(nlp_doc, gazetteer), gazetteer, ranker=ranker)
    return [_place_of(m, m.span.text, m.start, m.end) for m in mentions if m.role == "place"]


def _place_of(mention: _Mention | None, text: str, start: int, end: int) -> Place:
    if mention is None or mention.entry is None:
        return Place(text=text, start=start, end=end, precision=(mention.hint if mention else None) or "city")
    return place_from_entry(mention.entry, text=text, start=start, end=end, score=mention.score)


def _span_mention(nlp_doc: Any, start: int, end: int, gazetteer: Gazetteer) -> _Mention | None:
    """A mention for given offsets (resolution-only mode), whatever the NER thought of them."""
    span = nlp_doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    text = span.doc.text[start:end] if len(span.doc) < 64 else _char_slice(span, start, end)
    country = _known_demonym(text, gazetteer)  # given spans may be nationality words: "Canadian", "Russians"
    if country is not None:
        return _new_mention(span, text, "NORP", [(country, True)])
    mention = _make_mention(span, "GPE", gazetteer)
    if mention is None or not mention.candidates:
        country = _demonym_place(text, gazetteer)  # given spans may be nationality words: "Russians"
        matches = [(country, True)] if country is not None else _lookup(gazetteer, text)
        mention = _new_mention(span, text, "GPE", matches)
    mention.dateline = _is_dateline(mention.span)
    return mention


def _char_slice(span: Any, start: int, end: int) -> str:
    """The text at code-point offsets ``start``-``end`` from the span that covers them (no Doc.text)."""
    return span.text_with_ws[start - span.start_char : end - span.start_char]


def _known_demonym(text: str, gazetteer: Gazetteer) -> GazEntry | None:
    """The country of a nationality word in the demonym table, singular or plural ("Canadians")."""
    word = " ".join(text.split())
    if not word[:1].isupper():
        return None
    country = gazetteer.demonym(word)
    if country is None and word.endswith("s") and len(word) > 4:
        country = gazetteer.demonym(word[:-1])
    return country


def _demonym_place(text: str, gazetteer: Gazetteer) -> GazEntry | None:
    """The country or region a nationality word names: "Russians" -> Russia, "European" -> Europe."""
    word = " ".join(text.split())
    if not word[:1].isupper():
        return None
    forms = [word]
    if word.endswith("s") and len(word) > 4:
        forms.append(word[:-1])  # "Russians", "Palestinians"
    for form in forms:
        country = gazetteer.demonym(form)
        if country is not None:
            return country
    for form in forms:
        low = form.lower()
        for suffix, replacements in DEMONYM_SUFFIXES:
            if not low.endswith(suffix) or len(low) - len(suffix) < 3:
                continue
            for replacement in replacements:
                name = form[: len(form) - len(suffix)] + replacement
                for entry in gazetteer.candidates(name):
                    if entry.precision in ("country", "province") and normalise_name(entry.name) == normalise_name(name):
                        return entry
    return None


def _fill_unresolved(
    places: list[Place], mentions: Sequence[_Mention], gazetteer: Gazetteer, *, text: str = ""
) -> list[Place]:
    """Unresolved spans: the place that locates them, else the place named inside them, else
    the nearest place the document resolved.

    A name followed by its location ("the Bambino Gesu hospital in Rome", "Federal University
    of Technology, Owerri") takes that place first.

    A building or a street ("Atlantic Avenue", "Hotel Kyjev", "Colorado State University")
    lies in the town the text is about: for those the nearest place the document resolved in
    the country it names most comes first, then the place named inside. Nearest places are
    taken among the confidently resolved ones (when there are any), leaving out the names
    inside the span itself and names used as actors ("Moscow said").
    """
    places_named = [m for m in mentions if m.entry is not None and m.role == "place"]  # not "Moscow said"
    resolved = [m for m in places_named if m.entry.precision in ("city", "district", "site")]
    confident = [m for m in resolved if m.score >= FILL_MIN_SCORE] or resolved
    out = []
    for place in places:
        if place.lat is not None:
            out.append(place)
            continue
        located = _located_by(place, places_named, text)
        if located is not None:
            out.append(place_from_entry(located, text=place.text, start=place.start, end=place.end))
            continue
        others = [m for m in places_named if m.end <= place.start or m.start >= place.end]
        counts = Counter(m.entry.country_code for m in others if m.entry.country_code)
        pool = [m for m in confident if m.end <= place.start or m.start >= place.end]
        top = counts.most_common(1)[0][0] if counts else None  # the country the text is most about
        home = [m for m in pool if m.entry.country_code == top]
        near_home = _nearest(place, home)
        near = near_home or _nearest(place, pool)
        inside = [m for m in mentions if m.entry is not None and place.start <= m.start and m.end <= place.end]
        inner = max(inside, key=lambda m: m.score).entry if inside else _inner_place(place.text, gazetteer)
        if inner is not None and pool and not _inner_fits(inner, place.text, home, counts):
            inner = None  # "Griffith Park" in a text about Los Angeles is not at Griffith, Australia
        entry = (near_home or inner or near) if _is_facility(place.text) else (inner or near)
        if entry is None:  # the country the text names most, as a place or as an actor
            named = Counter(m.entry.country_code for m in mentions if m.entry is not None and m.entry.country_code)
            entry = gazetteer.country(named.most_common(1)[0][0]) if named else None
        out.append(place if entry is None else place_from_entry(entry, text=place.text, start=place.start, end=place.end))
    return out


def _located_by(place: Place, mentions: Sequence[_Mention], text: str) -> GazEntry | None:
    """The resolved town or site that follows ``place`` as its location: "X in Y", "X at Y",
    "X, Y" (a gap of nothing but that preposition or comma)."""
    if not text:
        return None
    for mention in mentions:
        if mention.start < place.end or mention.start - place.end > LOCATED_GAP:
            continue
        gap = text[place.end : mention.start].strip().lower()
        if gap in LOCATED_BY and mention.entry is not None and mention.entry.precision in ("city", "district", "site"):
            return mention.entry  # a province or country is too coarse: the text's nearest town does better
    return None


def _nearest(place: Place, mentions: Sequence[_Mention]) -> GazEntry | None:
    """The entry of the mention nearest to ``place`` in the text."""
    return min(mentions, key=lambda m: (abs(m.start - place.start), m.start)).entry if mentions else None


def _inner_fits(inner: GazEntry, text: str, resolved: Sequence[_Mention], countries: Collection[str]) -> bool:
    """Whether the place named inside an unknown name can be where it is: in a country the text
    names, and near the text's places in its main country (``resolved``) unless the name is a
    natural feature ("Lake Erie")."""
    if inner.precision == "country":
        return True
    if inner.country_code not in countries:
        return False
    words = {w.strip(".,").lower() for w in text.split()}
    if words & NATURAL_WORDS or not resolved:
        return True
    return min(distance_km(inner, m.entry) for m in resolved) <= INNER_MAX_KM


def _is_facility(text: str) -> bool:
    """A building, street or institution name: "Atlantic Avenue", "Hotel Kyjev", "St. Peter's Basilica"."""
    words = [w.strip(".,'’").lower() for w in text.replace("'s", " ").replace("’s", " ").split()]
    return len(words) > 1 and (words[-1] in FACILITY_WORDS or words[0] in FACILITY_WORDS)


def _inner_place(text: str, gazetteer: Gazetteer) -> GazEntry | None:
    """The largest place named by a run of capitalised words inside ``text`` ("Colorado State University")."""
    words = text.replace("'s", " ").replace("’s", " ").split()
    best: GazEntry | None = None
    for size in range(min(len(words) - 1, 3), 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            if not all(w[:1].isupper() for w in part) or any(w.lower().strip(".,") in INNER_STOP for w in part):
                continue
            for entry, main in gazetteer.matches(" ".join(part)):
                if not main or (entry.precision == "city" and entry.population < INNER_MIN_POPULATION):
                    continue
                if best is None or entry.population > best.population:
                    best = entry
        if best is not None:
            return best
    return None


def _resolve_mentions(
    mentions: list[_Mention], demonyms: Counter[str], gazetteer: Gazetteer, *, ranker: Ranker | None = None
) -> None:
    """Pick each mention's entry: a first guess from priors, then passes with document context,
    then one reading per name: mentions spelled alike take the reading they support most."""
    ranker = ranker or default_ranker()
    focus = _shares(demonyms)
    _plural_hints(mentions, gazetteer)
    linked = linked_divisions(mentions)
    for mention in mentions:
        prior = ResolveContext(
            gazetteer, focus=focus, hint=mention.hint, ranker=ranker, dateline=mention.dateline,
            linked=linked, key=normalise_name(mention.key),
        )
        _rank(mention, prior)
    for _ in range(2):
        for i, mention in enumerate(mentions):
            if mention.candidates:
                _rank(mention, _context(i, mentions, demonyms, gazetteer, ranker, linked))
    _one_reading_per_name(mentions)
    _short_names(mentions)


def _short_names(mentions: Sequence[_Mention]) -> None:
    """A name that begins a longer place name of the same text is its short form: "Avondale"
    after "Avondale Estates". Not when the longer name only adds a generic word ("DeKalb" is
    not "DeKalb County"), nor when the short name has its own container or hint."""
    longer = [
        (normalise_name(m.key), m) for m in mentions if m.role == "place" and m.entry is not None and " " in m.key.strip()
    ]
    if not longer:
        return
    for mention in mentions:
        if mention.entry is None or mention.containers or mention.hint:
            continue
        key = normalise_name(mention.key)
        for long_key, other in longer:
            if not long_key.startswith(key + " "):
                continue
            extra = long_key[len(key) + 1 :].split()
            if any(word in GENERIC_EXTRA for word in extra) or other.entry is mention.entry:
                continue
            mention.entry = other.entry
            mention.score = other.score
            break


def _plural_hints(mentions: Sequence[_Mention], gazetteer: Gazetteer) -> None:
    """"Dakota, Otoe and Washington counties": every name of the list is a county."""
    ordered = sorted(mentions, key=lambda m: m.span.start)
    for k in range(len(ordered) - 1, -1, -1):
        last = ordered[k]
        doc = last.span.doc
        after = doc[last.span.end].lower_ if last.span.end < len(doc) else ""
        hint = PLURAL_HINT_WORDS.get(after)
        if hint is None:
            continue
        j = k
        while True:
            _give_hint(ordered[j], hint, gazetteer)
            if j == 0:
                break
            gap = doc[ordered[j - 1].span.end : ordered[j].span.start]
            if not len(gap) or not all(t.lower_ in LIST_WORDS for t in gap):
                break
            j -= 1


def _give_hint(mention: _Mention, hint: str, gazetteer: Gazetteer) -> None:
    """A plural kind word says what kind of place each listed name is: only candidates of that
    kind remain (when there are any), and they count as named by a main name ("Dodge ...
    counties" names Dodge County, whose main name is longer)."""
    mention.hint = hint
    kind = [e for e, _ in gazetteer.matches(mention.key, deep=True) if e.precision == hint][:MAX_CANDIDATES]
    if kind:
        mention.candidates = kind
        mention.main = frozenset(kind)


def linked_divisions(mentions: Sequence[_Mention]) -> dict[int, frozenset[str]]:
    """Division row -> the names (normalised) one of whose candidates is that division (key
    ``row``) or lies in it (key ``-row - 2``): "Paris" and "Henry County" in one text
    support the Paris that lies in a Henry County, and that Henry County."""
    out: dict[int, set[str]] = {}
    for mention in mentions:
        if not mention.candidates:
            continue
        key = normalise_name(mention.key)
        for entry in mention.candidates:
            if entry.row >= 0 and entry.precision in ("province", "district"):
                out.setdefault(entry.row, set()).add(key)
            if entry.admin1_row >= 0:
                out.setdefault(-entry.admin1_row - 2, set()).add(key)
            if entry.admin2_row >= 0:
                out.setdefault(-entry.admin2_row - 2, set()).add(key)
    return {row: frozenset(keys) for row, keys in out.items()}


def _rank(mention: _Mention, context: ResolveContext) -> None:
    ranked = rank_candidates(mention.candidates, context, main=mention.main)
    if ranked:
        mention.entry, mention.score = _prefer_city_twin(ranked, context.hint), _confidence(ranked)
        mention.ranked = ranked


def _prefer_city_twin(ranked: Sequence[tuple[float, GazEntry]], hint: str | None) -> GazEntry:
    """A division that shares its name with a nearby city ("Aleppo" the governorate and the
    city) yields to the city near its middle, the more precise reading for the same point,
    unless the text asks for a division. A large state keeps its reading ("New York")."""
    best_score, best = ranked[0]
    if best.precision not in ("province", "district") or hint in ("province", "district"):
        return best
    for score, entry in ranked[1:]:
        if best_score - score > TWIN_MARGIN:
            break
        if entry.precision == "city" and near_twin(best, entry):
            return entry
    return best


def near_twin(division: GazEntry, city: GazEntry) -> bool:
    """The city lies within TWIN_KM of the division's representative point (and so in or by it)."""
    return distance_km(division, city) <= TWIN_KM


def _one_reading_per_name(mentions: Sequence[_Mention]) -> None:
    """Mentions of one name in a document denote one place: the reading of a dateline that
    names it, else the reading with the most softmax mass; a mention whose own container says
    otherwise keeps its reading ("Palmyra, New York ... Palmyra in Syria")."""
    groups: dict[str, list[_Mention]] = {}
    for mention in mentions:
        if mention.ranked:
            groups.setdefault(normalise_name(mention.key), []).append(mention)
    for group in groups.values():
        if len(group) < 2:
            continue
        mass: Counter[GazEntry] = Counter()
        for mention in group:
            best = mention.ranked[0][0]
            total = sum(math.exp(score - best) for score, _ in mention.ranked)
            for score, entry in mention.ranked:
                mass[entry] += math.exp(score - best) / total
        by_mass = sorted(((math.log(m), e) for e, m in mass.items() if m > 0), key=lambda x: (-x[0], -x[1].population))
        hint = next((m.hint for m in group if m.hint), None)
        winner = _prefer_city_twin(by_mass, hint)
        dateline = next((m.entry for m in group if m.dateline and m.entry is not None), None)
        if dateline is not None:  # "NEW YORK (AP) - ... New York": the dateline's city throughout
            winner = dateline
        for mention in group:
            if mention.containers:  # "Palmyra in Syria" keeps what its own container says
                continue
            if mention.entry is not winner and winner in mention.candidates:
                mention.entry = winner
                mention.score = round(mass[winner] / len(group), 4)


def _context(
    i: int, mentions: Sequence[_Mention], demonyms: Counter[str], gazetteer: Gazetteer, ranker: Ranker,
    linked: Mapping[int, frozenset[str]] | None = None,
) -> ResolveContext:
    """What the other mentions say about mention ``i`` (same-name mentions are not evidence)."""
    mention = mentions[i]
    key = mention.key.casefold()
    others = [m for k, m in enumerate(mentions) if k != i and m.entry is not None and m.key.casefold() != key]
    counts = Counter(demonyms)
    admins: Counter[int] = Counter()
    for other in others:
        if other.role == "place" and other.entry.country_code:
            counts[other.entry.country_code] += 1.0
            if other.entry.admin1_row >= 0:
                admins[other.entry.admin1_row] += 1.0
    return ResolveContext(
        gazetteer=gazetteer,
        focus=_shares(counts),
        admin_focus={row: n / len(others) for row, n in admins.items()} if others else {},
        containers=[mentions[k].entry for k in mention.containers if mentions[k].entry is not None],
        contained=[mentions[k].candidates for k in mention.contained],
        near=[mentions[k].entry for k in mention.near if mentions[k].entry is not None],
        anchors=[o.entry for o in others if o.role == "place"],
        hint=mention.hint,
        ranker=ranker,
        dateline=mention.dateline,
        linked=linked_divisions(mentions) if linked is None else linked,
        key=normalise_name(mention.key),
    )


def _shares(counts: Mapping[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {code: n / total for code, n in counts.items()} if total else {}


# -- 3. event location -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Relation:
    """How a place hangs off an event trigger in the parse."""

    kind: str  # locative | object | source | container | other
    prep: str | None
    depth: int  # edges from the preposition (or object) up to the trigger
    in_clause: bool  # reached the trigger without crossing another trigger
    vague: bool


def event_location(
    nlp_doc: Any, event: Event, places: Sequence[Place], *, triggers: Collection[int] = ()
) -> tuple[Place | None, dict[str, Any]]:
    """The place where ``event`` happened, and a note saying which rule chose it.

    Prefers a place governed by a locative preposition in the trigger's clause ("arrived
    at the T4 base near Palmyra" -> T4), then the trigger's object ("captured Palmyra"),
    then the nearest place in the sentence that is not a source ("sent to Y from Z": not Z).
    triggers: token indices of every event trigger in the document (a place inside another
    trigger's clause belongs to that event first).
    """
    if not 0 <= event.trigger_i < len(nlp_doc):
        return None, {"rule": "no-trigger"}
    trigger = nlp_doc[event.trigger_i]
    start, end = _sentence_bounds(nlp_doc, event, trigger)
    anchors = _clause_heads(trigger)
    others = {i for i in triggers if i not in anchors}
    place_tokens = {}
    for place in places:
        if place.lat is None or not (start <= place.start and place.end <= end):
            continue
        span = nlp_doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and len(span):
            place_tokens[(place.start, place.end)] = span
    in_place = {i for span in place_tokens.values() for i in range(span.start, span.end)}
    options = []
    for place in places:
        span = place_tokens.get((place.start, place.end))
        if span is not None:
            relation = _relation(span, anchors, others, in_place)
            options.append((place, span, relation))
    if not options:
        return None, {"rule": "none"}
    locative = [o for o in options if o[2].kind == "locative" and o[2].in_clause]
    if locative:
        place, span, relation = min(
            locative,
            key=lambda o: (
                o[2].prep in WEAK_PREPS, o[2].depth, PRECISION_RANK[o[0].precision], abs(o[1].root.i - trigger.i)
            ),
        )
        return place, _note(f"locative:{relation.prep}", place, relation)
    objects = [o for o in options if o[2].kind == "object" and o[2].in_clause]
    if objects:
        place, span, relation = min(objects, key=lambda o: (o[2].depth, abs(o[1].root.i - trigger.i)))
        return place, _note("object", place, relation)
    rest = [o for o in options if o[2].kind != "source"]
    if rest:
        place, span, relation = min(
            rest, key=lambda o: (abs(o[1].root.i - trigger.i), PRECISION_RANK[o[0].precision], o[0].start)
        )
        return place, _note("nearest", place, relation)
    return None, {"rule": "only-sources"}


def _sentence_bounds(nlp_doc: Any, event: Event, trigger: Any) -> tuple[int, int]:
    if 0 <= event.sent_start < event.sent_end and event.sent_start <= trigger.idx < event.sent_end:
        return event.sent_start, event.sent_end
    sent = trigger.sent
    return sent.start_char, sent.end_char


def _clause_heads(trigger: Any) -> set[int]:
    """The trigger, and the verb carrying a nominal or infinitival trigger ("launched raids", "continued to bomb")."""
    heads = {trigger.i}
    if trigger.dep_ in ("dobj", "obj", "attr", "xcomp") and trigger.head.pos_ in ("VERB", "AUX"):
        heads.add(trigger.head.i)
    return heads


def _relation(span: Any, anchors: set[int], others: set[int], in_place: set[int]) -> _Relation:
    top, vague = _phrase_top(span)
    head = top.head
    kind, prep, start = "other", None, top
    if top.dep_ == "pobj" and head.i != top.i:
        prep, start = head.lower_, head
        if prep == "of" and head.head.i in anchors:
            kind = "object"  # "the capture of Palmyra"
        elif prep in SOURCE_PREPS or (prep == "of" and head.head.lower_ == "out"):
            kind = "source"
        elif head.head.i in in_place or (head.head.lemma_.lower() in PLACE_NOUNS and head.head.i not in anchors):
            kind = "container"  # "the base near Palmyra", "villages in Idlib"
        elif prep in LOCATIVE_PREPS:
            kind = "locative"
            vague = vague or prep in VAGUE_PREPS
    elif top.dep_ in ("dobj", "obj", "nsubjpass") and head.i in anchors:
        kind = "object"
    elif top.dep_ in ("poss", "appos", "compound", "nmod") and head.i in in_place:
        kind = "container"
    depth, node, in_clause = 0, start, True
    while node.i not in anchors:
        if node.head.i == node.i:
            return _Relation(kind, prep, depth, False, vague)
        node = node.head
        depth += 1
        if node.i in others:
            in_clause = False
    return _Relation(kind, prep, depth, in_clause, vague)


def _phrase_top(span: Any) -> tuple[Any, bool]:
    """Climb from a toponym through its place phrase: "the T4 base", "the Palmyra area", "outskirts of Aleppo"."""
    token, vague = span.root, False
    for _ in range(6):
        head = token.head
        if head.i == token.i:
            break
        head_word = head.lemma_.lower()
        if token.dep_ in ("compound", "nmod", "amod", "npadvmod") and head_word in PLACE_NOUNS:
            vague = vague or head_word in AREA_WORDS
            token = head
            continue
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in AREA_WORDS | {"part", "parts"}:
            vague = True
            token = head.head
            continue
        break
    return token, vague


def _note(rule: str, place: Place, relation: _Relation) -> dict[str, Any]:
    """Diagnostics for event.notes: the rule, and ACLED's geo-precision (1 town, 2 near/part of, 3 region)."""
    if place.precision in ("district", "province", "country"):
        geo = 3
    elif relation.vague:
        geo = 2
    else:
        geo = 1
    return {"rule": rule, "geo_precision": geo}


# -- the stage and the geoparse entry points --------------------------------


class PlaceResolver:
    """Find and resolve the toponyms of each document, then locate each event.

    reads: doc.nlp_doc, doc.events (trigger_i, sent_start, sent_end)
    writes: doc.places (every toponym found, resolved or not), event.location,
            event.notes["location"] (rule and ACLED geo-precision)
    """

    reads = ("doc.nlp_doc", "doc.events", "event.trigger_i")
    writes = ("doc.places", "event.location")

    def __init__(self, res: Resources) -> None:
        self.res = res

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        if doc.nlp_doc is None:
            return doc
        doc.places = geoparse_doc(doc.nlp_doc, gazetteer=self.res.gazetteer)
        triggers = {event.trigger_i for event in doc.events if event.trigger_i >= 0}
        for event in doc.events:
            event.location, event.notes["location"] = event_location(doc.nlp_doc, event, doc.places, triggers=triggers)
        return doc


def toponym_record(place: Place) -> dict[str, Any]:
    """A toponym as ``palmyra geoparse`` writes it."""
    return {
        "start": place.start,
        "end": place.end,
        "text": place.text,
        "name": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "feature_code": place.feature_code,
        "score": place.score,
    }


def geoparse_toponyms(
    article: Article, spans: Sequence[tuple[int, int]] | None = None, *, res: Resources | None = None
) -> list[dict[str, Any]]:
    """Toponym records of one article: its own toponyms, or exactly ``spans`` (resolution-only mode)."""
    from ..resources import default_resources

    res = res or default_resources()
    nlp_doc = res.nlp(article.text)
    if spans is None:
        places = geoparse_doc(nlp_doc, gazetteer=res.gazetteer)
    else:
        places = resolve_toponyms(nlp_doc, list(spans), gazetteer=res.gazetteer)
    return [toponym_record(place) for place in places]


def geoparse_article(
    article: Article, res: Resources, *, spans: Sequence[tuple[int, int]] | None = None
) -> dict[str, Any]:
    """``{"id", "toponyms"}`` for ``palmyra geoparse`` (spans: resolve exactly these, as given in the input)."""
    if spans is None:
        given = getattr(article, "toponyms", None)
        if given is not None:  # an empty list means: resolve nothing
            spans = [(int(t["start"]), int(t["end"])) if isinstance(t, Mapping) else (int(t[0]), int(t[1])) for t in given]
    return {"id": article.id, "toponyms": geoparse_toponyms(article, spans, res=res)}
