"""Reader for the canonical actor table (data/actors.jsonl) and its role words (data/sectors.tsv).

``actors.jsonl`` holds one actor per line (countries and territories, armed groups, international
and non-governmental organisations) with the surface forms the press writes for it. ``sectors.tsv``
maps role words ("forces", "regime", "protesters") to a PLOVER/CAMEO sector and an ACLED inter
code, and says which definite descriptions ("the militants", "regime forces") refer back to an
actor named earlier in the article. Matching is on word tokens, so "IS" never matches inside
"ISIS" and short upper-case aliases never match lower-case words ("is", "us").
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError
from .tsv import parse_table

TYPES = ("country", "group", "igo", "ngo", "org", "person")
HOWS = ("alias", "demonym", "capital")
SECTORS = frozenset(
    (
        "GOV", "MIL", "COP", "JUD", "LEG", "PTY", "SPY",  # state and political institutions
        "REB", "INS", "SEP", "UAF",  # armed non-state actors
        "OPP", "CVL", "JRN", "MED", "REF", "EDU", "LAB", "REL", "BUS", "ELI", "HRI", "CRM", "AGR", "ENV", "DEV",
    )
)
ANTECEDENTS = ("any", "state", "group", "armed_group", "org")
SCOPES = ("article", "sentence")
ACTOR_KEYS = ("id", "name", "type", "code", "sector", "wikidata", "kind", "aliases", "demonyms", "capitals", "coref")
SECTOR_COLUMNS = ("term", "sector", "kind", "coref", "antecedent", "needs_det", "scope", "code")
DEFINITE = frozenset(("the", "this", "these", "those", "that", "its", "their"))
# Words that end the head of a noun phrase: role words after them describe something else
# ("forces loyal to the government", "Tiger Forces unit led by a commander").
HEAD_STOPS = frozenset(
    ("of", "in", "from", "near", "at", "on", "with", "against", "by", "to", "for", "who", "which", "that", "led",
     "backed", "loyal", "under", "inside", "outside", "across", "after", "before", "during", ",", "(", ";", ":")
)
NEGATING_PREFIXES = ("anti", "non", "counter")
AFFILIATING_PREFIXES = ("pro",)
# "Iran-backed militias" are not Iran; "Hamas-run ministry" is Hamas in another role.
SUPPORTING_SUFFIXES = (
    "backed", "linked", "allied", "aligned", "affiliated", "inspired", "sponsored", "supported", "trained", "funded",
    "armed", "friendly", "leaning", "born", "based", "member",
)
CONTROLLING_SUFFIXES = ("led", "run", "controlled", "held", "dominated", "ruled", "commanded", "operated", "occupied")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_TOKEN = re.compile(r"\w+|[^\w\s]")
# Same-length folding, so offsets into the folded text are offsets into the original.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"})
_SMALL_WORDS = frozenset(("of", "the", "and", "for", "in", "to", "on", "at", "a", "an", "du", "de", "wal"))


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One canonical actor. ``kind`` is the ACLED inter code for its default sector."""

    id: str
    name: str
    type: str  # country | group | igo | ngo | org | person
    code: str  # ISO 3166-1 alpha-3, or IMG / IGO / NGO
    sector: str | None
    wikidata: str | None
    kind: int | None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    coref: tuple[str, ...] = ()

    def surfaces(self) -> Iterator[tuple[str, str]]:
        """Every (surface form, how) pair: the name and aliases, demonyms, capitals."""
        yield self.name, "alias"
        for alias in self.aliases:
            yield alias, "alias"
        for demonym in self.demonyms:
            yield demonym, "demonym"
        for capital in self.capitals:
            yield capital, "capital"


