"""The one shape of Palmyra's tab-separated tables, read with errors that name file and line.

A table is UTF-8 text: a header row that names the columns, then one row per line with
exactly that many tab-separated cells (surrounding spaces are stripped; blank lines are
skipped). Tables that allow comments skip lines starting with ``#``, before the header
too. Readers of single tables call ``read_table``; readers that join several files into
one version call ``parse_table`` on the bytes and ``digest`` on all of them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataTableError


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its 1-based line number, its cells, and "file:line" for error messages."""

    line: int
    cells: tuple[str, ...]
    where: str


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    version: str  # first 12 hex digits of the sha256 of the file's bytes


def read_table(path: str | Path, columns: Sequence[str], *, comments: bool = True, what: str = "table") -> Table:
    """Read, decode and check the table at ``path`` (see the module docstring).

    what: the table's name in the messages ("the boilerplate table").
    Raises DataTableError when the file cannot be read, is not UTF-8, lacks the header, has
    a row with another number of cells, or has no rows.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataTableError(f"{path}: cannot read {what} ({e.strerror or e})") from e
    return Table(parse_table(path, raw, columns, comments=comments, what=what), digest(raw))


def parse_table(
    name: str | Path, raw: bytes, columns: Sequence[str], *, comments: bool = True, what: str = "table"
) -> tuple[Row, ...]:
    """The data rows of a table's bytes; ``name`` prefixes every error message."""
    columns = tuple(columns)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataTableError(f"{name}: {what} is not UTF-8 ({e})") from e
    rows: list[Row] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or (comments and line.lstrip().startswith("#")):
            continue
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if not header_seen:
            if cells != columns:
                raise DataTableError(f"{name}:{number}: the header must be {' '.join(columns)} (tab-separated), not {' '.join(cells)!r}")
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise DataTableError(f"{name}:{number}: expected {len(columns)} tab-separated columns, found {len(cells)}")
        rows.append(Row(number, cells, f"{name}:{number}"))
    if not header_seen:
        raise DataTableError(f"{name}: {what} has no header ({' '.join(columns)})")
    if not rows:
        raise DataTableError(f"{name}: {what} has no rows")
    return tuple(rows)


def digest(*raws: bytes) -> str:
    """First 12 hex digits of the sha256 of the bytes (several files: joined by NUL)."""
    return hashlib.sha256(b"\0".join(raws)).hexdigest()[:12]
