"""What a rule is: an id, a docstring, typed parameters, citations, bilingual messages and one ``evaluate``.

A rule is a class. Built-in rules and plug-in rules alike are handed to the engine through the
``compliance_rules`` hook (see :mod:`compliance.hookspecs`). The engine gives each rule a :class:`Context`
(the dataset with its indexes, the as-of day, the rule's resolved parameters) and turns the outcomes the rule
gives into findings and counts. A rule gives them one of two ways: ``evaluate`` yields an :class:`Outcome` per
subject, reading records as objects; ``evaluate_frames`` returns them all as one polars frame (see
:func:`outcome_frame`), reading the dataset's frames (:mod:`compliance.frames`): the way for rules over the
big collections, where an object per record is too slow for a province. The engine, not the rule, decides what
becomes of an obligation outside the rule's time in force (ended before it took effect, or began after it
ended) and outside the records' coverage (not applicable), so every rule behaves the same way there.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple

import polars as pl
from pydantic import BaseModel, ConfigDict

from .citations import Citation
from .dataset import Dataset
from .deadlines import DeadlineStatus, DeadlineVerdict, Due
from .report import Coverage, DepartmentFigures, Severity, Status, SubjectKind, Text


class Checks(StrEnum):
    """What a rule's obligations recur over, so the docs can say which years or deadlines it checks."""

    #: the deadlines its due-day parameters give (``due``, ``dues``, ...), each year for a yearly one
    deadlines = "deadlines"
    #: each calendar year, once it has ended (an officer's years in post, a department's figures)
    years = "years"
    #: each event when it happens: an action, a certificate issued or lost, an officer leaving
    events = "events"


class RuleParams(BaseModel):
    """Base of every rule's parameter model. Strict: a pack that gives ``"60"`` for a number is an error."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class SubjectRef(NamedTuple):
    """What an outcome is about. Cheap to make for every subject; the engine turns it into a report
    :class:`~compliance.report.Subject` only for the findings."""

    kind: SubjectKind
    id: str
    #: the officer concerned, where the subject is an action
    officer: str | None = None


@dataclass(slots=True)
class Outcome:
    """What a rule found for one subject (and period)."""

    status: Status
    subject: SubjectRef
    #: the day the obligation ended: a deadline, the last day of a period, or the day of an action. An obligation
    #: that ended before the rule took effect is not applicable.
    ends_on: dt.date
    department: str | None = None
    period: str | None = None
    #: the first day of the period whose records show the obligation (None: ``ends_on``, a deadline or an
    #: event). One that began after the rule's time in force ended is not applicable, and a finding over a
    #: period the records' coverage holds only in part is not applicable either.
    starts_on: dt.date | None = None
    #: key into the rule's ``messages`` (violations and warnings)
    message: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    #: why the subject is not applicable
    reason: str | None = None


class _Shared:
    """What every rule's context of one run shares: the department figures, computed once (on any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._figures: dict[str, DepartmentFigures] | None = None

    def figures(self, dataset: Dataset, as_of: dt.date) -> dict[str, DepartmentFigures]:
        with self._lock:
            if self._figures is None:
                from .figures import department_figures

                self._figures = {f.department: f for f in department_figures(dataset, as_of)}
            return self._figures


