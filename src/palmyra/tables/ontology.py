"""Reader for data/ontology.csv: Palmyra's one PLOVER <-> CAMEO <-> ACLED table.

Each row is a *concept*: an event type and mode Palmyra codes, keyed like
``assault.aerial``. The trigger lexicon points at concepts; the event coder
copies a concept's codes onto the event. The constants below are the
vocabularies the table is checked against (PLOVER 16 event types, their
modes and contexts; the 25 ACLED sub-event types; the 20 CAMEO roots).

Quad follows PLOVER: it is fixed by the event type, not by the CAMEO root
(GDELT's quad puts root 09 and 16 elsewhere; we do not follow GDELT there).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError

# PLOVER event type -> quad (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict).
PLOVER_EVENTS: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "SANCTION": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

# PLOVER modes allowed per event type; an empty set means the type takes no mode.
PLOVER_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold", "misinformation", "cyber"}
    ),
    "ASSAULT": frozenset(
        {
            "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
            "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
        }
    ),
}

PLOVER_CONTEXTS: frozenset[str] = frozenset(
    """military intelligence executive legislative election political_institutions pro_democracy
    pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security
    gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum migration
    disasters natural_resource environment technology terrorism cbrn cyber misinformation crime
    corruption illegal_drugs trafficking""".split()
)

ACLED_EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

# ACLED sub-event type -> its event type (the 25 of the public codebook).
ACLED_SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}

CAMEO_ROOTS: dict[str, str] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

COLUMNS: tuple[str, ...] = (
    "concept",
    "event",
    "mode",
    "cameo",
    "cameo_label",
    "quad",
    "goldstein",
    "acled_event_type",
    "acled_sub_event_type",
    "acled_state_sub_event_type",
    "contexts",
    "description",
)

_KEY = re.compile(r"^[a-z]+\.[a-z][a-z0-9_]*$")
_CAMEO = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True, slots=True)
class Concept:
    """One row of ontology.csv: an event type/mode and its codes in every scheme."""

    key: str
    event: str  # PLOVER event type
    mode: str | None  # PLOVER mode
    cameo: str  # leading zeros kept
    cameo_label: str
    quad: int
    goldstein: float | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    acled_state_sub_event_type: str | None  # sub-type to use when the actor is state forces
    contexts: tuple[str, ...]
    description: str

    @property
    def acled(self) -> dict[str, str] | None:
        """The default ACLED pair, or None when ACLED does not code this concept."""
        if self.acled_event_type is None or self.acled_sub_event_type is None:
            return None
        return {"event_type": self.acled_event_type, "sub_event_type": self.acled_sub_event_type}

    def acled_for(self, *, state_actor: bool) -> dict[str, str] | None:
        """The ACLED pair given whether the actor is state forces."""
        acled = self.acled
        if acled is not None and state_actor and self.acled_state_sub_event_type:
            return {"event_type": acled["event_type"], "sub_event_type": self.acled_state_sub_event_type}
        return acled

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]


class Ontology:
    """Every concept by key, with the table's version (sha256 of the file, 12 hex digits)."""

    def __init__(self, concepts: dict[str, Concept], *, version: str) -> None:
        self.concepts = concepts
        self.version = version
        by_cameo: dict[str, list[Concept]] = {}
        for concept in concepts.values():
            by_cameo.setdefault(concept.cameo, []).append(concept)
        self._by_cameo = by_cameo

    def __getitem__(self, key: str) -> Concept:
        return self.concepts[key]

    def __contains__(self, key: object) -> bool:
        return key in self.concepts

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, key: str) -> Concept | None:
        return self.concepts.get(key)

    def by_cameo(self, code: str) -> list[Concept]:
        """Concepts with exactly this CAMEO code, in file order."""
        return list(self._by_cameo.get(code, ()))

    def by_event(self, event: str) -> list[Concept]:
        """Concepts of one PLOVER event type, in file order."""
        return [concept for concept in self.concepts.values() if concept.event == event]


