"""Reader for data/triggers.tsv (the trigger lexicon) and data/nouns.tsv (noun classes).

A trigger row says: this lemma (or lemma sequence), with this part of speech,
codes this ontology concept when what it acts on has this object class; its
roles column says which argument is the actor. A noun row says what a noun
names (place, person, thing, ...), and for weapons which ASSAULT mode and
concept they imply ("war plane" -> aerial).

Both files are TSV with a header; lines starting with ``#`` and blank lines are
ignored, so line numbers in errors are the lines you see in an editor.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError
from .ontology import PLOVER_MODES, Ontology
from .tsv import parse_table

TRIGGER_COLUMNS: tuple[str, ...] = ("lemma", "pos", "concept", "object", "roles", "weight")
NOUN_COLUMNS: tuple[str, ...] = ("lemma", "class", "mode", "concept")
POS_VALUES = frozenset({"VERB", "NOUN", "ANY"})
OBJECT_VALUES = frozenset({"any", "some", "place", "person", "thing", "weapon", "none"})
# mutual: both sides fight ("clashed with police"): the "with" complement is the recipient.
ROLE_VALUES = frozenset({"agent", "theme", "patient", "mutual"})
# hazard: non-political causes of death and damage (earthquake, flood, crash); no event.
# weapon: arms and ammunition as things (seized, found, destroyed); a "weapon" object in
# triggers.tsv matches these and instrument nouns.
# statement: what a statement about an event names (responsibility, condolences, accusation);
# a trigger that is its content, or a verb whose object it is, codes nothing (CAMEO 01).
NOUN_CLASSES = frozenset({"place", "person", "thing", "instrument", "actor_role", "hazard", "weapon", "statement"})

# lowercase tokens separated by single spaces; a token may be "-" ("cease - fire").
_LEMMA = re.compile(r"^[a-z0-9'.-]+(?: [a-z0-9'.-]+)*$")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of triggers.tsv."""

    lemmas: tuple[str, ...]  # ("air", "strike")
    pos: str  # VERB | NOUN | ANY
    concept: str  # ontology key
    object: str  # any | place | person | thing | weapon | none
    roles: str  # agent | theme | patient | mutual
    weight: float  # prior 0..1
    line: int  # line in triggers.tsv


@dataclass(frozen=True, slots=True)
class NounEntry:
    """One row of nouns.tsv."""

    lemmas: tuple[str, ...]
    cls: str  # place | person | thing | instrument | actor_role | hazard | weapon | statement
    mode: str | None  # instrument rows: the PLOVER ASSAULT mode
    concept: str | None  # instrument rows: the ASSAULT concept it switches to


class TriggerTable:
    """The trigger lexicon and the noun classes, indexed for the event coder."""

    def __init__(self, triggers: list[Trigger], nouns: list[NounEntry], *, version: str) -> None:
        self.version = version
        self.triggers: tuple[Trigger, ...] = tuple(triggers)
        index: dict[str, list[Trigger]] = {}
        for trigger in self.triggers:
            index.setdefault(trigger.lemmas[0], []).append(trigger)
        # Longest multi-word rows first; sorted() is stable, so file order stays within a length.
        self._by_first = {lemma: sorted(rows, key=lambda t: -len(t.lemmas)) for lemma, rows in index.items()}
        self.instruments: dict[str, NounEntry] = {}
        classes: dict[str, NounEntry] = {}
        for entry in nouns:
            key = " ".join(entry.lemmas)
            if entry.cls == "instrument":
                self.instruments[key] = entry
            else:
                classes[key] = entry
        # One entry per lemma: its class row, else its instrument row.
        self.nouns: dict[str, NounEntry] = {**self.instruments, **classes}
        self.first_lemmas: frozenset[str] = frozenset(self._by_first)
        self.max_words = max([len(t.lemmas) for t in self.triggers] + [len(n.lemmas) for n in nouns] + [1])

    def rows_for(self, lemma: str) -> list[Trigger]:
        """Rows whose first lemma is ``lemma``: longest multi-word first, then file order."""
        return list(self._by_first.get(lemma, ()))

    def noun_class(self, lemma: str) -> str | None:
        """place | person | thing | actor_role | hazard | instrument | weapon | statement, or None for an unknown noun.

        A lemma with both a class row and an instrument row ("gunman") returns its
        class; "instrument" is returned only for pure weapons (the coder treats it as
        a thing), "actor_role" for organisations (the coder treats it as a person).
        """
        entry = self.nouns.get(lemma)
        return entry.cls if entry is not None else None

    def instrument_mode(self, lemma: str) -> NounEntry | None:
        """The instrument row of a weapon noun ("war plane" -> aerial), or None."""
        return self.instruments.get(lemma)


