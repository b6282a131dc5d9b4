"""The Pipeline: the ordered stages every entry point (CLI, API, evaluator) runs."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from .errors import PalmyraError
from .model import Article, ArticleDoc
from .resources import Resources, default_resources

log = logging.getLogger(__name__)


class Stage(Protocol):
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    def __call__(self, doc: ArticleDoc) -> ArticleDoc: ...


def _stage_names() -> list[tuple[str, Callable[[Resources], Stage]]]:
    # Imported here so that importing palmyra stays cheap; only this module
    # knows the order of the stages.
    from .actors import ActorResolver
    from .clean import Cleaner
    from .dates import DateResolver
    from .dedup import Deduplicator
    from .events.coder import EventCoder
    from .events.factuality import FactualityTagger
    from .events.refine import EventRefiner
    from .events.size import SizeExtractor
    from .nlp import Parser
    from .places.resolve import PlaceResolver

    return [
        ("clean", lambda res: Cleaner()),
        ("nlp", lambda res: Parser(res)),
        ("events", lambda res: EventCoder(res)),
        ("factuality", lambda res: FactualityTagger(res)),
        ("size", lambda res: SizeExtractor(res)),
        ("actors", lambda res: ActorResolver(res)),
        ("places", lambda res: PlaceResolver(res)),
        ("dates", lambda res: DateResolver(res)),
        ("refine", lambda res: EventRefiner(res)),
        ("dedup", lambda res: Deduplicator(res)),
    ]


class StageError(Exception):
    def __init__(self, stage: str, article_id: str, cause: BaseException) -> None:
        super().__init__(f"stage '{stage}' failed on article '{article_id}': {cause!r}")
        self.stage = stage
        self.article_id = article_id
        self.cause = cause


class Pipeline:
    """Run articles through clean -> nlp -> events -> ... -> dedup.

    on_error: "raise" re-raises a stage error; "skip" logs it, drops the
    article and records it in ``self.errors`` so the batch goes on.
    """

    def __init__(self, res: Resources | None = None, *, on_error: str = "skip", disable: Iterable[str] = ()) -> None:
        self.res = res or default_resources()
        self.on_error = on_error
        disabled = set(disable)
        self.stages: list[tuple[str, Stage]] = [
            (name, factory(self.res)) for name, factory in _stage_names() if name not in disabled
        ]
        self.errors: list[StageError] = []
        self._check_order()

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def _check_order(self) -> None:
        """Every attribute a stage reads must be written by an earlier stage or by ingest."""
        available = {"article.text", "article.published", "article.id", "article.title"}
        for name, stage in self.stages:
            missing = [attr for attr in getattr(stage, "reads", ()) if attr not in available]
            if missing:
                log.warning("stage %s reads %s before any stage writes it", name, ", ".join(missing))
            available.update(getattr(stage, "writes", ()))

    def __call__(self, article: Article) -> ArticleDoc | None:
        doc: ArticleDoc | None = ArticleDoc(article=article, text=article.text)
        for name, stage in self.stages:
            doc = self._run(name, stage, doc)
            if doc is None:
                return None
        return doc

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleDoc]:
        """Stream articles through the stages, in input order.

        Stages run doc by doc, except the NLP stage, which parses batches of
        ``batch_size`` docs with spaCy's ``nlp.pipe``. A doc whose stage fails is
        dropped (and recorded in ``self.errors``); the rest go on.
        """
        docs: Iterator[ArticleDoc] = (ArticleDoc(article=article, text=article.text) for article in articles)
        for name, stage in self.stages:
            if name == "nlp" and hasattr(stage, "pipe"):
                docs = self._pipe_batches(name, stage, docs, batch_size)
            else:
                docs = self._pipe_each(name, stage, docs)
        yield from docs

    def _pipe_each(self, name: str, stage: Stage, docs: Iterable[ArticleDoc]) -> Iterator[ArticleDoc]:
        for doc in docs:
            result = self._run(name, stage, doc)
            if result is not None:
                yield result

    def _pipe_batches(self, name: str, stage: Stage, docs: Iterable[ArticleDoc], batch_size: int) -> Iterator[ArticleDoc]:
        batch: list[ArticleDoc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(name, stage, batch)
                batch = []
        if batch:
            yield from self._run_batch(name, stage, batch)

    def _run_batch(self, name: str, stage: Stage, batch: list[ArticleDoc]) -> Iterator[ArticleDoc]:
        try:
            parsed = list(stage.pipe(batch))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - retry one by one to find the bad doc
            yield from self._pipe_each(name, stage, batch)
            return
        yield from parsed

    def _run(self, name: str, stage: Stage, doc: ArticleDoc) -> ArticleDoc | None:
        try:
            return stage(doc)
        except PalmyraError:
            raise  # a missing model or a broken table fails every article: say it once
        except Exception as e:  # noqa: BLE001 - one bad article must not stop a batch
            error = StageError(name, doc.id, e)
            if self.on_error == "raise":
                raise error from e
            log.warning("%s", error)
            self.errors.append(error)
            return None
