"""The report as JSON: exactly the :class:`~compliance.report.Report` model, which ``Report.model_validate_json``
reads back. Its ``schema_version`` changes when a field is removed or changes meaning, not when one is added."""

from __future__ import annotations

from typing import TextIO

from ..report import Report


def write(report: Report, out: TextIO, lang: str) -> None:
    out.write(report.model_dump_json(indent=2) + "\n")
