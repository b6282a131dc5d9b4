"""Throughput of the full Palmyra pipeline against plain spaCy, measured in the same run.

    python benchmarks/throughput.py [--path FILE] [--limit N] [--batch-size B] [--json]

Reads the IndiaPoliceEvents dev articles (default ../shared/gold/ipe_docs_dev.jsonl,
relative to the repository root; skipped with a message when absent) and times

- baseline: ``nlp.pipe(texts)`` with the same spaCy model package Palmyra loads;
- pipeline: ``palmyra.load().pipe(articles)`` (every stage, events exported nowhere).

Each measurement runs in a fresh Python subprocess, so its peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is its own and not the other's.
Loading the model and one warm-up call on a short sentence are timed apart
(``load s``); ``seconds`` covers only the processing of the articles. Machines
are noisy: compare the ratio to the baseline, not the absolute figures.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PATH = REPO.parent / "shared" / "gold" / "ipe_docs_dev.jsonl"
RUNS = ("baseline", "pipeline")
WARM_UP = "Police detained two men after a clash in the market on Monday."


def _peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _read_docs(path: Path, limit: int | None) -> list[Any]:
    from palmyra.evaluate.gold import read_ipe_docs

    return list(islice(read_ipe_docs(path), limit))


def _measure_baseline(docs: list[Any], batch_size: int) -> dict[str, Any]:
    import importlib

    from palmyra.resources import SPACY_PACKAGE

    start = time.perf_counter()
    nlp = importlib.import_module(SPACY_PACKAGE).load()
    nlp(WARM_UP)
    load_s = time.perf_counter() - start
    texts = [doc.text for doc in docs]
    start = time.perf_counter()
    processed = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
    return {"load_s": load_s, "seconds": time.perf_counter() - start, "processed": processed, "events": None}


def _measure_pipeline(docs: list[Any], batch_size: int) -> dict[str, Any]:
    import palmyra
    from palmyra.model import Article

    start = time.perf_counter()
    pipeline = palmyra.load()
    list(pipeline.pipe([Article(id="warm-up", text=WARM_UP)]))
    load_s = time.perf_counter() - start
    articles = [Article(id=doc.doc_id, text=doc.text, published=doc.date) for doc in docs]
    processed = events = 0
    start = time.perf_counter()
    for article_doc in pipeline.pipe(articles, batch_size=batch_size):
        processed += 1
        events += len(article_doc.events)
    return {"load_s": load_s, "seconds": time.perf_counter() - start, "processed": processed, "events": events}


def run_worker(run: str, path: Path, limit: int | None, batch_size: int) -> dict[str, Any]:
    """One measurement in this process; the parent starts one process per run."""
    docs = _read_docs(path, limit)
    measure = _measure_baseline if run == "baseline" else _measure_pipeline
    result = measure(docs, batch_size)
    seconds = result["seconds"]
    words = sum(len(doc.text.split()) for doc in docs)
    result.update(
        run=run,
        articles=len(docs),
        words=words,
        articles_per_s=len(docs) / seconds if seconds else None,
        words_per_s=words / seconds if seconds else None,
        peak_rss_mb=_peak_rss_mb(),
    )
    return result


def _spawn(run: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and read its JSON line."""
    command = [sys.executable, __file__, "--worker", run, "--path", str(args.path), "--batch-size", str(args.batch_size)]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no error output"])[-1]
        return {"run": run, "error": last}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _ratio(results: dict[str, dict[str, Any]]) -> float | None:
    """Pipeline articles/s divided by baseline articles/s (1.0 = as fast as plain spaCy)."""
    base = results.get("baseline", {}).get("articles_per_s")
    pipe = results.get("pipeline", {}).get("articles_per_s")
    return pipe / base if base and pipe else None


def _cell(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def format_table(results: dict[str, dict[str, Any]]) -> str:
    columns = ("run", "articles", "words", "load s", "seconds", "articles/s", "words/s", "peak RSS MB", "vs baseline")
    rows = []
    for run, r in results.items():
        if "error" in r:
            rows.append((run, f"failed: {r['error']}"))
            continue
        ratio = 1.0 if run == "baseline" else _ratio(results)
        rows.append(
            (
                run,
                _cell(r["articles"]),
                _cell(r["words"]),
                _cell(r["load_s"]),
                _cell(r["seconds"]),
                _cell(r["articles_per_s"]),
                _cell(r["words_per_s"], 0),
                _cell(r["peak_rss_mb"], 0),
                f"{ratio:.2f}x" if ratio is not None else "-",
            )
        )
    full = [row for row in rows if len(row) == len(columns)]
    widths = [max([len(columns[i])] + [len(row[i]) for row in full]) for i in range(len(columns))]
    lines = ["  ".join(name.rjust(width) for name, width in zip(columns, widths))]
    for row in rows:
        if len(row) == 2:
            lines.append(f"{row[0].rjust(widths[0])}  {row[1]}")
        else:
            lines.append("  ".join(cell.rjust(width) for cell, width in zip(row, widths)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help=f"IPE articles JSONL (default {DEFAULT_PATH})")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles (default all)")
    parser.add_argument("--batch-size", type=int, default=32, help="batch size for both runs (default 32)")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    parser.add_argument("--worker", choices=RUNS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not args.path.is_file():
        print(f"skipped: gold articles not found at {args.path} (the gold data is not part of the repository)")
        return 0
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.path, args.limit, args.batch_size)))
        return 0

    results = {run: _spawn(run, args) for run in RUNS}
    if args.json:
        print(json.dumps({"path": str(args.path), "limit": args.limit, "runs": results, "ratio": _ratio(results)}, indent=2))
    else:
        print(format_table(results))
        print("\nvs baseline: pipeline articles/s / plain spaCy nlp.pipe articles/s; each run in its own process.")
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
