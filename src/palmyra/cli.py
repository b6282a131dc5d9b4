"""The `palmyra` command: thin wrappers over Pipeline, the writers and the evaluator."""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__
from .model import Article, Skip


def _parse_published(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as e:
        raise click.BadParameter(f"'{value}' is not an ISO date (YYYY-MM-DD)") from e


class _Inputs:
    """Split the ingest stream into articles (yielded) and skips (reported on stderr).

    A Skip whose reason is in ``palmyra.ingest.WARNING_REASONS`` (bad-date) does not
    drop its article, which ingest yields right after it: it is reported as a warning
    and not counted as skipped.
    """

    def __init__(self, paths: tuple[str, ...], published: dt.date | None) -> None:
        self.paths = paths
        self.published = published
        self.articles = 0
        self.skips: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()

    def __iter__(self) -> Iterator[Article]:
        from .ingest import WARNING_REASONS, read_inputs

        for item in read_inputs(list(self.paths), published=self.published, stdin=sys.stdin):
            if isinstance(item, Skip):
                if item.reason in WARNING_REASONS:
                    self.warnings[item.reason] += 1
                    click.echo(f"palmyra: warning {item}", err=True)
                else:
                    self.skips[item.reason] += 1
                    click.echo(f"palmyra: skipped {item}", err=True)
                continue
            self.articles += 1
            yield item

    def skip_stage_error(self, article_id: str, error: Exception) -> None:
        """Report an article a pipeline stage failed on, counted as skipped (stage-error)."""
        self.skips["stage-error"] += 1
        click.echo(f"palmyra: skipped {article_id} (stage-error): {error}", err=True)

    def summary(self) -> str:
        skipped = sum(self.skips.values())
        parts = ", ".join(f"{reason} {n}" for reason, n in sorted(self.skips.items()))
        text = f"{self.articles} article(s) read, {skipped} skipped" + (f" ({parts})" if parts else "")
        warned = sum(self.warnings.values())
        if warned:
            text += f", {warned} warning(s) (" + ", ".join(f"{r} {n}" for r, n in sorted(self.warnings.items())) + ")"
        return text


@click.group()
@click.version_option(__version__, prog_name="palmyra")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does (to stderr).")
def main(verbose: bool) -> None:
    """Palmyra: news reports in, coded, located, dated political-violence events out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_parse_published, metavar="YYYY-MM-DD", help="Publication date for inputs that carry none.")
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    type=click.Choice(["jsonl", "csv", "geojson", "acled", "plover", "table"]),
    help="Output format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def extract(paths: tuple[str, ...], published: dt.date | None, fmt: str, output: str | None) -> None:
    """Extract events from files, folders or '-' (stdin): .txt .html .jsonl .csv.

    Every event is written with its factuality; hypothetical, negated and future
    statements are never written as 'asserted'.
    """
    from .export import Writer, event_to_record
    from .pipeline import Pipeline

    inputs = _Inputs(paths, published)
    pipeline = Pipeline()
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    writer = Writer(out, fmt)
    events = 0
    try:
        for doc in pipeline.pipe(inputs):
            for event in doc.events:
                writer.write(event_to_record(event, doc))
                events += 1
    finally:
        writer.close()
        if output:
            out.close()
    for error in pipeline.errors:
        inputs.skip_stage_error(error.article_id, error)
    click.echo(f"palmyra: {inputs.summary()}, {events} event(s)", err=True)
    if inputs.articles == 0 or inputs.articles == len(pipeline.errors):
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_parse_published, metavar="YYYY-MM-DD", help="Publication date for inputs that carry none.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def geoparse(paths: tuple[str, ...], published: dt.date | None, output: str | None) -> None:
    """Find and resolve the toponyms of each document: one JSON line per document.

    Input records that carry "toponyms": [{"start", "end"}] are resolved on exactly
    those spans (resolution-only mode).
    """
    from .places.resolve import geoparse_article
    from .resources import default_resources

    res = default_resources()
    inputs = _Inputs(paths, published)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        for article in inputs:
            record = geoparse_article(article, res, spans=article.toponyms)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    click.echo(f"palmyra: {inputs.summary()}", err=True)
    if inputs.articles == 0:
        sys.exit(1)


@main.command()
@click.argument("gold", type=click.Path(exists=False, path_type=Path), default=Path("../shared/gold"))
@click.option("--set", "sets", multiple=True, help="Only these gold sets (plover, case2021, multicoped, petrarch2, ipe). Repeatable.")
@click.option("--limit", type=int, default=None, help="Score only the first N items of each set.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold: Path, sets: tuple[str, ...], limit: int | None, as_json: bool) -> None:
    """Score Palmyra on human-annotated gold data (a folder or one file)."""
    from .errors import PalmyraError
    from .evaluate import evaluate as run_evaluation
    from .evaluate.report import format_report
    from .places.resolve import geoparse_toponyms

    try:
        scores = run_evaluation(gold, sets=list(sets) or None, limit=limit, geoparse=geoparse_toponyms)
    except PalmyraError as e:
        raise click.ClickException(str(e)) from e
    click.echo(json.dumps(scores, indent=2, ensure_ascii=False) if as_json else format_report(scores))


@main.command()
def info() -> None:
    """Print the version of Palmyra, its model and every bundled table."""
    from .resources import default_resources

    for name, version in default_resources().versions().items():
        click.echo(f"{name:24} {version}")


if __name__ == "__main__":
    main()
