"""What a load read: records read, accepted and rejected per file, and exactly which were left out and why.

:func:`compliance.loading.load` returns a :class:`LoadSummary` beside the dataset; when the input has
problems and ``on_error="fail"``, the :class:`LoadError` it raises carries one too. Counts are of records as
written: a line of a JSON Lines file, a record of a JSON document, a row of a table (an officer with three
postings is three rows, a certificate event a row of its own table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import DatasetError, Problem
from .messages import position, say

OnError = Literal["fail", "skip"]
ON_ERROR: tuple[OnError, ...] = ("fail", "skip")


@dataclass(frozen=True)
class FileSummary:
    """One file (one sheet of a workbook): what it holds, how it was read, and what came of its records."""

    file: str
    sheet: str | None
    collection: str  # or ``certificate_events``
    #: the text encoding a CSV file was read in (``utf-8``, ``utf-8-sig``, ``gb18030``…); None for other formats
    encoding: str | None
    read: int
    accepted: int
    rejected: int

    @property
    def name(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet is not None else self.file

    def render(self, lang: str = "en") -> str:
        encoding = f", {self.encoding}" if self.encoding else ""
        return say("file_counts", name=self.name, collection=self.collection, encoding=encoding, read=self.read,
                   accepted=self.accepted, rejected=self.rejected).in_lang(lang)

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class LeftOut:
    """A record that was read but is not in the dataset, and the problems that left it out."""

    collection: str
    record_id: str | None
    file: str
    #: where it is written: ``line 7``, ``row 5``, ``sheet 行政执法人员, rows 5, 6``
    position: str
    problems: tuple[Problem, ...]

    def render(self, lang: str = "en") -> str:
        record = say("record_id", id=self.record_id).in_lang(lang) if self.record_id is not None else ""
        reasons = "; ".join(f"{p.column or p.field or ''}{': ' if p.column or p.field else ''}{p.text.in_lang(lang)}"
                            for p in self.problems)
        return f"{self.file}, {position(self.position, lang)}{record}: {reasons}"

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class LoadSummary:
    """The files a load read, with their counts; with ``on_error="skip"``, the records left out."""

    source: str
    on_error: OnError
    files: tuple[FileSummary, ...]
    #: every record read but not in the dataset (with "fail": those that would have been left out)
    left_out: tuple[LeftOut, ...]
    #: every problem found, in one pass
    problems: tuple[Problem, ...]

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def accepted(self) -> int:
        return sum(f.accepted for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    def lines(self, lang: str = "en") -> list[str]:
        """The summary as a person reads it: a line per file, a total, then each record left out."""
        out = [f.render(lang) for f in self.files]
        out.append(say("total", read=self.read, accepted=self.accepted, rejected=self.rejected).in_lang(lang))
        if self.left_out and self.on_error == "skip":
            out.append(say("left_out", count=len(self.left_out)).in_lang(lang))
            out += [f"  {left.render(lang)}" for left in self.left_out]
        return out


class LoadError(DatasetError):
    """The input has problems and ``on_error`` is "fail": nothing is checked. ``summary`` says what was read."""

    def __init__(self, problems: list[Problem], summary: LoadSummary | None = None):
        super().__init__(problems)
        self.summary = summary
