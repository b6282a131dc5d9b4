"""The shared reader of tab-separated tables: its shape and its file:line errors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from palmyra.errors import DataTableError
from palmyra.tables.tsv import digest, read_table

COLUMNS = ("word", "kind")


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "words.tsv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_tables_tsv_reads_rows_with_line_numbers_and_skips_comments_and_blanks(tmp_path: Path) -> None:
    path = write(tmp_path, "# a comment before the header\nword\tkind\n\n  raid \tattack\n# note\nsiege\tattack\n")
    table = read_table(path, COLUMNS)
    assert [(row.line, row.cells) for row in table.rows] == [(4, ("raid", "attack")), (6, ("siege", "attack"))]
    assert table.rows[0].where == f"{path}:4"
    assert table.version == digest(path.read_bytes()) and re.fullmatch(r"[0-9a-f]{12}", table.version)


def test_tables_tsv_hash_is_a_row_when_comments_are_off(tmp_path: Path) -> None:
    path = write(tmp_path, "word\tkind\n#\tskip\n")
    assert [row.cells for row in read_table(path, COLUMNS, comments=False).rows] == [("#", "skip")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("word\tsort\nraid\tattack\n", ":1: the header must be word kind"),
        ("word\tkind\nraid\n", ":2: expected 2 tab-separated columns, found 1"),
        ("word\tkind\n", ": the words table has no rows"),
        ("# only a comment\n", ": the words table has no header"),
        (b"word\tkind\n\xff\tattack\n", ": the words table is not UTF-8"),
    ],
)
def test_tables_tsv_errors_name_file_and_line(tmp_path: Path, text: str | bytes, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataTableError, match=re.escape(f"{path}{message}")):
        read_table(path, COLUMNS, what="the words table")


def test_tables_tsv_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataTableError, match="cannot read the words table"):
        read_table(tmp_path / "absent.tsv", COLUMNS, what="the words table")
