"""The `palmyra` command contract (shared/spec/event-record.md): outputs, exit codes, skips.

Most tests run the command in-process with click's CliRunner on the session's Resources
(so spaCy loads once); two run the installed `palmyra` program in a subprocess.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from palmyra.cli import main

# The event record's keys, in the order of the contract.
SPEC_KEYS = [
    "id", "article_id", "event", "mode", "context", "cameo", "quad", "acled", "actor", "recipient",
    "location", "date", "date_end", "date_precision", "size", "factuality", "confidence",
    "event_text", "evidence", "mentions",
]  # fmt: skip
PUBLISHED = "2024-03-08"  # a Friday

STRIKE = """Russian jets bomb rebel arms depot near Idlib

Russian war planes have bombed a weapons depot held by rebel fighters near Idlib, a monitoring group said.

Russian war planes struck the depot near Idlib on Tuesday and destroyed 9 trucks, the monitor said.
"""
ARRESTS = "Police arrested 15 protesters in Nairobi on Monday."
SHELLING = "Rebels shelled the outskirts of Goma on Thursday, a local official said."


@pytest.fixture(autouse=True)
def session_resources(monkeypatch: pytest.MonkeyPatch, res: Any) -> None:  # noqa: ANN401
    """Every command in this module uses the test session's Resources (one spaCy load)."""
    import palmyra.pipeline
    import palmyra.resources

    monkeypatch.setattr(palmyra.resources, "default_resources", lambda: res)
    monkeypatch.setattr(palmyra.pipeline, "default_resources", lambda: res)


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def strike_file(tmp_path: Path) -> Path:
    path = tmp_path / "strike.txt"
    path.write_text(STRIKE, encoding="utf-8")
    return path


# --- extract: outputs ----------------------------------------------------------------------


def test_cli_extract_txt_writes_contract_records(strike_file: Path) -> None:
    result = invoke("extract", str(strike_file), "--published", PUBLISHED)
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert records
    for record in records:
        assert list(record) == SPEC_KEYS
        assert record["article_id"] == "strike.txt"
        assert record["evidence"]["sentence"] == STRIKE.rstrip("\n").replace("\n\n", "\n")[
            record["evidence"]["start"] : record["evidence"]["end"]
        ]
    strike = next(r for r in records if r["event"] == "ASSAULT")
    assert strike["date"] == "2024-03-05"
    assert "1 article(s) read, 0 skipped" in result.stderr


def test_cli_extract_lines_are_single_json_objects(strike_file: Path) -> None:
    result = invoke("extract", str(strike_file))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("fmt", ["csv", "geojson", "acled", "plover", "table"])
