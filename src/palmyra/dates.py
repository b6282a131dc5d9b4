"""Event dates: find date expressions, resolve them against the publication date.

Two parts:

* ``find_date_expressions(text)`` finds date expressions in a sentence with a
  small hand-written grammar (standard library only): weekdays, "yesterday",
  "last weekend", "earlier this week", "3 days ago", "in September 2015",
  "March 3, 2024", "6-10 February 2018", ISO dates, "in 2015", and "since ..."
  forms (ambiguous numeric dates like 3/3/2024 are not read). Each hit is a
  ``DateExpr`` whose ``resolve(published)`` gives ``(start, end, precision)``.
* ``DateResolver`` is the pipeline stage: it picks, for every event, the date
  expression syntactically closest to its trigger and writes the interval.

Conventions (news usage, the reference day is the publication date P):

* A bare weekday is the most recent such day on or before P ("on Friday" in a
  Friday paper is that same Friday); for future statements it is the next such
  day on or after P. "last Thursday" is strictly before P, "next Thursday"
  strictly after.
* "yesterday", "last night" and "overnight" are P - 1. A night-time event is
  dated by the day on which the night began, so "overnight" in a morning
  report is the evening before publication.
* "last weekend" is the latest Saturday..Sunday that ended before P, never the
  weekend P falls in; "over the weekend" is that weekend too, unless P is a
  Saturday or Sunday, when it is the current one. Weekends have precision
  "week" (ACLED's time precision 2 covers "week or weekend").
* "earlier this week" is Monday of P's week .. P - 1; "last week" is the
  previous Monday..Sunday; "N weeks ago" is the Monday..Sunday week holding
  P - 7N. Months and years follow the same pattern.
* A month or day without a year ("in September", "on 3 March") is the latest
  one not after P (the previous year if it would fall after P).
* Past statements never end after P: an interval that runs past P ("this
  month") is cut at P. "since X" runs from the start of X to P.
* Without a publication date only expressions that carry their own year
  resolve; relative ones give ``None``.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator
import dataclasses
from dataclasses import dataclass
from typing import Any

from .model import ArticleDoc, Event
from .resources import Resources

log = logging.getLogger(__name__)

Interval = tuple[dt.date, dt.date, str]

# Order of precisions from finest to coarsest.
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Abbreviations as news agencies write them (always with the full stop).
MONTH_ABBREVIATIONS = {
    "Jan.": 1, "Feb.": 2, "Apr.": 4, "Aug.": 8, "Sep.": 9, "Sept.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Seasons as (first month, last month); winter runs into the next year: "the winter of 1995" is
# December 1995 to February 1996 (northern hemisphere, as the press mostly means it).
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
# Nouns that make a bare year a date: "the 2006 war", "the 2011 uprising".
YEAR_NOUNS = (
    "war", "wars", "conflict", "uprising", "revolution", "invasion", "offensive", "coup", "massacre",
    "election", "elections", "crisis", "protests", "crackdown", "siege", "intervention", "ceasefire",
    "truce", "occupation", "insurgency", "riots", "bombing", "bombings", "attack", "attacks", "war's",
)
TIMES_OF_DAY = ("morning", "afternoon", "evening", "night")

# Kinds whose resolution needs no publication date when they carry a year.
ABSOLUTE_KINDS = frozenset(("date", "day_range", "month", "year", "season", "decade"))


# -- the expression record -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date expression found in a text.

    text, start, end: the words as written and their offsets into the searched text.
    kind: date | day_range | month | year | weekday | days_back | ago | week | month_rel | year_rel | weekend.
    args: the kind's parameters (see ``_RESOLVERS``).
    since: "since X": the interval runs from the start of X to the publication date.
    """

    text: str
    start: int
    end: int
    kind: str
    args: tuple[Any, ...] = ()
    since: bool = False

    @property
    def is_absolute(self) -> bool:
        """True if the expression names its own year (resolves without a publication date)."""
        return self.kind in ABSOLUTE_KINDS and self.args[0] is not None

    def resolve(self, published: dt.date | None, *, future: bool = False) -> Interval | None:
        """(first day, last day, precision) of the expression, or None if it cannot be resolved.

        published: the publication date the relative expressions are read against.
        future: the statement is about the future ("will meet on Monday"), so bare
            weekdays and months look forward instead of back.
        """
        if isinstance(published, dt.datetime):
            published = published.date()
        if published is None and not self.is_absolute:
            return None
        interval = _RESOLVERS[self.kind](published, future, *self.args)
        if interval is None:
            return None
        start, end, precision = interval
        if published is None:
            return None if self.since else interval
        if self.since:
            end = max(start, published)
            return start, end, _coarsest(precision, _span_precision(start, end))
        if not future and start <= published < end:
            end = published  # a past statement cannot end after its report
        return start, end, precision


