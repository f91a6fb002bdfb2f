"""Reading the app's own text files: one place that turns every way a file can be broken
into a ContentError naming the file and what is wrong."""

from __future__ import annotations

import codecs
from pathlib import Path

from pathway.sources.errors import ContentError


def read_text(path: Path, name: str, error: type[ContentError] = ContentError) -> str:
    """The file's text as UTF-8. ``name`` is how messages call it (``content/home.md``).

    A leading byte-order mark (some Windows editors write one) is accepted and dropped, so a
    column or heading behind it is read as written. Missing, a folder, unreadable or not
    UTF-8: ``error`` with the file's name, the line of the first bad byte, and what to do.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{name} is missing") from None
    except IsADirectoryError:
        raise error(f"{name} is a folder, not a file") from None
    except OSError as exc:
        raise error(f"{name} cannot be read ({exc.strerror or type(exc).__name__})") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{name} line {line}: not UTF-8 text (save the file as UTF-8)") from None
