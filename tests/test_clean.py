"""Clean: character folds, boilerplate, repeated bodies and lines, the offset map, the table schema."""
from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from palmyra.clean import Cleaner, clean_text
from palmyra.tables.boilerplate import BOILERPLATE_COLUMNS, BOILERPLATE_FILE, load_boilerplate
from palmyra.errors import DataTableError
from palmyra.model import ArticleDoc
from palmyra.resources import data_path

from builders import make_doc

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "palmyra.txt"

# A short report in the style of the seed (written for these tests).
TITLE = "Jets hit weapons depot near Qaryat"
LEDE = "After rebels overran the desert town of Qaryat, coalition jets struck arms the fighters had taken from an army depot."
BODY = [
    "Coalition war planes destroyed nine tanks and two rocket launchers near Qaryat on Tuesday, the coalition said.",
    '"Strikes destroyed a tank and a launcher near Qaryat," the task force said in a statement on its website.',
    "The rebels had captured the depot last weekend after government troops withdrew towards the coast.",
    "Officials fear the weapons could be used against aircraft or nearby towns.",
    "About 200 militia fighters arrived at the nearby Sahl air base on Monday, a pro-government website said.",
]


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def clean(cleaner: Cleaner, text: str) -> ArticleDoc:
    return cleaner(make_doc(text))


def assert_offsets_consistent(doc: ArticleDoc) -> None:
    raw = doc.article.text
    previous_end = 0
    for clean_start, raw_start, length in doc.offset_map:
        assert doc.text[clean_start : clean_start + length] == raw[raw_start : raw_start + length]
        assert clean_start >= previous_end
        previous_end = clean_start + length
    for i, char in enumerate(doc.text):
        j = doc.raw_offset(i)
        # Unchanged characters map to themselves; a folded one to the start of what it replaced.
        folded = char in " \n'\"" or unicodedata.normalize("NFC", raw[j : j + 2])[0] == char
        assert raw[j] == char or folded, (i, char, raw[j])


# --- boilerplate table schema -------------------------------------------------------------