# -- calendar helpers ----------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _month_interval(year: int, month: int) -> Interval:
    return dt.date(year, month, 1), _month_end(year, month), "month"


def _year_interval(year: int) -> Interval:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _week_of(day: dt.date) -> Interval:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6), "week"


def _day(day: dt.date) -> Interval:
    return day, day, "day"


def _span_precision(start: dt.date, end: dt.date) -> str:
    days = (end - start).days + 1
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    return "year"


def _coarsest(*precisions: str) -> str:
    return max(precisions, key=PRECISION_RANK.__getitem__)


def _valid_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekend(saturday: dt.date) -> Interval:
    return saturday, saturday + dt.timedelta(days=1), "week"


def _previous_weekend(published: dt.date) -> dt.date:
    """Saturday of the latest weekend that ended before ``published``."""
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if saturday + dt.timedelta(days=1) >= published:
        saturday -= dt.timedelta(days=7)
    return saturday


# -- resolvers: (published, future, *args) -> Interval | None ------------------


def _resolve_date(published: dt.date | None, future: bool, year: int | None, month: int, day: int) -> Interval | None:
    if year is not None:
        found = _valid_day(year, month, day)
        return _day(found) if found else None
    assert published is not None
    step = 1 if future else -1
    year = published.year
    for _ in range(9):  # a 29 February may be up to 8 years away
        found = _valid_day(year, month, day)
        if found is not None and (found >= published if future else found <= published):
            return _day(found)
        year += step
    return None


def _resolve_month(
    published: dt.date | None, future: bool, year: int | None, month: int, direction: str = ""
) -> Interval | None:
    if year is not None:
        return _month_interval(year, month)
    assert published is not None
    current = published.month
    if direction == "last":
        year = published.year if month < current else published.year - 1
    elif direction == "next":
        year = published.year if month > current else published.year + 1
    elif future:
        year = published.year if month >= current else published.year + 1
    else:
        year = published.year if month <= current else published.year - 1
    return _month_interval(year, month)


def _resolve_day_range(
    published: dt.date | None, future: bool, year: int | None, month: int, first: int, last: int
) -> Interval | None:
    start = _resolve_date(published, future, year, month, first)
    if start is None:
        return None
    end = _valid_day(start[0].year, month, last)
    if end is None:
        return None
    return start[0], end, _span_precision(start[0], end)


def _resolve_year(published: dt.date | None, future: bool, year: int) -> Interval:
    return _year_interval(year)


def _resolve_weekday(published: dt.date, future: bool, weekday: int, direction: str = "") -> Interval:
    back = (published.weekday() - weekday) % 7
    forward = (weekday - published.weekday()) % 7
    if direction == "last":
        return _day(published - dt.timedelta(days=back or 7))
    if direction == "next":
        return _day(published + dt.timedelta(days=forward or 7))
    if future:
        return _day(published + dt.timedelta(days=forward))
    return _day(published - dt.timedelta(days=back))


def _resolve_days_back(published: dt.date, future: bool, n: int) -> Interval:
    return _day(published - dt.timedelta(days=n))


