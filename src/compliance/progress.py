"""Progress while a large dataset loads and is checked, and the bar ``compliance check`` draws of it.

:func:`compliance.loading.load` and :func:`compliance.engine.check` take an optional ``progress`` callback
(:data:`Progress`): ``progress(done, total, item)`` says that ``done`` units of ``total`` are finished and
``item`` (a file name, a rule id) is the one in hand; the last call has ``done == total`` and no item. Loading
counts the bytes of the files, checking counts the rules. Without a callback, the default, nothing is counted.

:func:`bar` draws one line on standard error, only when it is a terminal: a line in a log or a pipe would be
noise. The line is redrawn in place (carriage return) and blanked at the end, so the report starts on a clean line.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

from .labels import Labels
from .terminal import cells, clip

Progress = Callable[[int, int, str], None]

T = TypeVar("T")

#: Cells of the bar itself, fewer on a narrow terminal so that the figures still fit. ASCII only: block characters
#: are of ambiguous width, two cells on many terminals set up for Chinese, which would break the line.
_BAR, _NARROW_BAR = 24, 10


def steps(items: Iterable[T], progress: Progress | None, name: Callable[[T], str],
          size: Callable[[T], int] = lambda item: 1) -> Iterator[T]:
    """``items``, telling ``progress`` before each what is done and which is next, and at the end that all is."""
    if progress is None:
        yield from items
        return
    items = list(items)
    sizes = [size(item) for item in items]
    total, done = sum(sizes), 0
    for item, item_size in zip(items, sizes, strict=True):
        progress(done, total, name(item))
        yield item
        done += item_size
    progress(total, total, "")


def by_file(files: Iterable[Path], progress: Progress | None) -> Iterator[Path]:
    """``files``, counted in bytes, each named by its name."""
    return steps(files, progress, lambda file: file.name, lambda file: file.stat().st_size)


class Line:
    """One line of a terminal, redrawn in place."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.drawn = 0  # cells on the line now

    def draw(self, text: str) -> None:
        text = clip(text, _columns(self.stream) - 1)  # the last column would wrap the cursor on some terminals
        self.stream.write("\r" + text + " " * max(self.drawn - cells(text), 0))
        self.stream.flush()
        self.drawn = cells(text)

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0

    def stage(self, label: str, amount: Callable[[int, int], str]) -> Progress:
        """A callback that draws ``label``, the bar, the percentage, ``amount(done, total)`` and the item."""
        def progress(done: int, total: int, item: str) -> None:
            share = done / total if total else 1.0
            width = min(_BAR, max(_NARROW_BAR, _columns(self.stream) - 50))
            filled = round(width * share)
            self.draw(f"{label} [{'#' * filled}{'.' * (width - filled)}] {share:4.0%} {amount(done, total)}  {item}")
        return progress


@contextmanager
def bar(stream: TextIO, words: Labels, *, enabled: bool = True) -> Iterator[tuple[Progress | None, Progress | None]]:
    """Callbacks for loading and for checking that draw on ``stream``, or (None, None) when it is not a terminal or
    progress is not ``enabled``. The line is blanked when the block ends, whether or not it raised."""
    isatty = getattr(stream, "isatty", None)
    if not enabled or not (isatty and isatty()):
        yield None, None
        return
    line = Line(stream)
    try:
        yield (line.stage(words.loading, lambda done, total: f"{_megabytes(done)}/{_megabytes(total)} MB"),
               line.stage(words.checking, lambda done, total: f"{done}/{total} {words.rules_unit}"))
    finally:
        line.clear()


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f}"


def _columns(stream: TextIO) -> int:
    """The width of the terminal ``stream`` writes to; when it cannot say (not a file, or a terminal of no size, as
    under ``script``), $COLUMNS or standard output's, else 80."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both of the latter
        columns = 0
    return columns or shutil.get_terminal_size().columns