def test_clean_boilerplate_table_schema() -> None:
    path = data_path(BOILERPLATE_FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == BOILERPLATE_COLUMNS
    names = [row[0] for row in rows[1:]]
    assert len(names) == len(set(names))
    assert all(len(row) == len(BOILERPLATE_COLUMNS) for row in rows[1:])
    table = load_boilerplate(path)
    assert [rule.name for rule in table.rules] == names
    assert re.fullmatch(r"[0-9a-f]{12}", table.version)
    for rule in table.rules:
        assert table.match(rule.example) is not None, rule.name


@pytest.mark.parametrize(
    "row,message",
    [
        ("share\tx\tshare\tshare", ":2: max_words must be a positive integer"),
        ("share\t3\tshare(\tshare", ":2: pattern does not compile"),
        ("share\t3\tshare this\tsign up", ":2: rule 'share' does not match its own example"),
        ("share\t3\tshare", ":2: expected 4 tab-separated columns, found 3"),
        ("Share It\t3\tshare\tshare", ":2: rule name 'Share It' must be a lower-case slug"),
        ("read\t3\tread\tread\nread\t3\tread more\tread more", ":3: duplicate rule name 'read'"),
    ],
)
def test_clean_boilerplate_table_bad_row(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "boilerplate.tsv"
    path.write_text("\t".join(BOILERPLATE_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=re.escape(f"{path}{message}")):
        load_boilerplate(path)


def test_clean_boilerplate_table_bad_header(tmp_path: Path) -> None:
    path = tmp_path / "boilerplate.tsv"
    path.write_text("name\tpattern\nshare\tshare\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=re.escape(f"{path}:1: the header must be")):
        load_boilerplate(path)


# --- boilerplate lines --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "2 min read",
        "5 minute read",
        "Share this article",
        "Share on Facebook, Twitter, WhatsApp",
        "Sign up for our newsletter",
        "Subscribe to our daily newsletter for the latest news",
        "Follow us on Twitter",
        "Advertisement",
        "ADVERTISEMENT - SCROLL TO CONTINUE",
        "Read more: Talks on a truce stall for a second week",
        "Related: Aid convoy reaches besieged district",
        "We use cookies to give you the best experience on our website.",
        "By clicking Accept all cookies you agree to the storing of cookies on your device.",
        "Image caption, Smoke rises above the eastern suburbs",
        "Image copyright Getty Images",
        "Residents walk past a damaged building (Photo: AFP)",
        "A fighter stands guard at a checkpoint. Getty Images",
        "\u00a9 2024 Example Media",
        "Updated 10:42 GMT, 7 March 2024",
        "View comments",
        "Skip to main content",
    ],
)
def test_clean_boilerplate_removed(cleaner: Cleaner, line: str) -> None:
    doc = clean(cleaner, f"{TITLE}\n{line}\n{LEDE}\n")
    assert doc.text == f"{TITLE}\n{LEDE}"


@pytest.mark.parametrize(
    "line",
    [
        "Police said they had read more than 200 messages sent by the suspects.",
        "Share prices fell after the attack on the pipeline.",
        "The advertisement urged residents to leave the area before Friday.",
        "Protesters accused the company of ignoring the cookie factory strike.",
        "Rebels said they would share the captured weapons with allied groups.",
        "Copyright lawyers were among those detained, the ministry said.",
        "Three soldiers were killed in the ambush, the army told Reuters.",
    ],
)
def test_clean_news_sentence_kept(cleaner: Cleaner, line: str) -> None:
    doc = clean(cleaner, f"{TITLE}\n{line}\n")
    assert doc.text == f"{TITLE}\n{line}"


# --- repeats --------------------------------------------------------------------------------


def test_clean_doubled_body_removed(cleaner: Cleaner) -> None:
    raw = "\n".join([TITLE, LEDE, "2 min read", *BODY, *BODY[1:]])
    doc = clean(cleaner, raw)
    assert doc.text == "\n".join([TITLE, LEDE, *BODY])
    assert_offsets_consistent(doc)


def test_clean_paraphrased_doubled_body_removed(cleaner: Cleaner) -> None:
    """The copy differs in case, quotes, punctuation and spacing, two paragraphs are merged,
    and one word was edited: it is still a copy."""
    copy = [
        BODY[0].upper(),
        BODY[1].replace('"', "\u201c", 1).replace('"', "\u201d", 1),
        BODY[2].replace(" ", "\u00a0 ") + " " + BODY[3].replace(",", ""),
        BODY[4].replace("arrived at", "reached"),
    ]
    raw = "\r\n\r\n".join([TITLE, LEDE, *BODY, *copy]) + "\r\n"
    doc = clean(cleaner, raw)
    assert doc.text == "\n".join([TITLE, LEDE, *BODY])
    assert_offsets_consistent(doc)


def test_clean_repeated_paragraph_removed(cleaner: Cleaner) -> None:
    raw = "\n\n".join([TITLE, BODY[0], BODY[1], BODY[0].lower().rstrip("."), BODY[2]])
    doc = clean(cleaner, raw)
    assert doc.text == "\n".join([TITLE, BODY[0], BODY[1], BODY[2]])


def test_clean_pull_quote_removed(cleaner: Cleaner) -> None:
    paragraph = f"{BODY[0]} {BODY[3]}"
    raw = "\n".join([TITLE, paragraph, BODY[3], BODY[2]])
    assert clean(cleaner, raw).text == "\n".join([TITLE, paragraph, BODY[2]])


@pytest.mark.parametrize(
    "lines",
    [
        [
            "An air strike on the village of Kafr Tal killed five civilians, including two children, the monitor said.",
            "An air strike on the village of Umm Jalal killed five civilians, including two children, the monitor said.",
        ],
        ["Clashes continued.", "Police said.", "Clashes continued on Monday."],
    ],
)
def test_clean_similar_lines_kept(cleaner: Cleaner, lines: list[str]) -> None:
    """Two similar reports of distinct events are not a doubled body."""
    raw = "\n".join([TITLE, *lines])
    assert clean(cleaner, raw).text == raw


def test_clean_seed_doubled_body() -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} not present")
    raw = SEED.read_text(encoding="utf-8")
    doc = Cleaner()(make_doc(raw, id="palmyra.txt"))
    lines = doc.text.split("\n")
    assert len(lines) == len(set(lines))
    assert "2 min read" not in lines
    assert doc.text.count("14 tanks") == 1
    assert doc.text.count("Hizballah") == 1
    assert lines[0] == raw.split("\n", 1)[0]
    assert_offsets_consistent(doc)


# --- character folds and the offset map --------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Troops\u00a0entered  the\ttown.", "Troops entered the town."),
        ("Shelling\u200b hit Ma\u00adrib.", "Shelling hit Marib."),
        ("Line one.\r\nLine two.\rLine three.\u2028Line four.", "Line one.\nLine two.\nLine three.\nLine four."),
        ("\u201cWe will fight,\u201d he said. It\u2019s over.", "\"We will fight,\" he said. It's over."),
        ("Cafe\u0301 bombed in Ho\u0302i.", "Caf\u00e9 bombed in H\u00f4i."),
        ("   Leading and trailing   \n\n\n  Second  ", "Leading and trailing\nSecond"),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u200fnow", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 now"),
        ("Bell\x07 rang\x00.", "Bell rang."),
        ("* * *\n---\nText after.", "Text after."),
        ("", ""),
    ],
)
def test_clean_character_folds(cleaner: Cleaner, raw: str, expected: str) -> None:
    doc = clean(cleaner, raw)
    assert doc.text == expected
    assert_offsets_consistent(doc)