def _resolve_ago(published: dt.date, future: bool, n: int, unit: str) -> Interval:
    if unit == "day":
        return _day(published - dt.timedelta(days=n))
    if unit == "week":
        return _week_of(published - dt.timedelta(days=7 * n))
    if unit == "month":
        return _month_interval(*_add_months(published.year, published.month, -n))
    if unit == "decade":
        return _year_interval(published.year - 10 * n)
    return _year_interval(published.year - n)


def _resolve_season(published: dt.date | None, future: bool, year: int, season: str) -> Interval:
    first, last = SEASONS[season]
    end_year = year + 1 if last < first else year
    start, end = dt.date(year, first, 1), _month_end(end_year, last)
    return start, end, _span_precision(start, end)


def _resolve_decade(published: dt.date | None, future: bool, decade: int, part: str) -> Interval:
    first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
    return dt.date(decade + first, 1, 1), dt.date(decade + last, 12, 31), "year"


def _resolve_week(published: dt.date, future: bool, which: str) -> Interval:
    monday = published - dt.timedelta(days=published.weekday())
    if which == "last":
        return _week_of(monday - dt.timedelta(days=7))
    if which == "next":
        return _week_of(monday + dt.timedelta(days=7))
    if which == "earlier":
        return monday, max(monday, published - dt.timedelta(days=1)), "week"
    return _week_of(monday)


def _resolve_month_rel(published: dt.date, future: bool, which: str) -> Interval:
    shift = {"last": -1, "next": 1}.get(which, 0)
    year, month = _add_months(published.year, published.month, shift)
    start, end, precision = _month_interval(year, month)
    if which == "earlier":
        end = max(start, published - dt.timedelta(days=1))
    return start, end, precision


def _resolve_year_rel(published: dt.date, future: bool, which: str) -> Interval:
    shift = {"last": -1, "next": 1}.get(which, 0)
    start, end, precision = _year_interval(published.year + shift)
    if which == "earlier":
        end = max(start, published - dt.timedelta(days=1))
    return start, end, precision


def _resolve_weekend(published: dt.date, future: bool, which: str) -> Interval:
    on_weekend = published.weekday() >= 5
    current = published - dt.timedelta(days=published.weekday() - 5)
    if which == "next" or (which == "this" and future and not on_weekend):
        return _weekend(published + dt.timedelta(days=(5 - published.weekday()) % 7 or 7))
    if which in ("over", "this") and on_weekend:
        return _weekend(current)
    return _weekend(_previous_weekend(published))


_RESOLVERS: dict[str, Callable[..., Interval | None]] = {
    "date": _resolve_date,  # args: year | None, month, day
    "day_range": _resolve_day_range,  # args: year | None, month, first day, last day
    "month": _resolve_month,  # args: year | None, month, direction ("" | last | this | next)
    "year": _resolve_year,  # args: year
    "weekday": _resolve_weekday,  # args: weekday (Monday = 0), direction ("" | last | this | next)
    "days_back": _resolve_days_back,  # args: n (days before publication; -1 is tomorrow)
    "ago": _resolve_ago,  # args: n, unit (day | week | month | year | decade)
    "season": _resolve_season,  # args: year, season
    "decade": _resolve_decade,  # args: first year of the decade, part ("" | early | mid | late)
    "week": _resolve_week,  # args: which (this | earlier | last | next)
    "month_rel": _resolve_month_rel,  # args: which
    "year_rel": _resolve_year_rel,  # args: which
    "weekend": _resolve_weekend,  # args: which (last | over | this | next)
}


# -- the grammar ---------------------------------------------------------------


def _initial_any_case(phrase: str) -> str:
    """Regex for a phrase whose first letter may be capitalised (sentence start)."""
    first = phrase[0]
    return f"[{first.upper()}{first.lower()}]{re.escape(phrase[1:])}".replace(r"\ ", r"\s+")


