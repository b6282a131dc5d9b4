"""``palmyra evaluate``: run the pipeline over public gold sets and score it.

``evaluate()`` reads gold files (gold.py), turns each gold item into an
``Article``, runs the articles through ``pipeline.pipe``, exports each doc's
events with ``palmyra.export.event_to_record`` and scores them (score.py). It
returns ``{set name: scores}`` and prints nothing; ``report.format_report``
turns that dict into text for the CLI.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from ..errors import PalmyraError
from ..model import Article, ArticleDoc
from .gold import FORMATS, GeoDoc, detect_format, read_gold
from .report import format_report
from .score import SCORERS, score_geo

log = logging.getLogger(__name__)

Geoparse = Callable[[Article, Sequence[tuple[int, int]]], Sequence[Mapping[str, Any]]]


class SupportsPipe(Protocol):
    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleDoc]: ...


def set_name(path: Path, root: Path) -> str:
    """Name of a gold set: its path under the gold folder, without ``.jsonl`` and a trailing ``_dev``."""
    relative = path.relative_to(root) if path != root and root in path.parents else Path(path.name)
    name = relative.with_suffix("").as_posix()
    return name.removesuffix("_dev")


def find_gold_files(gold_path: Path) -> list[tuple[str, str, Path]]:
    """(set name, format, path) of every gold file in a folder (subfolders included), or of one file.

    When both IndiaPoliceEvents files are present only the article file is kept:
    the sentence file holds the same articles.
    """
    gold_path = Path(gold_path)
    if not gold_path.exists():
        raise PalmyraError(
            f"gold data not found at '{gold_path}'. The gold sets are not part of the repository; "
            "pass the folder that holds them (e.g. 'palmyra evaluate ../shared/gold')."
        )
    if gold_path.is_file():
        return [(set_name(gold_path, gold_path), detect_format(gold_path), gold_path)]
    found: list[tuple[str, str, Path]] = []
    for path in sorted(gold_path.rglob("*.jsonl")):
        try:
            fmt = detect_format(path)
        except PalmyraError as e:
            log.debug("skipping %s: %s", path, e)
            continue
        found.append((set_name(path, gold_path), fmt, path))
    formats = {fmt for _, fmt, _ in found}
    if {"ipe_docs", "ipe_sents"} <= formats:
        found = [entry for entry in found if entry[1] != "ipe_sents"]
    if not found:
        raise PalmyraError(f"no gold file Palmyra knows ({', '.join(FORMATS)}) in '{gold_path}'")
    return found


def _select(found: list[tuple[str, str, Path]], sets: Sequence[str] | None) -> list[tuple[str, str, Path]]:
    """Keep the sets named (by set name, file stem, format, or the first part of a set name:
    ``petrarch2`` for ``petrarch2_gsr``, ``geo`` for ``geo/lgl``). A name that matches no set
    is an error, so that a typo never silently scores less than was asked."""
    if sets is None:
        return found

    def matches(wanted: str, entry: tuple[str, str, Path]) -> bool:
        name, fmt, path = entry
        return wanted in (name, fmt, path.stem) or name.startswith((f"{wanted}_", f"{wanted}/"))

    unknown = [wanted for wanted in sets if not any(matches(wanted, entry) for entry in found)]
    if unknown:
        available = ", ".join(name for name, _, _ in found)
        raise PalmyraError(f"no gold set matches {', '.join(sorted(unknown))}; available: {available}")
    return [entry for entry in found if any(matches(wanted, entry) for wanted in sets)]


def _unique_ids(items: Sequence[Any]) -> list[str]:
    """The gold ids, made unique by a '#n' suffix where a set repeats one."""
    seen: Counter[str] = Counter()
    ids = []
    for item in items:
        seen[item.id] += 1
        ids.append(item.id if seen[item.id] == 1 else f"{item.id}#{seen[item.id]}")
    return ids


def _articles(items: Sequence[Any], ids: Sequence[str]) -> Iterator[Article]:
    for item, article_id in zip(items, ids, strict=True):
        yield Article(id=article_id, text=item.text, published=getattr(item, "date", None), origin="gold")


def run_pipeline(pipeline: SupportsPipe, items: Sequence[Any]) -> tuple[list[list[dict[str, Any]]], int]:
    """Event records per gold item (aligned with ``items``) and the number of items the pipeline dropped."""
    from ..export import event_to_record

    ids = _unique_ids(items)
    records: dict[str, list[dict[str, Any]]] = {}
    for doc in pipeline.pipe(_articles(items, ids)):
        records[doc.id] = [event_to_record(event, doc) for event in doc.events]
    dropped = sum(1 for article_id in ids if article_id not in records)
    return [records.get(article_id, []) for article_id in ids], dropped


def run_geoparse(geoparse: Geoparse, docs: Sequence[GeoDoc]) -> list[list[Mapping[str, Any]]]:
    """Toponym records per gold doc, resolving exactly the gold spans."""
    return [
        list(geoparse(Article(id=doc.id, text=doc.text, origin="gold"), [(t.start, t.end) for t in doc.toponyms]))
        for doc in docs
    ]


def run_recognition(geoparse: Geoparse, docs: Sequence[GeoDoc]) -> list[list[Mapping[str, Any]]]:
    """Toponym records per gold doc, finding the toponyms itself (for recognition P/R/F1)."""
    return [list(geoparse(Article(id=doc.id, text=doc.text, origin="gold"), None)) for doc in docs]


def evaluate(
    gold_path: Path,
    *,
    pipeline: SupportsPipe | None = None,
    sets: Sequence[str] | None = None,
    limit: int | None = None,
    geoparse: Geoparse | None = None,
) -> dict[str, dict[str, Any]]:
    """Score Palmyra on the gold sets under ``gold_path`` (a folder or one file).

    pipeline: any object whose ``pipe(articles)`` yields ArticleDocs; default ``palmyra.load()``.
    sets: set names (``case2021``, ``geo/lgl``), file stems or formats (``plover``) to run; default all.
    limit: score only the first N items of each set.
    geoparse: resolver for the geocoding sets, called as ``geoparse(article, spans)`` and returning
        toponym records (``start``, ``end``, ``lat``, ``lon``); without it those sets are skipped.
    RETURNS: ``{set name: {"format", "file", "n", "dropped", "figures", "per_class", "confusion", ...}}``.
    """
    found = _select(find_gold_files(Path(gold_path)), sets)
    if geoparse is None:
        found = [entry for entry in found if entry[1] != "geo"]
        if not found:
            raise PalmyraError("the geocoding gold sets need a geoparse function (evaluate(..., geoparse=...))")
    results: dict[str, dict[str, Any]] = {}
    for name, fmt, path in found:
        items = list(islice(read_gold(path, fmt), limit))
        if fmt == "geo":
            predicted, dropped = run_geoparse(geoparse, items), 0  # type: ignore[arg-type]
            recognized = run_recognition(geoparse, items)  # type: ignore[arg-type]
            results[name] = {"format": fmt, "file": str(path), "dropped": 0, **score_geo(items, predicted, recognized)}
            continue
        else:
            if pipeline is None:
                from .. import load

                pipeline = load()
            predicted, dropped = run_pipeline(pipeline, items)
        log.info("scored %s (%d items, %d dropped)", name, len(items), dropped)
        results[name] = {"format": fmt, "file": str(path), "dropped": dropped, **SCORERS[fmt](items, predicted)}
    return results


__all__ = ["evaluate", "find_gold_files", "format_report", "detect_format", "read_gold", "run_pipeline"]
