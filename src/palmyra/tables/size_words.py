"""Reader of data/size_words.tsv: number words, vague amounts, casualty words, non-count contexts."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataTableError
from .tsv import read_table

WORD_COLUMNS = ("word", "kind", "value", "role", "note")
CASUALTY_KINDS = ("dead", "injured", "arrested")
WORD_ROLES = {
    "number": ("unit", "multiplier"),
    "approx": ("plural", "modifier", "after_a"),
    "dead": ("object", "subject", "adjective", "noun", "passive"),
    "injured": ("object", "subject", "adjective", "noun", "passive"),
    "arrested": ("object", "subject", "adjective", "noun", "passive"),
    "block": ("verb",),
    "skip": ("before", "after", "month"),
}
VALUED_KINDS = ("number", "approx")


@dataclass(frozen=True, slots=True)
class SizeWord:
    """One row of data/size_words.tsv."""

    words: tuple[str, ...]
    kind: str  # dead | injured | arrested | approx | number | block | skip
    value: float | None
    role: str
    note: str = ""


class SizeWords:
    """The size word table, indexed by (kind, role) and word."""

    def __init__(self, rows: list[SizeWord], *, version: str = "?") -> None:
        self.rows = rows
        self.version = version
        self._by_word: dict[str, list[SizeWord]] = {}
        self.numbers: dict[str, SizeWord] = {}  # number words, by their exact spelling
        for row in rows:
            self._by_word.setdefault(row.words[0], []).append(row)
            if row.kind == "number" and len(row.words) == 1:
                self.numbers[row.words[0]] = row

    def __len__(self) -> int:
        return len(self.rows)

    def lookup(self, token: Any, kinds: tuple[str, ...], roles: tuple[str, ...] | None = None) -> SizeWord | None:
        """The row of one of ``kinds`` (and ``roles``) that starts at ``token``."""
        doc = token.doc
        for key in (token.lower_, token.lemma_.lower()):
            for row in self._by_word.get(key, ()):
                if row.kind not in kinds or (roles is not None and row.role not in roles):
                    continue
                if len(row.words) > 1 and not _continues(doc, token.i + 1, row.words[1:]):
                    continue
                return row
        return None

    def casualty(self, token: Any, roles: tuple[str, ...]) -> str | None:
        row = self.lookup(token, CASUALTY_KINDS, roles)
        return row.kind if row is not None else None

    def is_word(self, token: Any, kind: str, role: str) -> bool:
        return self.lookup(token, (kind,), (role,)) is not None


def _continues(doc: Any, start: int, rest: tuple[str, ...]) -> bool:
    """Do the tokens from ``start`` spell ``rest`` ("round" + "up")?"""
    tokens = list(doc[start : start + len(rest)])
    return len(tokens) == len(rest) and all(w in (t.lower_, t.lemma_.lower()) for w, t in zip(rest, tokens))


def load_size_words(path: str | Path) -> SizeWords:
    """Read and validate data/size_words.tsv; a bad row raises DataTableError(file:line).

    No comment lines: "#" is itself a word of the table (a label follows it, not a count).
    """
    table = read_table(path, WORD_COLUMNS, comments=False, what="the size word table")
    out: list[SizeWord] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        word, kind, value, role, note = row.cells
        if not word:
            raise DataTableError(f"{row.where}: empty word")
        if kind not in WORD_ROLES:
            raise DataTableError(f"{row.where}: unknown kind {kind!r}")
        if role not in WORD_ROLES[kind]:
            raise DataTableError(f"{row.where}: role {role!r} is not one of {WORD_ROLES[kind]} for kind {kind!r}")
        number: float | None = None
        if kind in VALUED_KINDS:
            try:
                number = float(value)
            except ValueError:
                raise DataTableError(f"{row.where}: {kind} word {word!r} needs a numeric value, got {value!r}") from None
            if number < 0:
                raise DataTableError(f"{row.where}: negative value {value!r}")
        elif value:
            raise DataTableError(f"{row.where}: only number and approx words take a value")
        key = (word.lower(), kind, role)
        if key in seen:
            raise DataTableError(f"{row.where}: {word!r} ({kind}, {role}) repeats line {seen[key]}")
        seen[key] = row.line
        out.append(SizeWord(tuple(word.lower().split()), kind, number, role, note))
    return SizeWords(out, version=table.version)