def _alternatives(phrases: Iterable[str]) -> str:
    return "|".join(_initial_any_case(p) for p in sorted(phrases, key=len, reverse=True))


# Month and weekday names may be lower case (some outlets lower-case whole
# articles), but a lower-case "may", "march" or "august" counts only next to a
# day or a year ("march 15", "may 2015").
_MONTH = "(?P<month>" + _alternatives((*MONTHS, *MONTH_ABBREVIATIONS)) + ")"
_WEEKDAY = "(?P<weekday>" + _alternatives(WEEKDAYS) + ")"
AMBIGUOUS_MONTHS = frozenset(("may", "march", "august"))
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?![\w-])"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_OPT_YEAR = r"(?:,?\s+" + _YEAR + ")?"
_NOT_A_DISTANCE = r"(?![\d:])(?!\s*(?:km|miles?|kilomet(?:re|er)s?)\b)"  # "March 3 km" is not a date
_NUMBER = r"(?P<n>\d{1,3}|" + _alternatives(NUMBER_WORDS) + ")"
_TIME_OF_DAY = "|".join(TIMES_OF_DAY)
_PART = r"(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate)(?:\s+|-))"
_EDGE = r"(?<![\w.-])"  # no word character just before a core
_STOP = r"(?![\w])"

# Words that may stand before a core and become part of the expression.
_PREFIXES = {
    "day": ("on", "since", "by", "as of", "from", "until", "between", "late on", "early on"),
    "period": ("in", "during", "since", "by", "as of", "from", "until", "through", "throughout", "in the course of"),
    "weekend": ("over", "at", "during", "on", "since", "by"),
    "relative": ("since",),
}
_PREFIX_RES = {
    group: re.compile(r"(?<![\w])(?P<prefix>" + _alternatives(words) + r")\s+$")
    for group, words in _PREFIXES.items()
}
_SINCE = re.compile(r"^[Ss]ince\b")


# What a rule builds from a match: kind, args, and a condition on the context:
# "" none, "prefix" needs a preposition before it ("in May", "in 2015"),
# "not-in-name" must not sit among capitalised words ("the Sunday Times").
_Built = tuple[str, tuple[Any, ...], str]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    prefixes: str  # key into _PREFIXES
    build: Callable[[re.Match[str]], _Built | None]


def _month_number(name: str) -> int:
    name = name[0].upper() + name[1:]
    if name in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[name]
    return MONTHS.index(name) + 1


def _ambiguous_lower(name: str) -> bool:
    """A lower-case month name that is also a common word ("may", "march")."""
    return name in AMBIGUOUS_MONTHS


def _year(match: re.Match[str]) -> int | None:
    return int(match["year"]) if match["year"] else None


def _build_iso(match: re.Match[str]) -> _Built | None:
    year, month, day = int(match["year"]), int(match["m"]), int(match["d"])
    if _valid_day(year, month, day) is None:
        return None
    return "date", (year, month, day), ""


def _build_day_month(match: re.Match[str]) -> _Built | None:
    year, month, day = _year(match), _month_number(match["month"]), int(match["day"])
    if _valid_day(year or 2000, month, day) is None:  # 2000 is a leap year: 29 February passes
        return None
    if year is None and _ambiguous_lower(match["month"]) and match.start("day") < match.start("month"):
        return None  # "all 3 may have died"
    return "date", (year, month, day), ""


def _build_day_range(match: re.Match[str]) -> _Built | None:
    year, month = _year(match), _month_number(match["month"])
    first, last = int(match["day"]), int(match["day2"])
    if not first < last or _valid_day(year or 2000, month, last) is None:
        return None
    return "day_range", (year, month, first, last), ""


def _build_month(match: re.Match[str]) -> _Built | None:
    direction = (match["dir"] or "").lower()
    year = _year(match)
    if direction and year is not None:
        return None  # "last September 2015" is not a phrase
    if year is None and _ambiguous_lower(match["month"]):
        return None  # "in may", "a march"
    bare = not (direction or match["part"] or year)
    return "month", (year, _month_number(match["month"]), direction), "prefix" if bare else ""


