"""The documentation is part of the product: these tests fail when it stops telling the truth.

They check the generated CLI reference and stage table, help text on every command and option,
that every data file, stage, setting, record field and skip reason is documented, and that
links, paths and dotted names in the docs point at things that exist.
"""
from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
import re
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import click
import pytest

import palmyra
from palmyra.cli import main as cli_main
from palmyra.errors import SKIP_REASONS
from palmyra.model import Article, ArticleDoc, Event
from palmyra.pipeline import Pipeline
from palmyra.resources import Resources, data_path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = data_path("")
DATA_README = DATA / "README.md"
README = ROOT / "README.md"
CHANGELOG = ROOT / "CHANGELOG.md"
MARKDOWN_FILES = sorted(
    [*DOCS.glob("*.md"), README, CHANGELOG, DATA_README, DATA / "samples" / "README.md"],
    key=lambda path: str(path),
)
DATA_FIELDS = ("What", "Source", "Licence", "Version", "Reader", "Rebuild / edit", "Test")

_FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^(#{1,6}) +(.+?) *$", re.MULTILINE)


# -- helpers ------------------------------------------------------------------------------


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _gen_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _commands() -> list[tuple[str, click.Command]]:
    """``("palmyra extract", command)`` for the root command and every subcommand."""

    def walk(command: click.Command, path: tuple[str, ...]):
        yield " ".join(("palmyra", *path)), command
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, (*path, name))

    return list(walk(cli_main, ()))


def _options() -> list[tuple[str, click.Option]]:
    return [
        (f"{name} {param.opts[0]}", param)
        for name, command in _commands()
        for param in command.params
        if isinstance(param, click.Option)
    ]


@lru_cache(maxsize=1)
def _stages() -> tuple[tuple[str, object], ...]:
    """The stages of the default pipeline, in order (building them loads no model)."""
    return tuple(Pipeline(Resources()).stages)


def _sections(text: str, level: int = 2) -> dict[str, str]:
    """Heading text -> body, for the headings of exactly ``level``; fenced code is kept in the
    body but never read as a heading."""
    fenced = [(m.start(), m.end()) for m in _FENCE.finditer(text)]
    heads = [
        m
        for m in _HEADING.finditer(text)
        if len(m.group(1)) == level and not any(start <= m.start() < end for start, end in fenced)
    ]
    out: dict[str, str] = {}
    for i, match in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out[match.group(2)] = text[match.end() : end]
    return out


def _table_row(body: str, key: str) -> str | None:
    """The second cell of the first table row whose first cell is ``key``."""
    for line in body.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and len(cells) >= 2 and cells[0] == key:
            return cells[1]
    return None


def _codes(cell: str) -> list[str]:
    return _CODE_SPAN.findall(cell)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _inline_code(text: str) -> list[str]:
    return _CODE_SPAN.findall(_FENCE.sub("", text))


def _test_functions() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        names.update(re.findall(r"^def (test_\w+)", _read(path), re.MULTILINE))
    return names


def _resolve(dotted: str) -> object:
    """Import the longest module prefix of ``dotted`` and getattr the rest."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return target
    raise ModuleNotFoundError(dotted)


# -- generated docs -----------------------------------------------------------------------


def test_docs_generated_pages_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/cli.md and the stage table of docs/architecture.md match the code."""
    code = _gen_module().main(["--check"])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_docs_cli_reference_lists_every_command(name: str) -> None:
    assert f"## `{name}`" in _read(DOCS / "cli.md")


# -- CLI help -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[name for name, _ in _commands()])
def test_docs_cli_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"'{name}' has no docstring/help"


@pytest.mark.parametrize(("name", "option"), _options(), ids=[name for name, _ in _options()])
def test_docs_cli_option_has_help(name: str, option: click.Option) -> None:
    assert option.help and option.help.strip(), f"'{name}' has no help text"


@pytest.mark.parametrize(("name", "option"), _options(), ids=[name for name, _ in _options()])
def test_docs_cli_option_default_is_shown(name: str, option: click.Option) -> None:
    """An option with a real default says what it is (show_default, or in its help)."""
    default = option.to_info_dict()["default"]  # None when there is none (click 8.3+ stores a sentinel)
    if option.is_flag or default is None or option.multiple or callable(default):
        return
    assert option.show_default or "default" in (option.help or "").lower(), f"'{name}' hides its default {default!r}"


