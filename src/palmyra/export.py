"""Event records and the writers that stream them out.

``event_to_record`` turns a finished Event into the JSON record of the output
contract (the "Event record" of the event-record spec); every writer reads only
such records, so the CLI, the store and the tests share one shape.

Formats (``FORMATS``):

- ``jsonl``: one record per line (the contract);
- ``csv``: the record flattened, one row per event;
- ``geojson``: a FeatureCollection of the events that have coordinates;
- ``acled``: ACLED's column layout (a subset), events with an ACLED type that
  are reported as having happened;
- ``plover``: one PLOVER JSON record per line, with PLOVER's field names;
- ``table``: a fixed-width summary for the terminal, with a dim evidence line.

Every writer streams: ``Writer(out, fmt)``, then ``.write(record)`` per event
and ``.close()`` once (it writes a footer where the format has one and does not
close ``out``).
"""
from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from .errors import UsageError
from .model import ArticleDoc, Event, Mention

FORMATS = ("jsonl", "csv", "geojson", "acled", "plover", "table")

RECORD_KEYS = (
    "id",
    "article_id",
    "event",
    "mode",
    "context",
    "cameo",
    "quad",
    "acled",
    "actor",
    "recipient",
    "location",
    "date",
    "date_end",
    "date_precision",
    "size",
    "factuality",
    "confidence",
    "event_text",
    "evidence",
    "mentions",
)


def event_to_record(event: Event, doc: ArticleDoc) -> dict[str, Any]:
    """The contract's JSON record of ``event``; evidence quotes ``doc.text``."""
    mentions = event.mentions or [Mention(event.article_id, event.sent_start, event.sent_end)]
    date_end = event.date_end or event.date
    return {
        "id": event.id or _fallback_id(event),
        "article_id": event.article_id,
        "event": event.event,
        "mode": event.mode or None,
        "context": list(event.context),
        "cameo": event.cameo,
        "quad": event.quad,
        "acled": _acled(event.acled),
        "actor": [actor.to_dict() for actor in event.actor],
        "recipient": [actor.to_dict() for actor in event.recipient],
        "location": event.location.to_dict() if event.location is not None else None,
        "date": event.date.isoformat() if event.date is not None else None,
        "date_end": date_end.isoformat() if date_end is not None else None,
        "date_precision": event.date_precision if event.date is not None else None,
        "size": event.size.to_dict(),
        "factuality": event.factuality,
        "confidence": round(float(event.confidence), 3),
        "event_text": event.event_text,
        "evidence": {
            "sentence": doc.text[event.sent_start : event.sent_end],
            "start": event.sent_start,
            "end": event.sent_end,
        },
        "mentions": [mention.to_dict() for mention in mentions],
    }


def _acled(acled: dict[str, str] | None) -> dict[str, str | None] | None:
    if not acled or not acled.get("event_type"):
        return None
    return {"event_type": acled["event_type"], "sub_event_type": acled.get("sub_event_type")}


def _fallback_id(event: Event) -> str:
    """The dedup stage's id, for pipelines run without it."""
    from .dedup import event_id

    return event_id(event.article_id, event)


# -- the streaming writer -----------------------------------------------------


class Writer:
    """Stream records to ``out`` in one of ``FORMATS``.

    color: dim the evidence line of ``table`` (default: when ``out`` is a terminal).
    """

    def __init__(self, out: TextIO, fmt: str = "jsonl", *, color: bool | None = None) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
        self.out = out
        self.fmt = fmt
        self.written = 0
        self.closed = False
        if color is None:
            color = bool(getattr(out, "isatty", lambda: False)())
        self._sink = _SINKS[fmt](out, color=color)

    def write(self, record: dict[str, Any]) -> bool:
        """Write one record; False when the format leaves it out (no coordinates, no ACLED type)."""
        if self.closed:
            raise ValueError("write to a closed Writer")
        written = self._sink.write(record)
        self.written += written
        return written

    def close(self) -> None:
        """Finish the output (footer, flush); ``out`` itself stays open."""
        if not self.closed:
            self._sink.close()
            self.out.flush()
            self.closed = True

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_events(records: Iterable[dict[str, Any]], out: TextIO, fmt: str = "jsonl") -> int:
    """Write every record to ``out``; returns how many were written."""
    with Writer(out, fmt) as writer:
        for record in records:
            writer.write(record)
    return writer.written


class _Sink:
    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        self.out = out
        self.color = color

    def write(self, record: dict[str, Any]) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- jsonl --------------------------------------------------------------------


