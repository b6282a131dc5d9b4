"""Event types on a set of news sentences written blind to the coder (tests/data/event_type_sentences.tsv).

The 128 sentences (8 per PLOVER event type) were written by someone who had read only the
PLOVER definitions, never the lexicon or the coder, and each reports one clear, asserted main
event. Labels follow PLOVER's 2021 CAMEO crosswalk where a first reading differed: signing or
ratifying a treaty is SUPPORT (CAMEO 057), an apology SUPPORT (055). The first run, before any
change made with the set in view, scored 0.81 (the dev-tuned PLOVER gold records: 0.89), our
best estimate of how event typing generalises. A lexicon pass made with its misses in view
(phone calls, solidarity, backing down, alerts, asset freezes, ...) then brought it to 0.95, so it is no longer
blind: the floor below only guards against regressions.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from palmyra.model import Article

SET = Path(__file__).parent / "data" / "event_type_sentences.tsv"
PLOVER_EVENTS = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
)
MIN_ACCURACY = 0.90


def read_set() -> list[dict[str, str]]:
    with SET.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_events_written_set_schema() -> None:
    rows = read_set()
    assert len(rows) >= 120
    assert {row["event"] for row in rows} == set(PLOVER_EVENTS)
    assert all(row["trigger"] in row["sentence"] for row in rows)
    assert len({row["sentence"] for row in rows}) == len(rows)


@pytest.fixture(scope="module")
def predictions(pipeline) -> list[tuple[str, str]]:  # noqa: ANN001
    rows = read_set()
    docs = list(pipeline.pipe([Article(id=f"s{i}", text=row["sentence"]) for i, row in enumerate(rows)]))
    out = []
    for row, doc in zip(rows, docs, strict=True):
        main = max(doc.events, key=lambda e: e.confidence, default=None)
        out.append((row["event"], main.event if main is not None else "NONE"))
    return out


def test_events_written_set_accuracy(predictions: list[tuple[str, str]]) -> None:
    right = sum(gold == got for gold, got in predictions)
    confusions = Counter((gold, got) for gold, got in predictions if gold != got)
    assert right / len(predictions) >= MIN_ACCURACY, f"{right}/{len(predictions)}; confusions: {confusions.most_common(12)}"
