"""Scorers: gold records + the system's event records per item -> a dict of figures.

Every scorer takes ``gold`` (a sequence of gold records) and ``predicted`` (a
sequence of the same length: for each gold item, the list of event records,
as dicts in the event-record spec, that Palmyra produced for its text). It
returns a JSON-ready dict::

    {"n": items, "figures": {name: number}, "per_class": {label: {"precision",
     "recall", "f1", "support"}}, "confusion": {gold label: {predicted label: count}}}

The "main event" of an item is its highest-confidence event (the first one on a
tie); an item without events has none, which counts as a wrong answer unless a
measure says otherwise. All functions are pure: no I/O, no model.
"""
from __future__ import annotations

import math
import statistics
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from ..tables.ontology import ACLED_SUB_EVENT_TYPES  # the one taxonomy table
from .gold import CaseGold, CopedGold, GeoDoc, IpeDoc, PetrarchGold, PloverGold

Record = Mapping[str, Any]
NONE = "NONE"  # label of "no event" / "no prediction" in per-class and confusion tables

ACLED_EVENT_TYPES = tuple(dict.fromkeys(ACLED_SUB_EVENT_TYPES.values()))

# CAMEO root -> Multi-CoPED class: 01-02 neutral, 03-05 verbal coop, 06-08 material coop,
# 09-13 verbal conflict, 14-20 material conflict.
PENTACLASS_NAMES = ("neutral", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
_PENTACLASS_BOUNDS = ((2, 0), (5, 1), (8, 2), (13, 3), (20, 4))

# PLOVER 0.5b1 (the gold-standard records) used event types and modes that the
# 16-type PLOVER Palmyra emits folds into others. Used only for the "*_mapped" figures.
PLOVER_LEGACY_EVENTS = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
PLOVER_LEGACY_MODES = {
    "strike-hun": "hunger",
    "strike-gen": "strike",
    "riot-spon": "riot",
    "demo-org": "demo",
    "demo-spon": "demo",
    "detain": "arrest",
    "assassinate": "targeted",
    "confiscate": "seize",
}

# IndiaPoliceEvents: how doc-level labels are read off our events (see docs/evaluation.md).
POLICE_SECTORS = frozenset({"COP"})
NOT_HAPPENED = frozenset({"negated", "hypothetical", "future"})
IPE_FORCE_EVENTS = frozenset({"ASSAULT", "FIGHT"})
IPE_FORCE_MODES = frozenset({"crowd-control", "beat", "firearms", "torture"})
IPE_ACTION_EVENTS = frozenset({"ASSAULT", "FIGHT", "COERCE", "MOBILIZE", "SANCTION", "ACCUSE", "INVESTIGATE"})
IPE_SCORED_LABELS = ("kill", "arrest", "force", "any")

GEO_RADIUS_KM = 161.0


# --- small helpers ---------------------------------------------------------


def main_event(records: Sequence[Record]) -> Record | None:
    """The highest-confidence event record; the first one on a tie; None when there is none."""
    best: Record | None = None
    for record in records:
        if best is None or _confidence(record) > _confidence(best):
            best = record
    return best


def _confidence(record: Record) -> float:
    value = record.get("confidence")
    return float(value) if isinstance(value, (int, float)) else 0.0


def _ratio(num: float, den: float) -> float | None:
    """num/den, or None when there is nothing to measure."""
    return num / den if den else None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1; 0.0 where a denominator is zero."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def classification(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], labels: Iterable[Hashable]
) -> dict[str, Any]:
    """Per-class P/R/F1 over ``labels`` plus accuracy, macro and support-weighted averages.

    A prediction outside ``labels`` (None, another class) is a miss for the gold
    class and counts against no listed class. As in scikit-learn, the macro
    average skips classes that occur neither in the gold nor in the predictions.
    """
    labels = list(dict.fromkeys(labels))
    pairs = list(zip(gold, predicted, strict=True))
    per_class: dict[str, dict[str, float | int]] = {}
    present: list[float] = []  # F1 of the classes seen in gold or predictions
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision, recall, f1 = prf(tp, fp, fn)
        per_class[str(label)] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
        if tp + fp + fn:
            present.append(f1)
    support = sum(row["support"] for row in per_class.values())
    return {
        "per_class": per_class,
        "accuracy": _ratio(sum(1 for g, p in pairs if g == p), len(pairs)),
        "macro_f1": _ratio(sum(present), len(present)),
        "weighted_precision": _weighted(per_class, "precision", support),
        "weighted_recall": _weighted(per_class, "recall", support),
        "weighted_f1": _weighted(per_class, "f1", support),
    }


