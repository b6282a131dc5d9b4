"""The NLP stage: tokenise, tag, parse and find entities with spaCy."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import ArticleDoc
from .resources import Resources


class Parser:
    """Run the spaCy pipeline (with our entity ruler) over the cleaned text.

    reads: doc.text
    writes: doc.nlp_doc (a spacy.tokens.Doc whose character offsets index doc.text)
    """

    reads = ("doc.text",)
    writes = ("doc.nlp_doc",)

    def __init__(self, res: Resources, *, batch_size: int = 16) -> None:
        self.res = res
        self.batch_size = batch_size

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.nlp_doc = self.res.nlp(doc.text)
        return doc

    def pipe(self, docs: Iterable[ArticleDoc]) -> Iterator[ArticleDoc]:
        """Parse a stream of docs in batches (spaCy's nlp.pipe), keeping their order."""
        buffer: list[ArticleDoc] = []
        for doc in docs:
            buffer.append(doc)
            if len(buffer) >= self.batch_size:
                yield from self._parse(buffer)
                buffer = []
        if buffer:
            yield from self._parse(buffer)

    def _parse(self, batch: list[ArticleDoc]) -> Iterator[ArticleDoc]:
        for doc, nlp_doc in zip(batch, self.res.nlp.pipe(doc.text for doc in batch)):
            doc.nlp_doc = nlp_doc
            yield doc
