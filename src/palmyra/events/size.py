"""Size: how many were killed, injured, arrested, and other counts ("14 tanks").

A number is read from digits ("1,200", "3 million") or words ("twenty-five",
"two hundred and fifty", "a dozen"), and attached through the parse to what it
counts ("14 tanks" -> Count(14, "tanks")). Vague amounts get ACLED's
conservative figures (tens 10, dozens 12, hundreds 100; our own choices,
listed in data/size_words.tsv, for the rest); "some" and "many" give none.
Modifiers such as "over", "at least", "nearly" keep the stated number: never
inflate. A number written twice ("a hundred 100 fighters") counts once.

A count is dead / injured / arrested when a casualty word of data/size_words.tsv
ties it to the victims in the same clause: the number is on the object of an
active verb ("killing five civilians") or on the subject of a passive one ("12
people were killed"), on the subject of an intransitive one ("300 people
died"), on a noun the casualty word modifies ("40 arrested", "three dead"), or
is what a casualty noun amounts to ("the death toll rose to 30", "the lives of
7 people"). Coordinated victims add up ("five civilians and two soldiers");
separate mentions of one kind give their largest figure.

Not counts: years, ages, days of the month, times, percentages, money,
distances, durations, ordinals and labels such as "T4" or "Route 7".
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import ArticleDoc, Count, Event, Size
from ..resources import Resources, default_resources
from ..tables.size_words import CASUALTY_KINDS, SizeWords, load_size_words

log = logging.getLogger(__name__)


DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")
YEAR = re.compile(r"^(1[89]|20)\d\d$")
SKIP_ENTITIES = frozenset(("MONEY", "PERCENT", "TIME", "ORDINAL", "QUANTITY"))
NOUN_POS = ("NOUN", "PROPN", "PRON")
CONNECTORS = ("-", "–", "and")
RANGE_WORDS = ("to", "-", "–", "or")


# -- numbers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A count found in the text, with the casualty kind it gives (or None)."""

    count: Count
    kind: str | None
    anchor: Any  # spaCy token: the counted noun, or the number's head when there is none
    tokens: tuple[int, ...]  # token indices of the number words


def find_counts(span: Any, *, words: SizeWords | None = None) -> list[Count]:
    """Every count in a spaCy Span (or Doc): numbers attached to what they count."""
    return [mention.count for mention in find_mentions(span, words=words)]


def find_mentions(span: Any, *, words: SizeWords | None = None) -> list[Mention]:
    """Counts with their casualty kind, in text order."""
    words = words or default_resources().size_words
    runs = _number_runs(list(span), words)
    skipped: set[int] = set()
    mentions: list[Mention] = []
    for run in runs:
        if _not_a_count(run, words, skipped):
            skipped.update(t.i for t in run)
            continue
        mention = _mention(run, words)
        if mention is not None:
            mentions.append(mention)
    taken = {m.anchor.i for m in mentions} | {i for m in mentions for i in m.tokens}
    mentions.extend(_singular_victims(span, words, taken))
    return sorted(mentions, key=lambda m: m.count.start)


def find_size(span: Any, *, within: set[int] | None = None, words: SizeWords | None = None) -> Size:
    """dead / injured / arrested and all counts in ``span``; ``within``: token indices to keep."""
    mentions = [
        m for m in find_mentions(span, words=words) if within is None or all(i in within for i in m.tokens)
    ]
    size = Size(counts=[m.count for m in mentions])
    for kind in CASUALTY_KINDS:
        total = _total([m for m in mentions if m.kind == kind])
        setattr(size, kind, total)
    return size


def _singular_victims(span: Any, words: SizeWords, taken: set[int]) -> Iterator[Mention]:
    """One victim without a number: "a journalist was killed", "Ahmed was arrested" -> 1."""
    for token in span:
        roles = {"dobj": ("object",), "nsubjpass": ("object", "passive"), "nsubj": ("subject",)}.get(token.dep_)
        if roles is None or token.i in taken or token.tag_ not in ("NN", "NNP"):
            continue
        verb = token.head
        if token.dep_ == "nsubj" and verb.tag_ == "VBN":
            roles = ("object",)
        kind = words.casualty(verb, roles)
        if kind is None:
            continue
        single = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children) or (
            token.ent_type_ == "PERSON" and not any(c.dep_ in ("det", "nummod") for c in token.children)
        )
        if not single or any(c.dep_ == "conj" for c in token.children) or token.dep_ == "conj":
            continue
        phrase = token.doc[token.left_edge.i : token.i + 1]
        count = Count(n=1, what=token.text, text=phrase.text, start=phrase.start_char, end=phrase.end_char)
        yield Mention(count=count, kind=kind, anchor=token, tokens=(token.i,))


