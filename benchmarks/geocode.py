"""Geocoding accuracy and speed on the geoparsing dev corpora.

    python benchmarks/geocode.py [--gold ../shared/gold/geo] [--sets lgl,trnews] [--limit N]
                                 [--cache DIR] [--json] [--errors N] [--ceiling]

For every ``*_dev.jsonl`` under ``--gold`` (skipped with a message when absent) it parses the
documents once with Palmyra's spaCy pipeline, then measures, per corpus:

- resolution (gold spans given, as ``palmyra geoparse`` does in resolution-only mode):
  acc@161km over all gold toponyms (unresolved spans count as misses), median and mean error
  in km over the resolved ones, and the share left unresolved;
- recognition (``geoparse_doc``, no spans given): precision, recall and F1 of exact spans,
  and acc@161km of the correctly found ones;
- speed: toponyms resolved per second on one core, excluding the spaCy parse (timed apart);
- with ``--ceiling``: the share of gold toponyms that some gazetteer candidate lies within
  161 km of (or that the fallbacks place right), the most any ranking could reach; the rest
  are names the gazetteer lacks or points the annotators chose by their own conventions.

``--cache DIR`` keeps the parsed documents (spaCy DocBin, keyed by the texts and the entity
ruler's patterns) so that a second run skips the parse.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "gold" / "geo"
RADIUS_KM = 161.0


def parse_docs(nlp: Any, texts: list[str], cache: Path | None) -> tuple[list[Any], float]:
    """spaCy Docs of ``texts`` (from the cache when it holds them) and the seconds the parse took."""
    from spacy.tokens import DocBin

    key = hashlib.sha256()
    for text in texts:
        key.update(text.encode("utf-8"))
        key.update(b"\0")
    ruler = nlp.get_pipe("entity_ruler") if "entity_ruler" in nlp.pipe_names else None
    key.update(json.dumps([p["pattern"] for p in ruler.patterns] if ruler else [], sort_keys=True).encode())
    path = cache / f"geo-{key.hexdigest()[:16]}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab)), 0.0
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    seconds = time.perf_counter() - start
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs, seconds


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def ceiling(gold: list[Any], docs: list[Any], gazetteer: Any) -> float:
    """Share of gold toponyms some candidate of the gazetteer lies within 161 km of, or that the
    resolver places right anyway (the fallbacks): the best accuracy any ranking could reach."""
    from palmyra.places.resolve import candidate_table, resolve_toponyms

    reachable = total = 0
    for item, doc in zip(gold, docs):
        spans = [(t.start, t.end) for t in item.toponyms]
        table = candidate_table(doc, spans, gazetteer=gazetteer)
        places = resolve_toponyms(doc, spans, gazetteer=gazetteer)
        for toponym, rows, place in zip(item.toponyms, table, places):
            total += 1
            points = [(e.lat, e.lon) for e, _ in rows] + ([(place.lat, place.lon)] if place.lat is not None else [])
            reachable += any(haversine_km(toponym.lat, toponym.lon, lat, lon) <= RADIUS_KM for lat, lon in points)
    return round(reachable / total, 4) if total else 0.0


def score_corpus(gold: list[Any], docs: list[Any], gazetteer: Any, *, errors: int = 0) -> dict[str, Any]:
    """Resolution, recognition and speed figures of one corpus."""
    from palmyra.places.resolve import geoparse_doc, resolve_toponyms

    distances: list[float | None] = []
    misses: list[tuple[float, str, str, Any]] = []
    seconds = 0.0
    for item, doc in zip(gold, docs):
        spans = [(t.start, t.end) for t in item.toponyms]
        start = time.perf_counter()
        places = resolve_toponyms(doc, spans, gazetteer=gazetteer)
        seconds += time.perf_counter() - start
        for toponym, place in zip(item.toponyms, places):
            if place.lat is None:
                distances.append(None)
                misses.append((math.inf, item.id, toponym.text, None))
                continue
            km = haversine_km(toponym.lat, toponym.lon, place.lat, place.lon)
            distances.append(km)
            if km > RADIUS_KM:
                misses.append((km, item.id, toponym.text, f"{place.name} {place.country_code} {place.feature_code}"))
    resolved = [d for d in distances if d is not None]
    found = correct = gold_n = hits = 0
    for item, doc in zip(gold, docs):
        gold_spans = {(t.start, t.end): t for t in item.toponyms}
        places = geoparse_doc(doc, gazetteer=gazetteer)
        found += len(places)
        gold_n += len(gold_spans)
        for place in places:
            toponym = gold_spans.get((place.start, place.end))
            if toponym is None:
                continue
            correct += 1
            if place.lat is not None and haversine_km(toponym.lat, toponym.lon, place.lat, place.lon) <= RADIUS_KM:
                hits += 1
    precision = correct / found if found else 0.0
    recall = correct / gold_n if gold_n else 0.0
    out = {
        "docs": len(gold),
        "toponyms": len(distances),
        "acc_161km": round(sum(1 for d in resolved if d <= RADIUS_KM) / len(distances), 4) if distances else None,
        "median_km": round(statistics.median(resolved), 1) if resolved else None,
        "mean_km": round(statistics.fmean(resolved), 1) if resolved else None,
        "unresolved": round(1 - len(resolved) / len(distances), 4) if distances else None,
        "toponyms_per_s": round(len(distances) / seconds) if seconds else None,
        "recognition": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
            "acc_161km_of_found": round(hits / correct, 4) if correct else None,
        },
    }
    if errors:
        misses.sort(key=lambda m: -m[0] if m[0] != math.inf else -1e9)
        out["worst"] = [f"{m[1]}: {m[2]!r} -> {m[3]} ({m[0]:.0f} km)" for m in misses[:errors]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of *_dev.jsonl geo gold files")
    parser.add_argument("--sets", default="", help="comma-separated corpus names (lgl, trnews, geowebnews, geovirus)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each corpus")
    parser.add_argument("--cache", type=Path, default=None, help="folder for parsed documents")
    parser.add_argument("--errors", type=int, default=0, help="list the N worst resolution errors per corpus")
    parser.add_argument("--ceiling", action="store_true", help="also report the share of toponyms any ranking could get right")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"skipped: no gold folder at {args.gold}", file=sys.stderr)
        return 0
    from palmyra.evaluate.gold import read_geo
    from palmyra.resources import default_resources

    res = default_resources()
    start = time.perf_counter()
    gazetteer = res.gazetteer
    gazetteer.candidates("Aleppo")
    load_s = time.perf_counter() - start
    nlp = res.nlp
    wanted = {s for s in args.sets.split(",") if s}
    results: dict[str, Any] = {"gazetteer_load_s": round(load_s, 2)}
    for path in sorted(args.gold.glob("*_dev.jsonl")):
        name = path.stem.removesuffix("_dev")
        if wanted and name not in wanted:
            continue
        gold = list(read_geo(path))[: args.limit]
        docs, parse_s = parse_docs(nlp, [g.text for g in gold], args.cache)
        results[name] = score_corpus(gold, docs, gazetteer, errors=args.errors)
        if args.ceiling:
            results[name]["ceiling_161km"] = ceiling(gold, docs, gazetteer)
        results[name]["parse_s"] = round(parse_s, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"gazetteer load: {results.pop('gazetteer_load_s')} s")
    print(f"{'corpus':<11} {'docs':>4} {'topos':>5} {'acc@161':>7} {'med km':>7} {'unres':>6} {'topo/s':>7}  recognition P/R/F1")
    for name, r in results.items():
        rec = r["recognition"]
        print(
            f"{name:<11} {r['docs']:>4} {r['toponyms']:>5} {r['acc_161km']:>7} {r['median_km']!s:>7} "
            f"{r['unresolved']:>6} {r['toponyms_per_s']!s:>7}  {rec['precision']}/{rec['recall']}/{rec['f1']}"
            + (f"  ceiling {r['ceiling_161km']}" if "ceiling_161km" in r else "")
        )
        for line in r.get("worst", ()):
            print("   ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
