"""Check extract output against an "expected events" file (``shared/seed/palmyra.expected.json``).

The file lists ``must`` items, each of which has to match exactly one output event,
and ``must_not`` items, which must match none. An item matches an event when every
field it lists holds (fields it leaves out are free):

- ``event``, ``mode``, ``cameo``, ``factuality``, ``acled_sub_event_type``: the event's
  value is one of the ``|``-separated alternatives (case-insensitive);
- ``actor_code``, ``actor_name``, ``actor_sector``: one actor of the event has all the
  ``actor_*`` values listed (names with ``|`` alternatives);
- ``recipient_name``: one recipient has one of the names; ``recipient_text_contains``:
  one recipient's text contains the string;
- ``location``: ``{"lat", "lon", "km_radius", "or_null"}``: the event's place lies within
  ``km_radius`` km of the point; ``or_null: true`` also accepts an event without a place;
- ``date``: the event's date is that day; ``date_within [a, b]``: the event's interval
  (``date`` .. ``date_end``) lies inside ``[a, b]``;
- ``count``: ``{"n", "what"}``: a ``size.counts`` entry has that ``n`` and ``what`` among
  the words of its noun.

Only the standard library is used, so ``scripts/check_expected.py`` runs without the
project installed.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EARTH_RADIUS_KM = 6371.0088
ACTOR_FIELDS = {"actor_code": "code", "actor_name": "name", "actor_sector": "sector"}
IGNORED_KEYS = frozenset({"name", "note", "notes", "comment"})

Record = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of one expected item.

    kind: ``must`` or ``must_not``; status: ``OK``, ``MISSING``, ``DUPLICATED`` or ``VIOLATED``;
    matches: indices (into the records) of the events the item matched;
    closest: for a MISSING item, the index of the event that failed the fewest fields, and
    those fields.
    """

    kind: str
    name: str
    status: str
    matches: tuple[int, ...] = ()
    closest: int | None = None
    failed_fields: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.status == "OK"

    def line(self) -> str:
        """One line for the terminal: status, kind and the item's name."""
        status = self.status
        if status in ("DUPLICATED", "VIOLATED"):
            status = f"{status} ({len(self.matches)} matches)"
        text = f"{status:<25} {self.kind:<8} {self.name}"
        if self.status == "MISSING" and self.closest is not None:
            text += f"  [closest: event #{self.closest + 1}, fails {', '.join(self.failed_fields)}]"
        return text


def check(records: Sequence[Record], expected: Mapping[str, Any]) -> list[Result]:
    """Check event records (the extract JSONL contract) against an expected-events dict.

    Raises ValueError on an item with a field this checker does not know (a typo would
    otherwise make the item match too much).
    """
    results = []
    for number, item in enumerate(expected.get("must", []), start=1):
        results.append(_check_item("must", item, number, records, want_one=True))
    for number, item in enumerate(expected.get("must_not", []), start=1):
        results.append(_check_item("must_not", item, number, records, want_one=False))
    return results


