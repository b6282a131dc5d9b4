"""Clean an article's text: safe character folds, boilerplate lines out, repeats out.

The Cleaner reads ``article.text`` and writes ``doc.text`` (one paragraph per line,
lines joined with ``"\\n"``) and ``doc.offset_map``, the runs that map the cleaned
text back to the raw text. It is a pure function of ``article.text``.

What it does, line by line:

1. Character folds, each safe for offsets: Unicode NFC; every space character
   (no-break, narrow, ideographic, tab) becomes a plain space, and runs of spaces become
   one; zero-width spaces, soft hyphens, byte-order and bidi marks and control characters
   are deleted (ZWJ/ZWNJ are kept: they spell Persian and Indic words); curly quotes
   become straight ones; CR LF, CR, U+2028 and friends end a line. Lines are stripped.
2. Lines are dropped when they are blank, have no letters or digits, match a rule of the
   boilerplate table (``data/boilerplate.tsv``: "2 min read", "Share this article",
   cookie notices, photo credits, ...), or repeat an earlier line. Repeats are found on a
   normalised key (NFKC, case, quotes, punctuation and whitespace folded): the same line
   again, a line whose sentences all appeared before (a pull quote, a paragraph re-split
   or merged), or, inside a run of such repeats, a line nearly equal to an earlier one
   (a doubled body whose copy was lightly edited). The first occurrence is kept.

``offset_map`` holds ``(clean_start, raw_start, length)`` runs, in clean order, over
which ``cleaned[clean_start:clean_start + length] == raw[raw_start:raw_start + length]``.
A character the folds changed (a curly quote, a composed letter, a joining newline that
stands for a CR LF) is not inside any run; where no run's inclusive end already reaches
it, a zero-length run ``(clean_pos, raw_pos, 0)`` anchors it. Runs never end where the
next one starts, so that ``ArticleDoc.raw_offset`` (first run whose inclusive end reaches
the offset) maps every unchanged character to itself in the raw text, and a changed one
to the start of what it replaced.
"""
from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .model import ArticleDoc
from .resources import Resources, default_resources
from .tables.boilerplate import BoilerplateTable, load_boilerplate

log = logging.getLogger(__name__)

Run = tuple[int, int, int]

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_PLAIN_LINE = re.compile(r"[!-~]+(?: [!-~]+)*")  # printable ASCII, single spaces: nothing to fold
_NON_WORD = re.compile(r"[\W_]+")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+")

