"""Palmyra: news reports in, coded, located, dated political-violence events out."""
from __future__ import annotations

__version__ = "0.1.0"


def load(**settings):  # noqa: ANN003, ANN201
    """Build the default Pipeline."""
    from .pipeline import Pipeline

    return Pipeline(**settings)


__all__ = ["__version__", "load"]
