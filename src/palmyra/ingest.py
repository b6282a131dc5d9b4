"""Read files, folders and stdin into a stream of Articles, reporting what cannot be read.

Inputs (the contract is in shared/spec/event-record.md):

- ``.txt``: one article; the file name is its id. The first line is also the title when
  it is followed by a blank line (and has at most 30 words), or when it is a short
  headline (under 15 words, no final ``.``/``!``/``?``). ``Article.text`` is the whole
  file, headline included: headlines carry events too.
- ``.html`` / ``.htm``: main text and metadata (title, date, url, site name) extracted
  with trafilatura (``favor_precision=True``). The title is put on the first line of
  ``Article.text`` unless the extracted body already starts with it.
- ``.jsonl``: one JSON object per line; ``.csv``: one record per row, with a header.
  Fields: ``text`` (required unless ``html`` is given), ``id``, ``title``, ``published``
  (ISO date or datetime), ``url``, ``source``, ``language``, ``html``, and ``toponyms``
  (``[{"start": int, "end": int}, ...]``, a JSON string in a CSV cell: the spans that
  ``palmyra geoparse`` resolves instead of finding its own). A record without an id
  gets ``<file>:<line>``.
- ``-``: stdin, read as JSONL when its first non-blank line starts with ``{``, else as
  one plain-text article with the id ``stdin``.
- A folder: every file with a known extension below it, recursively, in sorted order;
  hidden files and folders and unknown extensions are ignored.

Whatever cannot be read becomes a :class:`palmyra.model.Skip` (``file:line (reason):
detail``, reasons from :data:`palmyra.errors.SKIP_REASONS`) and the batch goes on.
One reason does not drop the article: ``bad-date`` is reported, then the article is
still yielded, dated by ``published`` (the ``--published`` option) or undated.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .model import Article, Skip

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = (".txt",)
HTML_EXTENSIONS = (".html", ".htm")
RECORD_EXTENSIONS = (".jsonl", ".csv")
KNOWN_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + RECORD_EXTENSIONS
RECORD_FIELDS = ("id", "text", "title", "published", "url", "source", "language", "html", "toponyms")
# Skip reasons after which the article itself is still yielded.
WARNING_REASONS = frozenset({"bad-date"})
STDIN = "-"

HEADLINE_MAX_WORDS = 14  # "a short headline": under 15 words
TITLE_MAX_WORDS = 30  # a first line followed by a blank line, but longer, is a lede
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*$")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

Item = Article | Skip


@dataclass(frozen=True, slots=True)
class _Source:
    """Where records come from: ``origin`` is shown in reports, ``name`` builds ids."""

    origin: str
    name: str

    def at(self, line: int) -> _Source:
        return _Source(f"{self.origin}:{line}", f"{self.name}:{line}")


def read_inputs(
    paths: Sequence[str],
    *,
    published: dt.date | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Article | Skip]:
    """Yield an Article for every readable report in ``paths``, and a Skip for the rest.

    paths: files, folders, or ``-`` for stdin.
    published: publication date for inputs that carry none (``--published``).
    stdin: the stream read for ``-`` (default ``sys.stdin``).
    max_bytes: the largest file (``.txt``/``.html``/stdin text) or record (a JSONL line,
        a CSV row) read; anything larger is skipped as ``too-large``.
    """
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, published=published, max_bytes=max_bytes)
            continue
        target = Path(path)
        if target.is_dir():
            for file, name in _walk(target):
                yield from _read_file(file, _Source(str(file), name), published=published, max_bytes=max_bytes)
        elif not target.exists():
            yield Skip(path, None, "not-found", "no such file or folder")
        elif target.suffix.lower() not in KNOWN_EXTENSIONS:
            yield Skip(path, None, "unsupported-type", f"'{target.suffix or target.name}' is not one of {', '.join(KNOWN_EXTENSIONS)}")
        else:
            yield from _read_file(target, _Source(path, target.name), published=published, max_bytes=max_bytes)


def summarize_skips(skips: Iterable[Skip]) -> dict[str, int]:
    """Count skips by reason, most frequent first (ties by name)."""
    counts = Counter(skip.reason for skip in skips)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def parse_published(value: Any) -> dt.date | None:
    """Read an ISO date or datetime (``2016-12-16``, ``2016-12-16T09:30:00Z``); None for empty.

    Raises ValueError for anything else. A datetime keeps its own calendar day (no
    conversion to UTC).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__} {value!r}")
    try:
        return dt.datetime.fromisoformat(value.strip()).date()  # also reads a bare date
    except ValueError as e:
        raise ValueError(f"{value!r} is not an ISO date or datetime") from e