@dataclass(frozen=True, slots=True)
class RoleWord:
    """A row of sectors.tsv. ``antecedent`` is empty unless ``coref``."""

    term: str
    sector: str | None
    kind: int | None
    coref: bool
    antecedent: tuple[str, ...]
    needs_det: bool
    scope: str | None  # article | sentence (pronouns) | None
    code: str | None = None  # the actor code an unknown body named by this word gets ("association" -> NGO)

    @property
    def is_pronoun(self) -> bool:
        return self.scope == "sentence"


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A surface form of ``entry`` found in a text; offsets index that text."""

    entry: ActorEntry
    how: str  # alias | demonym | capital
    start: int
    end: int
    text: str
    prefix: str | None = None  # "anti", "pro", ... when written as "anti-IS", "pro-Syrian"
    suffix: str | None = None  # "backed", "led", ... when written as "Iran-backed", "US-led"

    @property
    def negated(self) -> bool:
        return self.prefix in NEGATING_PREFIXES

    @property
    def affiliated(self) -> bool:
        return self.prefix in AFFILIATING_PREFIXES

    @property
    def supporting(self) -> bool:
        """Written as the backer of someone else: "Iran-backed", "al-Qaeda-linked"."""
        return self.suffix in SUPPORTING_SUFFIXES

    @property
    def controlling(self) -> bool:
        """Written as who runs something: "Hamas-run", "US-led", "rebel-held"."""
        return self.suffix in CONTROLLING_SUFFIXES


@dataclass(frozen=True, slots=True)
class RoleMatch:
    role: RoleWord
    start: int
    end: int
    token: int  # index of its first token in the text's token list


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens with offsets; curly quotes and dashes folded."""
    folded = text.translate(_FOLD)
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def _key(text: str) -> tuple[str, ...]:
    return tuple(token for token, _, _ in tokenize(text))


def _variants(surface: str) -> list[str]:
    """The surface as written, with a capital first letter, and in headline title case."""
    out = [surface]
    capitalised = surface[:1].upper() + surface[1:]
    words = surface.split(" ")
    title = " ".join(w if w in _SMALL_WORDS and i else w[:1].upper() + w[1:] for i, w in enumerate(words))
    for variant in (capitalised, title):
        if variant not in out:
            out.append(variant)
    return out


def _longest(tokens: list[tuple[str, int, int]], index: dict, max_len: int, *, lower: bool) -> Iterator[tuple[int, int, object]]:
    """Greedy left-to-right longest non-overlapping matches of ``index`` keys: (first, last+1, value)."""
    words = [token.lower() for token, _, _ in tokens] if lower else [token for token, _, _ in tokens]
    i = 0
    while i < len(words):
        for n in range(min(max_len, len(words) - i), 0, -1):
            value = index.get(tuple(words[i : i + n]))
            if value is not None:
                yield i, i + n, value
                i += n
                break
        else:
            i += 1