def _total(mentions: list[Mention]) -> int | None:
    """Coordinated victims add up; separate mentions give the largest figure."""
    if not mentions:
        return None
    groups: dict[int, int] = {}
    for mention in mentions:
        key = _first_conjunct(mention.anchor).i
        groups[key] = groups.get(key, 0) + mention.count.n
    return max(groups.values())


def _first_conjunct(token: Any) -> Any:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _number_runs(tokens: list[Any], words: SizeWords) -> list[list[Any]]:
    """Maximal runs of adjacent number words; a range ("10 to 15") joins two runs."""
    runs: list[list[Any]] = []
    current: list[Any] = []
    for token in tokens:
        if _is_number_piece(token, current, words):
            current.append(token)
            continue
        _close(current, runs)
        current = []
        if _is_number_piece(token, [], words):
            current = [token]
    _close(current, runs)
    return _join_ranges(runs, words)


def _close(current: list[Any], runs: list[list[Any]]) -> None:
    while current and (current[-1].lower_ in CONNECTORS or current[-1].lower_ in ("a", "an")):
        current.pop()
    if current:
        runs.append(current)


def _is_number_piece(token: Any, current: list[Any], words: SizeWords) -> bool:
    text = token.lower_
    if DIGITS.match(text) or _word_value(token, words) is not None:
        return True
    if words.is_word(token, "approx", "plural") or words.is_word(token, "approx", "modifier"):
        return True
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if text in ("a", "an") and nxt is not None and (
        _multiplier(nxt, words) is not None or words.is_word(nxt, "approx", "after_a")
    ):
        return True
    if words.is_word(token, "approx", "after_a"):
        return bool(current) and current[-1].lower_ in ("a", "an")
    if current and text in CONNECTORS and nxt is not None and _word_value(nxt, words) is not None:
        return text != "and" or _multiplier(current[-1], words) is not None
    return False


def _word_value(token: Any, words: SizeWords) -> float | None:
    """Value of a number word as spelled, hyphenated ones included ("twenty-five")."""
    text = token.lower_
    parts = text.split("-") if "-" in text.strip("-") else [text]
    if len(parts) > 1 and any(words.numbers.get(p) is None or words.numbers[p].role != "unit" for p in parts):
        return None
    rows = [words.numbers.get(part) for part in parts]
    if any(row is None or row.value is None for row in rows):
        return None
    return sum(row.value for row in rows)  # type: ignore[union-attr, misc]


def _multiplier(token: Any, words: SizeWords) -> float | None:
    row = words.numbers.get(token.lower_)
    return row.value if row is not None and row.role == "multiplier" else None


def _join_ranges(runs: list[list[Any]], words: SizeWords) -> list[list[Any]]:
    out: list[list[Any]] = []
    for run in runs:
        if out:
            prev = out[-1]
            gap = run[0].i - prev[-1].i
            between = run[0].doc[prev[-1].i + 1] if gap == 2 else None
            if between is not None and between.lower_ in RANGE_WORDS and _is_plain(prev) and _is_plain(run):
                out[-1] = prev + [between] + run
                continue
            if between is not None and between.lower_ == "of" and _is_approx(prev[-1], words) and _is_approx(run[0], words):
                out[-1] = prev + [between] + run  # "tens of thousands"
                continue
        out.append(run)
    return out


def _is_approx(token: Any, words: SizeWords) -> bool:
    return words.is_word(token, "approx", "plural")


def _is_plain(run: list[Any]) -> bool:
    return all(DIGITS.match(t.lower_) or t.like_num or t.lower_ in CONNECTORS for t in run)


