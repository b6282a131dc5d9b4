"""Event records and writers: hand-built events, no spaCy."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from palmyra.errors import UsageError
from palmyra.export import (
    CSV_COLUMNS,
    FORMATS,
    Writer,
    acled_interaction,
    event_to_record,
    write_events,
)
from palmyra.model import Actor, Article, ArticleDoc, Count, Event, Mention, Place, Size

# Written for these tests; the curly apostrophe checks that non-ASCII text is kept as is.
TEXT = (
    "Allied jets struck 9 armoured vehicles held by the rebels near Palmyra on Tuesday.\n"
    "Officials said Moscow\u2019s forces could move to the city."
)
SPEC_KEYS = [
    "id", "article_id", "event", "mode", "context", "cameo", "quad", "acled", "actor", "recipient",
    "location", "date", "date_end", "date_precision", "size", "factuality", "confidence", "event_text",
    "evidence", "mentions",
]  # fmt: skip


def span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def make_doc() -> ArticleDoc:
    doc = ArticleDoc(article=Article(id="doc-1", text=TEXT, published=dt.date(2024, 3, 8)), text=TEXT)
    first_end = TEXT.index("\n")
    strike_trigger = span("struck")
    jets, rebels, place, tanks = span("Allied jets"), span("the rebels"), span("Palmyra"), span("9 armoured vehicles")
    strike = Event(
        article_id="doc-1", concept="assault.aerial", event="ASSAULT", mode="aerial", cameo="195", quad=4,
        acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
        event_text="struck", trigger_start=strike_trigger[0], trigger_end=strike_trigger[1],
        sent_start=0, sent_end=first_end, context=["military"],
        actor=[Actor("Allied jets", *jets, code="USA", sector="MIL", kind=1)],
        recipient=[Actor("the rebels", *rebels, name="Free Army", code="SYR", sector="REB", wikidata="Q1"),
                   Actor("militias", 0, 0, code="IMG")],
        location=Place("Palmyra", *place, name="Tadmur", geonameid=163808, lat=34.5624, lon=38.2840,
                       country_code="SYR", admin1="Homs", feature_code="PPLA2", precision="city"),
        date=dt.date(2024, 3, 5), date_end=dt.date(2024, 3, 5), date_precision="day",
        size=Size(dead=2, counts=[Count(9, "armoured vehicles", "9 armoured vehicles", *tanks)]),
        confidence=0.87654, id="aaaaaaaaaaaaaaaa",
        mentions=[Mention("doc-1", 0, first_end), Mention("doc-1", 200, 250)],
    )  # fmt: skip
    move_trigger = span("move")
    moscow = span("Moscow\u2019s forces")
    move = Event(
        article_id="doc-1", concept="mobilize.troops", event="MOBILIZE", mode=None, cameo="154", quad=4,
        acled=None, event_text="move", trigger_start=move_trigger[0], trigger_end=move_trigger[1],
        sent_start=first_end + 1, sent_end=len(TEXT),
        actor=[Actor("Moscow\u2019s forces", *moscow, name="Russia", code="RUS", sector="MIL")],
        factuality="hypothetical", confidence=0.4, id="bbbbbbbbbbbbbbbb",
    )  # fmt: skip
    doc.events = [strike, move]
    return doc


@pytest.fixture
def records() -> list[dict]:
    doc = make_doc()
    return [event_to_record(event, doc) for event in doc.events]


def write(records: list[dict], fmt: str, **options: object) -> str:
    out = io.StringIO()
    writer = Writer(out, fmt, **options)
    for record in records:
        writer.write(record)
    writer.close()
    return out.getvalue()


def test_export_record_keys_follow_spec_order(records: list[dict]) -> None:
    strike, move = records
    assert list(strike) == SPEC_KEYS and list(move) == SPEC_KEYS
    assert list(strike["actor"][0]) == ["text", "name", "code", "sector", "wikidata", "start", "end"]
    assert list(strike["location"]) == ["text", "name", "geonameid", "lat", "lon", "country_code", "admin1",
                                        "admin2", "feature_code", "precision", "start", "end"]  # fmt: skip
    assert list(strike["size"]) == ["dead", "injured", "arrested", "counts"]
    assert strike["size"]["counts"] == [{"n": 9, "what": "armoured vehicles", "text": "9 armoured vehicles"}]
    assert list(strike["evidence"]) == ["sentence", "start", "end"]
    assert strike["acled"] == {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}


def test_export_record_values(records: list[dict]) -> None:
    strike, move = records
    assert (strike["date"], strike["date_end"], strike["date_precision"]) == ("2024-03-05", "2024-03-05", "day")
    assert strike["confidence"] == 0.877
    assert strike["mentions"] == [{"article_id": "doc-1", "start": 0, "end": TEXT.index("\n")},
                                  {"article_id": "doc-1", "start": 200, "end": 250}]  # fmt: skip
    assert (move["date"], move["date_end"], move["date_precision"]) == (None, None, None)
    assert move["location"] is None and move["acled"] is None and move["mode"] is None
    assert move["mentions"] == [{"article_id": "doc-1", "start": move["evidence"]["start"],
                                 "end": move["evidence"]["end"]}]  # fmt: skip
    json.dumps(records)  # every value is JSON-serialisable


def test_export_evidence_sentence_quotes_text(records: list[dict]) -> None:
    for record in records:
        evidence = record["evidence"]
        assert evidence["sentence"] == TEXT[evidence["start"] : evidence["end"]]
        assert record["event_text"] in evidence["sentence"]


def test_export_record_without_id_gets_content_hash() -> None:
    doc = make_doc()
    event = doc.events[0]
    event.id = ""
    first, second = event_to_record(event, doc)["id"], event_to_record(event, doc)["id"]
    assert first == second and len(first) == 16


def test_export_jsonl_one_object_per_line_non_ascii_kept(records: list[dict]) -> None:
    text = write(records, "jsonl")
    lines = text.splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == records
    assert "Moscow\u2019s" in text


def test_export_csv_header_and_rows(records: list[dict]) -> None:
    text = write(records, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0].split(",") == list(CSV_COLUMNS)
    assert list(CSV_COLUMNS[:9]) == ["id", "article_id", "event", "mode", "context", "cameo", "quad",
                                     "acled_event_type", "acled_sub_event_type"]  # fmt: skip
    strike, move = rows
    assert strike["actor_code"] == "USA" and strike["actor_text"] == "Allied jets"
    assert strike["recipients"] == "Free Army;militias" and strike["recipient_name"] == "Free Army"
    assert strike["counts"] == "9 armoured vehicles" and strike["dead"] == "2"
    assert strike["geonameid"] == "163808" and strike["location_precision"] == "city"
    assert strike["sentence"] == records[0]["evidence"]["sentence"]
    assert move["lat"] == "" and move["location_name"] == "" and move["date"] == ""
    assert move["factuality"] == "hypothetical"


def test_export_geojson_valid_and_omits_events_without_coordinates(records: list[dict]) -> None:
    collection = json.loads(write(records, "geojson"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.2840, 34.5624]}
    assert feature["properties"]["id"] == records[0]["id"]


@pytest.mark.parametrize("fmt", ["geojson", "jsonl", "csv", "acled", "plover", "table"])
def test_export_empty_input_is_valid(fmt: str) -> None:
    text = write([], fmt)
    if fmt == "geojson":
        assert json.loads(text) == {"type": "FeatureCollection", "features": []}
    elif fmt in ("jsonl", "plover"):
        assert text == ""
    else:
        assert len(text.splitlines()) == 1  # the header only


def test_export_acled_only_events_with_acled_type(records: list[dict]) -> None:
    rows = list(csv.DictReader(io.StringIO(write(records, "acled"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Air/drone strike"
    assert row["disorder_type"] == "Political violence"
    assert row["event_date"] == "2024-03-05" and row["year"] == "2024" and row["time_precision"] == "1"
    assert row["country"] == "Syria" and row["location"] == "Tadmur" and row["geo_precision"] == "1"
    assert row["actor1"] == "Allied jets" and row["inter1"] == "8"  # a foreign state's forces
    assert row["actor2"] == "Free Army" and row["assoc_actor_2"] == "militias" and row["inter2"] == "2"
    assert row["interaction"] == "28"
    assert row["fatalities"] == "2" and row["notes"] == records[0]["evidence"]["sentence"]
    assert row["event_id_cnty"].startswith("SYR")


def test_export_acled_leaves_out_what_did_not_happen(records: list[dict]) -> None:
    hypothetical = dict(records[0], factuality="hypothetical")
    assert write([hypothetical], "acled").count("\n") == 1  # header only


@pytest.mark.parametrize(("inter1", "inter2", "expected"), [(1, 2, 12), (2, 1, 12), (1, None, 10), (None, None, None)])
def test_export_acled_interaction(inter1: int | None, inter2: int | None, expected: int | None) -> None:
    assert acled_interaction(inter1, inter2) == expected


def test_export_plover_record_names(records: list[dict]) -> None:
    lines = [json.loads(line) for line in write(records, "plover").splitlines()]
    assert len(lines) == 2
    strike, move = lines
    for key in ("id", "date", "enddate", "source", "recipient", "event", "mode", "context", "event_text",
                "event_loc", "quad_code", "size", "text", "text_info"):  # fmt: skip
        assert key in strike
    assert strike["event"] == ["ASSAULT"] and strike["mode"] == "aerial" and strike["quad_code"] == 4
    assert strike["source"] == [{"code": "USA", "sector": "MIL", "actor_text": "Allied jets",
                                 "identifier_id": None, "identifier_text": None}]  # fmt: skip
    assert strike["recipient"][0]["identifier_id"] == "Q1"
    assert strike["event_loc"]["geonameid"] == 163808 and strike["event_loc"]["latitude"] == 34.5624
    assert strike["size"]["dead"] == 2
    assert move["event_loc"] is None and move["date"] is None


def test_export_table_one_line_plus_evidence_per_event(records: list[dict]) -> None:
    lines = write(records, "table", color=False).splitlines()
    assert len(lines) == 1 + 2 * 2
    header, strike, strike_evidence, move, _ = lines
    assert header.startswith("DATE")
    assert "2024-03-05" in strike and "ASSAULT/aerial" in strike and "Allied jets -> Free Army, militias" in strike
    assert "Tadmur" in strike and "9 armoured vehicles" in strike and '"struck"' in strike
    assert "hypothetical" in move and "Russia -> ?" in move
    assert strike_evidence.lstrip().startswith("[0:")
    assert "\x1b" not in "".join(lines)


def test_export_table_dims_evidence_when_colored(records: list[dict]) -> None:
    lines = write(records, "table", color=True).splitlines()
    assert lines[2].startswith("\x1b[2m") and lines[2].endswith("\x1b[0m")
    assert "\x1b" not in lines[1]


def test_export_write_events_counts_written(records: list[dict]) -> None:
    assert write_events(records, io.StringIO()) == 2
    assert write_events(records, io.StringIO(), "geojson") == 1
    assert write_events(records, io.StringIO(), "acled") == 1


def test_export_formats_and_bad_format() -> None:
    assert FORMATS == ("jsonl", "csv", "geojson", "acled", "plover", "table")
    with pytest.raises(UsageError):
        Writer(io.StringIO(), "xml")


def test_export_writer_closes_once_and_refuses_late_writes(records: list[dict]) -> None:
    out = io.StringIO()
    with Writer(out, "geojson") as writer:
        writer.write(records[0])
    writer.close()
    assert out.getvalue().endswith("\n]}\n") and out.getvalue().count("\n]}\n") == 1
    assert not out.closed
    with pytest.raises(ValueError):
        writer.write(records[0])