def _build_year(match: re.Match[str]) -> _Built | None:
    return "year", (int(match["year"]),), "" if match["part"] else "prefix"


def _build_year_noun(match: re.Match[str]) -> _Built | None:
    return "year", (int(match["year"]),), ""


def _build_season(match: re.Match[str]) -> _Built | None:
    return "season", (int(match["year"]), match["season"].lower()), ""


def _build_decade(match: re.Match[str]) -> _Built | None:
    return "decade", (int(match["decade"]), (match["part"] or "").lower()), "prefix"  # not "music of the 1990s"


def _build_weekday(match: re.Match[str]) -> _Built | None:
    direction = (match["dir"] or "").lower()
    direction = "" if direction in ("this", "past") else direction
    bare = not (direction or match["mod"] or match["tod"])
    return "weekday", (WEEKDAYS.index(match["weekday"].capitalize()), direction), "not-in-name" if bare else ""


def _build_weekend(match: re.Match[str]) -> _Built | None:
    words = match.group(0).lower().split()
    if words[0] == "last":
        return "weekend", ("last",), ""
    if words[0] == "next":
        return "weekend", ("next",), ""
    if words[0] == "this" and "past" not in words:
        return "weekend", ("this",), ""
    return "weekend", ("over",), ""


def _build_ago(match: re.Match[str]) -> _Built | None:
    raw = match["n"].lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    return "ago", (n, match["unit"].lower()), ""


def _relative_table() -> dict[str, tuple[str, tuple[Any, ...]]]:
    table: dict[str, tuple[str, tuple[Any, ...]]] = {
        "the day before yesterday": ("days_back", (2,)),
        "yesterday": ("days_back", (1,)),
        "last night": ("days_back", (1,)),
        "overnight": ("days_back", (1,)),
        "today": ("days_back", (0,)),
        "earlier today": ("days_back", (0,)),
        "tonight": ("days_back", (0,)),
        "tomorrow": ("days_back", (-1,)),
    }
    for part in TIMES_OF_DAY:
        table[f"yesterday {part}"] = ("days_back", (1,))
        table[f"tomorrow {part}"] = ("days_back", (-1,))
        if part != "night":
            table[f"this {part}"] = ("days_back", (0,))
    for unit, kind in (("week", "week"), ("month", "month_rel"), ("year", "year_rel")):
        for which in ("this", "last", "next"):
            table[f"{which} {unit}"] = (kind, (which,))
        table[f"earlier this {unit}"] = (kind, ("earlier",))
        table[f"earlier in the {unit}"] = (kind, ("earlier",))
    return table


RELATIVE_PHRASES = _relative_table()


def _build_relative(match: re.Match[str]) -> _Built | None:
    key = " ".join(match.group(0).lower().split())
    kind, args = RELATIVE_PHRASES[key]
    return kind, args, ""