def _values(run: list[Any], words: SizeWords) -> list[float]:
    """The numbers a run states: [100, 100] for "a hundred 100", [10, 15] for "10 to 15"."""
    numbers: list[float] = []
    total = current = 0.0
    started = False
    prev = ""  # the previous piece: digit | word | multiplier | approx | link | a

    def flush() -> None:
        nonlocal total, current, started
        if started:
            numbers.append(total + current)
        total = current = 0.0
        started = False

    for token in run:
        text = token.lower_
        if text in ("to", "or") or (text in ("-", "–") and prev == "digit"):
            flush()  # a range
            prev = "link"
            continue
        if text in CONNECTORS:
            prev = "link"
            continue
        if text == "of":
            prev = "of"
            continue
        if text in ("a", "an"):
            prev = "a"
            continue
        approx = words.lookup(token, ("approx",))
        if approx is not None and approx.value is not None:
            if prev == "of":
                current *= approx.value  # "tens of thousands" = 10 x 1000
                prev = "approx"
                continue
            if prev not in ("link", "a"):
                flush()
            current, started, prev = approx.value, True, "approx"
            continue
        if DIGITS.match(text):
            if prev not in ("link", "a"):
                flush()  # "a hundred 100": the number said twice
            current, started, prev = float(text.replace(",", "")), True, "digit"
            continue
        factor = _multiplier(token, words)
        if factor is not None:
            current = current or 1.0
            if factor >= 1000:
                total, current = total + current * factor, 0.0
            else:
                current *= factor
            started, prev = True, "multiplier"
            continue
        value = _word_value(token, words)
        if value is None:
            continue
        joins = prev in ("link", "a", "multiplier") or (
            prev == "word" and current % 100 >= 20 and current % 10 == 0 and value < 10
        )
        if not joins:
            flush()
        current, started, prev = current + value, True, "word"
    flush()
    return numbers


def _run_value(run: list[Any], words: SizeWords) -> int | None:
    """The conservative value of a run: the smallest number it states."""
    values = [v for v in _values(run, words) if v > 0]
    if not values:
        return None
    value = min(values)
    if value != int(value) and value < 1000:
        return None  # "1.5" on its own is no count
    return int(value)


# -- what is not a count ------------------------------------------------------------


def _not_a_count(run: list[Any], words: SizeWords, skipped: set[int]) -> bool:
    return _is_measure(run, words) or _is_label(run, words, skipped)


def _is_measure(run: list[Any], words: SizeWords) -> bool:
    """Money, percentages, times, dates, ages, distances and durations."""
    doc = run[0].doc
    first, last = run[0], run[-1]
    if any(t.ent_type_ in SKIP_ENTITIES for t in run):
        return True
    before = doc[first.i - 1] if first.i > 0 else None
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    after = _next_word(doc, last.i)
    if before is not None and words.is_word(before, "skip", "before"):
        return True
    if after is not None and words.is_word(after, "skip", "after"):
        return True
    if any(t is not None and t.is_title and words.is_word(t, "skip", "month") for t in (before, following)):
        return True  # "12 December", "December 12"
    if following is not None and following.text in ("-", "–") and after is not None and after.is_alpha:
        return _word_value(after, words) is None  # a compound modifier: "six-member team", "24-hour curfew"
    if len(run) == 1 and YEAR.match(first.text):
        return first.ent_type_ == "DATE" or first.dep_ == "pobj" or _counted_noun(first) is None
    return False


def _is_label(run: list[Any], words: SizeWords, skipped: set[int]) -> bool:
    """Names and numbering: "Su-24", "Route 7", "Resolution 2254", "no one", and conjuncts of skipped numbers."""
    doc = run[0].doc
    first = run[0]
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.text in ("-", "–") and first.i > 1:
        name = doc[first.i - 2]
        if name.is_alpha and _word_value(name, words) is None:
            return True  # "Su-24", "T-4"
    if before is not None and before.lower_ == "no" and first.lower_ == "one":
        return True
    head = _run_head(run)
    if head.dep_ == "nummod" and head.head.i < first.i:
        return True  # "Route 7"
    if head.dep_ in ("conj", "appos") and head.head.i in skipped:
        return True  # "aged 9 and 12"
    if before is not None and before.pos_ == "PROPN" and before.is_title:
        return head.dep_ in ("appos", "npadvmod", "nummod", "compound") and _counted_noun(head) is None  # "Highway 4"
    return False


def _next_word(doc: Any, i: int) -> Any | None:
    """The next token after ``i``, skipping hyphens ("19-year-old")."""
    j = i + 1
    while j < len(doc) and doc[j].text in ("-", "–"):
        j += 1
    return doc[j] if j < len(doc) else None


# -- what is counted ------------------------------------------------------------------


def _run_head(run: list[Any]) -> Any:
    inside = {t.i for t in run}
    for token in run:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return run[-1]


