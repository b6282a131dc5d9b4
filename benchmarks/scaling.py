"""How the pipeline's time grows with the length of one article (catches quadratic stages).

    python benchmarks/scaling.py [--sizes 250,500,1000,2000] [--json]

Builds articles of N paragraphs from the invented sample articles in
``src/palmyra/data/samples`` (their paragraphs repeated in turn, each copy with its own
number so that the cleaner keeps it), runs ``palmyra.load().pipe`` on each, and reports,
per size, seconds, milliseconds per paragraph and the growth exponent against the
previous size: ``log(t2 / t1) / log(n2 / n1)``, about 1 for a linear pipeline, 2 for a
quadratic one. spaCy itself is measured the same way as the baseline. A stage that
rescans the whole document for every event shows up as an exponent well above the
baseline's. Times are noisy: read the exponents, not the absolute figures.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "src" / "palmyra" / "data" / "samples"


def paragraphs() -> list[str]:
    """The paragraphs of the plain-text samples (headlines and bodies), in file order."""
    out: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        out += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 6]
    return out


def article_text(n: int, pool: list[str]) -> str:
    """n paragraphs; copy k of a paragraph names its day so no two are the same line."""
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    lines = []
    for i in range(n):
        base = pool[i % len(pool)]
        lines.append(f"{base} (Report {i + 1}, filed {days[i % 7]}.)")
    return "\n\n".join(lines)


def measure(sizes: list[int]) -> dict[str, Any]:
    import palmyra
    from palmyra.model import Article

    pipeline = palmyra.load()
    nlp = pipeline.res.nlp
    list(pipeline.pipe([Article(id="warm-up", text="Rebels shelled the town on Monday.")]))
    pool = paragraphs()
    rows = []
    for n in sizes:
        text = article_text(n, pool)
        start = time.perf_counter()
        nlp(text)
        spacy_s = time.perf_counter() - start
        start = time.perf_counter()
        docs = list(pipeline.pipe([Article(id=f"long-{n}", text=text)]))
        palmyra_s = time.perf_counter() - start
        rows.append({
            "paragraphs": n, "chars": len(text), "events": sum(len(d.events) for d in docs),
            "spacy_s": round(spacy_s, 2), "palmyra_s": round(palmyra_s, 2),
            "ms_per_paragraph": round(1000 * palmyra_s / n, 2),
        })
    for before, after in zip(rows, rows[1:]):
        scale = math.log(after["paragraphs"] / before["paragraphs"])
        after["spacy_exponent"] = round(math.log(after["spacy_s"] / before["spacy_s"]) / scale, 2)
        after["palmyra_exponent"] = round(math.log(after["palmyra_s"] / before["palmyra_s"]) / scale, 2)
    return {"rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="250,500,1000,2000", help="paragraph counts, comma-separated, rising")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    result = measure(sizes)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'paras':>6} {'chars':>9} {'events':>6} {'spaCy s':>8} {'Palmyra s':>9} {'ms/para':>8} {'exp spaCy':>9} {'exp Palmyra':>11}")
    for r in result["rows"]:
        print(
            f"{r['paragraphs']:>6} {r['chars']:>9} {r['events']:>6} {r['spacy_s']:>8} {r['palmyra_s']:>9} "
            f"{r['ms_per_paragraph']:>8} {r.get('spacy_exponent', ''):>9} {r.get('palmyra_exponent', ''):>11}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