def split_title(text: str) -> str | None:
    """The title of a plain-text article: its first line, when it reads as a headline."""
    lines = text.lstrip().splitlines()
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    rest = lines[1:]
    if not any(line.strip() for line in rest):
        return None
    words = len(first.split())
    if not rest[0].strip() and words <= TITLE_MAX_WORDS:
        return first
    if words <= HEADLINE_MAX_WORDS and not _SENTENCE_END.search(first):
        return first
    return None


# --- paths -------------------------------------------------------------------------


def _walk(folder: Path) -> Iterator[tuple[Path, str]]:
    """Files with a known extension below ``folder``, sorted, with their ids (relative paths)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in KNOWN_EXTENSIONS:
                continue
            file = Path(root) / name
            found.append((file.relative_to(folder).as_posix(), file))
    for rel, file in sorted(found):
        yield file, rel


def _read_file(path: Path, source: _Source, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in RECORD_EXTENSIONS:
        reader = _read_jsonl_file if suffix == ".jsonl" else _read_csv_file
        yield from reader(path, source, published=published, max_bytes=max_bytes)
        return
    content = _read_bytes(path, source, max_bytes=max_bytes)
    if isinstance(content, Skip):
        yield content
    elif suffix in HTML_EXTENSIONS:
        yield from _read_html_bytes(content, source, published=published)
    else:
        yield from _read_text_bytes(content, source, published=published)


def _read_bytes(path: Path, source: _Source, *, max_bytes: int) -> bytes | Skip:
    try:
        if not path.is_file():
            return Skip(source.origin, None, "unreadable", "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            return Skip(source.origin, None, "too-large", f"{size:,} bytes, more than the limit of {max_bytes:,}")
        return path.read_bytes()
    except OSError as e:
        return Skip(source.origin, None, "unreadable", e.strerror or str(e))


def _open_binary(path: Path, source: _Source) -> io.BufferedReader | Skip:
    try:
        return path.open("rb")
    except OSError as e:
        return Skip(source.origin, None, "unreadable", e.strerror or str(e))


# --- decoding -------------------------------------------------------------------------


def _decode(content: bytes, source: _Source, *, line: int | None = None) -> str | Skip:
    """UTF-8 (a leading BOM is dropped), or a bad-encoding Skip saying where it failed."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return Skip(source.origin, line, "bad-encoding", _describe_decode_error(content, e, whole_file=line is None))


def _describe_decode_error(content: bytes, error: UnicodeDecodeError, *, whole_file: bool) -> str:
    bad = content[error.start : error.start + 1].hex()
    if whole_file:
        line = content.count(b"\n", 0, error.start) + 1
        column = error.start - (content.rfind(b"\n", 0, error.start) + 1) + 1
        where = f"line {line}, column {column}"
    else:
        where = f"column {error.start + 1}"
    return f"byte 0x{bad} at {where} is not valid UTF-8"


def _decode_html(content: bytes, source: _Source) -> str | Skip:
    """UTF-8, else the charset the page declares in a <meta> tag."""
    text = _decode(content, source)
    if not isinstance(text, Skip):
        return text
    declared = _DECLARED_CHARSET.search(content[:4096])
    if declared is None:
        return text
    charset = declared.group(1).decode("ascii")
    try:
        codecs.lookup(charset)
        return content.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return Skip(source.origin, None, "bad-encoding", f"{text.detail}, nor valid {charset} as the page declares")


