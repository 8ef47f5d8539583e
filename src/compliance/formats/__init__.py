"""The output formats of ``compliance check``, one module each, all behind one interface.

A format is a function ``write(report, out, lang)`` that writes the whole report to ``out`` (a text stream):
``lang`` ("zh" or "en") is the language of the findings' messages where the format shows one. What fails the
run is the report's to say (:attr:`compliance.report.Report.failing`), so every format agrees with the exit
code. :data:`FORMATS` is the one table of them, by the name ``--format`` takes.
"""

from __future__ import annotations

from typing import Protocol, TextIO

from ..report import Report
from . import github, html, junit, markdown, sarif, text
from . import json as json_format


class Writer(Protocol):
    def __call__(self, report: Report, out: TextIO, lang: str) -> None: ...


FORMATS: dict[str, Writer] = {
    "text": text.write,  # for a person at a terminal
    "json": json_format.write,  # the Report model itself, versioned by its schema_version
    "junit": junit.write,  # JUnit XML, for GitLab, Jenkins and other test-report viewers
    "sarif": sarif.write,  # SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers
    "github": github.write,  # GitHub Actions workflow commands: annotations on the records
    "markdown": markdown.write,  # a summary for a CI step summary or a merge-request comment
    "html": html.write,  # one self-contained page to read in a browser or print: overview, charts, every finding
}