class _JsonlSink(_Sink):
    def write(self, record: dict[str, Any]) -> bool:
        self.out.write(_dumps(record) + "\n")
        return True


# -- csv ----------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "article_id", "event", "mode", "context", "cameo", "quad",
    "acled_event_type", "acled_sub_event_type",
    "actor_name", "actor_code", "actor_sector", "actor_text", "actors",
    "recipient_name", "recipient_code", "recipient_sector", "recipient_text", "recipients",
    "location_name", "geonameid", "lat", "lon", "country_code", "admin1", "location_precision",
    "date", "date_end", "date_precision",
    "dead", "injured", "arrested", "counts",
    "factuality", "confidence", "event_text", "sentence", "start", "end",
)  # fmt: skip


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """The record flattened to ``CSV_COLUMNS``; lists are joined with ';', null is empty."""
    acled = record.get("acled") or {}
    place = record.get("location") or {}
    size = record.get("size") or {}
    evidence = record.get("evidence") or {}
    row: dict[str, Any] = {
        "id": record["id"],
        "article_id": record["article_id"],
        "event": record["event"],
        "mode": record.get("mode"),
        "context": ";".join(record.get("context") or ()),
        "cameo": record.get("cameo"),
        "quad": record.get("quad"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        **_side_columns("actor", record.get("actor") or [], "actors"),
        **_side_columns("recipient", record.get("recipient") or [], "recipients"),
        "location_name": place.get("name") or place.get("text"),
        "geonameid": place.get("geonameid"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "country_code": place.get("country_code"),
        "admin1": place.get("admin1"),
        "location_precision": place.get("precision"),
        "date": record.get("date"),
        "date_end": record.get("date_end"),
        "date_precision": record.get("date_precision"),
        "dead": size.get("dead"),
        "injured": size.get("injured"),
        "arrested": size.get("arrested"),
        "counts": ";".join(_count_text(count) for count in size.get("counts") or ()),
        "factuality": record.get("factuality"),
        "confidence": record.get("confidence"),
        "event_text": record.get("event_text"),
        "sentence": evidence.get("sentence"),
        "start": evidence.get("start"),
        "end": evidence.get("end"),
    }
    return {column: "" if row[column] is None else row[column] for column in CSV_COLUMNS}


def _side_columns(prefix: str, actors: list[dict[str, Any]], joined: str) -> dict[str, Any]:
    first = actors[0] if actors else {}
    return {
        f"{prefix}_name": first.get("name"),
        f"{prefix}_code": first.get("code"),
        f"{prefix}_sector": first.get("sector"),
        f"{prefix}_text": first.get("text"),
        joined: ";".join(_actor_label(actor) for actor in actors),
    }


def _actor_label(actor: dict[str, Any]) -> str:
    return actor.get("name") or actor.get("text") or ""


def _count_text(count: dict[str, Any]) -> str:
    return f"{count.get('n')} {count.get('what')}"


class _CsvSink(_Sink):
    columns: tuple[str, ...] = CSV_COLUMNS

    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        super().__init__(out, color=color)
        self.writer = csv.DictWriter(out, fieldnames=self.columns, lineterminator="\n")
        self.writer.writeheader()

    def row(self, record: dict[str, Any]) -> dict[str, Any] | None:
        return csv_row(record)

    def write(self, record: dict[str, Any]) -> bool:
        row = self.row(record)
        if row is None:
            return False
        self.writer.writerow(row)
        return True


# -- geojson ------------------------------------------------------------------


def geojson_feature(record: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature for the record, or None when it has no coordinates."""
    place = record.get("location") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    return {
        "type": "Feature",
        "id": record["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
        "properties": record,
    }


class _GeoJsonSink(_Sink):
    """Header, then features separated by commas as they come, then the footer."""

    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        super().__init__(out, color=color)
        self.first = True
        out.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, record: dict[str, Any]) -> bool:
        feature = geojson_feature(record)
        if feature is None:
            return False
        self.out.write(("" if self.first else ",\n") + _dumps(feature))
        self.first = False
        return True

    def close(self) -> None:
        self.out.write("\n]}\n")


# -- acled --------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
)  # fmt: skip

# ACLED codebook: time precision 1 exact day, 2 week (or a few days), 3 month or coarser.
# The publication-date fallback means "on or shortly before the report": coded 2.
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "publication": 2, "month": 3, "year": 3}
# Geo precision 1 the town itself, 2 near a town or part of a region, 3 a larger region.
ACLED_GEO_PRECISION = {"site": 1, "city": 1, "district": 2, "province": 3, "country": 3}
# Only what is reported as having happened goes into an ACLED-style table.
ACLED_FACTUALITIES = frozenset({"asserted", "claimed", "historical"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
CIVILIAN_SECTORS = frozenset({"CVL", "JRN", "MED", "REF", "EDU", "HLH", "REL", "BUS", "LAB"})
NON_STATE_CODES = frozenset({"IGO", "UNO", "NGO", "IMG", "MNC"})


def acled_disorder_type(event_type: str, sub_event_type: str | None) -> str:
    """ACLED's disorder type for an event/sub-event type pair."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if event_type == "Protests":
        if sub_event_type == "Excessive force against protesters":
            return "Political violence; Demonstrations"
        return "Demonstrations"
    if event_type == "Riots" and sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return "Political violence"


def acled_inter(actor: dict[str, Any], *, country_code: str | None, event_type: str) -> int | None:
    """ACLED actor type (inter code) from a PLOVER code and sector.

    1 state forces in their own country, 2 rebel/militarised groups, 5 rioters,
    6 protesters, 7 civilians, 8 external/other forces (international
    organisations and state forces acting abroad); None when unknown.
    """
    code, sector = actor.get("code"), actor.get("sector")
    if code and code not in NON_STATE_CODES and sector in STATE_SECTORS:
        return 1 if country_code in (None, code) else 8
    if event_type == "Protests":
        return 6
    if event_type == "Riots":
        return 5
    if sector in CIVILIAN_SECTORS:
        return 7
    if code in {"IGO", "UNO"}:
        return 8
    if sector == "REB" or code == "IMG":
        return 2
    return None


def acled_row(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record in ACLED's column layout, or None when it has no ACLED type or did not happen."""
    acled = record.get("acled") or {}
    if not acled.get("event_type") or record.get("factuality") not in ACLED_FACTUALITIES:
        return None
    event_type, sub_event_type = acled["event_type"], acled.get("sub_event_type")
    place = record.get("location") or {}
    country_code = place.get("country_code")
    actors, recipients = record.get("actor") or [], record.get("recipient") or []
    inter1 = _first_inter(actors, country_code, event_type)
    inter2 = _first_inter(recipients, country_code, event_type)
    date = record.get("date")
    evidence = record.get("evidence") or {}
    size = record.get("size") or {}
    row = {
        "event_id_cnty": f"{country_code or 'XXX'}-{record['id']}",
        "event_date": date,
        "year": date[:4] if date else None,
        "time_precision": ACLED_TIME_PRECISION.get(record.get("date_precision") or "") if date else None,
        "disorder_type": acled_disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": _actor_label(actors[0]) if actors else None,
        "assoc_actor_1": "; ".join(_actor_label(actor) for actor in actors[1:]),
        "inter1": inter1,
        "actor2": _actor_label(recipients[0]) if recipients else None,
        "assoc_actor_2": "; ".join(_actor_label(actor) for actor in recipients[1:]),
        "inter2": inter2,
        "interaction": acled_interaction(inter1, inter2),
        "country": country_name(country_code),
        "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "location": place.get("name") or place.get("text"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geo_precision": ACLED_GEO_PRECISION.get(place.get("precision") or "") if place else None,
        "source": record.get("article_id"),
        "notes": evidence.get("sentence"),
        "fatalities": size.get("dead") or 0,
    }
    return {column: "" if row[column] is None else row[column] for column in ACLED_COLUMNS}


def _first_inter(actors: list[dict[str, Any]], country_code: str | None, event_type: str) -> int | None:
    return next(
        (i for actor in actors if (i := acled_inter(actor, country_code=country_code, event_type=event_type))),
        None,
    )


def acled_interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction: both inter codes, lower first; 10, 20, ... for one-sided events."""
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


@functools.lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    from .resources import default_resources

    entry = default_resources().gazetteer.country(code)
    return entry.name if entry is not None else code


def country_name(code: str | None) -> str | None:
    """English country name for an ISO alpha-3 code (GeoNames), else the code itself."""
    if not code:
        return None
    return _country_name(code)


class _AcledSink(_CsvSink):
    columns = ACLED_COLUMNS

    def row(self, record: dict[str, Any]) -> dict[str, Any] | None:
        return acled_row(record)


# -- plover -------------------------------------------------------------------


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record with PLOVER's JSON field names (PLOVER manual, "JSON Data Fields"):
    source/recipient actor objects, event as a list, event_loc with GeoNames names.
    ``factuality``, ``confidence`` and ``cameo`` are Palmyra's additions."""
    evidence = record.get("evidence") or {}
    place = record.get("location")
    size = record.get("size") or {}
    return {
        "id": record["id"],
        "date": record.get("date"),
        "enddate": record.get("date_end"),
        "source": [_plover_actor(actor) for actor in record.get("actor") or ()],
        "recipient": [_plover_actor(actor) for actor in record.get("recipient") or ()],
        "event": [record["event"]],
        "mode": record.get("mode"),
        "context": list(record.get("context") or ()),
        "event_text": [record["event_text"]] if record.get("event_text") else [],
        "event_loc": _plover_place(place) if place else None,
        "quad_code": record.get("quad"),
        "size": {
            "dead": size.get("dead"),
            "injured": size.get("injured"),
            "arrested": size.get("arrested"),
            "counts": list(size.get("counts") or ()),
        },
        "text": evidence.get("sentence"),
        "text_info": {"start": evidence.get("start"), "end": evidence.get("end")},
        "cite_info": {"citation": record.get("article_id")},
        "coder": _coder(),
        "cameo": record.get("cameo"),
        "factuality": record.get("factuality"),
        "confidence": record.get("confidence"),
    }


def _plover_actor(actor: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": actor.get("code"),
        "sector": actor.get("sector"),
        "actor_text": actor.get("text"),
        "identifier_id": actor.get("wikidata"),
        "identifier_text": actor.get("name"),
    }


def _plover_place(place: dict[str, Any]) -> dict[str, Any]:
    return {
        "geonameid": place.get("geonameid"),
        "name": place.get("name") or place.get("text"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "feature_code": place.get("feature_code"),
        "cc3": place.get("country_code"),
        "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "precision": place.get("precision"),
        "text": place.get("text"),
    }


@functools.lru_cache(maxsize=1)
def _coder() -> str:
    from . import __version__

    return f"palmyra {__version__}"


class _PloverSink(_Sink):
    def write(self, record: dict[str, Any]) -> bool:
        self.out.write(_dumps(plover_record(record)) + "\n")
        return True


# -- table --------------------------------------------------------------------

TABLE_WIDTHS = {"date": 11, "event": 22, "actors": 40, "location": 16, "factuality": 12, "counts": 28}
EVIDENCE_WIDTH = 150
DIM, RESET = "\x1b[2m", "\x1b[0m"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _side(actors: list[dict[str, Any]]) -> str:
    return ", ".join(_actor_label(actor) for actor in actors) or "?"


def table_lines(record: dict[str, Any]) -> tuple[str, str]:
    """The summary line and the evidence line of one record."""
    place = record.get("location") or {}
    size = record.get("size") or {}
    date = record.get("date") or "-"
    if record.get("date_precision") == "publication":
        date += "~"  # the publication date, not a date the text gives
    kind = record["event"] + (f"/{record['mode']}" if record.get("mode") else "")
    actors = f"{_side(record.get('actor') or [])} -> {_side(record.get('recipient') or [])}"
    counts = [f"{size[k]} {k}" for k in ("dead", "injured", "arrested") if size.get(k) is not None]
    counts += [count.get("text") or _count_text(count) for count in size.get("counts") or ()]
    cells = {
        "date": date,
        "event": kind,
        "actors": actors,
        "location": place.get("name") or place.get("text") or "-",
        "factuality": record.get("factuality") or "",
        "counts": "; ".join(counts) or "-",
    }
    line = " ".join(_clip(cells[name], width).ljust(width) for name, width in TABLE_WIDTHS.items())
    line += f' "{record.get("event_text") or ""}"'
    evidence = record.get("evidence") or {}
    where = f"[{evidence.get('start')}:{evidence.get('end')}]"
    return line.rstrip(), f"    {where} {_clip(evidence.get('sentence') or '', EVIDENCE_WIDTH)}"


class _TableSink(_Sink):
    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        super().__init__(out, color=color)
        header = " ".join(name.upper().ljust(width) for name, width in TABLE_WIDTHS.items()) + " TRIGGER"
        out.write(header + "\n")

    def write(self, record: dict[str, Any]) -> bool:
        line, evidence = table_lines(record)
        if self.color:
            evidence = f"{DIM}{evidence}{RESET}"
        self.out.write(f"{line}\n{evidence}\n")
        return True


_SINKS: dict[str, Callable[..., _Sink]] = {
    "jsonl": _JsonlSink,
    "csv": _CsvSink,
    "geojson": _GeoJsonSink,
    "acled": _AcledSink,
    "plover": _PloverSink,
    "table": _TableSink,
}
