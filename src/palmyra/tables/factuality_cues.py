"""Reader of data/factuality_cues.tsv: words that make an event negated, hypothetical, future or claimed."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataTableError
from .tsv import read_table

CUE_COLUMNS = ("cue", "kind", "label", "scope", "note")
CUE_KINDS = (
    "negation",
    "modal",
    "future",
    "hypothetical",
    "claim",
    "report",
    "hypothetical_governor",
    "claim_governor",
    "report_governor",
    "fear_governor",
    "plan_governor",
    "denial_governor",
)
CUE_LABELS = ("asserted", "negated", "hypothetical", "future", "claimed")
# aux: auxiliary or negation of a verb; adv: adverb or adverbial phrase; det: determiner or
# adjective of a noun; arg: negated subject/object of a verb; clause: word opening the
# trigger's clause; prep: preposition the trigger hangs from; governor: head that takes
# the trigger's clause as complement; object: governor that also takes a noun object.
CUE_SCOPES = ("aux", "adv", "det", "arg", "clause", "prep", "governor", "object")
KIND_LABELS = {
    "negation": ("negated",),
    "denial_governor": ("negated",),
    "report": ("asserted",),
    "report_governor": ("asserted",),
    "claim": ("claimed",),
    "claim_governor": ("claimed",),
}


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of data/factuality_cues.tsv."""

    words: tuple[str, ...]
    kind: str
    label: str
    scope: str
    note: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def decisive(self) -> bool:
        """Attributions are recorded but never change the label."""
        return self.label != "asserted"


@dataclass(slots=True)
class FactualityCues:
    """The cue table, indexed for lookup by any word of a cue."""

    cues: list[Cue]
    version: str = "?"
    _index: dict[tuple[str, str], list[tuple[Cue, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cue in self.cues:
            for position, word in enumerate(cue.words):
                self._index.setdefault((cue.scope, word), []).append((cue, position))

    def __len__(self) -> int:
        return len(self.cues)

    def match(self, token: Any, scopes: Iterable[str]) -> tuple[Cue, str] | None:
        """The cue of one of ``scopes`` that ``token`` is part of, with the words as written."""
        doc = token.doc
        for scope in scopes:
            for key in _keys(token):
                for cue, position in self._index.get((scope, key), ()):
                    start = token.i - position
                    end = start + len(cue.words)
                    if start < 0 or end > len(doc):
                        continue
                    window = doc[start:end]
                    if all(word in _keys(t) for word, t in zip(cue.words, window)):
                        return cue, window.text
        return None


def _keys(token: Any) -> tuple[str, ...]:
    return (token.lower_, token.lemma_.lower())


def load_factuality_cues(path: str | Path) -> FactualityCues:
    """Read and validate data/factuality_cues.tsv; a bad row raises DataTableError(file:line)."""
    table = read_table(path, CUE_COLUMNS, comments=False, what="the factuality cue table")
    cues: list[Cue] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        cue_text, kind, label, scope, note = row.cells
        if not cue_text:
            raise DataTableError(f"{row.where}: empty cue")
        if kind not in CUE_KINDS:
            raise DataTableError(f"{row.where}: unknown kind {kind!r}")
        if label not in CUE_LABELS:
            raise DataTableError(f"{row.where}: unknown label {label!r}")
        if scope not in CUE_SCOPES:
            raise DataTableError(f"{row.where}: unknown scope {scope!r}")
        if kind in KIND_LABELS and label not in KIND_LABELS[kind]:
            raise DataTableError(f"{row.where}: a {kind} cue must give {KIND_LABELS[kind]}, not {label!r}")
        key = (cue_text.lower(), scope)
        if key in seen:
            raise DataTableError(f"{row.where}: cue {cue_text!r} with scope {scope!r} repeats line {seen[key]}")
        seen[key] = row.line
        cues.append(Cue(tuple(cue_text.lower().split()), kind, label, scope, note))
    return FactualityCues(cues, version=table.version)