def summary(results: Sequence[Result]) -> str:
    """``N passed, M failed``."""
    passed = sum(result.ok for result in results)
    return f"{passed} passed, {len(results) - passed} failed"


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Event records of a JSONL file (blank lines ignored)."""
    with Path(path).open(encoding="utf-8") as handle:
        return read_records(handle)


def read_records(lines: Iterable[str]) -> list[dict[str, Any]]:
    """Event records of JSONL lines; raises ValueError naming the line of bad JSON."""
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ValueError(f"line {number}: not JSON ({e.msg})") from e
    return records


# -- one item ------------------------------------------------------------------


def _check_item(kind: str, item: Mapping[str, Any], number: int, records: Sequence[Record], *, want_one: bool) -> Result:
    tests = _tests(item)
    name = str(item.get("name") or f"{kind} item {number}")
    failures = [[label for label, test in tests if not test(record)] for record in records]
    matches = tuple(i for i, failed in enumerate(failures) if not failed)
    if not want_one:
        return Result(kind, name, "VIOLATED" if matches else "OK", matches)
    if len(matches) == 1:
        return Result(kind, name, "OK", matches)
    if matches:
        return Result(kind, name, "DUPLICATED", matches)
    if not records:
        return Result(kind, name, "MISSING")
    closest = min(range(len(records)), key=lambda i: len(failures[i]))
    return Result(kind, name, "MISSING", (), closest, tuple(failures[closest]))


Test = Callable[[Record], bool]


def _tests(item: Mapping[str, Any]) -> list[tuple[str, Test]]:
    """One (field name, predicate) per constraint of the item."""
    tests: list[tuple[str, Test]] = []
    unknown = [key for key in item if key not in _BUILDERS and key not in ACTOR_FIELDS and key not in IGNORED_KEYS]
    if unknown:
        raise ValueError(f"unknown field(s) in expected item '{item.get('name') or 'unnamed'}': {', '.join(unknown)}")
    actor_wanted = {ACTOR_FIELDS[key]: _alternatives(item[key]) for key in ACTOR_FIELDS if key in item}
    if actor_wanted:
        tests.append(("/".join(k for k in ACTOR_FIELDS if k in item), _actor_test(actor_wanted)))
    for key, builder in _BUILDERS.items():
        if key in item:
            tests.append((key, builder(item[key])))
    return tests


def _alternatives(value: Any) -> frozenset[str]:
    return frozenset(part.strip().casefold() for part in str(value).split("|"))


def _norm(value: Any) -> str | None:
    return None if value is None else str(value).casefold()


def _field_test(path: Sequence[str]) -> Callable[[Any], Test]:
    def build(value: Any) -> Test:
        wanted = _alternatives(value)

        def test(record: Record) -> bool:
            found: Any = record
            for key in path:
                found = found.get(key) if isinstance(found, Mapping) else None
            return _norm(found) in wanted

        return test

    return build


def _actor_test(wanted: Mapping[str, frozenset[str]]) -> Test:
    def test(record: Record) -> bool:
        return any(all(_norm(actor.get(key)) in values for key, values in wanted.items()) for actor in record.get("actor") or ())

    return test


def _recipient_name(value: Any) -> Test:
    wanted = _alternatives(value)
    return lambda record: any(_norm(r.get("name")) in wanted for r in record.get("recipient") or ())


def _recipient_text(value: Any) -> Test:
    needle = str(value).casefold()
    return lambda record: any(needle in (r.get("text") or "").casefold() for r in record.get("recipient") or ())


def _location(value: Mapping[str, Any]) -> Test:
    lat, lon = float(value["lat"]), float(value["lon"])
    radius = float(value.get("km_radius", 25))
    or_null = bool(value.get("or_null", False))

    def test(record: Record) -> bool:
        place = record.get("location")
        if not place or place.get("lat") is None or place.get("lon") is None:
            return or_null
        return distance_km(lat, lon, float(place["lat"]), float(place["lon"])) <= radius

    return test


def _date(value: str) -> Test:
    return lambda record: record.get("date") == value


def _date_within(value: Sequence[str]) -> Test:
    first, last = value

    def test(record: Record) -> bool:
        start = record.get("date")
        end = record.get("date_end") or start
        return start is not None and first <= start and end <= last  # ISO dates order as strings

    return test


def _count(value: Mapping[str, Any]) -> Test:
    n = int(value["n"])
    word = str(value.get("what", "")).casefold()

    def test(record: Record) -> bool:
        counts = (record.get("size") or {}).get("counts") or ()
        return any(c.get("n") == n and (not word or word in _words(c.get("what"))) for c in counts)

    return test


def _words(text: Any) -> list[str]:
    return re.findall(r"\w+", str(text or "").casefold())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


_BUILDERS: dict[str, Callable[[Any], Test]] = {
    "event": _field_test(("event",)),
    "mode": _field_test(("mode",)),
    "cameo": _field_test(("cameo",)),
    "factuality": _field_test(("factuality",)),
    "acled_sub_event_type": _field_test(("acled", "sub_event_type")),
    "recipient_name": _recipient_name,
    "recipient_text_contains": _recipient_text,
    "location": _location,
    "date": _date,
    "date_within": _date_within,
    "count": _count,
}

__all__ = ["Result", "check", "distance_km", "load_records", "read_records", "summary"]