def _counted_noun(head: Any) -> Any | None:
    """The noun a number counts: "14 tanks", "dozens of people", "12 of the soldiers"."""
    if head.dep_ in ("nummod", "amod", "quantmod", "det") and head.head.pos_ in NOUN_POS and head.head.i > head.i:
        return head.head
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    doc = head.doc
    if head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "of":
        for token in doc[head.i + 2 : min(len(doc), head.i + 6)]:
            if token.pos_ in NOUN_POS:
                return token
            if token.pos_ not in ("DET", "ADJ", "NUM"):
                break
    return None


def _mention(run: list[Any], words: SizeWords) -> Mention | None:
    value = _run_value(run, words)
    if value is None:
        return None
    head = _run_head(run)
    noun = pronoun = _counted_noun(head)
    if noun is not None and noun.pos_ == "PRON":
        noun = None  # "12 of them": the number itself is the victim
    anchor = noun if noun is not None else head
    kind, word = _casualty_kind(run, head, noun, words)
    what = noun.text if noun is not None else kind
    if what is None:
        return None  # a bare number with nothing counted
    if kind is None and value == 1 and head.lower_ == "one" and _has_of(head):
        return None  # "one of the largest attacks" is no count
    doc = head.doc
    end = run[-1]
    if pronoun is not None and 0 < pronoun.i - end.i <= 8:
        end = pronoun
    if word is not None and word.i == end.i + 1:
        end = word  # "Three dead", "Forty arrested"
    span = doc[run[0].i : end.i + 1]
    count = Count(n=value, what=what, text=span.text, start=span.start_char, end=span.end_char)
    return Mention(count=count, kind=kind, anchor=anchor, tokens=tuple(t.i for t in run))


def _casualty_kind(run: list[Any], head: Any, noun: Any | None, words: SizeWords) -> tuple[str | None, Any | None]:
    """(dead | injured | arrested, the word that says so) when a casualty word ties the count to the victims."""
    if noun is not None:
        own = words.casualty(noun, ("noun",))
        if own is not None:
            return own, None  # "30 deaths", "40 arrests"
    doc = head.doc
    after = doc[run[-1].i + 1] if run[-1].i + 1 < len(doc) else None
    if noun is None and after is not None and after.tag_ in ("VBN", "JJ"):
        kind = words.casualty(after, ("adjective", "object", "passive"))
        if kind is not None:
            return kind, after  # "Three dead and 10 injured"
    tokens = [noun] if noun is not None else []
    tokens.append(head)  # "Hundreds of protesters were rounded up", "injuring 12 of them"
    for token in tokens:
        for conjunct in _first_conjuncts(token):
            kind = _kind_from_modifiers(conjunct, words) or _kind_from_head(conjunct, words)
            if kind is not None:
                return kind, None
    return None, None


def _has_of(token: Any) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _first_conjuncts(token: Any) -> Iterator[Any]:
    """The token, then the conjuncts it hangs from ("five civilians and two soldiers")."""
    yield token
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
        yield token


def _kind_from_modifiers(token: Any, words: SizeWords) -> str | None:
    """ "three wounded soldiers", "Forty arrested", "people killed in the strike"."""
    for child in token.children:
        if child.dep_ in ("amod", "acl") and child.i > token.i - 3:
            kind = words.casualty(child, ("adjective", "object", "passive"))
            if kind is not None and (child.dep_ == "amod" or child.tag_ in ("VBN", "JJ")):
                return kind
        if child.dep_ == "relcl" and _is_passive(child):
            kind = words.casualty(child, ("object", "passive"))
            if kind is not None:
                return kind
    return None


def _kind_from_head(token: Any, words: SizeWords) -> str | None:
    head = token.head
    dep = token.dep_
    if head.i == token.i:
        return None
    if dep == "dobj":
        kind = words.casualty(head, ("object",))
        if kind is not None:
            return kind
    if dep == "nsubjpass" or (dep == "nsubj" and (head.tag_ == "VBN" or not _has_object(head))):
        # "12 people were killed"; headline style "Dozens killed ..." (no object: a reduced passive)
        kind = words.casualty(head, ("object", "passive"))
        if kind is not None:
            return kind
    if dep == "nsubj":
        kind = words.casualty(head, ("subject",))
        if kind is not None:
            return kind
    if dep in ("nsubj", "nsubjpass", "dobj"):
        kind = _kind_from_complement(head, words)
        if kind is not None:
            return kind
    if dep == "pobj" and head.dep_ == "prep":
        governor = head.head
        if head.lower_ == "of" and governor.pos_ in ("NOUN", "PROPN"):
            kind = words.casualty(governor, ("noun",))
            if kind is not None and not _blocked(governor, words):
                return kind  # "the lives of 7 people"
        if head.lower_ in ("to", "at") and governor.pos_ in ("VERB", "AUX"):
            return _kind_of_subject(governor, words)  # "the death toll rose to 30"
    if dep == "attr" and head.pos_ in ("VERB", "AUX"):
        return _kind_of_subject(head, words)  # "the death toll is 30"
    return None


