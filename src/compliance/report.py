"""The report a check returns: findings with their evidence and citation, and counts per rule.

The report is a pydantic model: ``Report.model_validate_json(report.model_dump_json())`` gives it back
unchanged, and ``compliance check --format json`` prints exactly that JSON. Its ``schema_version`` is
:data:`REPORT_SCHEMA_VERSION`.

What fails a run is decided here, once, for every output format: a finding fails when it is not waived, not
already in the baseline, and at or above the report's ``fail_level`` (see :class:`FailLevel`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .citations import Citation

#: Bumped when a field is removed or changes meaning; adding a field does not bump it.
REPORT_SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Severity(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class Status(StrEnum):
    violation = "violation"
    warning = "warning"  # a deadline falls due within the warning window and is not met yet
    passed = "pass"
    not_applicable = "not_applicable"


class FailLevel(StrEnum):
    """The least finding that fails a run. A violation stands at its rule's severity; a warning (a deadline due
    soon and not met yet) stands below every violation. The default, ``low``, fails on every violation and on
    no warning."""

    high = "high"
    medium = "medium"
    low = "low"
    warning = "warning"


#: Ranks of the fail levels, highest first.
_RANK = {level: rank for rank, level in enumerate(reversed(FailLevel))}


class BaselineState(StrEnum):
    """A finding against the baseline it was compared with (the SARIF names)."""

    new = "new"  # not in the baseline: fails as any finding does
    unchanged = "unchanged"  # in the baseline as it is now: known, does not fail
    updated = "updated"  # in the baseline as a warning, a violation now: fails


class SubjectKind(StrEnum):
    officer = "officer"
    department = "department"
    action = "action"
    certificate = "certificate"


class Subject(_Model):
    """What a finding is about."""

    kind: SubjectKind
    id: str
    #: the officer concerned, where the subject is an action and the finding is about one of its officers
    officer: str | None = None

    def __str__(self) -> str:
        return f"{self.kind.value} {self.id}" + (f"/{self.officer}" if self.officer else "")


class Text(_Model):
    """A text in Chinese and English."""

    zh: str
    en: str


class Waiver(_Model):
    """An accepted exception to a rule for one subject, as written in a waiver file (see :mod:`compliance.waivers`).
    It covers the findings of ``rule`` about ``subject`` (and, if given, for ``period``) until ``expires_on``,
    that day included."""

    rule: str
    subject: Subject
    period: str | None = Field(None, description="Only the findings for this period; all periods if empty")
    justification: str = Field(min_length=1, pattern=r"\S", description="Why the finding is accepted")
    approved_by: str = Field(min_length=1, pattern=r"\S")
    expires_on: dt.date = Field(description="The last day the waiver applies")
    risk: str | None = Field(None, description="What could go wrong while the finding stands")

    def covers(self, finding: Finding) -> bool:
        return (self.rule == finding.rule and self.subject == finding.subject
                and self.period in (None, finding.period))


class WaiverState(StrEnum):
    active = "active"  # in force on the as-of day and covers findings: they do not fail the run
    expired = "expired"  # covers findings but expired before the as-of day: they fail again
    unused = "unused"  # covers no finding: the problem is fixed, or the waiver names the wrong subject


class WaiverUse(_Model):
    """A waiver of the waiver file, and what it did in this run."""

    waiver: Waiver
    state: WaiverState
    findings: int = Field(description="How many findings it covers")

    def __str__(self) -> str:
        waiver = self.waiver
        period = f" {waiver.period}" if waiver.period else ""
        state = {
            WaiverState.active: f"covers {self.findings} finding(s) until {waiver.expires_on}",
            WaiverState.expired: f"expired on {waiver.expires_on}: the findings it covers fail again",
            WaiverState.unused: "matches no finding: remove it, or correct its rule, subject or period",
        }[self.state]
        return f"waiver for {waiver.rule} on {waiver.subject}{period}: {state}"


class BaselineEntry(_Model):
    """A finding as a baseline file records it."""

    fingerprint: str
    rule: str
    subject: Subject
    period: str | None
    status: Status


class BaselineComparison(_Model):
    """How the findings compare with a baseline file."""

    file: str
    #: the baseline's findings that are no longer found
    fixed: list[BaselineEntry] = Field(default_factory=list)


class Finding(_Model):
    rule: str
    severity: Severity
    status: Status
    subject: Subject
    department: str | None = Field(description="Id of the department responsible")
    period: str | None = Field(None, description="The period the obligation is for, e.g. 2024, or 2024 midterm")
    message: Text
    evidence: dict[str, Any] = Field(description="What was observed against what was required (JSON values)")
    citation: Citation
    #: the waiver that names this finding, in force or expired
    waiver: Waiver | None = None
    #: whether ``waiver`` is in force on the as-of day; a waived finding stays in the report but does not fail
    waived: bool = False
    #: the finding against the baseline; empty when the run had none
    baseline: BaselineState | None = None

    @property
    def fingerprint(self) -> str:
        """What identifies the finding from run to run: its rule, subject and period (not its wording or
        evidence, which change as the records do)."""
        subject = self.subject
        key = "\x1f".join((self.rule, subject.kind, subject.id, subject.officer or "", self.period or ""))
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def level(self) -> FailLevel:
        """Where the finding stands against a fail level: a violation at its severity, a warning below."""
        return FailLevel(self.severity.value) if self.status is Status.violation else FailLevel.warning

    @property
    def standing(self) -> str | None:
        """What keeps the finding from failing the run (a waiver, the baseline), or the waiver that no longer
        does; None when there is neither."""
        if self.waiver is not None:
            waiver = self.waiver
            if self.waived:
                return f"waived until {waiver.expires_on} by {waiver.approved_by}: {waiver.justification}"
            return f"its waiver expired on {waiver.expires_on}"
        return "known: in the baseline" if self.baseline is BaselineState.unchanged else None

    def fails(self, fail_level: FailLevel) -> bool:
        """Whether the finding fails a run at ``fail_level``: not waived, not known from the baseline, and at or
        above the level."""
        return (not self.waived and self.baseline is not BaselineState.unchanged
                and _RANK[self.level] >= _RANK[fail_level])


class RuleSummary(_Model):
    """How one rule fared: counts of every outcome, and why subjects were not applicable."""

    rule: str
    title: Text
    severity: Severity
    citation: Citation
    effective: dt.date | None = Field(description="Obligations that ended before this day are not checked")
    violations: int = 0
    warnings: int = 0
    passed: int = 0
    not_applicable: dict[str, int] = Field(default_factory=dict, description="Count per reason")


class RuleFailure(_Model):
    """A rule that raised while checking: its findings are missing, so the run is incomplete."""

    rule: str
    #: the distribution that provides the rule
    distribution: str
    error: str
    traceback: str


class HoursBin(_Model):
    """Officers whose counted training hours in a year fall in ``[low, high)``."""

    low: float
    high: float | None = Field(description="Exclusive; None for the last bin, which has no upper bound")
    officers: int


class DepartmentFigures(_Model):
    """Figures annual reports quote, per department (computed by :mod:`compliance.figures`)."""

    department: str
    name: str
    officers_in_post: int = Field(description="Officers in post on the as-of day")
    certified: int = Field(description="Of them, holding a valid certificate that day")
    certificate_holding_rate: float | None = Field(description="certified / officers_in_post (持证率)")
    year: int = Field(description="The last ended year, for the figures below")
    officers_in_year: int = Field(description="Officers in post any day of that year")
    trained_to_hours: int = Field(description="Of them, trained 60 hours in the year, 30 public legal and 30 "
                                               "professional (whatever part of the year they were in post)")
    share_trained: float | None
    average_hours: float | None = Field(description="Counted hours per officer (political theory not counted)")
    hours_distribution: list[HoursBin] = Field(
        default_factory=list, description="Officers in post in that year by counted hours, in 10-hour bins, the "
                                          "last open (empty in reports made before it was added)")
    actions: int = Field(description="Actions of the department dated in that year")
    actions_by_certified: int = Field(description="Of them, every officer held a valid certificate that day")
    share_actions_certified: float | None


class LeftOutRecord(_Model):
    """A record that was read but left out of the check (``--on-error skip``), and why."""

    collection: str
    record_id: str | None
    file: str
    position: str
    reasons: list[str]
    #: the reasons in Chinese, for a Chinese report; empty in reports written before they were kept
    reasons_zh: list[str] = Field(default_factory=list)

    def reasons_in(self, lang: str) -> list[str]:
        return self.reasons_zh or self.reasons if lang == "zh" else self.reasons


class InputFile(_Model):
    """One file (or sheet) read: its records read, accepted and rejected."""

    file: str
    sheet: str | None = None
    collection: str
    encoding: str | None = None
    read: int
    accepted: int
    rejected: int


class Report(_Model):
    """The result of a check."""

    schema_version: str = REPORT_SCHEMA_VERSION
    tool_version: str
    ruleset: str
    #: the packs the ruleset resolves through, root first
    ruleset_chain: list[str]
    as_of: dt.date
    warn_days: int
    dataset: str
    record_counts: dict[str, int]
    rules: list[RuleSummary]
    findings: list[Finding]
    #: rules that raised; a report with failures is incomplete
    failures: list[RuleFailure] = Field(default_factory=list)
    #: per department: certificate holding rate, officers trained to the hours, share of actions by certified officers
    departments: list[DepartmentFigures] = Field(default_factory=list)
    #: the least finding that fails the run
    fail_level: FailLevel = FailLevel.low
    #: every waiver of the waiver file, with what it did
    waivers: list[WaiverUse] = Field(default_factory=list)
    #: the comparison with the baseline, when the run had one
    baseline: BaselineComparison | None = None
    #: the files read, and the records left out of the check (with ``--on-error skip``), so none is lost silently
    inputs: list[InputFile] = Field(default_factory=list)
    left_out: list[LeftOutRecord] = Field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.violation]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.warning]

    @property
    def stale_waivers(self) -> list[WaiverUse]:
        """The waivers to renew or remove: expired, or covering no finding."""
        return [use for use in self.waivers if use.state is not WaiverState.active]

    @property
    def failing(self) -> list[Finding]:
        """The findings that fail the run (exit code 1)."""
        return [f for f in self.findings if f.fails(self.fail_level)]

    @property
    def fails(self) -> bool:
        """Whether the run fails (exit code 1): any finding fails it. Stops at the first, where :attr:`failing`
        lists them all (a province has a hundred thousand)."""
        return any(f.fails(self.fail_level) for f in self.findings)