def test_cli_extract_formats(strike_file: Path, fmt: str) -> None:
    result = invoke("extract", str(strike_file), "--published", PUBLISHED, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "csv":
        rows = _csv_rows(out)
        assert rows and {"id", "event", "cameo", "lat", "lon", "date", "factuality", "sentence"} <= set(rows[0])
        assert any(row["event"] == "ASSAULT" and row["date"] == "2024-03-05" for row in rows)
    elif fmt == "geojson":
        collection = json.loads(out)
        assert collection["type"] == "FeatureCollection"
        [feature] = [f for f in collection["features"] if f["properties"]["event"] == "ASSAULT"]
        place = feature["properties"]["location"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
        assert place["name"] == "Idlib"
        assert list(feature["properties"]) == SPEC_KEYS
    elif fmt == "acled":
        rows = _csv_rows(out)
        assert rows
        strike = next(row for row in rows if row["sub_event_type"] == "Air/drone strike")
        assert strike["event_date"] == "2024-03-05"
        assert strike["event_type"] == "Explosions/Remote violence"
    elif fmt == "plover":
        records = jsonl(out)
        assert records
        assert all({"source", "recipient", "event", "event_loc", "text"} <= set(r) for r in records)
        assert any(r["event"] == ["ASSAULT"] and r["mode"] == "aerial" for r in records)
    else:
        assert "ASSAULT" in out
        assert "Russia" in out and "Idlib" in out


def test_cli_extract_output_file(strike_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "events.jsonl"
    target.parent.mkdir()
    result = invoke("extract", str(strike_file), "--published", PUBLISHED, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    records = jsonl(target.read_text(encoding="utf-8"))
    assert records and all(list(r) == SPEC_KEYS for r in records)


def test_cli_extract_stdin_text() -> None:
    result = invoke("extract", "-", "--published", PUBLISHED, input=ARRESTS + "\n")
    assert result.exit_code == 0, result.stderr
    [record] = jsonl(result.stdout)
    assert record["article_id"] == "stdin"
    assert record["event"] == "COERCE"
    assert record["date"] == "2024-03-04"


def test_cli_extract_stdin_jsonl() -> None:
    lines = [
        json.dumps({"id": "a1", "text": ARRESTS, "published": "2024-03-08"}),
        json.dumps({"id": "a2", "text": SHELLING, "published": "2024-03-08T10:00:00Z"}),
    ]
    result = invoke("extract", "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert [r["article_id"] for r in records] == ["a1", "a2"]
    assert [r["date"] for r in records] == ["2024-03-04", "2024-03-07"]


# --- extract: skips, warnings and exit codes --------------------------------------------------


def test_cli_extract_folder_with_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(ARRESTS, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"Police arrested caf\xe9 owners.\n")
    result = invoke("extract", str(folder), "--published", PUBLISHED)
    assert result.exit_code == 0
    assert [r["article_id"] for r in jsonl(result.stdout)] == ["good.txt"]
    assert "bad.txt" in result.stderr and "(bad-encoding)" in result.stderr
    assert "1 article(s) read, 1 skipped (bad-encoding 1)" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"  \n\n", "empty-text"),
        ("broken.jsonl", b'{"id": "x", "text": \n', "bad-json"),
        ("latin.txt", b"caf\xe9\n", "bad-encoding"),
        ("notes.docx", b"PK", "unsupported-type"),
    ],
)
def test_cli_extract_only_bad_input_exits_1(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = invoke("extract", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert name in result.stderr and f"({reason})" in result.stderr
    assert "0 article(s) read, 1 skipped" in result.stderr


def test_cli_extract_missing_file_exits_1(tmp_path: Path) -> None:
    result = invoke("extract", str(tmp_path / "nowhere.txt"))
    assert result.exit_code == 1
    assert "nowhere.txt (not-found)" in result.stderr


def test_cli_extract_bad_date_is_a_warning_not_a_skip(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"id": "w1", "text": ARRESTS, "published": "last Tuesday"}) + "\n", encoding="utf-8")
    result = invoke("extract", str(path), "--published", PUBLISHED)
    assert result.exit_code == 0
    [record] = jsonl(result.stdout)
    assert record["article_id"] == "w1"
    assert record["date"] == "2024-03-04"  # dated by --published
    assert "warning" in result.stderr and "(bad-date)" in result.stderr
    assert "skipped" not in result.stderr.split("palmyra: 1 article(s) read")[0]
    assert "1 article(s) read, 0 skipped, 1 warning(s) (bad-date 1)" in result.stderr


def test_cli_extract_stage_error_is_reported_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from palmyra.dates import DateResolver

    resolve = DateResolver.__call__

    def fail_on_bad(self: DateResolver, doc: Any) -> Any:  # noqa: ANN401
        if doc.id == "bad.txt":
            raise RuntimeError("injected failure")
        return resolve(self, doc)

    monkeypatch.setattr(DateResolver, "__call__", fail_on_bad)
    (tmp_path / "bad.txt").write_text(SHELLING, encoding="utf-8")
    (tmp_path / "good.txt").write_text(ARRESTS, encoding="utf-8")
    result = invoke("extract", str(tmp_path), "--published", PUBLISHED)
    assert result.exit_code == 0
    assert [r["article_id"] for r in jsonl(result.stdout)] == ["good.txt"]
    assert "bad.txt (stage-error)" in result.stderr
    assert "1 skipped (stage-error 1)" in result.stderr
    alone = invoke("extract", str(tmp_path / "bad.txt"))
    assert alone.exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "x.txt", "--format", "xml"], "'xml' is not one of"),
        (["extract", "x.txt", "--published", "16/12/2016"], "is not an ISO date"),
        (["extract", "x.txt", "--published", "2016-13-45"], "is not an ISO date"),
        (["extract"], "Missing argument"),
        (["extract", "x.txt", "--no-such-option"], "No such option"),
        (["no-such-command"], "No such command"),
    ],
)
def test_cli_bad_usage_exits_2(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


# --- info, evaluate, geoparse ----------------------------------------------------------------


def test_cli_info_lists_every_table(res: Any) -> None:  # noqa: ANN401
    result = invoke("info")
    assert result.exit_code == 0
    listed = dict(line.split(None, 1) for line in result.stdout.splitlines() if line.strip())
    from palmyra.resources import data_path

    tables = [p.name for p in data_path(".").iterdir() if p.is_file() and not p.name.startswith("README")]
    assert "ontology.csv" in tables and "triggers.tsv" in tables
    for name in ("palmyra", "spacy", res.spacy_package, *tables):
        assert name in listed, f"info does not list {name}"
        assert listed[name].strip() not in ("", "?", "not installed")


PLOVER_GOLD = [
    {
        "id": "p1",
        "text": "Russian war planes bombed a market in Saraqib on Tuesday.",
        "event": "ASSAULT",
        "mode": "aerial",
        "source": [{"actor_text": "Russian war planes", "code": "RUS", "sector": "MIL"}],
        "target": [],
    },
    {
        "id": "p2",
        "text": ARRESTS,
        "event": "COERCE",
        "mode": "arrest",
        "source": [{"actor_text": "Police", "code": "KEN", "sector": "COP"}],
        "target": [{"actor_text": "15 protesters", "code": "KEN", "sector": "CVL"}],
        "dead": None,
    },
]
CASE_GOLD = [
    {
        "id": "c1",
        "text": "Rebels shelled the outskirts of Goma on Thursday.",
        "acled_event_type": "Explosions/Remote violence",
        "acled_sub_event_type": "Shelling/artillery/missile attack",
        "label": "Shelling/artillery/missile attack",
        "label_set": "acled",
    },
    {
        "id": "c2",
        "text": "Police arrested 15 protesters in Nairobi on Monday.",
        "acled_event_type": "Strategic developments",
        "acled_sub_event_type": "Arrests",
        "label": "Arrests",
        "label_set": "acled",
    },
]


@pytest.fixture
def gold_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "plover_gsr.jsonl").write_text("".join(json.dumps(r) + "\n" for r in PLOVER_GOLD), encoding="utf-8")
    (folder / "case2021_dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in CASE_GOLD), encoding="utf-8")
    (folder / "README.md").write_text("not gold\n", encoding="utf-8")
    return folder


def test_cli_evaluate_prints_figures(gold_folder: Path) -> None:
    result = invoke("evaluate", str(gold_folder))
    assert result.exit_code == 0, result.stderr
    assert "plover_gsr (plover, 2 items" in result.stdout
    assert "case2021 (case2021, 2 items" in result.stdout
    assert "event_accuracy" in result.stdout
    assert "weighted_f1" in result.stdout


def test_cli_evaluate_json(gold_folder: Path) -> None:
    result = invoke("evaluate", str(gold_folder), "--json")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) == {"plover_gsr", "case2021"}
    assert scores["plover_gsr"]["format"] == "plover"
    assert scores["case2021"]["format"] == "case2021"
    assert scores["plover_gsr"]["n"] == 2
    accuracy = scores["plover_gsr"]["figures"]["event_accuracy"]
    assert 0.0 <= accuracy <= 1.0


