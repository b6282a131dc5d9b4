"""The seed article must come out as its expected-events file says; and the checker itself.

The seed (shared/seed/palmyra.txt and palmyra.expected.json) lives beside the repository,
not in it: the seed test is skipped when it is absent. The checker tests use small
hand-written records.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from palmyra.evaluate.expected import Result, check, distance_km, read_records, summary

REPO = Path(__file__).parents[1]
SEED = REPO.parent / "shared" / "seed"
SEED_TEXT = SEED / "palmyra.txt"
SEED_EXPECTED = SEED / "palmyra.expected.json"


# --- the seed article ----------------------------------------------------------


def _seed_expected() -> dict[str, Any]:
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


def _seed_items() -> list[tuple[str, int]]:
    if not SEED_EXPECTED.is_file():
        return []
    expected = _seed_expected()
    return [(kind, i) for kind in ("must", "must_not") for i in range(len(expected.get(kind, [])))]


@pytest.fixture(scope="module")
def seed_results(pipeline) -> tuple[list[dict[str, Any]], list[Result]]:  # noqa: ANN001
    """The real pipeline's records for the seed article (ingested as the CLI does) and check() of them."""
    if not (SEED_TEXT.is_file() and SEED_EXPECTED.is_file()):
        pytest.skip(f"the seed is not here: {SEED} (shared/seed beside the repository)")
    from palmyra.export import event_to_record
    from palmyra.ingest import read_inputs
    from palmyra.model import Article

    expected = _seed_expected()
    published = dt.date.fromisoformat(expected["published"])
    articles = [item for item in read_inputs([str(SEED_TEXT)], published=published) if isinstance(item, Article)]
    assert len(articles) == 1
    records = [event_to_record(event, doc) for doc in pipeline.pipe(articles) for event in doc.events]
    return records, check(records, expected)


@pytest.mark.skipif(not SEED_EXPECTED.is_file(), reason=f"the seed is not here: {SEED}")
@pytest.mark.parametrize(("kind", "index"), _seed_items() or [("must", 0)])
def test_seed_expected_item(seed_results: tuple[list[dict[str, Any]], list[Result]], kind: str, index: int) -> None:
    records, results = seed_results
    name = _seed_expected()[kind][index].get("name", "")
    result = next(r for r in results if r.kind == kind and r.name == name)
    shown = result.matches or ((result.closest,) if result.closest is not None else ())
    details = "".join(f"\n  event #{i + 1}: {_describe(records[i])}" for i in shown)
    assert result.ok, result.line() + details


def _describe(record: dict[str, Any]) -> str:
    actors = ", ".join(a.get("name") or a.get("text") or "?" for a in record.get("actor") or ())
    return (
        f"{record['event']}/{record['mode']} {record['cameo']} {record['factuality']} {record['date']} [{actors}] "
        f"{record['evidence']['sentence'][:90]!r}"
    )


# --- check() on hand-written records ---------------------------------------------


def record(
    event: str = "ASSAULT",
    *,
    mode: str | None = "aerial",
    cameo: str = "195",
    actors: tuple[dict[str, Any], ...] = ({"text": "Russian jets", "name": "Russia", "code": "RUS", "sector": "MIL"},),
    recipients: tuple[dict[str, Any], ...] = (),
    location: tuple[float, float] | None = (35.93, 36.63),
    date: str | None = "2024-03-05",
    date_end: str | None = None,
    factuality: str = "asserted",
    counts: tuple[tuple[int, str], ...] = (),
    sub_event_type: str | None = "Air/drone strike",
) -> dict[str, Any]:
    """An event record with only the fields check() reads."""
    return {
        "event": event,
        "mode": mode,
        "cameo": cameo,
        "acled": {"event_type": "Explosions/Remote violence", "sub_event_type": sub_event_type} if sub_event_type else None,
        "actor": [dict(a) for a in actors],
        "recipient": [dict(r) for r in recipients],
        "location": None if location is None else {"text": "X", "lat": location[0], "lon": location[1]},
        "date": date,
        "date_end": date_end or date,
        "size": {"dead": None, "injured": None, "arrested": None, "counts": [{"n": n, "what": w, "text": f"{n} {w}"} for n, w in counts]},
        "factuality": factuality,
    }


STRIKE = {
    "name": "the strike",
    "event": "ASSAULT",
    "mode": "aerial",
    "cameo": "195",
    "acled_sub_event_type": "Air/drone strike",
    "actor_code": "RUS",
    "location": {"lat": 35.93, "lon": 36.63, "km_radius": 10},
    "date": "2024-03-05",
    "factuality": "asserted",
}


def statuses(results: list[Result]) -> list[str]:
    return [r.status for r in results]


def test_seed_check_one_match_passes() -> None:
    results = check([record(), record("MOBILIZE", mode="troops", cameo="154")], {"must": [STRIKE]})
    assert statuses(results) == ["OK"]
    assert results[0].matches == (0,)
    assert summary(results) == "1 passed, 0 failed"


def test_seed_check_duplicate_is_a_failure() -> None:
    results = check([record(), record()], {"must": [STRIKE]})
    assert statuses(results) == ["DUPLICATED"]
    assert not results[0].ok
    assert "DUPLICATED (2 matches)" in results[0].line()
    assert summary(results) == "0 passed, 1 failed"


