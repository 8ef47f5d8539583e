"""Errors a user can act on: each names the file, the record and the field (or the pack and the key)."""

from __future__ import annotations

from dataclasses import dataclass


class ComplianceError(Exception):
    """Base class of the errors the CLI reports as bad input or usage (exit code 2)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input record."""

    file: str
    #: where in the file: ``line 12`` for JSON Lines, ``officers[3]`` for a JSON document, ``row 5`` for a CSV
    #: file, ``sheet 培训记录, row 5`` for a workbook; empty for the whole file
    position: str
    message: str
    record_id: str | None = None
    #: the record field at fault, as in the JSON form (``postings[0].end``)
    field: str | None = None
    #: in a CSV file or a workbook: the column at fault, by its header as written (the field is then also set)
    column: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}, {self.position}" if self.position else self.file
        if self.record_id is not None:
            where += f" (id {self.record_id!r})"
        if self.column:
            where += f", column {self.column!r}"
        elif self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class DatasetError(ComplianceError):
    """The input records are not valid; ``problems`` lists every one found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self._summary())

    def _summary(self) -> str:
        shown = self.problems[:50]
        lines = [f"{len(self.problems)} problem(s) in the input records:"]
        lines += [f"  {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more")
        return "\n".join(lines)


class FileError(ComplianceError):
    """A file a person wrote is wrong: the message names the file and the key at fault."""

    def __init__(self, file: str, key: str | None, message: str):
        self.file, self.key = file, key
        super().__init__(f"{file}: {f'key {key!r}: ' if key else ''}{message}")


class RulesetError(FileError):
    """A rule pack is broken."""


class ConfigError(FileError):
    """The configuration (``[tool.compliance]``, ``compliance.toml`` or the command line), a waiver file or a
    baseline file is wrong."""


class PluginError(ComplianceError):
    """A plug-in failed to load or registered something twice."""