@dataclass(frozen=True)
class Context:
    """What a rule sees while it evaluates: the run's dataset, day and coverage, and the rule's time in force.

    Which years and deadlines a rule checks come from the calendar, never from the dates of the records: a
    yearly obligation recurs from the year the rule took effect (``effective``; for a rule configured with none,
    the first year of the records' coverage) to the as-of year or the year its time in force ends (``until``),
    whichever is first, and an officer's over the same years, from the years in post."""

    dataset: Dataset
    as_of: dt.date
    #: a deadline this many days ahead or fewer, not met yet, is a warning
    warn_days: int
    #: the period the records cover: an obligation outside it is not applicable, inside it an absence counts
    covers: Coverage
    #: the day the rule being evaluated took effect (see :class:`compliance.packs.ConfiguredRule`); None: in
    #: force whatever the date
    effective: dt.date | None = None
    #: the last day the rule being evaluated is in force; None: no end
    until: dt.date | None = None
    _shared: _Shared = field(default_factory=_Shared, compare=False, repr=False)

    def for_rule(self, effective: dt.date | None, until: dt.date | None = None) -> Context:
        """The context of one rule of the run: the same data, day and coverage, the rule's time in force."""
        return replace(self, effective=effective, until=until)

    @property
    def department_figures(self) -> dict[str, DepartmentFigures]:
        """Each department's figures as of the day (computed once a run, for the report and any rule)."""
        return self._shared.figures(self.dataset, self.as_of)

    def deadlines(self, due: Due) -> list[tuple[str, dt.date]]:
        """(period, deadline) for each deadline of ``due`` to check: a fixed one once, its period the year; a yearly
        one for each year from :attr:`first_year` to the as-of year, and the next year too when its deadline is
        within ``warn_days``, but not past the year the rule's time in force ends (:attr:`until`)."""
        if not due.recurring:
            return [(str(due.year), due.on())]
        last = self.as_of.year
        if (due.on(last + 1) - self.as_of).days <= self.warn_days:
            last += 1  # next year's deadline is close enough to warn about
        if self.until is not None:
            last = min(last, self.until.year)
        return [(str(year), due.on(year)) for year in range(self.first_year, last + 1)]

    @property
    def first_year(self) -> int:
        """The first year a yearly obligation of the rule is checked for: the year it took effect (the deadlines of
        that year before the day are then not applicable), else the year the records' coverage begins."""
        start = self.effective or self.covers.first
        if start is None:
            raise ValueError("the rule has no effective day and the records' coverage no first day: give the rule "
                             "an effective day or the check a coverage (covers=Coverage(first=...))")
        return min(start.year, self.as_of.year)

    def officer_years(self) -> range:
        """The years an officer's yearly obligations are checked for, up to the as-of year and the year the rule's
        time in force ends: from :attr:`first_year`, or, with neither an effective day nor a coverage's first
        day, from the year the earliest posting began (each officer's own years in post are the rule's to pick)."""
        last = min(self.as_of.year, self.until.year) if self.until is not None else self.as_of.year
        if (self.effective or self.covers.first) is not None:
            return range(self.first_year, last + 1)
        earliest = self.dataset.frames.postings["start"].min()
        first = min(earliest.year, self.as_of.year) if earliest is not None else self.as_of.year  # type: ignore[union-attr]
        return range(first, last + 1)


#: Reasons for "not applicable" that the engine and several rules share.
NOT_YET_DUE = "deadline not yet passed"
PERIOD_NOT_ENDED = "period not ended yet"


@dataclass(frozen=True)
class Example:
    """Records that show a rule at work. The rule's documentation prints them, and a test checks that the rule,
    with ``params``, finds exactly ``violations`` violations in them as of ``as_of``."""

    #: records by collection, as in a JSON document: {"officers": [{...}], ...}
    records: Mapping[str, list[dict[str, Any]]]
    as_of: str
    violations: int
    params: Mapping[str, Any] = field(default_factory=dict)
    #: the day the rule takes effect in the example (``YYYY-MM-DD``); None: in force whatever the date
    effective: str | None = None
    #: the last day the rule is in force in the example (``YYYY-MM-DD``); None: no end
    until: str | None = None