@pytest.mark.parametrize(
    "raw",
    [
        f"{TITLE}\n\n2 min read\n{LEDE}\n{BODY[0]}",
        f"  {TITLE}  \r\n\u201c{BODY[1][1:]}\r\nAdvertisement\r\n{BODY[2]}\u00a0\u00a0",
        "Re\u0301sume\u0301 of the \u201cwar\u201d\u2009\u2014\u2009a\u200b report.\nShare this article\nNext\u00a0line.",
    ],
)
def test_clean_offset_map_points_into_raw(cleaner: Cleaner, raw: str) -> None:
    doc = clean(cleaner, raw)
    assert_offsets_consistent(doc)
    last = doc.text[-1]
    assert raw[doc.raw_offset(len(doc.text)) - 1] == last  # an exclusive end maps past the last character


def test_clean_offset_map_line_after_dropped_line(cleaner: Cleaner) -> None:
    raw = f"{TITLE}\nAdvertisement\n{LEDE}"
    doc = clean(cleaner, raw)
    lede = doc.text.index(LEDE)
    assert doc.raw_offset(lede) == raw.index(LEDE)
    assert doc.raw_offset(lede + len(LEDE)) == len(raw)


def test_clean_is_pure_function_of_article_text(cleaner: Cleaner) -> None:
    raw = "\n".join([TITLE, LEDE, *BODY, *BODY])
    first = make_doc(raw)
    second = make_doc(raw)
    second.text = "something else entirely"
    assert cleaner(first).text == cleaner(second).text
    assert first.offset_map == second.offset_map
    assert cleaner(first).text == first.text  # running twice changes nothing


def test_clean_warns_when_nothing_left(cleaner: Cleaner) -> None:
    doc = clean(cleaner, "Advertisement\nShare this article\n")
    assert doc.text == ""
    assert doc.warnings == ["clean: every line was boilerplate or a repeat; no text left"]


def test_clean_text_reports_dropped_lines(cleaner: Cleaner) -> None:
    raw = "\n".join([TITLE, "2 min read", BODY[0], BODY[0]])
    cleaned = clean_text(raw, boilerplate=cleaner.boilerplate)
    assert [(raw[d.raw_start : d.raw_end], d.reason) for d in cleaned.dropped] == [
        ("2 min read", "boilerplate:read-time"),
        (BODY[0], "repeat"),
    ]