# -- data tables --------------------------------------------------------------------------


def _data_files() -> list[str]:
    return sorted(p.name for p in DATA.iterdir() if p.is_file() and p.name != "README.md" and not p.name.startswith("."))


def _data_sections() -> dict[str, str]:
    return {
        heading.strip("`"): body
        for heading, body in _sections(_read(DATA_README)).items()
        if heading.startswith("`") and heading.endswith("`")
    }


@pytest.mark.parametrize("name", [*_data_files(), "samples/"])
def test_docs_data_file_is_described(name: str) -> None:
    sections = _data_sections()
    assert name in sections, f"src/palmyra/data/README.md has no '## `{name}`' section"
    body = sections[name]
    missing = [field for field in DATA_FIELDS if f"**{field}:**" not in body]
    assert not missing, f"the section on {name} lacks {missing}"


def test_docs_data_readme_describes_only_existing_files() -> None:
    stale = [name for name in _data_sections() if not (DATA / name.rstrip("/")).exists()]
    assert not stale, f"src/palmyra/data/README.md describes files that do not exist: {stale}"


def test_docs_data_readme_gives_geonames_attribution() -> None:
    assert "Contains data from GeoNames (geonames.org), CC BY 4.0" in " ".join(_read(DATA_README).split())


def test_docs_data_readme_test_names_exist() -> None:
    """Every `test_...` (or `test_..._*` family) the data README names is a real test."""
    tests = _test_functions()
    named = [code for code in _inline_code(_read(DATA_README)) if re.fullmatch(r"test_\w+(\*)?", code)]
    assert named
    missing = [
        code
        for code in named
        if not (any(t.startswith(code[:-1]) for t in tests) if code.endswith("*") else code in tests)
    ]
    assert not missing, f"tests named in src/palmyra/data/README.md that do not exist: {missing}"


# -- stages -------------------------------------------------------------------------------


def _stage_sections() -> dict[str, tuple[int, str]]:
    """Stage name -> (number, body) for the '## N. name' sections of docs/stages.md."""
    out = {}
    for heading, body in _sections(_read(DOCS / "stages.md")).items():
        match = re.fullmatch(r"(\d+)\. (\w+)", heading)
        if match:
            out[match.group(2)] = (int(match.group(1)), body)
    return out


def test_docs_stages_in_pipeline_order() -> None:
    documented = sorted(_stage_sections().items(), key=lambda item: item[1][0])
    assert [name for name, _ in documented] == [name for name, _ in _stages()]
    assert [number for _, (number, _) in documented] == list(range(1, len(documented) + 1))


@pytest.mark.parametrize("index", range(len(_stages())), ids=[name for name, _ in _stages()])
def test_docs_stage_is_documented(index: int) -> None:
    name, stage = _stages()[index]
    sections = _stage_sections()
    assert name in sections, f"docs/stages.md has no '## {index + 1}. {name}' section"
    _, body = sections[name]
    cls = type(stage)
    assert f"`{cls.__module__}.{cls.__qualname__}`" in body
    assert _codes(_table_row(body, "reads") or "") == list(stage.reads), f"{name}: reads row differs from {cls.__name__}.reads"
    assert _codes(_table_row(body, "writes") or "") == list(stage.writes), f"{name}: writes row differs from {cls.__name__}.writes"
    assert "Known limitations" in body


