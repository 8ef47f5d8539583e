"""Baseline files: the findings accepted as known on one day, so that later runs fail only on new ones.

A baseline records each finding by its fingerprint (rule, subject and period; see
:attr:`compliance.report.Finding.fingerprint`) with its status, in a JSON file meant to be committed and
reviewed::

    {"schema_version": "1", "ruleset": "...", "as_of": "2025-03-01",
     "findings": [{"fingerprint": "…", "rule": "…", "subject": {…}, "period": "2024", "status": "violation"}]}

Compared with a baseline, a finding is ``unchanged`` (in it: it does not fail the run), ``updated`` (in it as a
warning and a violation now: it fails), or ``new``. Findings of the baseline that are no longer found are
reported as fixed, and drop out when the baseline is rewritten. Waived findings are not recorded: the waiver
already accepts them, until it expires.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ConfigError
from .report import BaselineComparison, BaselineEntry, BaselineState, Findings, Report, Status

BASELINE_SCHEMA_VERSION = "1"


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: str = BASELINE_SCHEMA_VERSION
    ruleset: str
    as_of: dt.date
    findings: list[BaselineEntry]


def read_baseline(file: Path) -> BaselineFile:
    try:
        return BaselineFile.model_validate_json(file.read_bytes())
    except FileNotFoundError:
        raise ConfigError(str(file), None, "no such baseline file; write it with --update-baseline") from None
    except OSError as exc:
        raise ConfigError(str(file), None, exc.strerror or str(exc)) from None
    except ValidationError as exc:
        error = exc.errors()[0]
        raise ConfigError(str(file), ".".join(map(str, error["loc"])) or None, error["msg"]) from None


def compare(report: Report, baseline: BaselineFile, file: Path) -> Report:
    """``report`` with each finding's state against ``baseline``, and the baseline's findings now fixed."""
    known = {entry.fingerprint: entry for entry in baseline.findings}
    findings = []
    for finding in report.findings:
        entry = known.get(finding.fingerprint)
        if entry is None:
            state = BaselineState.new
        elif entry.status is Status.warning and finding.status is Status.violation:
            state = BaselineState.updated
        else:
            state = BaselineState.unchanged
        findings.append(finding.model_copy(update={"baseline": state}))
    found = {finding.fingerprint for finding in report.findings}
    fixed = [entry for entry in baseline.findings if entry.fingerprint not in found]
    return report.model_copy(update={"findings": Findings(findings),
                                     "baseline": BaselineComparison(file=str(file), fixed=fixed)})


def write_baseline(file: Path, report: Report) -> BaselineFile:
    """Record the report's findings (all but the waived ones) in ``file``, replacing it whole: the new file is
    written beside it and renamed over it, so a reader never sees half a baseline."""
    entries = sorted(
        (BaselineEntry(fingerprint=f.fingerprint, rule=f.rule, subject=f.subject, period=f.period, status=f.status)
         for f in report.findings if not f.waived),
        key=lambda e: (e.rule, e.subject.kind, e.subject.id, e.subject.officer or "", e.period or ""),
    )
    baseline = BaselineFile(ruleset=report.ruleset, as_of=report.as_of, findings=entries)
    file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=file.parent, prefix=f".{file.name}.",
                                     suffix=".tmp", delete=False) as temporary:
        try:
            temporary.write(baseline.model_dump_json(indent=2) + "\n")
            temporary.flush()
            os.fsync(temporary.fileno())
        except BaseException:
            os.unlink(temporary.name)
            raise
    os.replace(temporary.name, file)
    return baseline