_RULES = (
    _Rule(
        "iso",
        re.compile(r"(?<![\w.-])(?P<year>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])"),
        "day",
        _build_iso,
    ),
    _Rule(
        "day_range",
        re.compile(
            r"(?<![\w.,-])" + _DAY + r"\s*(?:-|–|to|and)\s*" + _DAY2 + r"\s+(?:of\s+)?" + _MONTH + _OPT_YEAR + _STOP
        ),
        "day",
        _build_day_range,
    ),
    _Rule(
        "month_day_range",
        re.compile(
            _EDGE + _MONTH + r"\s+" + _DAY + r"\s*(?:-|–)\s*" + _DAY2 + _NOT_A_DISTANCE + _OPT_YEAR + _STOP
        ),
        "day",
        _build_day_range,
    ),
    _Rule(
        "month_day",
        re.compile(_EDGE + _MONTH + r"\s+" + _DAY + _NOT_A_DISTANCE + _OPT_YEAR + _STOP),
        "day",
        _build_day_month,
    ),
    _Rule(
        "day_month",
        re.compile(r"(?<![\w.,-])" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _OPT_YEAR + _STOP),
        "day",
        _build_day_month,
    ),
    _Rule(
        "month",
        re.compile(
            _EDGE + r"(?:(?P<dir>[Ll]ast|[Tt]his|[Nn]ext)\s+)?" + _PART + "?" + _MONTH + _OPT_YEAR + _STOP
        ),
        "period",
        _build_month,
    ),
    _Rule(
        "season",
        re.compile(
            _EDGE + r"(?:[Tt]he\s+)?(?P<season>" + _alternatives(SEASONS) + r")\s+(?:of\s+)?" + _YEAR
        ),
        "period",
        _build_season,
    ),
    _Rule(
        "decade",
        re.compile(_EDGE + r"(?:[Tt]he\s+)?" + _PART + r"?(?P<decade>(?:1[89]|20)\d0)(?:'s|’s|s)(?![\w-])"),
        "period",
        _build_decade,
    ),
    _Rule(
        "year_noun",
        re.compile(_EDGE + r"[Tt]he\s+" + _YEAR + r"(?=\s+(?:" + "|".join(YEAR_NOUNS) + r")\b)"),
        "period",
        _build_year_noun,
    ),
    _Rule("year", re.compile(_EDGE + _PART + "?" + r"(?<![\d,.])" + _YEAR), "period", _build_year),
    _Rule(
        "weekday",
        re.compile(
            _EDGE
            + r"(?:(?P<mod>[Ll]ate|[Ee]arly)\s+)?(?:(?P<dir>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+)?"
            + _WEEKDAY
            + r"(?:(?:'s|’s)?\s+(?P<tod>"
            + _TIME_OF_DAY
            + r")\b)?"
            + _STOP
        ),
        "day",
        _build_weekday,
    ),
    _Rule(
        "weekend",
        re.compile(_EDGE + r"(?:[Ll]ast|[Nn]ext|[Tt]his(?:\s+past)?|[Tt]he(?:\s+past)?)\s+weekend" + _STOP),
        "weekend",
        _build_weekend,
    ),
    _Rule(
        "ago",
        re.compile(_EDGE + _NUMBER + r"\s+(?P<unit>day|week|month|year|decade)s?\s+ago" + _STOP),
        "relative",
        _build_ago,
    ),
    _Rule(
        "relative",
        re.compile(_EDGE + "(?:" + _alternatives(RELATIVE_PHRASES) + ")" + _STOP),
        "relative",
        _build_relative,
    ),
)


def _word_before(text: str, start: int) -> str:
    found = re.search(r"([\w’'.-]+)\s*$", text[:start])
    return found.group(1) if found else ""


def _word_after(text: str, end: int) -> str:
    found = re.match(r"\s*([\w’'-]+)", text[end:])
    return found.group(1) if found else ""


def _after_name(text: str, start: int) -> bool:
    """True when a capitalised word (not one ending a sentence) stands just before ``start``."""
    before = _word_before(text, start)
    return before[:1].isupper() and not before.endswith((".", "!", "?", ":", ";"))


def _is_name_part(text: str, start: int, end: int) -> bool:
    """True when capitalised neighbours make a bare date word part of a name:
    "the Sunday Times", "Good Friday", "Palm Sunday"."""
    after = _word_after(text, end)
    return _after_name(text, start) or (after[:1].isupper() and after not in TIMES_OF_DAY)