class ActorTable:
    """Canonical actors and role words, with the matchers the actor stage needs."""

    def __init__(self, entries: Iterable[ActorEntry], roles: Iterable[RoleWord], *, version: str = "?") -> None:
        self.version = version
        self.entries: tuple[ActorEntry, ...] = tuple(entries)
        self.roles: dict[str, RoleWord] = {role.term: role for role in roles}
        self._by_id = {entry.id: entry for entry in self.entries}
        self._surfaces: dict[tuple[str, ...], tuple[ActorEntry, str, str]] = {}
        for entry in self.entries:  # canonical forms first, so a variant never shadows one
            for surface, how in entry.surfaces():
                self._surfaces.setdefault(_key(surface), (entry, how, surface))
        for entry in self.entries:
            for surface, how in entry.surfaces():
                for variant in _variants(surface)[1:]:
                    self._surfaces.setdefault(_key(variant), (entry, how, variant))
        self._max_surface = max((len(key) for key in self._surfaces), default=1)
        self._roles = {_key(term): role for term, role in self.roles.items()}
        self._max_role = max((len(key) for key in self._roles), default=1)
        self._descriptions: dict[tuple[str, ...], list[ActorEntry]] = {}
        for entry in self.entries:
            for phrase in entry.coref:
                self._descriptions.setdefault(_key(phrase.lower()), []).append(entry)
        self._max_description = max((len(key) for key in self._descriptions), default=1)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self.entries)

    def get(self, actor_id: str) -> ActorEntry:
        return self._by_id[actor_id]

    # -- actors -------------------------------------------------------------------------
    def find_all(self, text: str) -> list[ActorMatch]:
        """Every known surface form in ``text``, longest first, left to right, whole tokens only."""
        tokens = tokenize(text)
        out = []
        for first, last, (entry, how, _) in _longest(tokens, self._surfaces, self._max_surface, lower=False):
            start, end = tokens[first][1], tokens[last - 1][2]
            out.append(ActorMatch(entry, how, start, end, text[start:end], _prefix(tokens, first), _suffix(tokens, last)))
        return out

    def match(self, text: str) -> tuple[ActorEntry, str] | None:
        """The longest actor surface in ``text`` and how it matched (alias | demonym | capital).

        Forms in the phrase's head ("US forces in Syria": before "in") come first; a form written
        with a negating prefix ("anti-IS forces") is not a mention of that actor.
        """
        matches = [m for m in self.find_all(text) if not m.negated]
        if not matches:
            return None
        head_end = _head_end(text)
        best = max(matches, key=lambda m: (m.start < head_end, m.end - m.start, -m.start))
        return best.entry, best.how

    # -- role words ---------------------------------------------------------------------
    def find_roles(self, text: str) -> list[RoleMatch]:
        """Role words in ``text`` (case-insensitive), longest first, left to right."""
        tokens = tokenize(text)
        return [
            RoleMatch(role, tokens[first][1], tokens[last - 1][2], first)
            for first, last, role in _longest(tokens, self._roles, self._max_role, lower=True)
        ]

    def head_role(self, text: str, *, coref_only: bool = False) -> RoleWord | None:
        """The role word of the phrase's head: the last one before the first head stop
        ("of", "in", "led", ...), or, when there is none there, in the next segment."""
        tokens = tokenize(text)
        segments = _segments(tokens)
        roles = [r for r in self.find_roles(text) if (r.role.coref if coref_only else r.role.sector)]
        for segment in segments:
            inside = [r for r in roles if segment[0] <= r.token < segment[1]]
            if inside:
                return inside[-1].role
        return None

    def head_code(self, text: str) -> str | None:
        """The actor code of the phrase's head organisation word ("the Asian Water Forum",
        "Association of Lawyers" -> NGO): the last word with a code before the first head stop,
        or in the next segment; None when there is none."""
        tokens = tokenize(text)
        roles = [r for r in self.find_roles(text) if r.role.code]
        for segment in _segments(tokens):
            inside = [r for r in roles if segment[0] <= r.token < segment[1]]
            if inside:
                return inside[-1].role.code
        return None

    def sector_for(self, text: str) -> str | None:
        """The sector of the head role word in ``text`` ("Russian war planes" -> MIL), or None."""
        role = self.head_role(text)
        return role.sector if role else None

    def coref_rule(self, text: str) -> RoleWord | None:
        """The coreference rule ``text`` follows when it is a generic description or a pronoun
        ("the militants", "regime forces", "they"), else None. Texts naming an actor never are."""
        if any(not m.negated for m in self.find_all(text)):
            return None
        tokens = tokenize(text)
        role = self.head_role(text, coref_only=True)
        if role is None:
            return None
        if role.needs_det:
            segment = _segments(tokens)[0]
            words = [token.lower() for token, _, _ in tokens[segment[0] : segment[1]]]
            if not words or words[0] not in DEFINITE:
                return None
        return role

    def is_coref(self, text: str) -> bool:
        """True when ``text`` is a description that refers back to an actor named earlier."""
        return self.coref_rule(text) is not None

    def descriptions(self, text: str) -> list[tuple[int, int, list[ActorEntry]]]:
        """Actor-specific descriptions in ``text`` ("the Lebanese group" -> Hezbollah): (start, end, entries)."""
        tokens = tokenize(text)
        return [
            (tokens[first][1], tokens[last - 1][2], entries)
            for first, last, entries in _longest(tokens, self._descriptions, self._max_description, lower=True)
        ]

    # -- spaCy --------------------------------------------------------------------------
    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns for a spaCy entity_ruler (phrase_matcher_attr ORTH).

        ORG for groups and organisations (and for institutions used as metonyms: "Kremlin"),
        NORP for demonyms, GPE for country names and capitals; each carries the entry id.
        """
        patterns: list[dict] = []
        seen: set[str] = set()
        for entry in self.entries:
            for surface, how in entry.surfaces():
                label = self._label(entry, surface, how)
                for variant in _variants(surface):
                    if variant in seen:
                        continue
                    seen.add(variant)
                    patterns.append({"label": label, "pattern": variant, "id": entry.id})
        return patterns

    def _label(self, entry: ActorEntry, surface: str, how: str) -> str:
        if how == "demonym":
            return "NORP"
        if how == "capital":
            return "ORG" if self.sector_for(surface) else "GPE"
        if entry.type == "person":
            return "PERSON"
        return "GPE" if entry.type == "country" else "ORG"


def _prefix(tokens: list[tuple[str, int, int]], first: int) -> str | None:
    """'anti' for "anti-IS", 'pro' for "pro-Syrian": a word glued to the match by a hyphen."""
    if first < 2 or tokens[first - 1][0] != "-":
        return None
    word, _, word_end = tokens[first - 2]
    if word_end != tokens[first - 1][1] or tokens[first - 1][2] != tokens[first][1]:
        return None
    word = word.lower()
    return word if word in NEGATING_PREFIXES + AFFILIATING_PREFIXES else None


def _suffix(tokens: list[tuple[str, int, int]], after: int) -> str | None:
    """'backed' for "Iran-backed", 'led' for "US-led": a word glued after the match by a hyphen."""
    if after + 1 >= len(tokens) or tokens[after][0] != "-":
        return None
    if tokens[after - 1][2] != tokens[after][1] or tokens[after][2] != tokens[after + 1][1]:
        return None
    word = tokens[after + 1][0].lower()
    return word if word in SUPPORTING_SUFFIXES + CONTROLLING_SUFFIXES else None


def _head_end(text: str) -> int:
    """Offset where the head region of a phrase ends (its first head stop), or len(text)."""
    tokens = tokenize(text)
    end = _segments(tokens)[0][1]
    return tokens[end][1] if end < len(tokens) else len(text)


def _segments(tokens: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Token ranges between head stops; the first is the phrase's head region."""
    segments, start = [], 0
    for i, (token, _, _) in enumerate(tokens):
        if token.lower() in HEAD_STOPS:
            segments.append((start, i))
            start = i + 1
    segments.append((start, len(tokens)))
    return segments