def _weighted(per_class: Mapping[str, Mapping[str, float | int]], key: str, support: int) -> float | None:
    return _ratio(sum(row[key] * row["support"] for row in per_class.values()), support)


def confusion(gold: Sequence[Hashable | None], predicted: Sequence[Hashable | None]) -> dict[str, dict[str, int]]:
    """{gold label: {predicted label: count}}; None is written as ``NONE``."""
    table: dict[str, Counter[str]] = {}
    for g, p in zip(gold, predicted, strict=True):
        table.setdefault(_label(g), Counter())[_label(p)] += 1
    return {g: dict(row.most_common()) for g, row in sorted(table.items())}


def _label(value: Hashable | None) -> str:
    return NONE if value is None else str(value)


def _check_aligned(gold: Sequence[Any], predicted: Sequence[Any]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold items but {len(predicted)} predictions; they must align")


def _actors(record: Record | None, role: str) -> list[Record]:
    if record is None:
        return []
    return [actor for actor in record.get(role) or () if isinstance(actor, Mapping)]


def _codes(records: Iterable[Record | None], role: str) -> set[str]:
    return {actor["code"] for record in records for actor in _actors(record, role) if actor.get("code")}


def _code_sectors(record: Record | None, role: str) -> set[tuple[str, str]]:
    return {(a["code"], a["sector"]) for a in _actors(record, role) if a.get("code") and a.get("sector")}


def _size(record: Record | None, key: str) -> int | None:
    size = record.get("size") if record else None
    value = size.get(key) if isinstance(size, Mapping) else None
    return value if isinstance(value, int) else None


def _cameo_root(record: Record | None) -> int | None:
    cameo = str(record.get("cameo") or "") if record else ""
    return int(cameo[:2]) if len(cameo) >= 2 and cameo[:2].isdigit() else None


def _acled(record: Record | None, key: str) -> str | None:
    acled = record.get("acled") if record else None
    return acled.get(key) if isinstance(acled, Mapping) else None


class _Recall:
    """Counts found / total gold items of a set-valued field (micro recall)."""

    def __init__(self) -> None:
        self.found = 0
        self.total = 0

    def add(self, gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> None:
        gold_set, predicted_set = set(gold), set(predicted)
        self.found += len(gold_set & predicted_set)
        self.total += len(gold_set)

    @property
    def value(self) -> float | None:
        return _ratio(self.found, self.total)


# --- PLOVER GSR ------------------------------------------------------------


def score_plover(gold: Sequence[PloverGold], predicted: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """Event-type, mode, actor/recipient code and casualty figures on the PLOVER gold-standard records.

    ``event_accuracy`` compares the main event's ``event`` with the gold event as
    written; ``event_accuracy_mapped`` first folds the PLOVER 0.5b1 types of the
    gold (FIGHT, DEMAND, DISAPPROVE, INVESTIGATE) into the 16 current ones.
    Code recall is over distinct gold codes per item; ``*_main`` looks at the
    main event's actors, ``*_any`` at the actors of every event of the item.
    ``location_accuracy``: where the gold names the event's place, the main event's
    ``location`` is that place (its text or canonical name, case and accents aside).
    """
    _check_aligned(gold, predicted)
    mains = [main_event(records) for records in predicted]
    gold_events = [item.event for item in gold]
    pred_events = [main.get("event") if main else None for main in mains]
    mapped_gold = [PLOVER_LEGACY_EVENTS.get(event, event) for event in gold_events]

    modes = [(item.mode, main.get("mode") if main else None) for item, main in zip(gold, mains) if item.mode]
    actor_main, actor_any, recipient_main, recipient_any = _Recall(), _Recall(), _Recall(), _Recall()
    sector_main, recipient_sector_main = _Recall(), _Recall()
    actor_found = actor_predicted = 0
    for item, records, main in zip(gold, predicted, mains):
        actor_main.add(item.source_codes, _codes([main], "actor"))
        actor_any.add(item.source_codes, _codes(records, "actor"))
        recipient_main.add(item.target_codes, _codes([main], "recipient"))
        recipient_any.add(item.target_codes, _codes(records, "recipient"))
        sector_main.add(item.source_sectors, _code_sectors(main, "actor"))
        recipient_sector_main.add(item.target_sectors, _code_sectors(main, "recipient"))
        main_codes = _codes([main], "actor")
        actor_found += len(main_codes & item.source_codes)
        actor_predicted += len(main_codes)
    located = [(item.location, main) for item, main in zip(gold, mains) if item.location]
    dead = [(item.dead, _size(main, "dead")) for item, main in zip(gold, mains) if item.dead is not None]
    injured = [(item.injured, _size(main, "injured")) for item, main in zip(gold, mains) if item.injured is not None]

    report = classification(gold_events, pred_events, sorted(set(gold_events)))
    figures = {
        "event_accuracy": report["accuracy"],
        "event_accuracy_mapped": _ratio(sum(g == p for g, p in zip(mapped_gold, pred_events)), len(gold)),
        "event_macro_f1": report["macro_f1"],
        "no_event_share": _ratio(sum(main is None for main in mains), len(gold)),
        "mode_accuracy": _ratio(sum(g == p for g, p in modes), len(modes)),
        "mode_accuracy_mapped": _ratio(sum(PLOVER_LEGACY_MODES.get(g, g) == p for g, p in modes), len(modes)),
        "mode_items": len(modes),
        "actor_code_recall_main": actor_main.value,
        "actor_code_recall_any": actor_any.value,
        "actor_code_precision_main": _ratio(actor_found, actor_predicted),
        "actor_code_sector_recall_main": sector_main.value,
        "recipient_code_recall_main": recipient_main.value,
        "recipient_code_recall_any": recipient_any.value,
        "recipient_code_sector_recall_main": recipient_sector_main.value,
        "location_accuracy": _ratio(sum(_same_place(name, main) for name, main in located), len(located)),
        "location_items": len(located),
        "dead_accuracy": _ratio(sum(g == p for g, p in dead), len(dead)),
        "dead_items": len(dead),
        "injured_accuracy": _ratio(sum(g == p for g, p in injured), len(injured)),
        "injured_items": len(injured),
    }
    return {
        "n": len(gold),
        "figures": figures,
        "per_class": report["per_class"],
        "confusion": confusion(gold_events, pred_events),
    }


def _same_place(name: str, main: Record | None) -> bool:
    """Whether the main event's location is the place the gold writes ``name``: its surface
    text or canonical name, case and accents aside, equal to the gold name or to a run of its
    words ("the province of Herat" ~ "Herat", "Jaffna peninsula" ~ "Jaffna")."""
    location = (main or {}).get("location") or {}
    wanted = _fold_name(name)
    for key in ("text", "name"):
        found = _fold_name(location.get(key) or "")
        if found and (found == wanted or f" {' '.join(found)} " in f" {' '.join(wanted)} "):
            return True
    return False


def _fold_name(name: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = text.replace("-", " ").replace(",", " ").split()
    return tuple(words[1:] if words[:1] == ["the"] else words)


# --- CASE 2021 -------------------------------------------------------------


def score_case2021(gold: Sequence[CaseGold], predicted: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """ACLED sub-event type of the main event against the CASE 2021 task 2 gold.

    ``weighted_f1`` is the shared task's measure: per-class F1 over the 25 ACLED
    sub-event types, weighted by gold support, over the items whose gold is one
    of the 25 (no event = wrong). ``event_type_accuracy`` scores the 6 ACLED event
    types on the same items. ``unseen_no_acled_main`` is the share of non-ACLED
    (``unseen_*``) items whose main event has no ACLED type (or that have no
    event); ``unseen_no_acled_any`` requires that no event at all carries one.
    """
    _check_aligned(gold, predicted)
    seen = [(item, records) for item, records in zip(gold, predicted) if item.acled_sub_event_type in ACLED_SUB_EVENT_TYPES]
    unseen = [(item, records) for item, records in zip(gold, predicted) if item.label_set.startswith("unseen")]
    gold_sub = [item.acled_sub_event_type for item, _ in seen]
    pred_sub = [_acled(main_event(records), "sub_event_type") for _, records in seen]
    gold_type = [item.acled_event_type or ACLED_SUB_EVENT_TYPES[item.acled_sub_event_type] for item, _ in seen]
    pred_type = [_acled(main_event(records), "event_type") for _, records in seen]
    sub_report = classification(gold_sub, pred_sub, ACLED_SUB_EVENT_TYPES)
    type_report = classification(gold_type, pred_type, ACLED_EVENT_TYPES)
    figures = {
        "weighted_f1": sub_report["weighted_f1"],
        "weighted_precision": sub_report["weighted_precision"],
        "weighted_recall": sub_report["weighted_recall"],
        "macro_f1": sub_report["macro_f1"],
        "sub_event_accuracy": sub_report["accuracy"],
        "event_type_accuracy": type_report["accuracy"],
        "event_type_weighted_f1": type_report["weighted_f1"],
        "acled_items": len(seen),
        "no_event_share": _ratio(sum(not records for _, records in seen), len(seen)),
        "unseen_no_acled_main": _ratio(
            sum(_acled(main_event(records), "sub_event_type") is None for _, records in unseen), len(unseen)
        ),
        "unseen_no_acled_any": _ratio(
            sum(all(_acled(r, "sub_event_type") is None for r in records) for _, records in unseen), len(unseen)
        ),
        "unseen_items": len(unseen),
    }
    return {
        "n": len(gold),
        "figures": figures,
        "per_class": {label: row for label, row in sub_report["per_class"].items() if row["support"]},
        "per_event_type": type_report["per_class"],
        "confusion": confusion(gold_sub, pred_sub),
    }


# --- Multi-CoPED -----------------------------------------------------------


def pentaclass(record: Record | None) -> int:
    """Multi-CoPED class of an event record from its CAMEO root; no event (or no usable code) is 0."""
    root = _cameo_root(record)
    if root is None or not 1 <= root <= 20:
        return 0
    return next(cls for upper, cls in _PENTACLASS_BOUNDS if root <= upper)


def score_multicoped(gold: Sequence[CopedGold], predicted: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """CAMEO root of the main event mapped to the 5 classes (no event = 0) against the gold class; macro F1."""
    _check_aligned(gold, predicted)
    gold_labels = [item.pentaclass for item in gold]
    pred_labels = [pentaclass(main_event(records)) for records in predicted]
    report = classification(gold_labels, pred_labels, range(5))
    figures = {
        "macro_f1": report["macro_f1"],
        "accuracy": report["accuracy"],
        "weighted_f1": report["weighted_f1"],
        "no_event_share": _ratio(sum(not records for records in predicted), len(gold)),
    }
    return {
        "n": len(gold),
        "figures": figures,
        "per_class": {f"{label} {PENTACLASS_NAMES[int(label)]}": row for label, row in report["per_class"].items()},
        "confusion": confusion(gold_labels, pred_labels),
    }


# --- PETRARCH2 GSR ---------------------------------------------------------


def _petrarch_country(code: str) -> str | None:
    """Country/non-state part of a PETRARCH actor code ("USAGOV" -> "USA"; "---LEG" -> None)."""
    head = code[:3]
    return head if len(head) == 3 and head.isalpha() else None


def score_petrarch(gold: Sequence[PetrarchGold], predicted: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """CAMEO root of the main event and source codes against the PETRARCH2 validation sentences.

    ``root_accuracy``: over sentences with gold events, the main event's root is
    the root of one of them. ``source_country_recall_*``: gold source countries
    (first three letters of the code) found among the main / any event's actor
    codes; ``source_code_recall_main`` also needs the sector ("USAGOV" = USA +
    GOV). ``no_event_accuracy``: share of event-less sentences where we emit none.
    """
    _check_aligned(gold, predicted)
    with_events = [(item, records) for item, records in zip(gold, predicted) if item.events]
    without = [records for item, records in zip(gold, predicted) if not item.events]
    root_hits = 0
    country_main, country_any, full_main = _Recall(), _Recall(), _Recall()
    gold_roots: list[str] = []
    pred_roots: list[str | None] = []
    for item, records in with_events:
        main = main_event(records)
        root = _cameo_root(main)
        pred_root = f"{root:02d}" if root is not None else None
        roots = {event.root for event in item.events}
        gold_root = pred_root if pred_root in roots else item.events[0].root
        gold_roots.append(gold_root)
        pred_roots.append(pred_root)
        root_hits += pred_root in roots
        countries = {c for event in item.events if (c := _petrarch_country(event.source))}
        country_main.add(countries, _codes([main], "actor"))
        country_any.add(countries, _codes(records, "actor"))
        full_codes = {event.source for event in item.events if _petrarch_country(event.source) and len(event.source) > 3}
        full_main.add(full_codes, {code + sector for code, sector in _code_sectors(main, "actor")})
    figures = {
        "root_accuracy": _ratio(root_hits, len(with_events)),
        "event_items": len(with_events),
        "source_country_recall_main": country_main.value,
        "source_country_recall_any": country_any.value,
        "source_code_recall_main": full_main.value,
        "no_event_accuracy": _ratio(sum(not records for records in without), len(without)),
        "no_event_items": len(without),
    }
    return {"n": len(gold), "figures": figures, "confusion": confusion(gold_roots, pred_roots)}


# --- IndiaPoliceEvents -----------------------------------------------------


def _is_police(record: Record) -> bool:
    return any(actor.get("sector") in POLICE_SECTORS for actor in _actors(record, "actor"))


def ipe_labels(records: Iterable[Record]) -> set[str]:
    """Doc-level IndiaPoliceEvents labels read off one article's event records.

    Only events that happened count (factuality not negated/hypothetical/future).
    kill: a police-actor ASSAULT/FIGHT with ``size.dead`` > 0. arrest: a COERCE
    event with mode ``arrest`` whose actor is the police or is unknown (a bare
    "was arrested"), or any police event with ``size.arrested`` > 0. force: kill,
    or a police-actor ASSAULT/FIGHT, or a police event in a force mode
    (crowd-control, beat, firearms, torture). any: one of those, or a police event
    of a material-action type (COERCE, MOBILIZE, SANCTION, ACCUSE, ...).
    """
    labels: set[str] = set()
    for record in records:
        if record.get("factuality") in NOT_HAPPENED:
            continue
        police = _is_police(record)
        event, mode = record.get("event"), record.get("mode")
        dead, arrested = _size(record, "dead") or 0, _size(record, "arrested") or 0
        if police and event in IPE_FORCE_EVENTS and dead > 0:
            labels.update({"kill", "force"})
        if event == "COERCE" and mode == "arrest" and (police or not _actors(record, "actor")):
            labels.add("arrest")
        if police and arrested > 0:
            labels.add("arrest")
        if police and (event in IPE_FORCE_EVENTS or mode in IPE_FORCE_MODES):
            labels.add("force")
        if police and event in IPE_ACTION_EVENTS:
            labels.add("any")
    if labels:
        labels.add("any")
    return labels


def score_ipe(gold: Sequence[IpeDoc], predicted: Sequence[Sequence[Record]]) -> dict[str, Any]:
    """Doc-level P/R/F1 of the kill/arrest/force/any police labels (see ``ipe_labels``)."""
    _check_aligned(gold, predicted)
    predicted_labels = [ipe_labels(records) for records in predicted]
    per_class: dict[str, dict[str, float | int]] = {}
    for label in IPE_SCORED_LABELS:
        tp = sum(1 for item, pred in zip(gold, predicted_labels) if label in item.labels and label in pred)
        fp = sum(1 for item, pred in zip(gold, predicted_labels) if label not in item.labels and label in pred)
        fn = sum(1 for item, pred in zip(gold, predicted_labels) if label in item.labels and label not in pred)
        precision, recall, f1 = prf(tp, fp, fn)
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn, "predicted": tp + fp}
    figures: dict[str, float | int | None] = {f"{label}_f1": row["f1"] for label, row in per_class.items()}
    figures["macro_f1"] = _ratio(sum(row["f1"] for row in per_class.values()), len(per_class))
    figures["docs_with_events"] = sum(1 for records in predicted if records)
    return {"n": len(gold), "figures": figures, "per_class": per_class}


# --- geocoding -------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def score_geo(
    gold: Sequence[GeoDoc], predicted: Sequence[Sequence[Record]], recognized: Sequence[Sequence[Record]] | None = None
) -> dict[str, Any]:
    """acc@161km in resolution mode: ``predicted`` holds, per doc, toponym records (start, end, lat, lon).

    A gold toponym counts when the record with the same offsets has a point within
    161 km of the gold point; a missing or unresolved span is a miss. ``recognized``
    (the toponyms found without gold spans) adds recognition P/R/F1 on exact offsets.
    """
    _check_aligned(gold, predicted)
    distances: list[float | None] = []
    for doc, toponyms in zip(gold, predicted):
        points = {
            (t.get("start"), t.get("end")): (t.get("lat"), t.get("lon"))
            for t in toponyms
            if t.get("lat") is not None and t.get("lon") is not None
        }
        for toponym in doc.toponyms:
            point = points.get((toponym.start, toponym.end))
            distances.append(haversine_km(toponym.lat, toponym.lon, *point) if point else None)
    resolved = sorted(d for d in distances if d is not None)
    figures = {
        "acc_161km": _ratio(sum(1 for d in resolved if d <= GEO_RADIUS_KM), len(distances)),
        "toponyms": len(distances),
        "unresolved_share": _ratio(len(distances) - len(resolved), len(distances)),
        "median_error_km": statistics.median(resolved) if resolved else None,
    }
    if recognized is not None:
        _check_aligned(gold, recognized)
        true_positive = found = expected = 0
        for doc, toponyms in zip(gold, recognized):
            gold_spans = {(t.start, t.end) for t in doc.toponyms}
            spans = {(t.get("start"), t.get("end")) for t in toponyms}
            true_positive += len(gold_spans & spans)
            found += len(spans)
            expected += len(gold_spans)
        precision, recall, f1 = prf(true_positive, found - true_positive, expected - true_positive)
        figures.update({"recognition_precision": precision, "recognition_recall": recall, "recognition_f1": f1})
    return {"n": len(gold), "figures": figures}


SCORERS = {
    "plover": score_plover,
    "petrarch": score_petrarch,
    "case2021": score_case2021,
    "multicoped": score_multicoped,
    "ipe_docs": score_ipe,
    "ipe_sents": score_ipe,
    "geo": score_geo,
}