def test_cli_evaluate_one_set_with_limit(gold_folder: Path) -> None:
    result = invoke("evaluate", str(gold_folder), "--set", "case2021", "--limit", "1", "--json")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert list(scores) == ["case2021"]
    assert scores["case2021"]["n"] == 1


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_cli_evaluate_without_gold_is_a_clear_error(tmp_path: Path, make: str) -> None:
    gold = tmp_path / "gold"
    if make == "empty":
        gold.mkdir()
    result = invoke("evaluate", str(gold))
    assert result.exit_code != 0
    assert result.stdout == ""
    assert str(gold) in result.stderr
    assert "Traceback" not in result.stderr


GEO_TEXT = "Rebels shelled Aleppo on Monday and then moved toward Damascus."


def test_cli_geoparse_finds_toponyms(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "g1", "text": GEO_TEXT}) + "\n", encoding="utf-8")
    result = invoke("geoparse", str(path))
    assert result.exit_code == 0, result.stderr
    [record] = jsonl(result.stdout)
    assert record["id"] == "g1"
    found = {GEO_TEXT[t["start"] : t["end"]]: t for t in record["toponyms"]}
    assert {"Aleppo", "Damascus"} <= set(found)
    assert all(t["lat"] is not None and t["country_code"] == "SYR" for t in found.values())
    keys = ["start", "end", "text", "name", "geonameid", "lat", "lon", "country_code", "feature_code", "score"]
    assert all(list(t) == keys for t in record["toponyms"])


