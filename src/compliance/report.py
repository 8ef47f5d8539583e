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
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import IO, Any, overload

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, TypeAdapter, ValidationError, model_validator
from pydantic_core import CoreSchema, core_schema

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


#: The columns of :attr:`Findings.rows`: what orders a report's findings (by department, rule, subject and period;
#: ``subject`` is the subject's id, ``kind`` its kind, ``officer`` the officer of an action), what decides whether
#: one fails (``level``, see :attr:`Finding.level`; ``excused``: waived, or known from the baseline), and its JSON.
FINDING_ROWS = {
    "department": pl.String, "rule": pl.String, "kind": pl.String, "subject": pl.String, "officer": pl.String,
    "period": pl.String, "level": pl.String, "excused": pl.Boolean, "json": pl.String,
}
_ORDER = ["department", "rule", "kind", "subject", "officer", "period"]
_FINDING_LIST = TypeAdapter(list[Finding])


class Findings(Sequence[Finding]):
    """A report's findings, in the report's order: by department, rule, subject and period.

    Made from :class:`Finding` objects, or from rows (:data:`FINDING_ROWS`) that hold each finding's JSON, as the
    engine makes them with polars: a province has a hundred thousand findings, and neither the JSON report nor
    the exit code needs an object for one. The objects are read from that JSON the first time a finding is read
    (an index, a loop), once; the rows are made from the objects the first time they are asked for.
    """

    __slots__ = ("_objects", "_rows")

    def __init__(self, findings: Iterable[Finding] = ()):
        self._objects: list[Finding] | None = list(findings)
        self._rows: pl.DataFrame | None = None

    @classmethod
    def of_rows(cls, *parts: pl.DataFrame) -> Findings:
        """The findings of the rows of every part (:data:`FINDING_ROWS`), put in the report's order once; rows
        with one key keep their order."""
        rows = pl.concat([part.select(*FINDING_ROWS) for part in parts], how="vertical_relaxed") if parts \
            else pl.DataFrame(schema=FINDING_ROWS)
        findings = cls()
        findings._objects = None
        findings._rows = rows.sort([pl.col(c).fill_null("") for c in _ORDER], maintain_order=True)
        return findings

    @property
    def rows(self) -> pl.DataFrame:
        """A row per finding (:data:`FINDING_ROWS`), in order."""
        if self._rows is None:
            objects = self._objects or []
            self._rows = pl.DataFrame([_row(f) for f in objects], schema=FINDING_ROWS, orient="row")
        return self._rows

    @property
    def _list(self) -> list[Finding]:
        if self._objects is None:
            self._objects = _FINDING_LIST.validate_json("[" + ",".join(self.rows["json"]) + "]")
        return self._objects

    def fails(self, fail_level: FailLevel) -> bool:
        """Whether any finding fails a run at ``fail_level`` (see :meth:`Finding.fails`)."""
        if self._objects is not None:
            return any(f.fails(fail_level) for f in self._objects)
        failing = [level.value for level in FailLevel if _RANK[level] >= _RANK[fail_level]]
        return bool(self.rows.select((~pl.col("excused") & pl.col("level").is_in(failing)).any()).item())

    def write_json(self, out: IO[bytes], indent: str) -> None:
        """Each finding's JSON on a line of its own, after ``indent``, separated by commas."""
        found = self.rows.get_column("json")
        if not found.len():
            return
        out.write(indent.encode())
        out.flush()  # polars writes to the file itself
        try:
            # the comma and the next finding's indent written as polars's line ending: no copy of the JSON is made
            # to add them (0.05-0.1 s of 123 MB at 100k officers)
            found[:-1].to_frame().write_csv(out, include_header=False, quote_style="never",
                                            line_terminator=",\n" + indent)
        except OSError as exc:
            raise _system_error(exc) from None
        out.write(found[-1].encode() + b"\n")

    def __len__(self) -> int:
        return len(self._objects) if self._objects is not None else self.rows.height

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        return self._list[index]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._list)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings):
            if self._objects is None and other._objects is None:
                return self.rows.equals(other.rows)
            return self._list == other._list
        return isinstance(other, list) and self._list == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Findings({self._list!r})"

    def __reduce__(self) -> tuple:
        return Findings.of_rows, (self.rows,)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        # a list of findings in JSON and in Python; kept as it is when it is one already
        listed = handler.generate_schema(list[Finding])
        from_list = core_schema.no_info_after_validator_function(cls, listed)
        return core_schema.json_or_python_schema(
            json_schema=from_list,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_list]),
            serialization=core_schema.plain_serializer_function_ser_schema(list, return_schema=listed),
        )


