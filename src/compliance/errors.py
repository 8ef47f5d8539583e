"""Errors a user can act on: each names the file, the record and the field (or the pack and the key)."""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Message, position, say


class ComplianceError(Exception):
    """Base class of the errors the CLI reports as bad input or usage (exit code 2)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input record. ``str(problem)`` is in English; :meth:`render` in a language."""

    file: str
    #: where in the file: ``line 12`` for JSON Lines, ``officers[3]`` for a JSON document, ``row 5`` for a CSV
    #: file, ``sheet 培训记录, row 5`` for a workbook; empty for the whole file (in English: see ``render``)
    position: str
    message: str
    record_id: str | None = None
    #: the record field at fault, as in the JSON form (``postings[0].end``)
    field: str | None = None
    #: in a CSV file or a workbook: the column at fault, by its header as written (the field is then also set)
    column: str | None = None
    #: the message in Chinese; None where there is none (a problem made by a plug-in): the English is shown
    message_zh: str | None = None

    @classmethod
    def of(cls, file: str, position: str, message: Message, record_id: str | None = None, field: str | None = None,
           column: str | None = None) -> Problem:
        """A problem with its message in both languages (see :func:`compliance.messages.say`)."""
        return cls(file, position, message.en, record_id, field, column, message.zh)

    @property
    def text(self) -> Message:
        """The message in both languages."""
        return Message(self.message, self.message_zh or self.message)

    def where(self, lang: str = "en") -> str:
        """The record and the field or column at fault, without the file and the position."""
        out = say("record_id", id=self.record_id).in_lang(lang) if self.record_id is not None else ""
        if self.column:
            out += say("column", name=self.column).in_lang(lang)
        elif self.field:
            out += say("field", name=self.field).in_lang(lang)
        return out

    def render(self, lang: str = "en") -> str:
        """The problem as a person reads it, in ``en`` or ``zh``: file, position, id, column or field, message."""
        at = position(self.position, lang)
        where = f"{self.file}, {at}" if at else self.file
        return f"{where}{self.where(lang)}: {self.text.in_lang(lang)}"

    def __str__(self) -> str:
        return self.render("en")


class DatasetError(ComplianceError):
    """The input records are not valid; ``problems`` lists every one found, not just the first. The message is
    in English; :meth:`render` gives it in Chinese too."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        shown = self.problems[:50]
        lines = [say("problems", count=len(self.problems)).in_lang(lang)]
        lines += [f"  {p.render(lang)}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append("  " + say("more", count=len(self.problems) - len(shown)).in_lang(lang))
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