@pytest.mark.parametrize("index", range(len(_stages())), ids=[name for name, _ in _stages()])
def test_docs_stage_settings_are_documented(index: int) -> None:
    """Every keyword-only option of a stage's __init__ has a row with its real default."""
    name, stage = _stages()[index]
    _, body = _stage_sections()[name]
    settings = [
        param
        for param in inspect.signature(type(stage).__init__).parameters.values()
        if param.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    if not settings:
        assert "Settings: none" in body, f"{name}: say 'Settings: none.'"
    for param in settings:
        assert _table_row(body, f"`{param.name}`") == f"`{param.default!r}`", (
            f"{name}: document setting `{param.name}` with default `{param.default!r}`"
        )


@pytest.mark.parametrize("name", [name for name, _ in _stages()])
def test_docs_architecture_stage_table_has_stage(name: str) -> None:
    assert f"[`{name}`](stages.md#" in _read(DOCS / "architecture.md")


# -- records and errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [f"{record.__name__}.{f.name}" for record in (Article, ArticleDoc, Event) for f in dataclasses.fields(record)],
)
def test_docs_record_field_is_documented(field: str) -> None:
    record, name = field.split(".")
    section = _sections(_read(DOCS / "architecture.md"), level=3)
    body = next(body for heading, body in section.items() if f"`{record}`" in heading)
    assert _table_row(body, f"`{name}`") is not None or f"`{name}`" in body, f"docs/architecture.md: {field} is not described"


@pytest.mark.parametrize("slug", sorted(SKIP_REASONS))
def test_docs_skip_reason_is_documented(slug: str) -> None:
    assert _table_row(_read(DOCS / "architecture.md"), f"`{slug}`") is not None, f"skip reason '{slug}' is not in docs/architecture.md"


# -- README and changelog -----------------------------------------------------------------


def _readme_commands() -> list[str]:
    commands = []
    for block in _FENCE.findall(_read(README)):
        lines = block.splitlines()
        if not re.match(r"```(sh|bash|shell|console)?\s*$", lines[0]):
            continue
        for line in lines[1:-1]:
            command = line.split("#", 1)[0].strip().removeprefix("$ ")
            if command:
                commands.append(command)
    return commands


def test_docs_readme_names_make_run_and_test_first() -> None:
    commands = _readme_commands()
    assert commands[:2] == ["make run", "make test"], f"README's first commands are {commands[:2]}"
    makefile = _read(ROOT / "Makefile")
    assert re.search(r"^run:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.MULTILINE)


def test_docs_changelog_top_release_is_this_version() -> None:
    text = _read(CHANGELOG)
    releases = list(_sections(text).items())
    assert releases, "CHANGELOG.md has no '## <version>' section"
    heading, body = releases[0]
    assert heading.split()[0] == palmyra.__version__
    bullets = [line for line in body.splitlines() if line.startswith("- ")]
    assert bullets and "### Breaking" in body
    items = re.split(r"\n(?=- )", body.split("### Breaking")[0])
    assert all(re.search(r"\(#\d+\)", item) for item in items if item.startswith("- ")), "every bullet cites its issue"


# -- links, paths and names ---------------------------------------------------------------


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=[str(p.relative_to(ROOT)) for p in MARKDOWN_FILES])
def test_docs_links_resolve(path: Path) -> None:
    broken = []
    for target in _LINK.findall(_FENCE.sub("", _read(path))):
        if re.match(r"[a-z]+:", target):
            continue  # http:, https:, mailto:
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md":
            headings = [m.group(2) for m in _HEADING.finditer(_FENCE.sub("", _read(linked)))]
            if anchor not in {_slug(h) for h in headings}:
                broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)}: broken links {broken}"


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=[str(p.relative_to(ROOT)) for p in MARKDOWN_FILES])
def test_docs_repository_paths_exist(path: Path) -> None:
    """`src/...`, `tests/...`, `scripts/...`, `docs/...`, `benchmarks/...` in the docs exist."""
    missing = []
    for code in _inline_code(_read(path)):
        candidate = code.split()[0].split("::")[0] if code.split() else ""
        if re.fullmatch(r"(src|tests|scripts|docs|benchmarks)/[\w./-]+", candidate) and not (ROOT / candidate).exists():
            missing.append(candidate)
    assert not missing, f"{path.relative_to(ROOT)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=[str(p.relative_to(ROOT)) for p in MARKDOWN_FILES])
def test_docs_dotted_names_resolve(path: Path) -> None:
    """Every `palmyra.x.y` the docs name can be imported."""
    missing = []
    for code in _inline_code(_read(path)):
        match = re.match(r"(palmyra(?:\.\w+)+)", code)
        if match is None:
            continue
        try:
            _resolve(match.group(1))
        except (ImportError, AttributeError):
            missing.append(match.group(1))
    assert not missing, f"{path.relative_to(ROOT)} names what does not exist: {missing}"