def load_ontology(path: str | Path) -> Ontology:
    """Read and validate ontology.csv; raise DataTableError("ontology.csv:LINE: reason")."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataTableError(f"{name}: cannot read: {e}") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataTableError(f"{name}: not UTF-8: {e}") from e
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _check_header(name, reader.fieldnames)
    concepts: dict[str, Concept] = {}
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(value is None for value in row.values()):
            raise DataTableError(f"{name}:{line}: expected {len(COLUMNS)} columns")
        try:
            concept = _concept(row)
        except ValueError as e:
            raise DataTableError(f"{name}:{line}: {e}") from None
        if concept.key in concepts:
            raise DataTableError(f"{name}:{line}: duplicate concept {concept.key!r} (first on line {first_line[concept.key]})")
        concepts[concept.key] = concept
        first_line[concept.key] = line
    if not concepts:
        raise DataTableError(f"{name}: no concepts")
    return Ontology(concepts, version=hashlib.sha256(raw).hexdigest()[:12])


def _check_header(name: str, fieldnames: list[str] | None) -> None:
    if not fieldnames:
        raise DataTableError(f"{name}:1: missing header")
    missing = [column for column in COLUMNS if column not in fieldnames]
    extra = [column for column in fieldnames if column not in COLUMNS]
    if missing or extra:
        raise DataTableError(f"{name}:1: header: missing {missing}, unknown {extra}")


def _concept(row: dict[str, str]) -> Concept:
    """One validated Concept from a CSV row; ValueError says what is wrong."""
    cell = {column: row[column].strip() for column in COLUMNS}
    key, event, mode = cell["concept"], cell["event"], cell["mode"] or None
    if not _KEY.match(key):
        raise ValueError(f"concept key {key!r} is not like 'assault.aerial'")
    if event not in PLOVER_EVENTS:
        raise ValueError(f"event {event!r} is not a PLOVER event type")
    if key.split(".")[0] != event.lower():
        raise ValueError(f"concept key {key!r} does not start with its event {event.lower()!r}")
    if mode is not None and mode not in PLOVER_MODES[event]:
        raise ValueError(f"mode {mode!r} is not a PLOVER mode of {event}")
    cameo = cell["cameo"]
    if not _CAMEO.match(cameo) or cameo[:2] not in CAMEO_ROOTS:
        raise ValueError(f"cameo {cameo!r} is not a CAMEO code (2-4 digits, root 01-20)")
    if not cell["cameo_label"]:
        raise ValueError("empty cameo_label")
    quad = _int(cell["quad"], "quad")
    if quad != PLOVER_EVENTS[event]:
        raise ValueError(f"quad {quad} does not match {event} (quad {PLOVER_EVENTS[event]})")
    goldstein = _goldstein(cell["goldstein"])
    acled_type, acled_sub, state_sub = _acled(cell)
    contexts = _contexts(cell["contexts"])
    if not cell["description"]:
        raise ValueError("empty description")
    return Concept(
        key=key,
        event=event,
        mode=mode,
        cameo=cameo,
        cameo_label=cell["cameo_label"],
        quad=quad,
        goldstein=goldstein,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        acled_state_sub_event_type=state_sub,
        contexts=contexts,
        description=cell["description"],
    )


def _int(value: str, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{column} {value!r} is not an integer") from None


def _goldstein(value: str) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"goldstein {value!r} is not a number") from None
    if not -10.0 <= number <= 10.0:
        raise ValueError(f"goldstein {number} is outside -10..10")
    return number


def _acled(cell: dict[str, str]) -> tuple[str | None, str | None, str | None]:
    event_type = cell["acled_event_type"] or None
    sub = cell["acled_sub_event_type"] or None
    state_sub = cell["acled_state_sub_event_type"] or None
    if (event_type is None) != (sub is None):
        raise ValueError("acled_event_type and acled_sub_event_type must both be set or both be empty")
    if sub is not None:
        if sub not in ACLED_SUB_EVENT_TYPES:
            raise ValueError(f"acled_sub_event_type {sub!r} is not an ACLED sub-event type")
        if ACLED_SUB_EVENT_TYPES[sub] != event_type:
            raise ValueError(f"ACLED sub-event type {sub!r} belongs to {ACLED_SUB_EVENT_TYPES[sub]!r}, not {event_type!r}")
    if state_sub is not None:
        if event_type is None:
            raise ValueError("acled_state_sub_event_type needs an acled_event_type")
        if state_sub not in ACLED_SUB_EVENT_TYPES:
            raise ValueError(f"acled_state_sub_event_type {state_sub!r} is not an ACLED sub-event type")
        if ACLED_SUB_EVENT_TYPES[state_sub] != event_type:
            raise ValueError(f"acled_state_sub_event_type {state_sub!r} is not a sub-type of {event_type!r}")
    return event_type, sub, state_sub


def _contexts(value: str) -> tuple[str, ...]:
    contexts = tuple(item.strip() for item in value.split(";") if item.strip())
    unknown = [item for item in contexts if item not in PLOVER_CONTEXTS]
    if unknown:
        raise ValueError(f"unknown PLOVER context(s) {unknown}")
    if len(set(contexts)) != len(contexts):
        raise ValueError(f"repeated context in {value!r}")
    return contexts
