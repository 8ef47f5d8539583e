"""The report as GitHub Actions workflow commands: each finding an annotation on its record's line.

A finding that fails the run is an ``::error``; one that does not (a warning below the fail level) a
``::warning``; a waived finding, or one known from the baseline, a ``::notice`` that says so. A waiver that
expired or matches nothing is a ``::warning``, a rule that raised an ``::error``. Failing findings come first,
as GitHub shows only the first few annotations of each kind.

Escaping is the runner's (as the actions toolkit does it): in the message, ``%``, CR and LF become ``%25``,
``%0D`` and ``%0A``; in a property value ``:`` and ``,`` also become ``%3A`` and ``%2C``.
"""

from __future__ import annotations

from typing import TextIO

from ..report import BaselineState, Finding, Report
from .locations import RecordLocations


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line: ``::name key=value,...::message``."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}\n"


def write(report: Report, out: TextIO, lang: str) -> None:
    locate = RecordLocations(report.dataset)
    for finding in sorted(report.findings, key=lambda f: not f.fails(report.fail_level)):
        found = locate(finding.subject)
        file, line = (found[0].as_posix(), found[1]) if found else (None, None)
        period = f" {finding.period}" if finding.period else ""
        citation = finding.citation
        message = f"{getattr(finding.message, lang)}\n{citation}: 「{citation.text}」"
        if finding.standing:
            message += f"\n{finding.standing}"
        out.write(command(_kind(finding, report), message, file=file, line=line,
                          title=f"{finding.rule}: {finding.subject}{period} ({finding.department or '-'})"))
    for failure in report.failures:
        out.write(command("error", f"{failure.error}\nits findings are missing: the run is incomplete",
                          title=f"{failure.rule} raised"))
    for use in report.stale_waivers:
        out.write(command("warning", str(use), title=f"waiver {use.state.value}"))
    out.write(f"compliance: {len(report.failing)} finding(s) fail at level {report.fail_level.value} "
              f"({len(report.violations)} violation(s), {len(report.warnings)} warning(s))"
              + (f"; the records were taken to cover {report.covers}" if report.covers else "") + "\n")


def _kind(finding: Finding, report: Report) -> str:
    if finding.fails(report.fail_level):
        return "error"
    return "notice" if finding.waived or finding.baseline is BaselineState.unchanged else "warning"