# --- plain text -----------------------------------------------------------------------


def _read_text_bytes(content: bytes, source: _Source, *, published: dt.date | None) -> Iterator[Item]:
    text = _decode(content, source)
    if isinstance(text, Skip):
        yield text
        return
    yield from _text_article(text, source, published=published)


def _text_article(text: str, source: _Source, *, published: dt.date | None) -> Iterator[Item]:
    if not text.strip():
        yield Skip(source.origin, None, "empty-text", "the file holds no text")
        return
    yield Article(id=source.name, text=text, title=split_title(text), published=published, origin=source.origin)


# --- HTML -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Extracted:
    text: str
    title: str | None
    date: str | None
    url: str | None
    sitename: str | None
    language: str | None


def _read_html_bytes(content: bytes, source: _Source, *, published: dt.date | None) -> Iterator[Item]:
    html = _decode_html(content, source)
    if isinstance(html, Skip):
        yield html
        return
    extracted = _extract_html(html, source)
    if isinstance(extracted, Skip):
        yield extracted
        return
    yield Article(
        id=source.name,
        text=_with_title(extracted.text, extracted.title),
        title=extracted.title,
        published=_page_date(extracted.date, published),
        url=extracted.url,
        source=extracted.sitename,
        language=extracted.language,
        origin=source.origin,
    )


def _extract_html(html: str, source: _Source, *, line: int | None = None) -> _Extracted | Skip:
    """Main text and metadata of a page; trafilatura is imported only when HTML is read."""
    if not html.strip():
        return Skip(source.origin, line, "empty-text", "the HTML is empty")
    try:
        import trafilatura
    except ImportError as e:  # lxml >= 5.2 needs the separate lxml_html_clean package
        return Skip(source.origin, line, "extract-failed", f"trafilatura cannot be imported: {e}")
    found = trafilatura.bare_extraction(
        html,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,  # metadata only: a date guessed from the text is worse than none
            "max_date": dt.date.today().isoformat(),
        },
    )
    text = getattr(found, "text", None) or ""
    if not text.strip():
        return Skip(source.origin, line, "extract-failed", "no main text found in the page")
    return _Extracted(
        text=text,
        title=_clean_field(getattr(found, "title", None)),
        date=_clean_field(getattr(found, "date", None)),
        url=_clean_field(getattr(found, "url", None)),
        sitename=_clean_field(getattr(found, "sitename", None)),
        language=_clean_field(getattr(found, "language", None)),
    )


def _with_title(body: str, title: str | None) -> str:
    """Put the headline on the first line, unless the body already starts with it."""
    if not title:
        return body
    first = body.lstrip().split("\n", 1)[0]
    if _fold(first) == _fold(title):
        return body
    return f"{title}\n{body}"


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _page_date(value: str | None, published: dt.date | None) -> dt.date | None:
    """A page's metadata date, else ``published``. A date that cannot be read is ignored
    (it is trafilatura's reading of the page, not the user's input)."""
    try:
        date = parse_published(value)
    except ValueError:
        log.debug("ignored page date %r", value)
        return published
    return date or published


# --- JSONL and CSV records ---------------------------------------------------------------


