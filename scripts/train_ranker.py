"""Fit the toponym ranker (src/palmyra/data/ranker.json) on the geoparsing dev corpora.

    python scripts/train_ranker.py [--gold ../shared/gold/geo] [--folds 5] [--cache DIR] [--write]

The model is a conditional logit over each toponym's candidates (features:
``palmyra.places.ranker.FEATURES``): it maximises the probability mass of the candidates
that lie within 161 km of the gold point, with an L2 penalty. A candidate's features depend
on how the document's other toponyms were resolved, so training runs in rounds: the context
comes from the hand-set weights, then from the weights of the previous round.

Reported figures are k-fold cross-validated by document (all corpora pooled, each fold
trained only on the other folds' documents and scored with ``resolve_toponyms`` on its own).
The weights are fitted on ``--train-on`` (LGL, TR-News and GeoWebNews by default); every
corpus is scored.
``--write`` then fits on every document and writes the weights with those figures.
Only ``../shared/gold/geo`` is read; nothing from it is written to the repository but the weights.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from geocode import DEFAULT_GOLD, RADIUS_KM, haversine_km, parse_docs  # noqa: E402

from palmyra.places.ranker import DEFAULT_WEIGHTS, FEATURES, Ranker, ranker_from_weights  # noqa: E402
from palmyra.places.resolve import candidate_table, resolve_toponyms  # noqa: E402

OUT = REPO / "src" / "palmyra" / "data" / "ranker.json"
L2 = 0.002
ROUNDS = 2
# GeoVirus is scored but not trained on by default: its annotators place countries and states
# at their own points (Canada at 60N 95W, not GeoNames' point), which teaches the ranker to
# distrust the GeoNames points the other corpora use.
TRAIN_ON = "geowebnews,lgl,trnews"


def groups_of(items: list[tuple[str, Any, Any]], gazetteer: Any, ranker: Ranker) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """(features, is-correct, corpus) per gold toponym that has a correct and a wrong candidate."""
    out = []
    for corpus, gold, doc in items:
        table = candidate_table(doc, [(t.start, t.end) for t in gold.toponyms], gazetteer=gazetteer, ranker=ranker)
        for toponym, rows in zip(gold.toponyms, table):
            if len(rows) < 2:
                continue
            ok = np.array([haversine_km(toponym.lat, toponym.lon, e.lat, e.lon) <= RADIUS_KM for e, _ in rows])
            if ok.all() or not ok.any():
                continue
            out.append((np.array([f for _, f in rows], dtype=float), ok, corpus))
    return out


def fit(groups: list[tuple[np.ndarray, np.ndarray, str]], prior: np.ndarray, *, steps: int = 1500) -> np.ndarray:
    """Conditional logit by Adam on -mean log P(correct) + L2 |w - prior|^2.

    The penalty pulls towards the hand-set weights, so features the corpora rarely exercise
    (curated sites, "X, Y" containment, "Homs province" hints) keep their hand-set strength.
    """
    start = prior
    X = np.concatenate([g[0] for g in groups])
    y = np.concatenate([g[1] for g in groups]).astype(float)
    sizes = np.array([len(g[1]) for g in groups])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group_of = np.repeat(np.arange(len(groups)), sizes)
    w = start.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        s = X @ w
        s = s - np.maximum.reduceat(s, offsets)[group_of]
        e = np.exp(s)
        z_all = np.add.reduceat(e, offsets)
        z_pos = np.add.reduceat(e * y, offsets)
        p_all = e / z_all[group_of]
        p_pos = e * y / z_pos[group_of]
        grad = ((p_all - p_pos)[:, None] * X).sum(axis=0) / len(groups) + 2 * L2 * (w - prior)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def train(items: list[tuple[str, Any, Any]], gazetteer: Any) -> Ranker:
    prior = np.array([DEFAULT_WEIGHTS.get(name, 0.0) for name in FEATURES])
    ranker = ranker_from_weights(DEFAULT_WEIGHTS)
    for round_ in range(ROUNDS):
        weights = fit(groups_of(items, gazetteer, ranker), prior)
        ranker = Ranker(tuple(float(x) for x in weights), version=f"round{round_ + 1}")
    return ranker


def accuracy(items: list[tuple[str, Any, Any]], gazetteer: Any, ranker: Ranker | None) -> dict[str, list[float]]:
    """Per corpus: error in km of every gold toponym (inf when unresolved)."""
    out: dict[str, list[float]] = {}
    for corpus, gold, doc in items:
        places = resolve_toponyms(doc, [(t.start, t.end) for t in gold.toponyms], gazetteer=gazetteer, ranker=ranker)
        for toponym, place in zip(gold.toponyms, places):
            km = math.inf if place.lat is None else haversine_km(toponym.lat, toponym.lon, place.lat, place.lon)
            out.setdefault(corpus, []).append(km)
    return out


def summary(errors: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        corpus: {
            "acc_161km": round(sum(1 for d in kms if d <= RADIUS_KM) / len(kms), 4),
            "median_km": round(float(np.median([d for d in kms if math.isfinite(d)])), 1),
            "toponyms": len(kms),
        }
        for corpus, kms in sorted(errors.items())
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--write", action="store_true", help="fit on all documents and write ranker.json")
    parser.add_argument(
        "--train-on", default=TRAIN_ON,
        help="comma-separated corpora the weights are fitted on (all are scored); default: %(default)s",
    )
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"skipped: no gold folder at {args.gold}", file=sys.stderr)
        return 0
    from palmyra.evaluate.gold import read_geo
    from palmyra.resources import default_resources

    res = default_resources()
    items: list[tuple[str, Any, Any]] = []
    for path in sorted(args.gold.glob("*_dev.jsonl")):
        gold = list(read_geo(path))
        docs, _ = parse_docs(res.nlp, [g.text for g in gold], args.cache)
        items.extend((path.stem.removesuffix("_dev"), g, d) for g, d in zip(gold, docs))
    folds = [items[k :: args.folds] for k in range(args.folds)]  # documents interleaved: every corpus in every fold
    cv: dict[str, list[float]] = {}
    hand: dict[str, list[float]] = {}
    fitted = {c for c in args.train_on.split(",") if c}
    for k, test in enumerate(folds):
        train_items = [item for j, fold in enumerate(folds) if j != k for item in fold if item[0] in fitted]
        ranker = train(train_items, res.gazetteer)
        for corpus, kms in accuracy(test, res.gazetteer, ranker).items():
            cv.setdefault(corpus, []).extend(kms)
        for corpus, kms in accuracy(test, res.gazetteer, ranker_from_weights(DEFAULT_WEIGHTS)).items():
            hand.setdefault(corpus, []).extend(kms)
        print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
    report = {"cross_validated": summary(cv), "hand_weights": summary(hand), "folds": args.folds}
    for name in ("cross_validated", "hand_weights"):
        print(name, " ".join(f"{c}={v['acc_161km']}/{v['median_km']}km" for c, v in report[name].items()))
    if args.write:
        ranker = train([item for item in items if item[0] in fitted], res.gazetteer)
        data = {
            "version": "ranker-2",
            "model": "conditional logit over candidates, L2 %.3g towards the hand-set weights, %d rounds" % (L2, ROUNDS),
            "trained_on": f"../shared/gold/geo dev corpora ({', '.join(sorted(fitted))})",
            "cross_validated": report["cross_validated"],
            "features": list(FEATURES),
            "weights": [round(w, 4) for w in ranker.weights],
        }
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(" ".join(f"{n}={w:.2f}" for n, w in zip(FEATURES, ranker.weights)))
        print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