def _candidates(text: str) -> Iterator[DateExpr]:
    for rule in _RULES:
        for match in rule.pattern.finditer(text):
            built = rule.build(match)
            if built is None:
                continue
            kind, args, condition = built
            start, end = match.span()
            prefix = _PREFIX_RES[rule.prefixes].search(text, 0, start)
            if prefix is not None:
                start = prefix.start("prefix")
            elif condition == "prefix":
                continue  # bare "May", "2015"
            elif condition == "not-in-name" and _is_name_part(text, start, end):
                continue  # "the Sunday Times", "Good Friday"
            elif rule.name == "relative" and text[start].isupper() and _after_name(text, start):
                continue  # "Russia Today"
            since = prefix is not None and bool(_SINCE.match(prefix.group("prefix")))
            yield DateExpr(text[start:end], start, end, kind, args, since)


def _merge_weekday_dates(found: list[DateExpr], text: str) -> list[DateExpr]:
    """Join "Thursday, 15 December" into one expression that keeps the explicit date."""
    merged: list[DateExpr] = []
    for expr in found:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == "weekday"
            and expr.kind == "date"
            and not expr.since
            and re.fullmatch(r",?\s*(?:the\s+)?", text[previous.end : expr.start])
        ):
            merged[-1] = DateExpr(
                text[previous.start : expr.end], previous.start, expr.end, expr.kind, expr.args, previous.since
            )
            continue
        merged.append(expr)
    return merged


def find_date_expressions(text: str) -> list[DateExpr]:
    """Every date expression in ``text``, in order, without overlaps (longest first wins)."""
    ordered = sorted(_candidates(text), key=lambda e: (e.start, -(e.end - e.start)))
    chosen: list[DateExpr] = []
    for expr in ordered:
        if chosen and expr.start < chosen[-1].end:
            continue
        chosen.append(expr)
    return _merge_weekday_dates(chosen, text)


# -- choosing an event's expression --------------------------------------------

# Participle clauses to which spaCy often attaches a sentence-final date that
# belongs to the verb above: "struck weapons seized by IS on Thursday".
_LOW_ATTACHMENT_DEPS = frozenset(("acl", "advcl"))
_PARTICIPLE_TAGS = frozenset(("VBN", "VBG"))


@dataclass(frozen=True, slots=True)
class _Candidate:
    expr: DateExpr  # offsets into ArticleDoc.text
    root: Any  # spaCy Token heading the expression, or None without a parse
    owner: int | None  # token index of the nearest event trigger above the expression
    second_owner: int | None  # the trigger above a participle owner ("struck" over "seized")


def _owners(root: Any, triggers: set[int]) -> tuple[int | None, int | None]:
    """Nearest event trigger dominating ``root``, and the next one up when the
    nearest is a participle clause (where dates attach too low)."""
    owner: int | None = None
    for token in root.ancestors:
        if token.i not in triggers:
            continue
        if owner is None:
            owner = token.i
            if not (token.dep_ in _LOW_ATTACHMENT_DEPS and token.tag_ in _PARTICIPLE_TAGS):
                return owner, None
        else:
            return owner, token.i
    return owner, None


def _path_length(a: Any, b: Any) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    depth_in_a = {token.i: n for n, token in enumerate(up_a)}
    for n, token in enumerate([b, *b.ancestors]):
        if token.i in depth_in_a:
            return n + depth_in_a[token.i]
    return len(up_a) + 100  # different trees: effectively far


def _trigger_token(nlp_doc: Any, event: Event) -> Any:
    if 0 <= event.trigger_i < len(nlp_doc):
        return nlp_doc[event.trigger_i]
    span = nlp_doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _char_distance(event: Event, expr: DateExpr) -> int:
    if expr.end <= event.trigger_start:
        return event.trigger_start - expr.end
    if expr.start >= event.trigger_end:
        return expr.start - event.trigger_end
    return 0


