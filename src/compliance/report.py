"""The report a check returns: findings with their evidence and citation, and counts per rule.

The report is a pydantic model: ``Report.model_validate_json(report.model_dump_json())`` gives it back
unchanged, and ``compliance check --format json`` prints exactly that JSON.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, JsonValue

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


class Text(_Model):
    """A text in Chinese and English."""

    zh: str
    en: str


class Finding(_Model):
    rule: str
    severity: Severity
    status: Status
    subject: Subject
    department: str | None = Field(description="Id of the department responsible")
    period: str | None = Field(None, description="The period the obligation is for, e.g. 2024, or 2024 midterm")
    message: Text
    evidence: dict[str, JsonValue] = Field(description="What was observed against what was required")
    citation: Citation


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
    actions: int = Field(description="Actions of the department dated in that year")
    actions_by_certified: int = Field(description="Of them, every officer held a valid certificate that day")
    share_actions_certified: float | None


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

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.violation]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.warning]
