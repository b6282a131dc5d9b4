"""Reader of data/boilerplate.tsv: lines the cleaner drops ("2 min read", "Share this article")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError
from .tsv import Row, read_table

BOILERPLATE_FILE = "boilerplate.tsv"
BOILERPLATE_COLUMNS = ("name", "max_words", "pattern", "example")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    """A line is boilerplate when it has at most ``max_words`` words and ``pattern``
    matches all of it (case-insensitive, after the character folds)."""

    name: str
    max_words: int
    pattern: re.Pattern[str]
    example: str

    def matches(self, line: str) -> bool:
        return len(line.split()) <= self.max_words and self.pattern.fullmatch(line) is not None


@dataclass(frozen=True, slots=True)
class BoilerplateTable:
    rules: tuple[BoilerplateRule, ...]
    version: str  # first 12 hex digits of the file's sha256

    def match(self, line: str) -> str | None:
        """Name of the first rule the line matches, or None."""
        for rule in self.rules:
            if rule.matches(line):
                return rule.name
        return None


def load_boilerplate(path: str | Path) -> BoilerplateTable:
    """Read and validate a boilerplate table (TSV with a header: name, max_words, pattern, example).

    Raises DataTableError with the file and line on a bad row: a missing column, a
    duplicate or malformed name, a max_words that is not a positive integer, a pattern
    that does not compile, or an example its own pattern does not match.
    """
    table = read_table(path, BOILERPLATE_COLUMNS, comments=False, what="the boilerplate table")
    rules: list[BoilerplateRule] = []
    names: set[str] = set()
    for row in table.rows:
        rule = _read_rule(row)
        if rule.name in names:
            raise DataTableError(f"{row.where}: duplicate rule name '{rule.name}'")
        names.add(rule.name)
        rules.append(rule)
    return BoilerplateTable(tuple(rules), table.version)


def _read_rule(row: Row) -> BoilerplateRule:
    name, max_words, pattern, example = row.cells
    if not _SLUG.fullmatch(name):
        raise DataTableError(f"{row.where}: rule name '{name}' must be a lower-case slug")
    if not max_words.isdigit() or int(max_words) < 1:
        raise DataTableError(f"{row.where}: max_words must be a positive integer, not '{max_words}'")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise DataTableError(f"{row.where}: pattern does not compile: {e}") from e
    rule = BoilerplateRule(name, int(max_words), compiled, example)
    if not rule.matches(example):
        raise DataTableError(f"{row.where}: rule '{name}' does not match its own example '{example}'")
    return rule
