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

    def __str__(self) -> str:
        encoding = f", {self.encoding}" if self.encoding else ""
        return (f"{self.name} ({self.collection}{encoding}): {self.read} read, {self.accepted} accepted, "
                f"{self.rejected} rejected")


@dataclass(frozen=True)
class LeftOut:
    """A record that was read but is not in the dataset, and the problems that left it out."""

    collection: str
    record_id: str | None
    file: str
    #: where it is written: ``line 7``, ``row 5``, ``sheet 行政执法人员, rows 5, 6``
    position: str
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        record = f" (id {self.record_id!r})" if self.record_id is not None else ""
        reasons = "; ".join(f"{p.column or p.field or ''}{': ' if p.column or p.field else ''}{p.message}"
                            for p in self.problems)
        return f"{self.file}, {self.position}{record}: {reasons}"


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
        zh = lang == "zh"
        out = []
        for f in self.files:
            encoding = f", {f.encoding}" if f.encoding else ""
            if zh:
                out.append(f"{f.name} ({f.collection}{encoding}): 读取 {f.read}, 接受 {f.accepted}, 拒绝 {f.rejected}")
            else:
                out.append(str(f))
        total = (f"合计: 读取 {self.read}, 接受 {self.accepted}, 拒绝 {self.rejected}" if zh else
                 f"total: {self.read} read, {self.accepted} accepted, {self.rejected} rejected")
        out.append(total)
        if self.left_out and self.on_error == "skip":
            out.append(f"未纳入检查的记录 ({len(self.left_out)}):" if zh else
                       f"left out of the check ({len(self.left_out)}):")
            out += [f"  {left}" for left in self.left_out]
        return out


class LoadError(DatasetError):
    """The input has problems and ``on_error`` is "fail": nothing is checked. ``summary`` says what was read."""

    def __init__(self, problems: list[Problem], summary: LoadSummary | None = None):
        super().__init__(problems)
        self.summary = summary
