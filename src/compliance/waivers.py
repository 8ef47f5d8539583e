"""Waiver files: accepted exceptions to a rule for one subject, each justified, approved and dated to expire.

A waiver file is TOML (or JSON with the same structure), a list of ``[[waiver]]`` tables::

    [[waiver]]
    rule = "training-annual-hours"
    subject = { kind = "officer", id = "kq-sfj-03" }   # kind: officer, department, action or certificate;
                                                        # officer = "..." narrows an action to one officer
    period = "2024"                      # optional: only this period's finding
    justification = "On sick leave from March to October 2024 (人事处 record 2024-17)"
    approved_by = "区司法局 王局长"
    expires_on = 2025-06-30              # the last day it applies
    risk = "Officer enforced with fewer training hours"   # optional

A waiver covers the findings of its rule about its subject (and period). A waived finding stays in every
report, marked ``waived`` with the waiver and its justification, and keeps its status (violation or warning):
it just does not fail the run. Once expired the waiver no longer applies: the finding fails again and the
report says the waiver expired. A waiver that covers no finding is reported as unused.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ComplianceError, ConfigError, Problem
from .report import Findings, Report, Subject, Waiver, WaiverState, WaiverUse
from .rule import Rule


class WaiverFileError(ComplianceError):
    """A waiver file that cannot be used; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join([f"{len(problems)} problem(s) in the waiver file:", *(f"  {p}" for p in problems)]))


class _WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waiver: list[dict]


def read_waivers(file: Path, rules: Collection[str]) -> list[Waiver]:
    """The waivers in ``file``; every entry that is malformed or names a rule not in ``rules`` is a problem."""
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
        data = json.loads(text) if file.suffix == ".json" else tomllib.loads(text)
        entries = _WaiverFile.model_validate(data).waiver
    except OSError as exc:
        raise ConfigError(name, None, exc.strerror or str(exc)) from None
    except (ValueError, UnicodeDecodeError) as exc:  # JSON, TOML and the file's own structure
        raise ConfigError(name, None, f"not a waiver file ({'JSON' if file.suffix == '.json' else 'TOML'} with "
                                      f"a list of waiver entries): {exc}") from None
    waivers, problems = [], []
    for number, entry in enumerate(entries, 1):
        where = f"waiver {number}"
        try:
            waiver = Waiver.model_validate(entry)
        except ValidationError as exc:
            for error in exc.errors():
                message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
                problems.append(Problem(name, where, message, field=".".join(map(str, error["loc"]))))
            continue
        if waiver.rule not in rules:
            problems.append(Problem(name, where, f"unknown rule {waiver.rule!r}", field="rule"))
        waivers.append(waiver)
    if problems:
        raise WaiverFileError(problems)
    return waivers


def apply_waivers(report: Report, waivers: list[Waiver]) -> Report:
    """``report`` with each finding a waiver covers marked (waived if the waiver is in force on the report's day;
    of several, the one that runs longest counts), and what each waiver did."""
    by_target: dict[tuple[str, Subject], list[int]] = {}
    for index, waiver in enumerate(waivers):
        by_target.setdefault((waiver.rule, waiver.subject), []).append(index)
    covered = [0] * len(waivers)
    findings = []
    for finding in report.findings:
        matching = [i for i in by_target.get((finding.rule, finding.subject), ()) if waivers[i].covers(finding)]
        for i in matching:
            covered[i] += 1
        if matching:
            waiver = max((waivers[i] for i in matching), key=lambda w: w.expires_on)
            finding = finding.model_copy(update={"waiver": waiver, "waived": waiver.expires_on >= report.as_of})
        findings.append(finding)
    uses = [WaiverUse(waiver=waiver, findings=count, state=_state(waiver, count, report.as_of))
            for waiver, count in zip(waivers, covered)]
    return report.model_copy(update={"findings": Findings(findings), "waivers": uses})


def _state(waiver: Waiver, covered: int, as_of: dt.date) -> WaiverState:
    if covered == 0:
        return WaiverState.unused
    return WaiverState.expired if waiver.expires_on < as_of else WaiverState.active


def lint_waivers(waivers: list[Waiver], rules: Mapping[str, type[Rule]], as_of: dt.date,
                 warn_days: int) -> tuple[list[str], list[str]]:
    """(problems, notes) of a waiver file that reads: problems are waivers that cannot apply (expired, a subject
    of another kind than the rule's, the same finding waived twice); notes are waivers that expire within
    ``warn_days``."""
    problems, notes = [], []
    seen: dict[tuple, int] = {}
    for number, waiver in enumerate(waivers, 1):
        where = f"waiver {number} ({waiver.rule} on {waiver.subject}{' ' + waiver.period if waiver.period else ''})"
        kind = rules[waiver.rule].subject_kind
        if waiver.subject.kind is not kind:
            problems.append(f"{where}: the rule's subjects are {kind.value}s, not {waiver.subject.kind.value}s")
        key = (waiver.rule, waiver.subject, waiver.period)
        if key in seen:
            problems.append(f"{where}: waives the same findings as waiver {seen[key]}")
        seen.setdefault(key, number)
        days_left = (waiver.expires_on - as_of).days
        if days_left < 0:
            problems.append(f"{where}: expired on {waiver.expires_on}")
        elif days_left <= warn_days:
            notes.append(f"{where}: expires on {waiver.expires_on}, in {days_left} day(s)")
    return problems, notes