# fmt: off
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
}
_DELETED = frozenset(
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
# fmt: on
_HANGUL_JAMO_VT = (0x1160, 0x11FF)  # vowels and trailing consonants compose with a preceding syllable


# --- the stage ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A raw line the cleaner left out, and why (``boilerplate:<rule>``, ``repeat``,
    ``repeat-sentences``, ``near-repeat``, ``no-words``)."""

    raw_start: int
    raw_end: int
    reason: str


@dataclass(slots=True)
class Cleaned:
    text: str
    offset_map: list[Run] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)


class Cleaner:
    """Fold characters, drop boilerplate and repeated lines, map offsets back to the raw text.

    Reads ``article.text``; writes ``doc.text`` and ``doc.offset_map``.
    """

    reads = ("article.text",)
    writes = ("doc.text", "doc.offset_map")

    def __init__(
        self,
        res: Resources | None = None,
        *,
        boilerplate: str | Path | None = None,
        near_repeat_ratio: float = 0.85,
        near_repeat_min_words: int = 8,
    ) -> None:
        """res: where the bundled boilerplate table comes from (``res.boilerplate``; default:
            the process-wide resources).
        boilerplate: path of another boilerplate table, read here instead.
        near_repeat_ratio: word-sequence similarity from which a line inside a run of repeats
            counts as a repeat too.
        near_repeat_min_words: shorter lines are only ever dropped as exact repeats.
        """
        if boilerplate is not None:
            self.boilerplate = load_boilerplate(boilerplate)
        else:
            self.boilerplate = (res or default_resources()).boilerplate
        self.near_repeat_ratio = near_repeat_ratio
        self.near_repeat_min_words = near_repeat_min_words

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        cleaned = clean_text(
            doc.article.text,
            boilerplate=self.boilerplate,
            near_repeat_ratio=self.near_repeat_ratio,
            near_repeat_min_words=self.near_repeat_min_words,
        )
        doc.text = cleaned.text
        doc.offset_map = cleaned.offset_map
        if cleaned.dropped:
            log.debug("%s: dropped %d lines", doc.id, len(cleaned.dropped))
        if doc.article.text.strip() and not cleaned.text:
            doc.warnings.append("clean: every line was boilerplate or a repeat; no text left")
        return doc

    def pipe(self, docs: Iterable[ArticleDoc], *, batch_size: int = 64) -> Iterator[ArticleDoc]:
        for doc in docs:
            yield self(doc)


def clean_text(
    raw: str,
    *,
    boilerplate: BoilerplateTable,
    near_repeat_ratio: float = 0.85,
    near_repeat_min_words: int = 8,
) -> Cleaned:
    """Clean one raw text (see the module docstring); RETURNS the text, offset map and dropped lines."""
    lines = [line for line in (_fold_line(raw, start, end) for start, end in _split_lines(raw)) if line.text]
    reasons = _exact_reasons(lines, boilerplate)
    _mark_near_repeats(lines, reasons, ratio=near_repeat_ratio, min_words=near_repeat_min_words)
    kept = [line for line, reason in zip(lines, reasons, strict=True) if reason is None]
    dropped = [DroppedLine(line.raw_start, line.raw_end, reason) for line, reason in zip(lines, reasons, strict=True) if reason]
    text, offset_map = _assemble(raw, kept)
    return Cleaned(text, offset_map, dropped)


# --- character folds, per line -----------------------------------------------------------


@dataclass(slots=True)
class _Line:
    text: str  # folded and stripped
    raw_start: int  # the raw line, before stripping
    raw_end: int  # where the raw line's terminator (or the text) begins
    runs: list[Run]  # (offset in line, raw offset, length): unchanged stretches
    anchors: list[tuple[int, int]]  # (offset in line, raw offset) of changed characters
    key: str = ""
    words: list[str] = field(default_factory=list)


def _split_lines(raw: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _LINE_BREAK.finditer(raw):
        yield start, match.start()
        start = match.end()
    yield start, len(raw)


def _fold_line(raw: str, start: int, end: int) -> _Line:
    segment = raw[start:end]
    if _PLAIN_LINE.fullmatch(segment):
        return _Line(segment, start, end, [(0, start, len(segment))], [])
    chars: list[str] = []
    sources: list[int] = []
    unchanged: list[bool] = []
    space: tuple[int, bool] | None = None  # the last space of a run: kept, so the next word maps exactly
    for index, char, same in _nfc_chars(raw, start, end):
        folded = _fold_char(char)
        if not folded:
            continue
        if folded == " ":
            space = (index, same and char == " ")
            continue
        if space is not None and chars:
            chars.append(" ")
            sources.append(space[0])
            unchanged.append(space[1])
        space = None
        chars.append(folded)
        sources.append(index)
        unchanged.append(same and folded == char)
    text = "".join(chars)
    if not unicodedata.is_normalized("NFC", text):
        # Composition across our segments (rare scripts): normalise the line as a whole and
        # anchor it at its start; offsets inside it are approximate.
        return _Line(unicodedata.normalize("NFC", text), start, end, [], [(0, start)])
    runs, anchors = _runs(sources, unchanged)
    return _Line(text, start, end, runs, anchors)


def _nfc_chars(raw: str, start: int, end: int) -> Iterator[tuple[int, str, bool]]:
    """(raw index, character, unchanged) of the NFC form of raw[start:end]. A composed
    character maps to the start of the raw sequence it replaces."""
    if unicodedata.is_normalized("NFC", raw[start:end]):
        for index in range(start, end):
            yield index, raw[index], True
        return
    index = start
    while index < end:
        stop = index + 1
        while stop < end and _continues_cluster(raw[stop]):
            stop += 1
        cluster = raw[index:stop]
        composed = unicodedata.normalize("NFC", cluster)
        if composed == cluster:
            for offset, char in enumerate(cluster):
                yield index + offset, char, True
        else:
            for char in composed:
                yield index, char, False
        index = stop


def _continues_cluster(char: str) -> bool:
    return unicodedata.combining(char) != 0 or _HANGUL_JAMO_VT[0] <= ord(char) <= _HANGUL_JAMO_VT[1]


def _fold_char(char: str) -> str:
    """The character after the safe folds: "" deletes it, " " is a space."""
    if char in _QUOTES:
        return _QUOTES[char]
    if char == " " or char == "\t":
        return " "
    if char in _DELETED:
        return ""
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if category == "Cc":
        return ""
    return char


def _runs(sources: list[int], unchanged: list[bool]) -> tuple[list[Run], list[tuple[int, int]]]:
    runs: list[Run] = []
    anchors: list[tuple[int, int]] = []
    for position, (index, same) in enumerate(zip(sources, unchanged, strict=True)):
        if not same:
            anchors.append((position, index))
        elif runs and runs[-1][0] + runs[-1][2] == position and runs[-1][1] + runs[-1][2] == index:
            runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((position, index, 1))
    return runs, anchors


# --- which lines go --------------------------------------------------------------------


def normalize_key(text: str) -> str:
    """The text compared to find repeats: NFKC, case-folded, punctuation and quotes as spaces,
    whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _exact_reasons(lines: list[_Line], boilerplate: BoilerplateTable) -> list[str | None]:
    """Why each line goes (None: it stays), before near repeats are looked for."""
    seen_lines: set[str] = set()
    seen_sentences: set[str] = set()
    reasons: list[str | None] = []
    for line in lines:
        line.key = normalize_key(line.text)
        line.words = line.key.split()
        sentences = [key for key in (normalize_key(part) for part in _SENTENCE_BREAK.split(line.text)) if key]
        rule = boilerplate.match(line.text)
        if not line.key:
            reasons.append("no-words")
        elif rule is not None:
            reasons.append(f"boilerplate:{rule}")
        elif line.key in seen_lines:
            reasons.append("repeat")
        elif all(sentence in seen_sentences for sentence in sentences):
            reasons.append("repeat-sentences")
        else:
            reasons.append(None)
            seen_lines.add(line.key)
            seen_sentences.update(sentences)
    return reasons


