"""The one interface of the spreadsheet formats: a file in, its sheets of rows out, or why it cannot be read."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..messages import Message
from .values import Cell, is_empty


class UnreadableFile(Exception):
    """The file cannot be read as its format at all; the message says why, for a person, in both languages."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


@dataclass
class Sheet:
    """The rows of one sheet (or of a CSV file, which is one sheet with no name), empty rows left out."""

    name: str | None
    #: (row number as a spreadsheet shows it, counting from 1; the cells of that row)
    rows: list[tuple[int, tuple[Cell, ...]]] = field(default_factory=list)

    def add(self, number: int, cells: tuple[Cell, ...]) -> None:
        if not all(map(is_empty, cells)):
            self.rows.append((number, cells))


class TableFile(ABC):
    """One spreadsheet format: CSV, Excel .xlsx."""

    #: the file name endings it reads, lower case, with the dot
    suffixes: ClassVar[tuple[str, ...]]

    @abstractmethod
    def read(self, file: Path, encoding: str | None) -> tuple[list[Sheet], str | None]:
        """Every sheet of the file, and the text encoding it was read in (None for a binary format).

        Raises :class:`UnreadableFile` when the file cannot be read as this format.
        """