def _read_jsonl_file(path: Path, source: _Source, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    handle = _open_binary(path, source)
    if isinstance(handle, Skip):
        yield handle
        return
    with handle:
        yield from _read_jsonl_lines(enumerate(handle, start=1), source, published=published, max_bytes=max_bytes)


def _read_jsonl_lines(
    lines: Iterable[tuple[int, bytes]], source: _Source, *, published: dt.date | None, max_bytes: int
) -> Iterator[Item]:
    for number, raw in lines:
        if len(raw) > max_bytes:
            yield Skip(source.origin, number, "too-large", f"{len(raw):,} bytes, more than the limit of {max_bytes:,}")
            continue
        text = _decode(raw, source, line=number)
        if isinstance(text, Skip):
            yield text
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as e:
            yield Skip(source.origin, number, "bad-json", f"{e.msg} at column {e.colno}")
            continue
        if not isinstance(record, dict):
            yield Skip(source.origin, number, "bad-json", f"a JSON {_json_kind(record)}, not an object")
            continue
        yield from _record_article(record, source, number, published=published)


def _json_kind(value: Any) -> str:
    kinds = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


def _read_csv_file(path: Path, source: _Source, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    try:
        # One article's text can exceed csv's default field limit of 128 KiB.
        csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
        # surrogateescape: bad bytes surface per row (reported with the row's line) instead of
        # aborting the whole file.
        handle = path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as e:
        yield Skip(source.origin, None, "unreadable", e.strerror or str(e))
        return
    with handle:
        yield from _read_csv_rows(handle, source, published=published, max_bytes=max_bytes)


def _read_csv_rows(handle: TextIO, source: _Source, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    reader = csv.reader(handle, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        yield Skip(source.origin, 1, "bad-csv", f"cannot parse the header: {e}")
        return
    if header is None:
        yield Skip(source.origin, None, "empty-text", "the CSV file is empty")
        return
    columns = [name.strip().lower() for name in header]
    if "text" not in columns and "html" not in columns:
        yield Skip(source.origin, 1, "bad-csv", f"the header has no 'text' (or 'html') column: {', '.join(columns)}")
        return
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader, None)
        except csv.Error as e:
            yield Skip(source.origin, start, "bad-csv", str(e))
            if reader.line_num == line:  # no progress: the reader is stuck at the end
                return
            line = reader.line_num
            continue
        line = reader.line_num
        if row is None:
            return
        if not any(cell.strip() for cell in row):
            continue
        yield from _csv_row(row, columns, source, start, published=published, max_bytes=max_bytes)


def _csv_row(
    row: list[str], columns: list[str], source: _Source, line: int, *, published: dt.date | None, max_bytes: int
) -> Iterator[Item]:
    if len(row) != len(columns):
        yield Skip(source.origin, line, "bad-csv", f"{len(row)} fields, the header has {len(columns)}")
        return
    size = sum(len(cell) for cell in row)
    if size > max_bytes:
        yield Skip(source.origin, line, "too-large", f"{size:,} characters, more than the limit of {max_bytes:,}")
        return
    bad = next((cell for cell in row if _has_bad_bytes(cell)), None)
    if bad is not None:
        index = next(i for i, char in enumerate(bad) if "\udc80" <= char <= "\udcff")
        byte = ord(bad[index]) - 0xDC00
        yield Skip(source.origin, line, "bad-encoding", f"byte 0x{byte:02x} in column '{columns[row.index(bad)]}' is not valid UTF-8")
        return
    record = {name: cell for name, cell in zip(columns, row, strict=True) if name in RECORD_FIELDS}
    yield from _record_article(record, source, line, published=published)


def _has_bad_bytes(cell: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in cell)


def _record_article(record: dict[str, Any], source: _Source, line: int, *, published: dt.date | None) -> Iterator[Item]:
    """One JSONL/CSV record -> Article (plus a bad-date Skip), or a Skip."""
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        yield Skip(source.origin, line, "bad-json", f"field 'text' must be a string, not a {_json_kind(text)}")
        return
    html = record.get("html")
    if html is not None and not isinstance(html, str):
        yield Skip(source.origin, line, "bad-json", f"field 'html' must be a string, not a {_json_kind(html)}")
        return
    where = source.at(line)
    extracted = None
    if not (text and text.strip()):
        if not (html and html.strip()):
            yield Skip(source.origin, line, "empty-text", "no 'text' (and no 'html') in the record")
            return
        extracted = _extract_html(html, source, line=line)
        if isinstance(extracted, Skip):
            yield extracted
            return
    title = _clean_field(record.get("title"))
    date = published
    try:
        own_date = parse_published(record.get("published"))
    except ValueError as e:
        yield Skip(source.origin, line, "bad-date", f"{e}; using {published.isoformat() if published else 'no date'}")
    else:
        if own_date is not None:
            date = own_date
        elif extracted is not None:
            date = _page_date(extracted.date, published)
    if extracted is not None:
        title = title or extracted.title
        text = _with_title(extracted.text, title)
    toponyms = _record_toponyms(record.get("toponyms"), text)
    if isinstance(toponyms, str):
        yield Skip(source.origin, line, "bad-json", toponyms)
        return
    yield Article(
        id=_clean_field(record.get("id")) or where.name,
        text=text,
        title=title,
        published=date,
        url=_clean_field(record.get("url")) or (extracted.url if extracted else None),
        source=_clean_field(record.get("source")) or (extracted.sitename if extracted else None),
        language=_clean_field(record.get("language")) or (extracted.language if extracted else None),
        origin=where.origin,
        toponyms=toponyms,
    )


def _record_toponyms(value: Any, text: str) -> list[tuple[int, int]] | None | str:
    """The ``toponyms`` field as (start, end) spans of ``text``; None when absent, an error
    message when malformed. A CSV cell holds the list as a JSON string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as e:
            return f"field 'toponyms' is not JSON: {e.msg} at column {e.colno}"
    if not isinstance(value, list):
        return f"field 'toponyms' must be a list of {{\"start\", \"end\"}}, not a {_json_kind(value)}"
    spans = []
    for number, item in enumerate(value, start=1):
        start = item.get("start") if isinstance(item, dict) else None
        end = item.get("end") if isinstance(item, dict) else None
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            return f"toponym {number} needs integer 'start' and 'end'"
        if not 0 <= start < end <= len(text):
            return f"toponym {number} ({start}, {end}) is not a span of the text (length {len(text)})"
        spans.append((start, end))
    return spans


def _clean_field(value: Any) -> str | None:
    """A metadata field as a stripped string; numbers become strings, other types None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


# --- stdin ------------------------------------------------------------------------------


def _read_stdin(stream: TextIO, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    """JSONL when the first non-blank line starts with '{', else one plain-text article."""
    source = _Source(STDIN, "stdin")
    lines = _stdin_lines(stream)
    head: list[tuple[int, bytes]] = []
    for number, raw in lines:
        head.append((number, raw))
        if raw.strip():
            break
    if not any(raw.strip() for _, raw in head):
        yield Skip(STDIN, None, "empty-text", "nothing on stdin")
        return
    if head[-1][1].lstrip().startswith(b"{"):
        yield from _read_jsonl_lines(_chain(head, lines), source, published=published, max_bytes=max_bytes)
        return
    content = bytearray()
    for _, raw in _chain(head, lines):
        content += raw
        if len(content) > max_bytes:
            yield Skip(STDIN, None, "too-large", f"more than the limit of {max_bytes:,} bytes")
            return
    text = _decode(bytes(content), source)
    if isinstance(text, Skip):
        yield text
        return
    yield from _text_article(text, source, published=published)


def _stdin_lines(stream: TextIO) -> Iterator[tuple[int, bytes]]:
    """Numbered byte lines: from the binary buffer when there is one, so that bad bytes are
    reported like those in a file, else from the text stream (e.g. io.StringIO)."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        yield from enumerate(buffer, start=1)
        return
    for number, line in enumerate(stream, start=1):
        # Lone surrogates become invalid UTF-8 bytes, reported as bad-encoding.
        yield number, line.encode("utf-8", errors="surrogatepass")


def _chain(head: list[tuple[int, bytes]], rest: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
    yield from head
    yield from rest


__all__ = [
    "KNOWN_EXTENSIONS",
    "WARNING_REASONS",
    "parse_published",
    "read_inputs",
    "split_title",
    "summarize_skips",
]
