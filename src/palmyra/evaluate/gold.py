"""Readers for the public gold sets: one JSONL file in -> typed gold records out.

Each reader yields frozen dataclasses in file order. A line that is not a JSON
object, or lacks a field the format needs, raises ``PalmyraError`` naming the
file and the line. ``detect_format`` tells the formats apart by their fields
(then by the file name), so a renamed file still reads.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from ..errors import PalmyraError

FORMATS = ("plover", "petrarch", "case2021", "multicoped", "ipe_docs", "ipe_sents", "geo")
IPE_LABELS = ("kill", "arrest", "fail", "force", "any")
_IPE_FLAG_FIELDS = {"kill": "is_kill", "arrest": "is_arrest", "fail": "is_fail", "force": "is_force", "any": "is_any_action"}
_IPE_LABEL_NAMES = {"KILL": "kill", "ARREST": "arrest", "FAIL": "fail", "FORCE": "force", "ANY_ACTION": "any"}


@dataclass(frozen=True, slots=True)
class GoldActor:
    """One coded actor of a PLOVER gold record."""

    text: str
    code: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class PloverGold:
    """A PLOVER gold-standard sentence: one event with its mode, actors and casualties."""

    id: str
    text: str
    event: str
    mode: str | None
    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]
    dead: int | None = None
    injured: int | None = None
    location: str | None = None  # the place name the annotators gave, where they gave one

    @property
    def source_codes(self) -> frozenset[str]:
        return frozenset(actor.code for actor in self.source if actor.code)

    @property
    def target_codes(self) -> frozenset[str]:
        return frozenset(actor.code for actor in self.target if actor.code)

    @property
    def source_sectors(self) -> frozenset[tuple[str, str]]:
        """(code, sector) pairs of the source actors that carry a real sector."""
        return frozenset((a.code, a.sector) for a in self.source if a.code and _real_sector(a.sector))

    @property
    def target_sectors(self) -> frozenset[tuple[str, str]]:
        return frozenset((a.code, a.sector) for a in self.target if a.code and _real_sector(a.sector))


@dataclass(frozen=True, slots=True)
class PetrarchEvent:
    """One gold event of a PETRARCH2 sentence; codes as PETRARCH writes them ("USAGOV", "---LEG")."""

    source: str
    target: str
    cameo: str

    @property
    def root(self) -> str:
        return self.cameo[:2]


@dataclass(frozen=True, slots=True)
class PetrarchGold:
    """A PETRARCH2 validation sentence; ``events`` is empty when the sentence has no event."""

    id: str
    text: str
    date: dt.date | None
    events: tuple[PetrarchEvent, ...]


@dataclass(frozen=True, slots=True)
class CaseGold:
    """A CASE 2021 task 2 snippet. ``acled_sub_event_type`` is None for the non-ACLED (unseen_*) classes."""

    id: str
    text: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    label: str
    label_set: str


@dataclass(frozen=True, slots=True)
class CopedGold:
    """A Multi-CoPED sentence with its CAMEO 5-class label (0 neutral .. 4 material conflict)."""

    id: str
    text: str
    pentaclass: int


@dataclass(frozen=True, slots=True)
class IpeDoc:
    """An IndiaPoliceEvents article; ``labels`` is a subset of ``IPE_LABELS``; ``text`` is the repaired text."""

    doc_id: str
    date: dt.date | None
    text: str
    labels: frozenset[str]

    @property
    def id(self) -> str:
        return self.doc_id


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """A gold toponym: code-point offsets (end exclusive) and the gold point."""

    start: int
    end: int
    lat: float
    lon: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class GeoDoc:
    """A geoparsing gold document; only toponyms with a point and valid offsets are kept."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


GoldRecord = PloverGold | PetrarchGold | CaseGold | CopedGold | IpeDoc | GeoDoc


def _real_sector(sector: str | None) -> bool:
    return bool(sector) and sector != "***"