def test_seed_check_missing_names_the_closest_event() -> None:
    results = check([record(date="2024-03-04"), record("PROTEST", mode=None, cameo="141")], {"must": [STRIKE]})
    assert statuses(results) == ["MISSING"]
    assert results[0].closest == 0
    assert results[0].failed_fields == ("date",)
    assert check([], {"must": [STRIKE]})[0].status == "MISSING"


def test_seed_check_must_not_match_is_a_failure() -> None:
    item = {"name": "no asserted deployment", "event": "MOBILIZE", "actor_code": "USA", "factuality": "asserted"}
    usa = ({"text": "US forces", "name": "United States", "code": "USA", "sector": "MIL"},)
    hypothetical = record("MOBILIZE", actors=usa, factuality="hypothetical")
    assert statuses(check([hypothetical], {"must_not": [item]})) == ["OK"]
    asserted = record("MOBILIZE", actors=usa)
    results = check([hypothetical, asserted], {"must_not": [item]})
    assert statuses(results) == ["VIOLATED"]
    assert results[0].matches == (1,)


@pytest.mark.parametrize(
    ("location", "or_null", "status"),
    [
        (None, True, "OK"),
        (None, False, "MISSING"),
        ((35.95, 36.65), True, "OK"),  # ~3 km away
        ((36.20, 37.16), True, "MISSING"),  # ~55 km away: a place, but the wrong one
    ],
)
def test_seed_check_location_or_null(location: tuple[float, float] | None, or_null: bool, status: str) -> None:
    item = {"event": "ASSAULT", "location": {"lat": 35.93, "lon": 36.63, "km_radius": 10, "or_null": or_null}}
    assert statuses(check([record(location=location)], {"must": [item]})) == [status]


@pytest.mark.parametrize(
    ("field", "value", "matches"),
    [
        ("event", "COERCE|ASSAULT", True),
        ("event", "COERCE", False),
        ("factuality", "historical|asserted", True),
        ("actor_name", "Islamic State|Russia", True),
        ("actor_name", "Islamic State", False),
        ("recipient_name", "ISIS|Islamic State", True),
        ("recipient_text_contains", "jihadi", True),
        ("recipient_text_contains", "Western", False),
        ("date_within", ["2024-03-01", "2024-03-07"], True),
        ("date_within", ["2024-03-06", "2024-03-07"], False),
        ("count", {"n": 9, "what": "trucks"}, True),
        ("count", {"n": 9, "what": "tanks"}, False),
        ("count", {"n": 8, "what": "trucks"}, False),
        ("acled_sub_event_type", "Shelling/artillery/missile attack", False),
    ],
)
def test_seed_check_field_semantics(field: str, value: Any, matches: bool) -> None:
    recipients = ({"text": "the jihadi group", "name": "Islamic State", "code": None, "sector": "REB"},)
    event = record(recipients=recipients, counts=((9, "armoured trucks"),))
    assert check([event], {"must": [{field: value}]})[0].ok is matches


def test_seed_check_actor_fields_hold_for_one_actor() -> None:
    actors = (
        {"text": "Syrian officials", "name": None, "code": "SYR", "sector": "GOV"},
        {"text": "Russian jets", "name": None, "code": "RUS", "sector": "MIL"},
    )
    event = record(actors=actors)
    assert check([event], {"must": [{"actor_code": "RUS", "actor_sector": "MIL"}]})[0].ok
    assert not check([event], {"must": [{"actor_code": "SYR", "actor_sector": "MIL"}]})[0].ok


def test_seed_check_date_within_needs_the_whole_interval() -> None:
    month = record(date="2024-02-01", date_end="2024-02-29")
    assert check([month], {"must": [{"date_within": ["2024-02-01", "2024-02-29"]}]})[0].ok
    assert not check([month], {"must": [{"date_within": ["2024-02-01", "2024-02-10"]}]})[0].ok
    assert not check([record(date=None)], {"must": [{"date_within": ["2024-02-01", "2024-02-10"]}]})[0].ok


def test_seed_check_unknown_field_is_an_error() -> None:
    with pytest.raises(ValueError, match="actr_code"):
        check([record()], {"must": [{"actr_code": "RUS"}]})


def test_seed_check_distance_km() -> None:
    assert distance_km(34.5624, 38.284, 34.5624, 38.284) == 0
    assert 60 < distance_km(34.5624, 38.284, 34.5225, 37.6297) < 62  # Palmyra to the T4 airbase


def test_seed_check_script_exit_codes(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(record()) + "\n\n", encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"must": [STRIKE]}), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"must": [STRIKE], "must_not": [{"name": "no strike", "event": "ASSAULT"}]}), encoding="utf-8")
    script = REPO / "scripts" / "check_expected.py"
    ok = subprocess.run([sys.executable, str(script), str(events), str(good)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1] == "1 passed, 0 failed"
    failed = subprocess.run([sys.executable, str(script), str(events), str(bad)], capture_output=True, text=True, check=False)
    assert failed.returncode == 1
    assert "VIOLATED (1 matches)" in failed.stdout
    assert failed.stdout.splitlines()[-1] == "1 passed, 1 failed"


def test_seed_check_read_records_names_a_bad_line() -> None:
    assert read_records(['{"event": "ASSAULT"}', "", "  "]) == [{"event": "ASSAULT"}]
    with pytest.raises(ValueError, match="line 2"):
        read_records(['{"event": "ASSAULT"}', "{oops"])
