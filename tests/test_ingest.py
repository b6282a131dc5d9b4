"""Ingest: every input kind, folders, stdin, and every skip reason with its file and line."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from palmyra.errors import SKIP_REASONS
from palmyra.ingest import KNOWN_EXTENSIONS, WARNING_REASONS, parse_published, read_inputs, split_title, summarize_skips
from palmyra.model import Article, Skip
from palmyra.resources import data_path

FRIDAY = dt.date(2024, 3, 8)

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Militia seizes river port | Example Daily</title>
<meta property="og:title" content="Militia seizes river port">
<meta property="og:site_name" content="Example Daily">
{date}
<link rel="canonical" href="https://daily.example.org/port">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Militia seizes river port</h1>
<p>Fighters of a local militia took control of the river port of Dorvan on Monday after a two-day battle with army units, a regional official said by telephone.</p>
<p>At least seven soldiers were killed and dozens of families fled across the river on fishing boats, the official added.</p>
<p>The army has not commented on the fighting, which began after talks between the two sides broke down last week.</p>
</article>
<footer><p>Contact us | Terms of use | Privacy</p></footer>
</body></html>"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def articles(items: list[Article | Skip]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def skips(items: list[Article | Skip]) -> list[Skip]:
    return [item for item in items if isinstance(item, Skip)]


def jsonl(*records: dict | str) -> str:
    return "".join((record if isinstance(record, str) else json.dumps(record)) + "\n" for record in records)


# --- plain text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,title",
    [
        ("Troops shell border villages\n\nArtillery hit three villages on Sunday.\n", "Troops shell border villages"),
        ("Troops shell border villages\nArtillery hit three villages on Sunday.\n", "Troops shell border villages"),
        ("\n\nRebels take hill town\nThe rebels entered the town at dawn.", "Rebels take hill town"),
        ("Artillery hit three villages on Sunday.\nThe army said it was returning fire.\n", None),
        ("Artillery hit three villages on Sunday, the army said, as fighting spread along a border that has been tense for months and more\nIt went on.", None),
        ("Artillery hit three villages on Sunday, the army said.\n\nIt went on.", "Artillery hit three villages on Sunday, the army said."),
        ("Only one line, no body", None),
        ("Headline without body\n\n\n", None),
    ],
)
def test_ingest_txt_title(text: str, title: str | None) -> None:
    assert split_title(text) == title


def test_ingest_txt_article(tmp_path: Path) -> None:
    raw = "Troops shell border villages\r\n\r\nArtillery hit three villages on Sunday.\r\n"
    path = write(tmp_path, "shelling.txt", raw)
    (article,) = read_inputs([str(path)], published=FRIDAY)
    assert article == Article(
        id="shelling.txt",
        text=raw,
        title="Troops shell border villages",
        published=FRIDAY,
        origin=str(path),
    )


def test_ingest_txt_bom_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", "\ufeffPolice detain 40 at rally\n\nPolice detained 40 people.".encode())
    (article,) = read_inputs([str(path)])
    assert article.text.startswith("Police detain")
    assert article.published is None


# --- HTML ----------------------------------------------------------------------------------


def test_ingest_html_text_and_metadata(tmp_path: Path) -> None:
    date = '<meta property="article:published_time" content="2024-03-05T09:00:00Z">'
    path = write(tmp_path, "port.html", PAGE.format(date=date))
    (article,) = read_inputs([str(path)], published=FRIDAY)
    assert article.id == "port.html"
    assert article.title == "Militia seizes river port"
    assert article.text.split("\n")[0] == "Militia seizes river port"
    assert article.text.count("Militia seizes river port") == 1
    assert "took control of the river port of Dorvan on Monday" in article.text
    assert "Sport" not in article.text
    assert article.published == dt.date(2024, 3, 5)
    assert article.url == "https://daily.example.org/port"
    assert article.source == "Example Daily"


@pytest.mark.parametrize("name", ["undated.htm", "UNDATED.HTML"])
def test_ingest_html_without_date_takes_published(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, PAGE.format(date=""))
    (article,) = read_inputs([str(path)], published=FRIDAY)
    assert article.published == FRIDAY


def test_ingest_html_declared_charset(tmp_path: Path) -> None:
    page = PAGE.format(date="").replace('charset="utf-8"', 'charset="iso-8859-1"').replace("Dorvan", "Dorv\u00e1n")
    path = write(tmp_path, "latin.html", page.encode("iso-8859-1"))
    (article,) = read_inputs([str(path)])
    assert "Dorv\u00e1n" in article.text


# --- JSONL and CSV -----------------------------------------------------------------------


def test_ingest_jsonl_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "batch.jsonl",
        jsonl(
            {
                "id": "a1",
                "text": "Police arrested 12 people.",
                "title": "Arrests",
                "published": "2024-03-04",
                "url": "https://x.example/a1",
                "source": "Wire",
                "language": "en",
            },
            "",
            {"text": "Shelling hit the market.", "published": "2024-03-06T23:30:00-05:00"},
            {"id": 7, "text": "Troops withdrew.", "published": None},
        ),
    )
    first, second, third = read_inputs([str(path)], published=FRIDAY)
    assert first == Article(
        id="a1",
        text="Police arrested 12 people.",
        title="Arrests",
        published=dt.date(2024, 3, 4),
        url="https://x.example/a1",
        source="Wire",
        language="en",
        origin=f"{path}:1",
    )
    assert (second.id, second.published, second.origin) == ("batch.jsonl:3", dt.date(2024, 3, 6), f"{path}:3")
    assert (third.id, third.published) == ("7", FRIDAY)


def test_ingest_jsonl_html_field_extracted(tmp_path: Path) -> None:
    page = PAGE.format(date='<meta name="date" content="2024-03-04">')
    path = write(tmp_path, "pages.jsonl", jsonl({"id": "p1", "html": page}, {"id": "p2", "html": page, "text": "Given text."}))
    first, second = read_inputs([str(path)])
    assert first.text.startswith("Militia seizes river port\n")
    assert "river port of Dorvan" in first.text
    assert (first.title, first.published, first.url) == ("Militia seizes river port", dt.date(2024, 3, 4), "https://daily.example.org/port")
    assert second.text == "Given text."


def test_ingest_csv_fields(tmp_path: Path) -> None:
    content = (
        "id,title,text,published,url\n"
        'c1,Clash,"Fighting broke out on Monday.\nTwo soldiers died.",2024-03-04,https://x.example/c1\n'
        ",,Police fired tear gas.,,\n"
        "\n"
    )
    path = write(tmp_path, "rows.csv", content)
    first, second = read_inputs([str(path)], published=FRIDAY)
    assert first == Article(
        id="c1",
        text="Fighting broke out on Monday.\nTwo soldiers died.",
        title="Clash",
        published=dt.date(2024, 3, 4),
        url="https://x.example/c1",
        origin=f"{path}:2",
    )
    assert (second.id, second.title, second.published, second.origin) == ("rows.csv:4", None, FRIDAY, f"{path}:4")


# --- folders and stdin ----------------------------------------------------------------------


def test_ingest_folder_recursive_sorted(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second\n\nBody b.")
    write(tmp_path, "a.txt", "First\n\nBody a.")
    write(tmp_path, "sub/c.jsonl", jsonl({"text": "Body c."}))
    write(tmp_path, "sub/d.csv", "text\nBody d.\n")
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    write(tmp_path, "README.md", "not an article")
    write(tmp_path, ".hidden.txt", "Hidden\n\nNot read.")
    write(tmp_path, ".git/e.txt", "Hidden folder\n\nNot read.")
    items = list(read_inputs([str(tmp_path)]))
    assert skips(items) == []
    assert [article.id for article in items] == ["a.txt", "b.txt", "sub/c.jsonl:1", "sub/d.csv:2"]
    assert items[2].origin == f"{tmp_path / 'sub' / 'c.jsonl'}:1"


def test_ingest_stdin_jsonl() -> None:
    stream = io.StringIO("\n" + jsonl({"id": "s1", "text": "Gunmen attacked a bus."}, "{broken"))
    article, skip = read_inputs(["-"], stdin=stream, published=FRIDAY)
    assert (article.id, article.published, article.origin) == ("s1", FRIDAY, "-:2")
    assert str(skip).startswith("-:3 (bad-json): ")


def test_ingest_stdin_plain_text() -> None:
    stream = io.StringIO("Curfew imposed in port city\n\nAuthorities imposed a curfew.\n{not json}\n")
    (article,) = read_inputs(["-"], stdin=stream)
    assert (article.id, article.title, article.origin) == ("stdin", "Curfew imposed in port city", "-")
    assert article.text == stream.getvalue()


def test_ingest_stdin_binary_buffer() -> None:
    stream = io.TextIOWrapper(io.BytesIO(jsonl({"text": "One."}).encode() + b'{"text": "\xff"}\n'), encoding="utf-8")
    article, skip = read_inputs(["-"], stdin=stream)
    assert article.text == "One."
    assert str(skip).startswith("-:2 (bad-encoding): ")


# --- skips --------------------------------------------------------------------------------

SKIP_CASES = [
    # name, file content, expected prefix of str(skip) relative to the file ("" = whole file)
    ("missing.txt", None, " (not-found): "),
    ("report.pdf", b"%PDF-1.4", " (unsupported-type): '.pdf'"),
    ("latin1.txt", b"Title\n\nCaf\xe9 bombed\n", " (bad-encoding): byte 0xe9 at line 3, column 4 is not valid UTF-8"),
    ("latin1.html", b"<html><body><p>Caf\xe9</p></body></html>", " (bad-encoding): byte 0xe9"),
    ("lines.jsonl", jsonl({"text": "ok"}).encode() + b'{"text": "caf\xe9"}\n', ":2 (bad-encoding): "),
    ("rows.csv", b"id,text\na,fine\nb,caf\xe9\n", ":3 (bad-encoding): byte 0xe9 in column 'text'"),
    ("lines.jsonl", jsonl({"text": "ok"}, '{"text": "unterminated}'), ":2 (bad-json): "),
    ("lines.jsonl", jsonl({"text": "ok"}, {"text": "ok"}, '["a", "list"]'), ":3 (bad-json): a JSON array, not an object"),
    ("lines.jsonl", jsonl({"text": ["not", "a", "string"]}), ":1 (bad-json): field 'text' must be a string"),
    ("rows.csv", "id,body\na,text here\n", ":1 (bad-csv): the header has no 'text'"),
    ("rows.csv", "id,text\na,fine\nb,too,many\n", ":3 (bad-csv): 3 fields, the header has 2"),
    ("rows.csv", 'id,text\na,"quoted"x\nb,fine\n', ':2 (bad-csv): \',\' expected after \'"\''),
    ("rows.csv", 'id,text\na,fine\nb,"never closed\nc,gone\n', ":3 (bad-csv): unexpected end of data"),
    ("empty.txt", " \n\n", " (empty-text): "),
    ("empty.csv", "", " (empty-text): "),
    ("lines.jsonl", jsonl({"text": "ok"}, {"id": "x", "text": "  "}), ":2 (empty-text): "),
    ("lines.jsonl", jsonl({"text": "ok"}, {"text": "ok", "published": "last Tuesday"}), ":2 (bad-date): 'last Tuesday' is not an ISO date"),
    ("rows.csv", "text,published\nok,2024-13-45\n", ":2 (bad-date): "),
    ("big.txt", "Title\n\n" + "word " * 100, " (too-large): 507 bytes, more than the limit of 200"),
    ("big.jsonl", jsonl({"text": "ok"}, {"text": "word " * 100}), ":2 (too-large): "),
    ("big.csv", "text\nok\n" + "word " * 100 + "\n", ":3 (too-large): "),
    ("blank.html", "<html><head><title>T</title></head><body><script>var a = 1;</script></body></html>", " (extract-failed): "),
    ("lines.jsonl", jsonl({"html": "<html><body></body></html>"}), ":1 (extract-failed): "),
]


@pytest.mark.parametrize("name,content,expected", SKIP_CASES)
def test_ingest_skip_reported_with_file_and_line(tmp_path: Path, name: str, content: str | bytes | None, expected: str) -> None:
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    items = list(read_inputs([str(path)], max_bytes=200))
    (skip,) = skips(items)
    assert str(skip).startswith(f"{path}{expected}")
    assert skip.reason in SKIP_REASONS


def test_ingest_unreadable_fifo(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    (skip,) = read_inputs([str(path)])
    assert str(skip) == f"{path} (unreadable): not a regular file"


def test_ingest_batch_goes_on_after_bad_lines(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.jsonl", jsonl({"id": "1", "text": "One."}, "{oops", {"id": "3", "text": "Three."}, "[]"))
    good = write(tmp_path, "good.txt", "Headline here\n\nBody.")
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(bad), str(good)]))
    assert [article.id for article in articles(items)] == ["1", "3", "good.txt"]
    assert [(skip.reason, skip.line) for skip in skips(items)] == [("not-found", None), ("bad-json", 2), ("bad-json", 4)]


def test_ingest_bad_date_keeps_article(tmp_path: Path) -> None:
    path = write(tmp_path, "dated.jsonl", jsonl({"id": "d", "text": "Clashes erupted.", "published": "yesterday"}))
    skip, article = read_inputs([str(path)], published=FRIDAY)
    assert skip.reason in WARNING_REASONS
    assert str(skip) == f"{path}:1 (bad-date): 'yesterday' is not an ISO date or datetime; using 2024-03-08"
    assert (article.id, article.published) == ("d", FRIDAY)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2016-12-16", dt.date(2016, 12, 16)),
        ("2016-12-16T23:10:00Z", dt.date(2016, 12, 16)),
        ("2016-12-16 08:00:00+03:00", dt.date(2016, 12, 16)),
        ("", None),
        (None, None),
    ],
)
def test_ingest_parse_published(value: str | None, expected: dt.date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["16/12/2016", "Friday", 20161216, "2016-02-30"])
def test_ingest_parse_published_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_published(value)


def test_ingest_summarize_skips() -> None:
    found = [Skip("a", 1, "bad-json", "x"), Skip("a", 2, "bad-json", "y"), Skip("b", None, "not-found", "z")]
    assert summarize_skips(found) == {"bad-json": 2, "not-found": 1}
    assert summarize_skips([]) == {}


def test_ingest_bundled_samples() -> None:
    folder = data_path("samples")
    items = list(read_inputs([str(folder)], published=FRIDAY))
    assert skips(items) == []
    found = articles(items)
    kinds = {Path(article.origin.split(":")[0]).suffix for article in found}
    assert kinds == set(KNOWN_EXTENSIONS) - {".htm", ".csv"}
    assert len(found) >= 7
    assert all(article.title and article.published for article in found)
    assert (folder / "README.md").read_text(encoding="utf-8").count("invented") >= 1