def _parse_date(value: Any) -> dt.date | None:
    """ISO dates ("2002-03-10") and PETRARCH's compact dates ("20080804"); anything else is None."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()[:10]
    if len(text) >= 8 and text[:8].isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _iter_json(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSONL file."""
    with path.open(encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise PalmyraError(f"{path}:{line_no} (bad-json): {e}") from e
            if not isinstance(row, dict):
                raise PalmyraError(f"{path}:{line_no} (bad-json): not a JSON object")
            yield line_no, row


def _field(row: dict[str, Any], name: str, path: Path, line_no: int) -> Any:
    if name not in row:
        raise PalmyraError(f"{path}:{line_no} (bad-gold): missing field '{name}'")
    return row[name]


def _actors(items: Any) -> tuple[GoldActor, ...]:
    return tuple(
        GoldActor(text=item.get("actor_text") or "", code=item.get("code"), sector=item.get("sector"))
        for item in items or ()
        if isinstance(item, dict)
    )


def read_plover(path: Path) -> Iterator[PloverGold]:
    """PLOVER gold-standard records (``plover_gsr.jsonl``)."""
    for line_no, row in _iter_json(path):
        yield PloverGold(
            id=str(_field(row, "id", path, line_no)),
            text=_field(row, "text", path, line_no),
            event=_field(row, "event", path, line_no),
            mode=row.get("mode") or None,
            source=_actors(row.get("source")),
            target=_actors(row.get("target")),
            dead=_opt_int(row.get("dead")),
            injured=_opt_int(row.get("injured")),
            location=_location_name(row.get("location")),
        )


def _location_name(value: Any) -> str | None:
    """The place name of a PLOVER record's ``location`` ({"name": ..., ...} or a plain string)."""
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() or None if isinstance(value, str) else None


def read_petrarch(path: Path) -> Iterator[PetrarchGold]:
    """PETRARCH2 validation sentences (``petrarch2_gsr.jsonl``)."""
    for line_no, row in _iter_json(path):
        events = tuple(
            PetrarchEvent(source=e.get("source") or "", target=e.get("target") or "", cameo=str(e.get("cameo") or ""))
            for e in _field(row, "events", path, line_no) or ()
        )
        yield PetrarchGold(
            id=str(_field(row, "id", path, line_no)),
            text=_field(row, "text", path, line_no),
            date=_parse_date(row.get("date")),
            events=events,
        )


def read_case2021(path: Path) -> Iterator[CaseGold]:
    """CASE 2021 task 2 snippets (``case2021_dev.jsonl``)."""
    for line_no, row in _iter_json(path):
        yield CaseGold(
            id=str(_field(row, "id", path, line_no)),
            text=_field(row, "text", path, line_no),
            acled_event_type=row.get("acled_event_type") or None,
            acled_sub_event_type=row.get("acled_sub_event_type") or None,
            label=row.get("label") or "",
            label_set=row.get("label_set") or "",
        )


def read_multicoped(path: Path) -> Iterator[CopedGold]:
    """Multi-CoPED sentences (``multicoped_dev.jsonl``)."""
    for line_no, row in _iter_json(path):
        label = _field(row, "pentaclass", path, line_no)
        if not isinstance(label, int) or not 0 <= label <= 4:
            raise PalmyraError(f"{path}:{line_no} (bad-gold): pentaclass {label!r} is not 0..4")
        yield CopedGold(id=str(_field(row, "id", path, line_no)), text=_field(row, "text", path, line_no), pentaclass=label)


def _ipe_labels(row: dict[str, Any]) -> frozenset[str]:
    """Labels from the ``is_*`` flags, else from the ``labels`` list."""
    if any(field in row for field in _IPE_FLAG_FIELDS.values()):
        return frozenset(label for label, field in _IPE_FLAG_FIELDS.items() if row.get(field))
    return frozenset(_IPE_LABEL_NAMES[name] for name in row.get("labels") or () if name in _IPE_LABEL_NAMES)


def _ipe_text(row: dict[str, Any], path: Path, line_no: int) -> str:
    """The mojibake-repaired ``text_ftfy`` when present, else ``text``."""
    text = row.get("text_ftfy")
    return text if isinstance(text, str) else _field(row, "text", path, line_no)


def read_ipe_docs(path: Path) -> Iterator[IpeDoc]:
    """IndiaPoliceEvents articles with doc-level labels (``ipe_docs_dev.jsonl``)."""
    for line_no, row in _iter_json(path):
        yield IpeDoc(
            doc_id=str(_field(row, "doc_id", path, line_no)),
            date=_parse_date(row.get("date")),
            text=_ipe_text(row, path, line_no),
            labels=_ipe_labels(row),
        )


def read_ipe_sents(path: Path) -> Iterator[IpeDoc]:
    """IndiaPoliceEvents sentences joined back into articles; a doc has every label any of its sentences has.

    Sentences of one doc must be consecutive (as in the published file); they are
    ordered by ``sent_id``. The sentence file carries no date.
    """
    rows = ((str(_field(row, "doc_id", path, n)), n, row) for n, row in _iter_json(path))
    for doc_id, group in groupby(rows, key=lambda item: item[0]):
        sents = sorted(group, key=lambda item: item[2].get("sent_id", 0))
        yield IpeDoc(
            doc_id=doc_id,
            date=None,
            text="".join(_ipe_text(row, path, n) for _, n, row in sents),
            labels=frozenset().union(*(_ipe_labels(row) for _, _, row in sents)),
        )


def read_geo(path: Path) -> Iterator[GeoDoc]:
    """Geoparsing gold documents (``geo/*_dev.jsonl``); toponyms without a point or with bad offsets are dropped."""
    for line_no, row in _iter_json(path):
        toponyms = tuple(
            GoldToponym(start=t["start"], end=t["end"], lat=float(t["lat"]), lon=float(t["lon"]), text=t.get("surface") or "")
            for t in _field(row, "toponyms", path, line_no) or ()
            if t.get("lat") is not None and t.get("lon") is not None and t.get("offset_ok", True)
        )
        yield GeoDoc(id=str(_field(row, "id", path, line_no)), text=_field(row, "text", path, line_no), toponyms=toponyms)


READERS: dict[str, Callable[[Path], Iterator[Any]]] = {
    "plover": read_plover,
    "petrarch": read_petrarch,
    "case2021": read_case2021,
    "multicoped": read_multicoped,
    "ipe_docs": read_ipe_docs,
    "ipe_sents": read_ipe_sents,
    "geo": read_geo,
}


def _format_from_fields(row: dict[str, Any]) -> str | None:
    if "pentaclass" in row:
        return "multicoped"
    if "acled_sub_event_type" in row:
        return "case2021"
    if "toponyms" in row:
        return "geo"
    if "doc_id" in row:
        return "ipe_sents" if "sent_id" in row else "ipe_docs"
    if isinstance(row.get("events"), list):
        return "petrarch"
    if isinstance(row.get("event"), str) and "source" in row:
        return "plover"
    return None


_NAME_HINTS = (
    ("plover", "plover"),
    ("petrarch", "petrarch"),
    ("case20", "case2021"),
    ("coped", "multicoped"),
    ("ipe_doc", "ipe_docs"),
    ("ipe_sent", "ipe_sents"),
    ("geowebnews", "geo"),
    ("lgl", "geo"),
    ("trnews", "geo"),
    ("geovirus", "geo"),
)


def _format_from_name(path: Path) -> str | None:
    name = path.name.lower()
    return next((fmt for hint, fmt in _NAME_HINTS if hint in name), None)


def detect_format(path: Path) -> str:
    """Which gold format a JSONL file holds (one of ``FORMATS``): by the fields of its first record, else by its name."""
    path = Path(path)
    first = next(_iter_json(path), None) if path.is_file() else None
    fmt = _format_from_fields(first[1]) if first else None
    fmt = fmt or _format_from_name(path)
    if fmt is None:
        raise PalmyraError(f"{path}: not a gold format Palmyra knows ({', '.join(FORMATS)})")
    return fmt


def read_gold(path: Path, fmt: str | None = None) -> Iterator[GoldRecord]:
    """Gold records of any known format; ``fmt`` defaults to ``detect_format(path)``."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt not in READERS:
        raise PalmyraError(f"unknown gold format '{fmt}' (known: {', '.join(FORMATS)})")
    return READERS[fmt](path)
