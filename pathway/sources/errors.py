"""Domain errors raised by the loaders: each names the file and, where it can, the row."""

from __future__ import annotations


class ContentError(Exception):
    """A file under content/ is missing or malformed."""


class EvidenceError(ContentError):
    """A file under data/ is missing or malformed."""