def _choose_expression(event: Event, candidates: list[_Candidate], trigger: Any) -> DateExpr | None:
    """The date expression that belongs to ``event``.

    Tiers, first non-empty wins: expressions whose nearest dominating trigger is
    this event; expressions this event takes over from a participle clause below
    it; expressions no event dominates; any expression in the sentence. Within a
    tier the shortest dependency path wins, then the nearest in characters.
    """
    if not candidates:
        return None
    if trigger is None or any(c.root is None for c in candidates):
        return min(candidates, key=lambda c: (_char_distance(event, c.expr), c.expr.start)).expr
    tiers = (
        [c for c in candidates if c.owner == trigger.i],
        [c for c in candidates if c.second_owner == trigger.i],
        [c for c in candidates if c.owner is None],
        candidates,
    )
    tier = next(t for t in tiers if t)
    best = min(tier, key=lambda c: (_path_length(trigger, c.root), _char_distance(event, c.expr), c.expr.start))
    return best.expr


# -- the stage -----------------------------------------------------------------


class DateResolver:
    """Give each event a date interval and a precision.

    reads: doc.nlp_doc, doc.events (trigger_i, trigger offsets, sentence offsets,
           factuality), doc.article.published
    writes: event.date, event.date_end, event.date_precision (day | week | month |
            year | publication), event.notes["date"] (the expression used), and
            event.factuality "asserted" -> "historical" for events that ended more
            than ``historical_days`` before publication.

    historical_days: how old (in days before publication) an asserted event must
        be to count as background history.
    """

    reads = ("doc.nlp_doc", "doc.events", "event.trigger_i", "event.factuality", "article.published")
    writes = ("event.date", "event.date_end", "event.date_precision", "event.factuality")

    def __init__(self, res: Resources, *, historical_days: int = 60) -> None:
        self.res = res
        self.historical_days = historical_days

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        published = doc.article.published
        if isinstance(published, dt.datetime):
            published = published.date()
        by_sentence: dict[tuple[int, int], list[Event]] = {}
        for event in doc.events:
            by_sentence.setdefault((event.sent_start, event.sent_end), []).append(event)
        for (sent_start, sent_end), events in by_sentence.items():
            candidates = self._candidates(doc, sent_start, sent_end, events)
            for event in events:
                self._date_event(doc, event, candidates, published)
        return doc

    def pipe(self, docs: Iterable[ArticleDoc], *, batch_size: int = 64) -> Iterator[ArticleDoc]:
        for doc in docs:
            yield self(doc)

    def _candidates(self, doc: ArticleDoc, sent_start: int, sent_end: int, events: list[Event]) -> list[_Candidate]:
        """The sentence's date expressions, with offsets into doc.text and their place in the parse."""
        nlp_doc = doc.nlp_doc
        triggers = set()
        if nlp_doc is not None:
            triggers = {t.i for t in (_trigger_token(nlp_doc, e) for e in events) if t is not None}
        out: list[_Candidate] = []
        for found in find_date_expressions(doc.text[sent_start:sent_end]):
            expr = dataclasses.replace(found, start=found.start + sent_start, end=found.end + sent_start)
            root, owner, second = None, None, None
            if nlp_doc is not None:
                span = nlp_doc.char_span(expr.start, expr.end, alignment_mode="expand")
                if span is not None and len(span):
                    root = span.root
                    owner, second = _owners(root, triggers)
            out.append(_Candidate(expr, root, owner, second))
        return out

    def _date_event(
        self, doc: ArticleDoc, event: Event, candidates: list[_Candidate], published: dt.date | None
    ) -> None:
        trigger = _trigger_token(doc.nlp_doc, event) if doc.nlp_doc is not None else None
        expr = _choose_expression(event, candidates, trigger)
        interval = None
        if expr is not None:
            event.notes["date"] = {"text": expr.text, "start": expr.start, "end": expr.end}
            interval = expr.resolve(published, future=event.factuality == "future")
        elif published is not None:
            interval = (published, published, "publication")
        if interval is None:
            event.date = event.date_end = event.date_precision = None
            return
        event.date, event.date_end, event.date_precision = interval
        if (
            published is not None
            and interval[2] != "publication"
            and event.factuality == "asserted"
            and (published - interval[1]).days > self.historical_days
        ):
            event.factuality = "historical"