def _kind_from_complement(verb: Any, words: SizeWords) -> str | None:
    """ "left 250 people dead", "12 are dead", "five were among the dead"."""
    for child in verb.children:
        if child.dep_ in ("acomp", "oprd", "advmod", "xcomp"):
            kind = words.casualty(child, ("adjective",))
            if kind is not None:
                return kind
        if child.dep_ == "prep" and child.lower_ == "among":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    kind = words.casualty(pobj, ("adjective", "noun"))
                    if kind is not None:
                        return kind
    return None


def _kind_of_subject(verb: Any, words: SizeWords) -> str | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            kind = words.casualty(child, ("noun",))
            if kind is not None:
                return kind
    return None


def _blocked(noun: Any, words: SizeWords) -> bool:
    """ "saved the lives of 7 people"."""
    return noun.head.i != noun.i and words.lookup(noun.head, ("block",)) is not None


def _has_object(verb: Any) -> bool:
    return any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in verb.children)


def _is_passive(verb: Any) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


# -- stage ------------------------------------------------------------------------


class SizeExtractor:
    """Give each event its counts: dead, injured, arrested and other numbers, with spans.

    reads: doc.nlp_doc, event.trigger_i, event.sent_start, event.sent_end
    writes: event.size

    The counts of an event are those in its trigger's clause (the trigger's
    subtree, or its verb's for a noun trigger, without the subtrees of the
    sentence's other triggers); when the sentence has one event, the whole sentence.
    """

    reads = ("doc.nlp_doc", "event.trigger_i", "event.sent_start", "event.sent_end")
    writes = ("event.size",)

    def __init__(self, res: Resources, *, words_path: Path | None = None) -> None:
        self.res = res
        self.words = load_size_words(words_path) if words_path is not None else res.size_words

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        if doc.nlp_doc is None:
            return doc
        by_sentence: dict[tuple[int, int], list[tuple[Event, Any]]] = {}
        for event in doc.events:
            token = _trigger_token(doc, event)
            if token is None:
                log.warning("%s: no trigger token for event %r; size left empty", doc.id, event.event_text)
                continue
            by_sentence.setdefault((token.sent.start, token.sent.end), []).append((event, token))
        for (start, end), events in by_sentence.items():
            sent = doc.nlp_doc[start:end]
            triggers = [token for _, token in events]
            for event, token in events:
                within = None if len({t.i for t in triggers}) == 1 else clause_tokens(token, triggers)
                event.size = find_size(sent, within=within, words=self.words)
        return doc

    def pipe(self, docs: Iterable[ArticleDoc], *, batch_size: int = 64) -> Iterator[ArticleDoc]:
        for doc in docs:
            yield self(doc)


def clause_tokens(trigger: Any, triggers: list[Any]) -> set[int]:
    """Token indices of a trigger's clause, without the subtrees of the other triggers."""
    others = {t.i for t in triggers if t.i != trigger.i}
    root = _clause_root(trigger, others)
    keep = {t.i for t in root.subtree}
    for other in triggers:
        if other.i == trigger.i or other.i not in keep:
            continue
        subtree = {t.i for t in other.subtree}
        if trigger.i not in subtree:
            keep -= subtree
    return keep


def _clause_root(trigger: Any, others: set[int]) -> Any:
    """A noun trigger's verb ("air strikes killed 12"), unless that verb is another trigger."""
    token = trigger
    while token.pos_ in ("NOUN", "PROPN") and token.head.i != token.i:
        dep, head = token.dep_, token.head
        if dep in ("compound", "nsubj", "nsubjpass", "dobj", "attr", "appos", "conj"):
            step = head
        elif dep == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
            step = head.head
        else:
            break
        if step.i in others:
            break
        token = step
    return token


def _trigger_token(doc: ArticleDoc, event: Event) -> Any | None:
    nlp_doc = doc.nlp_doc
    if 0 <= event.trigger_i < len(nlp_doc):
        return nlp_doc[event.trigger_i]
    span = nlp_doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