class Rule:
    """Base class of rules. Subclasses set the class attributes and implement :meth:`evaluate`."""

    #: stable id, kebab-case; never reused for another meaning
    id: ClassVar[str]
    title: ClassVar[Text]
    subject_kind: ClassVar[SubjectKind]
    Params: ClassVar[type[RuleParams]] = RuleParams
    #: the sources this rule can cite, by key; a pack picks one with ``cite = "key"`` (the first is the default)
    citations: ClassVar[Mapping[str, Citation]]
    #: message templates by key, formatted with the outcome's evidence
    messages: ClassVar[Mapping[str, Text]]
    severity: ClassVar[Severity] = Severity.high
    #: what its obligations recur over (see :class:`Checks`)
    checks: ClassVar[Checks] = Checks.events
    #: records that break the rule, and records that keep it (see :class:`Example`)
    example_breaks: ClassVar[Example]
    example_keeps: ClassVar[Example]

    def __init__(self, params: RuleParams | None = None):
        self.params = params if params is not None else self.Params()

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        """The outcome for each subject. A rule implements this or :meth:`evaluate_frames`."""
        raise NotImplementedError

    def evaluate_frames(self, context: Context) -> pl.LazyFrame | pl.DataFrame:
        """The outcomes of every subject as one frame, lazy or not (see :func:`outcome_frame`), from
        ``context.dataset.frames``. A rule implements this or :meth:`evaluate`.

        It runs on a thread of the engine's, beside other rules over frames (polars lets go of the GIL): read
        the context, and keep any state of your own in what you return."""
        raise NotImplementedError

    @classmethod
    def reads_frames(cls) -> bool:
        """Whether the rule gives its outcomes as a frame."""
        return cls.evaluate_frames is not Rule.evaluate_frames

    def format_message(self, key: str, evidence: Mapping[str, Any]) -> Text:
        """The message ``key`` in both languages, filled in from the evidence."""
        template = self.messages[key]
        return Text(zh=template.zh.format_map(evidence), en=template.en.format_map(evidence))


#: The columns of a frame of outcomes, as :class:`Outcome` holds them; ``subject`` is the subject's id (its kind
#: is the rule's ``subject_kind``), ``officer`` the officer of an action, and ``evidence`` a struct, null for the
#: outcomes that are not findings.
OUTCOME_COLUMNS = {
    "status": pl.String, "subject": pl.String, "officer": pl.String, "ends_on": pl.Date, "department": pl.String,
    "period": pl.String, "message": pl.String, "reason": pl.String, "starts_on": pl.Date,
}


def outcome_frame(*parts: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """One frame of outcomes from parts that hold ``status``, ``subject`` and ``ends_on``, any other column of
    :data:`OUTCOME_COLUMNS`, and, for findings, an ``evidence`` struct whose fields are JSON values (text,
    numbers, flags, lists; days as ``YYYY-MM-DD`` text): findings are made from it as it is. The parts may be
    lazy (the engine collects the result once), and so is the result."""
    frames = []
    for part in parts:
        part = part.lazy()
        names = part.collect_schema().names()
        columns = [pl.col(c).cast(t) if c in names else pl.lit(None, t).alias(c) for c, t in OUTCOME_COLUMNS.items()]
        frames.append(part.select(*columns, *([pl.col("evidence")] if "evidence" in names else [])))
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.LazyFrame(schema=OUTCOME_COLUMNS)


def deadline_outcome(verdict: DeadlineVerdict, subject: SubjectRef, *, department: str | None, period: str | None,
                     evidence: dict[str, Any], starts_on: dt.date | None = None) -> Outcome:
    """The outcome of a deadline verdict (see :attr:`Outcome.starts_on` for ``starts_on``). Message keys:
    ``late``, ``missing``, ``due_soon``."""
    evidence = evidence | verdict.evidence()
    status = {
        DeadlineStatus.on_time: Status.passed,
        DeadlineStatus.late: Status.violation,
        DeadlineStatus.missing: Status.violation,
        DeadlineStatus.due_soon: Status.warning,
        DeadlineStatus.not_due: Status.not_applicable,
    }[verdict.status]
    return Outcome(
        status, subject, verdict.deadline, department, period,
        message=verdict.status.value if status in (Status.violation, Status.warning) else None,
        evidence=evidence,
        reason=NOT_YET_DUE if verdict.status is DeadlineStatus.not_due else None, starts_on=starts_on,
    )