def _mark_near_repeats(lines: list[_Line], reasons: list[str | None], *, ratio: float, min_words: int) -> None:
    """Drop a kept line that nearly equals an earlier kept line when it sits next to a
    repeat: inside a doubled body, not in a list of similar but distinct reports."""
    content = [i for i, reason in enumerate(reasons) if reason is None or not reason.startswith(("boilerplate:", "no-words"))]
    candidates: dict[int, bool] = {}
    index: dict[tuple[str, ...], list[int]] = {}
    for i in content:
        line = lines[i]
        if reasons[i] is not None or len(line.words) < min_words:
            continue
        ends = (tuple(line.words[:3]), tuple(line.words[-3:]))
        earlier = {j for end in ends for j in index.get(end, ())}
        if any(_similar(lines[j].words, line.words, ratio) for j in sorted(earlier)):
            candidates[i] = True
        else:
            for end in ends:
                index.setdefault(end, []).append(i)
    changed = True
    while changed:
        changed = False
        for position, i in enumerate(content):
            if i not in candidates or reasons[i] is not None:
                continue
            neighbours = content[max(position - 1, 0) : position] + content[position + 1 : position + 2]
            if any(reasons[j] in ("repeat", "repeat-sentences", "near-repeat") for j in neighbours):
                reasons[i] = "near-repeat"
                changed = True


def _similar(first: list[str], second: list[str], ratio: float) -> bool:
    shorter, longer = sorted((len(first), len(second)))
    if shorter < ratio * longer:
        return False
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    return matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio


# --- the cleaned text and its offset map -------------------------------------------------


def _assemble(raw: str, kept: list[_Line]) -> tuple[str, list[Run]]:
    parts: list[str] = []
    runs: list[Run] = []
    anchors: list[tuple[int, int]] = []
    position = 0
    previous: _Line | None = None
    for line in kept:
        if previous is not None:
            if _joins_in_raw(raw, previous, line):
                _add_run(runs, (position, previous.raw_end, 1))
            else:
                anchors.append((position, previous.raw_end))
            parts.append("\n")
            position += 1
        for offset, raw_start, length in line.runs:
            _add_run(runs, (position + offset, raw_start, length))
        anchors.extend((position + offset, raw_start) for offset, raw_start in line.anchors)
        parts.append(line.text)
        position += len(line.text)
        previous = line
    return "".join(parts), _with_anchors(runs, anchors)


def _joins_in_raw(raw: str, previous: _Line, line: _Line) -> bool:
    """The joining "\\n" is the raw one: both lines are whole in a run and adjacent in raw."""
    return (
        raw[previous.raw_end : previous.raw_end + 1] == "\n"
        and line.raw_start == previous.raw_end + 1
        and bool(previous.runs)
        and previous.runs[-1][0] + previous.runs[-1][2] == len(previous.text)
        and previous.runs[-1][1] + previous.runs[-1][2] == previous.raw_end
        and bool(line.runs)
        and line.runs[0][:2] == (0, line.raw_start)
    )


def _add_run(runs: list[Run], run: Run) -> None:
    if runs:
        clean_start, raw_start, length = runs[-1]
        if clean_start + length == run[0] and raw_start + length == run[1]:
            runs[-1] = (clean_start, raw_start, length + run[2])
            return
    runs.append(run)


def _with_anchors(runs: list[Run], anchors: list[tuple[int, int]]) -> list[Run]:
    """Merge zero-length anchors into the runs, keeping only those no run's inclusive end reaches.

    ``ArticleDoc.raw_offset`` takes the first run whose inclusive end reaches an offset, so
    where characters were deleted between two runs (a zero-width space, a second space),
    the first run is shortened by one character: its inclusive end then maps that last
    character exactly, and the next run's first character maps through the next run.
    """
    merged = sorted(runs + [(position, raw_start, 0) for position, raw_start in anchors])
    out: list[Run] = []
    for run in merged:
        if out and out[-1][0] + out[-1][2] >= run[0]:
            if run[2] == 0:
                continue
            clean_start, raw_start, length = out[-1]
            out[-1] = (clean_start, raw_start, length - 1)
        out.append(run)
    return out


__all__ = ["Cleaned", "Cleaner", "DroppedLine", "clean_text", "normalize_key"]