def load_triggers(path: str | Path, ontology: Ontology) -> TriggerTable:
    """Read triggers.tsv and nouns.tsv (same folder), checked against ``ontology``."""
    path = Path(path)
    nouns_path = path.with_name("nouns.tsv")
    trigger_bytes, nouns_bytes = _read(path), _read(nouns_path)
    triggers = _triggers(path.name, trigger_bytes, ontology)
    nouns = _nouns(nouns_path.name, nouns_bytes, ontology)
    version = hashlib.sha256(trigger_bytes + b"\0" + nouns_bytes).hexdigest()[:12]
    return TriggerTable(triggers, nouns, version=version)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise DataTableError(f"{path.name}: cannot read: {e}") from e


def _rows(name: str, raw: bytes, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(line, cells) for each data row after the header; comments and blank lines skipped."""
    return [(row.line, list(row.cells)) for row in parse_table(name, raw, columns, what="the table")]


def _lemmas(value: str) -> tuple[str, ...]:
    if not _LEMMA.match(value):
        raise ValueError(f"lemma {value!r} must be lowercase tokens separated by single spaces")
    return tuple(value.split(" "))


def _triggers(name: str, raw: bytes, ontology: Ontology) -> list[Trigger]:
    triggers: list[Trigger] = []
    for line, cells in _rows(name, raw, TRIGGER_COLUMNS):
        try:
            trigger = _trigger(line, cells, ontology)
            _check_reachable(trigger, triggers)
        except ValueError as e:
            raise DataTableError(f"{name}:{line}: {e}") from None
        triggers.append(trigger)
    return triggers


def _trigger(line: int, cells: list[str], ontology: Ontology) -> Trigger:
    lemma, pos, concept, obj, roles, weight = cells
    if pos not in POS_VALUES:
        raise ValueError(f"pos {pos!r} is not one of {sorted(POS_VALUES)}")
    if concept not in ontology:
        raise ValueError(f"concept {concept!r} is not in the ontology")
    if obj not in OBJECT_VALUES:
        raise ValueError(f"object {obj!r} is not one of {sorted(OBJECT_VALUES)}")
    if roles not in ROLE_VALUES:
        raise ValueError(f"roles {roles!r} is not one of {sorted(ROLE_VALUES)}")
    try:
        value = float(weight)
    except ValueError:
        raise ValueError(f"weight {weight!r} is not a number") from None
    if not 0.0 < value <= 1.0:
        raise ValueError(f"weight {value} is outside (0, 1]")
    return Trigger(_lemmas(lemma), pos, concept, obj, roles, value, line)


def _check_reachable(trigger: Trigger, earlier: list[Trigger]) -> None:
    """A row is dead when an earlier row of the same words already matches all it would."""
    for other in earlier:
        if other.lemmas != trigger.lemmas:
            continue
        same_key = other.pos == trigger.pos and other.object == trigger.object
        if same_key:
            raise ValueError(f"duplicate of line {other.line} ({' '.join(trigger.lemmas)} {trigger.pos} {trigger.object})")
        pos_covered = other.pos == "ANY" or other.pos == trigger.pos
        if pos_covered and other.object in ("any", trigger.object):
            raise ValueError(f"never used: line {other.line} matches every case first")


def _nouns(name: str, raw: bytes, ontology: Ontology) -> list[NounEntry]:
    entries: list[NounEntry] = []
    seen: dict[tuple[tuple[str, ...], bool], int] = {}  # (lemmas, is instrument) -> line
    for line, cells in _rows(name, raw, NOUN_COLUMNS):
        try:
            entry = _noun(cells, ontology)
        except ValueError as e:
            raise DataTableError(f"{name}:{line}: {e}") from None
        key = (entry.lemmas, entry.cls == "instrument")
        if key in seen:
            kind = "instrument" if key[1] else "class"
            raise DataTableError(f"{name}:{line}: second {kind} row for {' '.join(entry.lemmas)!r} (first on line {seen[key]})")
        seen[key] = line
        entries.append(entry)
    return entries


def _noun(cells: list[str], ontology: Ontology) -> NounEntry:
    lemma, cls, mode, concept = cells
    lemmas = _lemmas(lemma)
    if cls not in NOUN_CLASSES:
        raise ValueError(f"class {cls!r} is not one of {sorted(NOUN_CLASSES)}")
    if cls != "instrument":
        if mode or concept:
            raise ValueError(f"mode and concept are only for instrument rows, not {cls!r}")
        return NounEntry(lemmas, cls, None, None)
    if mode not in PLOVER_MODES["ASSAULT"]:
        raise ValueError(f"instrument mode {mode!r} is not a PLOVER ASSAULT mode")
    if concept not in ontology:
        raise ValueError(f"concept {concept!r} is not in the ontology")
    target = ontology[concept]
    if target.event != "ASSAULT" or target.mode != mode:
        raise ValueError(f"concept {concept!r} is {target.event}/{target.mode}, not ASSAULT/{mode}")
    return NounEntry(lemmas, cls, mode, concept)
