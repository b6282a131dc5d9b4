"""Score the PLOVER type of the main event on our written sentence set.

    python scripts/score_written_set.py [tests/data/event_type_sentences.tsv]

The set (event, trigger, sentence; 8 sentences per PLOVER type) was written blind to the coder;
see tests/test_events_written_set.py for its history. Prints the accuracy, the per-type counts
and every miss (gold -> predicted, trigger of the predicted main event, sentence).
"""
from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "event_type_sentences.tsv"


def main(argv: list[str] | None = None) -> int:
    import palmyra
    from palmyra.model import Article

    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    docs = list(palmyra.load().pipe([Article(id=f"s{i}", text=row["sentence"]) for i, row in enumerate(rows)]))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row, doc in zip(rows, docs, strict=True):
        main = max(doc.events, key=lambda e: e.confidence, default=None)
        got = main.event if main is not None else "NONE"
        total[row["event"]] += 1
        right[row["event"]] += got == row["event"]
        if got != row["event"]:
            trigger = main.event_text if main is not None else "-"
            print(f"{row['event']:>9} -> {got:<9} {trigger!r:<24} {row['sentence']}")
    print(f"accuracy {sum(right.values()) / len(rows):.3f} ({sum(right.values())}/{len(rows)})")
    print("  ".join(f"{event} {right[event]}/{total[event]}" for event in total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
