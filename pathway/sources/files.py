"""Reading the app's own text files: one place that turns every way a file can be broken
into a ContentError naming the file and what is wrong."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from pathway.sources.errors import ContentError

# The largest content or data file read (the biggest shipped, content/questions.json, is about
# 0.1 MB). A bigger one is refused before it is parsed: a 50 MB table took minutes and 2 GB to
# draw, and a pasted-over file is more likely a mistake than content.
MAX_BYTES = 2_000_000


def read_text(
    path: Path, name: str, error: type[ContentError] = ContentError, max_bytes: int = MAX_BYTES
) -> str:
    """The file's text as UTF-8. ``name`` is how messages call it (``content/home.md``).

    A leading byte-order mark (some Windows editors write one) is accepted and dropped, so a
    column or heading behind it is read as written. Missing, a folder, unreadable, larger
    than ``max_bytes`` (checked before reading) or not UTF-8: ``error`` with the file's name,
    the line of the first bad byte, and what to do.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes and path.is_file():
            raise error(
                f"{name} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit for an "
                "app file (was something pasted into it twice?)"
            )
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


def first_repeat(rows: Iterable[Sequence[str] | dict[str, str]]) -> tuple[int, int] | None:
    """``(later, earlier)``: 0-based positions of the first row that repeats an earlier one
    cell for cell (surrounding spaces ignored), or None. A table's rows are facts: a repeated
    one is a paste twice, and would be drawn or counted twice."""
    seen: dict[tuple[str, ...], int] = {}
    for index, row in enumerate(rows):
        cells = row.values() if isinstance(row, dict) else row
        key = tuple((c or "").strip() for c in cells)
        if key in seen:
            return index, seen[key]
        seen[key] = index
    return None


def read_csv(
    path: Path, name: str, error: type[ContentError] = ContentError
) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file as its header and rows (dicts); a row with more cells than the header, or
    text the csv module cannot read, is ``error`` naming the file and row."""
    text = read_text(path, name, error)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = list(reader.fieldnames or [])
        rows: list[dict[str, str]] = []
        for row in reader:
            if None in row:
                raise error(f"{name} row {len(rows) + 1}: more cells than the {len(header)} columns")
            rows.append(row)
    except csv.Error as exc:
        raise error(f"{name}: not readable as CSV ({exc})") from None
    return header, rows


def check_header(
    name: str, header: list[str], expected: list[str], error: type[ContentError] = ContentError
) -> None:
    """The table's header has exactly the ``expected`` columns, or ``error`` names the rest."""
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        raise error(f"{name}: missing column(s) {', '.join(missing)}")
    if extra:
        raise error(f"{name}: unexpected column(s) {', '.join(extra)}")