# -- loading ------------------------------------------------------------------------------
def load_actors(path: str | Path, *, sectors_path: str | Path | None = None) -> ActorTable:
    """Read and validate actors.jsonl and the sectors.tsv beside it (or ``sectors_path``)."""
    path = Path(path)
    sectors_path = Path(sectors_path) if sectors_path is not None else path.with_name("sectors.tsv")
    for required in (path, sectors_path):
        if not required.is_file():
            raise DataTableError(f"{required}: table not found")
    raw_actors = path.read_bytes()
    raw_sectors = sectors_path.read_bytes()
    header, entries = _read_actors(path, raw_actors)
    roles = _read_sectors(sectors_path, raw_sectors)
    digest = hashlib.sha256(raw_actors + b"\0" + raw_sectors).hexdigest()[:8]
    return ActorTable(entries, roles, version=f"{header['version']}+{digest}")


def _read_actors(path: Path, raw: bytes) -> tuple[dict, list[ActorEntry]]:
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise DataTableError(f"{path}: not UTF-8 ({e})") from e
    header: dict | None = None
    entries: list[ActorEntry] = []
    ids: dict[str, int] = {}
    countries: dict[str, int] = {}
    surfaces: dict[tuple[str, ...], tuple[str, int]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataTableError(f"{where}: not JSON ({e.msg})") from e
        if not isinstance(record, dict):
            raise DataTableError(f"{where}: not a JSON object")
        if header is None:
            if record.get("table") != "actors" or not isinstance(record.get("version"), str):
                raise DataTableError(f"{where}: first line must be the header {{\"table\": \"actors\", \"version\": ...}}")
            header = record
            continue
        entry = _entry(record, where)
        if entry.id in ids:
            raise DataTableError(f"{where}: duplicate id '{entry.id}' (first on line {ids[entry.id]})")
        ids[entry.id] = number
        if entry.type == "country":
            if entry.code in countries:
                raise DataTableError(f"{where}: country code {entry.code} already used on line {countries[entry.code]}")
            countries[entry.code] = number
        own: set[tuple[str, ...]] = set()
        for surface, _ in entry.surfaces():
            key = _key(surface)
            if key in own and surface != entry.name:
                raise DataTableError(f"{where}: '{surface}' is listed twice for {entry.id}")
            own.add(key)
            other = surfaces.get(key)
            if other is not None and other[0] != entry.id:
                raise DataTableError(
                    f"{where}: '{surface}' of {entry.id} is already a form of {other[0]} (line {other[1]}); "
                    "give each surface form to one actor"
                )
            surfaces[key] = (entry.id, number)
        entries.append(entry)
    if header is None:
        raise DataTableError(f"{path}: empty table")
    return header, entries


def _entry(record: dict, where: str) -> ActorEntry:
    unknown = set(record) - set(ACTOR_KEYS)
    missing = set(ACTOR_KEYS) - set(record)
    if unknown or missing:
        raise DataTableError(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    actor_id, name, kind_of, code = record["id"], record["name"], record["type"], record["code"]
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        raise DataTableError(f"{where}: id {actor_id!r} is not a lower-case slug")
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        raise DataTableError(f"{where}: bad name {name!r}")
    if kind_of not in TYPES:
        raise DataTableError(f"{where}: type {kind_of!r} not one of {', '.join(TYPES)}")
    if not isinstance(code, str) or not _CODE.match(code):
        raise DataTableError(f"{where}: code {code!r} is not three capital letters")
    sector = record["sector"]
    if (sector is None and kind_of == "country") or (sector is not None and sector not in SECTORS):
        raise DataTableError(f"{where}: sector {sector!r} not an allowed sector")
    wikidata = record["wikidata"]
    if wikidata is not None and (not isinstance(wikidata, str) or not _QID.match(wikidata)):
        raise DataTableError(f"{where}: wikidata {wikidata!r} is not a Q-id")
    kind = record["kind"]
    if kind is not None and (isinstance(kind, bool) or not isinstance(kind, int) or not 1 <= kind <= 8):
        raise DataTableError(f"{where}: kind {kind!r} is not an ACLED inter code 1..8")
    lists = {}
    for key in ("aliases", "demonyms", "capitals", "coref"):
        items = record[key]
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() and i == i.strip() for i in items):
            raise DataTableError(f"{where}: {key} must be a list of non-empty, trimmed strings")
        lists[key] = tuple(items)
    return ActorEntry(actor_id, name, kind_of, code, sector, wikidata, kind, **lists)


def _read_sectors(path: Path, raw: bytes) -> list[RoleWord]:
    roles: list[RoleWord] = []
    seen: dict[str, int] = {}
    for row in parse_table(path, raw, SECTOR_COLUMNS, what="the sector table"):
        role = _role(dict(zip(SECTOR_COLUMNS, row.cells)), row.where)
        if role.term in seen:
            raise DataTableError(f"{row.where}: duplicate term '{role.term}' (first on line {seen[role.term]})")
        seen[role.term] = row.line
        roles.append(role)
    return roles


def _role(row: dict[str, str], where: str) -> RoleWord:
    term = row["term"]
    if not term or term != term.lower() or "  " in term:
        raise DataTableError(f"{where}: term {term!r} must be lower case, words single-spaced")
    sector = None if row["sector"] == "-" else row["sector"]
    if sector is not None and sector not in SECTORS:
        raise DataTableError(f"{where}: sector {row['sector']!r} not an allowed sector")
    kind = None if row["kind"] == "-" else row["kind"]
    if kind is not None:
        if not kind.isdigit() or not 1 <= int(kind) <= 8:
            raise DataTableError(f"{where}: kind {kind!r} is not an ACLED inter code 1..8")
        kind = int(kind)
    code = None if row["code"] == "-" else row["code"]
    if code is not None and not _CODE.match(code):
        raise DataTableError(f"{where}: code {code!r} is not three capital letters")
    if row["coref"] not in ("yes", "no"):
        raise DataTableError(f"{where}: coref must be yes or no")
    if row["coref"] == "no":
        if (row["antecedent"], row["needs_det"], row["scope"]) != ("-", "-", "-"):
            raise DataTableError(f"{where}: antecedent, needs_det and scope are '-' unless coref is yes")
        return RoleWord(term, sector, kind, False, (), False, None, code)
    antecedent = tuple(row["antecedent"].split("|"))
    if not all(a in ANTECEDENTS for a in antecedent):
        raise DataTableError(f"{where}: antecedent {row['antecedent']!r} not in {'|'.join(ANTECEDENTS)}")
    if row["needs_det"] not in ("yes", "no"):
        raise DataTableError(f"{where}: needs_det must be yes or no")
    if row["scope"] not in SCOPES:
        raise DataTableError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    return RoleWord(term, sector, kind, True, antecedent, row["needs_det"] == "yes", row["scope"], code)