def test_cli_geoparse_resolves_only_the_given_spans(tmp_path: Path) -> None:
    start = GEO_TEXT.index("Damascus")
    lines = [
        {"id": "g2", "text": GEO_TEXT, "toponyms": [{"start": start, "end": start + len("Damascus")}]},
        {"id": "g3", "text": GEO_TEXT, "toponyms": []},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = invoke("geoparse", str(path))
    assert result.exit_code == 0, result.stderr
    given, empty = jsonl(result.stdout)
    assert [(t["start"], t["end"], t["text"]) for t in given["toponyms"]] == [(start, start + 8, "Damascus")]
    assert given["toponyms"][0]["country_code"] == "SYR"
    assert empty == {"id": "g3", "toponyms": []}


def test_cli_geoparse_csv_toponyms_and_bad_spans(tmp_path: Path) -> None:
    start = GEO_TEXT.index("Aleppo")
    path = tmp_path / "docs.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "toponyms"])
        writer.writerow(["c1", GEO_TEXT, json.dumps([{"start": start, "end": start + 6}])])
        writer.writerow(["c2", GEO_TEXT, json.dumps([{"start": 5, "end": 500}])])
    result = invoke("geoparse", str(path))
    assert result.exit_code == 0
    [record] = jsonl(result.stdout)
    assert [t["text"] for t in record["toponyms"]] == ["Aleppo"]
    assert "(bad-json)" in result.stderr and "toponym 1" in result.stderr


# --- the installed program -----------------------------------------------------------------------


def _program() -> list[str]:
    script = Path(sys.executable).with_name("palmyra")
    return [str(script)] if script.exists() else [sys.executable, "-m", "palmyra.cli"]


def _run(args: list[str], *, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run(
        _program() + args, input=input, capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_cli_program_extracts_a_folder_and_stdin(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "strike.txt").write_text(STRIKE, encoding="utf-8")
    (folder / "empty.txt").write_text("\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    done = _run(["extract", str(folder), "-", "--published", PUBLISHED, "-o", str(out)], input=ARRESTS)
    assert done.returncode == 0, done.stderr
    assert "empty.txt (empty-text)" in done.stderr
    assert "2 article(s) read, 1 skipped (empty-text 1)" in done.stderr
    records = jsonl(out.read_text(encoding="utf-8"))
    assert {r["article_id"] for r in records} == {"strike.txt", "stdin"}
    assert all(list(r) == SPEC_KEYS for r in records)


def test_cli_program_bad_usage_exits_2() -> None:
    done = _run(["extract", "x.txt", "--format", "xml"])
    assert done.returncode == 2
    assert "'xml' is not one of" in done.stderr
