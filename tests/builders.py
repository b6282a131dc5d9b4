"""Tiny hand-written inputs for tests: articles, parsed docs, events."""
from __future__ import annotations

import datetime as dt

from palmyra.model import Article, ArticleDoc

PUBLISHED = dt.date(2016, 12, 16)  # a Friday


def make_article(text: str, *, id: str = "test.txt", published: dt.date | None = PUBLISHED, title: str | None = None) -> Article:
    return Article(id=id, text=text, title=title, published=published)


def make_doc(text: str, nlp=None, **kwargs) -> ArticleDoc:  # noqa: ANN001
    """An ArticleDoc over ``text``, parsed with ``nlp`` when given."""
    doc = ArticleDoc(article=make_article(text, **kwargs), text=text)
    if nlp is not None:
        doc.nlp_doc = nlp(text)
    return doc
