"""What text needs at a terminal: its width in cells, so columns line up, and colour only where it is wanted.

A Chinese character takes two cells of a terminal, so a column padded with ``str.ljust`` goes crooked at the first
department name: :func:`cells` counts as the terminal draws (East Asian Wide and Fullwidth characters two cells,
combining marks none).

Whether to colour follows the conventions other command-line tools keep, first match wins: the command's
``--color always|never`` (set for a stretch of code with :func:`colour_choice`; ``auto`` leaves it to what
follows), then ``NO_COLOR`` (https://no-color.org) and ``FORCE_COLOR`` (https://force-color.org), each when set
and not empty, then ``TERM=dumb``, then whether the stream is a terminal. The choice is a context variable rather
than a parameter so that every format keeps the one signature ``write(report, out, lang)``.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal, TextIO

ColourChoice = Literal["auto", "always", "never"]
COLOUR_CHOICES: tuple[ColourChoice, ...] = ("auto", "always", "never")

_choice: ContextVar[ColourChoice] = ContextVar("colour_choice", default="auto")

#: SGR codes by what they mark: red for violations (bold when of high severity), yellow for warnings, green for
#: what passed, dim for what was not applicable or does not fail the run.
_SGR = {"high": "1;31", "violation": "31", "warning": "33", "passed": "32", "dim": "2", "heading": "1"}


def cells(text: str) -> int:
    """How many cells of a terminal ``text`` takes."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` filled with spaces to ``width`` cells, on the right (``<``) or on the left (``>``)."""
    fill = " " * max(width - cells(text), 0)
    return fill + text if align == ">" else text + fill


def clip(text: str, width: int) -> str:
    """The start of ``text`` that fits in ``width`` cells."""
    used = 0
    for end, char in enumerate(text):
        used += cells(char)
        if used > width:
            return text[:end]
    return text


@contextmanager
def colour_choice(choice: ColourChoice) -> Iterator[None]:
    """Colour every text written inside the block (``always``), none (``never``), or decide per stream (``auto``)."""
    token = _choice.set(choice)
    try:
        yield
    finally:
        _choice.reset(token)


def wants_colour(stream: TextIO) -> bool:
    """Whether text written to ``stream`` now should be coloured (see the module for the order of the rules)."""
    choice = _choice.get()
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Painter:
    """Marks text with a style (a key of ``_SGR``), or leaves it as it is when colour is off or the style is None."""

    def __init__(self, on: bool):
        self.on = on

    def __call__(self, text: str, style: str | None) -> str:
        if not self.on or style is None or not text:
            return text
        return f"\x1b[{_SGR[style]}m{text}\x1b[0m"


def table(header: list[str], rows: list[list[tuple[str, str | None]]], align: str, paint: Painter) -> list[str]:
    """Lines of a table: ``align`` has a ``<`` or ``>`` per column; each cell of ``rows`` is (text, style). Columns
    are as wide as their widest cell in terminal cells, two spaces apart; colour never counts toward a width."""
    rows = [[(h, "heading") for h in header], *rows]
    widths = [max(cells(row[i][0]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        parts = []
        for (text, style), width, side in zip(row, widths, align, strict=True):
            fill = " " * (width - cells(text))
            parts.append(fill + paint(text, style) if side == ">" else paint(text, style) + fill)
        lines.append("  ".join(parts).rstrip())
    return lines
