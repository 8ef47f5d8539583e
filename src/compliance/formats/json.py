"""The report as JSON: exactly the :class:`~compliance.report.Report` model, which ``Report.model_validate_json``
reads back. Its ``schema_version`` changes when a field is removed or changes meaning, not when one is added."""

from __future__ import annotations

from typing import TextIO

from ..report import Report


def write(report: Report, out: TextIO, lang: str) -> None:
    # The UTF-8 bytes pydantic makes, written as they are where the stream has a binary buffer: at a million
    # findings (1.5 GB of JSON) a str of them and its encoding would hold three times as much memory again.
    data = report.__pydantic_serializer__.to_json(report, indent=2)
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode())
        out.write("\n")
        return
    out.flush()
    buffer.write(data)
    buffer.write(b"\n")
