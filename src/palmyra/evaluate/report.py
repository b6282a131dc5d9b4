"""Compact text report of the dict ``evaluate()`` returns; the CLI prints it."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MATRIX_MAX_LABELS = 8  # larger confusion tables are shown as a list of the commonest errors
TOP_ERRORS = 15
_CELL = 7
_CORNER = "gold \\ pred"


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _figures(figures: Mapping[str, Any]) -> list[str]:
    width = max((len(name) for name in figures), default=0)
    return [f"  {name:<{width}}  {_number(value)}" for name, value in figures.items()]


def _is_class_table(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(row, Mapping) and "f1" in row for row in value.values())
    )


def _class_table(title: str, table: Mapping[str, Mapping[str, Any]]) -> list[str]:
    width = max(len(title), *(len(label) for label in table))
    lines = [f"  {title:<{width}}  {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for label, row in table.items():
        lines.append(
            f"  {label:<{width}}  {_number(row.get('precision')):>6} {_number(row.get('recall')):>6} "
            f"{_number(row.get('f1')):>6} {_number(row.get('support')):>5}"
        )
    return lines


def _confusion(table: Mapping[str, Mapping[str, int]]) -> list[str]:
    gold_labels = list(table)
    predicted_labels = sorted({p for row in table.values() for p in row})
    labels = list(dict.fromkeys(gold_labels + predicted_labels))
    if len(labels) <= MATRIX_MAX_LABELS:
        return _matrix(table, gold_labels, labels)
    return _top_errors(table)


def _matrix(table: Mapping[str, Mapping[str, int]], rows: list[str], columns: list[str]) -> list[str]:
    width = max(len(_CORNER), *(len(label) for label in rows))
    header = "".join(f"{label[:_CELL]:>{_CELL + 1}}" for label in columns)
    lines = ["  confusion (rows gold, columns predicted)", f"  {_CORNER:<{width}}{header}"]
    for gold in rows:
        cells = "".join(f"{table[gold].get(pred, 0) or '.':>{_CELL + 1}}" for pred in columns)
        lines.append(f"  {gold:<{width}}{cells}")
    return lines


def _top_errors(table: Mapping[str, Mapping[str, int]]) -> list[str]:
    errors = sorted(
        ((count, gold, pred) for gold, row in table.items() for pred, count in row.items() if pred != gold),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    if not errors:
        return ["  confusion: no errors"]
    lines = [f"  commonest errors (gold -> predicted), {min(len(errors), TOP_ERRORS)} of {len(errors)}"]
    lines += [f"  {count:>5}  {gold} -> {pred}" for count, gold, pred in errors[:TOP_ERRORS]]
    return lines


def format_set(name: str, scores: Mapping[str, Any]) -> str:
    """The report block of one gold set."""
    head = f"== {name}"
    details = [f"{scores[key]} {label}" for key, label in (("n", "items"), ("dropped", "dropped")) if key in scores]
    if "format" in scores:
        details.insert(0, str(scores["format"]))
    lines = [f"{head} ({', '.join(details)})" if details else head]
    lines += _figures(scores.get("figures", {}))
    for key, value in scores.items():
        if _is_class_table(value):
            lines.append("")
            lines += _class_table(key.replace("_", " "), value)
    if scores.get("confusion"):
        lines.append("")
        lines += _confusion(scores["confusion"])
    return "\n".join(lines)


def format_report(scores: Mapping[str, Mapping[str, Any]]) -> str:
    """Per set: headline figures, per-class P/R/F1 table, confusion table (compact text)."""
    if not scores:
        return "no gold set was scored"
    return "\n\n".join(format_set(name, set_scores) for name, set_scores in scores.items())