def _row(finding: Finding) -> dict[str, Any]:
    subject = finding.subject
    return {"department": finding.department, "rule": finding.rule, "kind": subject.kind.value,
            "subject": subject.id, "officer": subject.officer, "period": finding.period,
            "level": finding.level.value,
            "excused": finding.waived or finding.baseline is BaselineState.unchanged,
            "json": finding.__pydantic_serializer__.to_json(finding).decode()}


class RuleSummary(_Model):
    """How one rule fared: counts of every outcome, and why subjects were not applicable."""

    rule: str
    title: Text
    severity: Severity
    citation: Citation
    effective: dt.date | None = Field(description="Obligations that ended before this day are not checked")
    until: dt.date | None = Field(None, description="Obligations that began after this day are not checked")
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


class Coverage(_Model):
    """The period the records of a check cover (both days inclusive): an obligation that falls outside it is not
    applicable, since the records that would show it are not in the export; inside it, an absence of records is
    a violation. ``first`` None: from the start of every rule's time in force."""

    first: dt.date | None = None
    last: dt.date

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        """Read ``FIRST..LAST`` as well as a table of ``first`` and ``last``: a configuration, a JSON document."""
        if not isinstance(value, str):
            return value
        first, sep, last = value.partition("..")
        if not sep:
            raise ValueError(f"{value!r} is not a coverage: write FIRST..LAST, e.g. 2024-01-01..2024-12-31")
        try:
            return {"first": dt.date.fromisoformat(first.strip()), "last": dt.date.fromisoformat(last.strip())}
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a coverage: write FIRST..LAST, e.g. 2024-01-01..2024-12-31 "
                             f"({exc})") from None

    @model_validator(mode="after")
    def _in_order(self) -> Coverage:
        if self.first is not None and self.last < self.first:
            raise ValueError(f"the coverage ends on {self.last}, before it begins on {self.first}")
        return self

    @classmethod
    def parse(cls, text: str) -> Coverage:
        """``2024-01-01..2024-12-31`` (both days inclusive); a ValueError that says what is wrong otherwise."""
        try:
            return cls.model_validate(text)
        except ValidationError as exc:
            raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None

    def bounds(self, as_of: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day of the coverage that bound the obligations, as of a day (None: no bound). The
        last day bounds only where it is before the as-of day: later obligations are judged as of the day (not
        yet due, or due soon)."""
        return self.first, self.last if self.last < as_of else None

    def __str__(self) -> str:
        return f"{self.first or ''}..{self.last}"


class Report(_Model):
    """The result of a check."""

    schema_version: str = REPORT_SCHEMA_VERSION
    tool_version: str
    ruleset: str
    #: the packs the ruleset resolves through, root first
    ruleset_chain: list[str]
    as_of: dt.date
    warn_days: int
    #: the period the records were taken to cover
    covers: Coverage | None = None
    dataset: str
    record_counts: dict[str, int]
    rules: list[RuleSummary]
    findings: Findings
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
        return _findings(self).fails(self.fail_level)

    def write_json(self, out: IO[bytes]) -> None:
        """Write the report as JSON to ``out``: the model's JSON, indented by 2, with each finding on a line of its
        own, written from the findings' rows (see :class:`Findings`)."""
        data = self.__pydantic_serializer__.to_json(self.model_copy(update={"findings": Findings()}), indent=2)
        head, found, tail = data.partition(b'\n  "findings": []')
        assert found, "the report's JSON has no findings key"
        out.write(head)
        if not self.findings:
            out.write(found)
        else:
            out.write(b'\n  "findings": [\n')
            out.flush()  # polars writes to the file itself
            _findings(self).write_json(out, " " * 4)
            out.write(b"  ]")
        out.write(tail)


def _system_error(exc: OSError) -> OSError:
    """The error polars raised writing to a file, as Python raises it: polars writes to the file itself and gives
    the system's error number only in its message ("Broken pipe (os error 32)"), so that a closed pipe was not the
    BrokenPipeError the command stops quietly on (``| head``). Copying the findings through Python to keep the
    number cost a tenth of a second at 100k officers."""
    number = re.search(r"\(os error (\d+)\)$", str(exc))
    if exc.errno is not None or number is None:
        return exc
    return OSError(int(number[1]), os.strerror(int(number[1])))  # the subclass for the number: BrokenPipeError


def _findings(report: Report) -> Findings:
    """The report's findings as :class:`Findings`: ``model_copy(update=...)`` does not validate, and may have put
    a list there."""
    findings = report.findings
    return findings if isinstance(findings, Findings) else Findings(findings)
