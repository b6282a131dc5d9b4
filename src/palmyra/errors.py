"""Palmyra's exceptions and the stable slugs used to report skipped input."""
from __future__ import annotations

# Reasons an input is skipped; summaries count them and tests assert them.
SKIP_REASONS = {
    "not-found": "the path does not exist",
    "unreadable": "the path exists but cannot be read (permissions, I/O error, not a regular file)",
    "unsupported-type": "the file extension is not one Palmyra reads",
    "bad-encoding": "the bytes are not valid UTF-8 (nor a declared encoding)",
    "bad-json": "the line is not a JSON object",
    "bad-csv": "the row cannot be parsed as CSV",
    "empty-text": "the record has no text (and no html to extract it from)",
    "bad-date": "the published field is not an ISO date (the article is still read, with the --published date or none)",
    "too-large": "the input is larger than the configured limit",
    "extract-failed": "no main text could be extracted from the HTML",
    "stage-error": "a pipeline stage raised on this article",
}


class PalmyraError(Exception):
    """Base class for errors Palmyra raises on purpose."""


class DataTableError(PalmyraError):
    """A bundled data table is missing, malformed or fails its schema."""


class ModelNotInstalled(PalmyraError):
    """The pinned spaCy model is not installed."""

    def __init__(self, package: str) -> None:
        super().__init__(
            f"The spaCy pipeline '{package}' is not installed. Run 'make install' "
            "(it installs the pinned wheel and checks its hash)."
        )


class UsageError(PalmyraError):
    """Bad arguments from a user."""
