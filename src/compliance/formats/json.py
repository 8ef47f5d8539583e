"""The report as JSON: exactly the :class:`~compliance.report.Report` model, which ``Report.model_validate_json``
reads back. Its ``schema_version`` changes when a field is removed or changes meaning, not when one is added."""

from __future__ import annotations

import io
from typing import TextIO

from ..report import Report


def write(report: Report, out: TextIO, lang: str) -> None:
    # UTF-8 bytes, written as they are where the stream has a binary buffer: at a million findings (1.5 GB of
    # JSON) a str of them and its encoding would hold three times as much memory again.
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        data = io.BytesIO()
        report.write_json(data)
        out.write(data.getvalue().decode())
        out.write("\n")
        return
    out.flush()
    report.write_json(buffer)
    buffer.write(b"\n")
