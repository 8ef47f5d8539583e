"""Department filing rules: plans, evaluations and reports due by a deadline.

Every rule here asks one question — did this department file this kind of document for this period by this
deadline? — and answers it with :func:`_filing_outcome`, so that missing, late, due-soon and on-time mean the
same thing in every rule. A missing filing is a violation once the deadline has passed (days overdue as of the
check), a filing after the deadline is a violation (days late), and a deadline not yet passed is not a
violation: within ``warn_days`` it is a warning, further off it is not applicable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from pydantic import Field, model_validator

from ..citations import KUANGQU_MEASURES, YUANMOU_TASKS, YUNCHENG_PLAN, Citation
from ..deadlines import Due, judge_deadline
from ..models import Department, DepartmentKind, Filing, FilingKind
from ..params import (
    DepartmentKinds,
    FiledWithJudicialBureau,
    FixedDue,
    LaxDepartmentKind,
    LaxLevel,
    Levels,
    YearlyDue,
)
from ..plugins import hookimpl
from ..report import SubjectKind, Text
from ..rule import Checks, Context, Example, Outcome, Rule, RuleParams, SubjectRef, deadline_outcome


def _deadline_messages(what: Text) -> dict[str, Text]:
    return {
        "missing": Text(
            zh=f"{{department_name}}({{department}})未在 {{deadline}} 前报送{what.zh},已逾期 {{days_late}} 天。",
            en=f"{{department_name}} ({{department}}) has not filed {what.en}, due {{deadline}}: "
               f"{{days_late}} day(s) overdue.",
        ),
        "late": Text(
            zh=f"{{department_name}}({{department}})于 {{done_on}} 报送{what.zh},晚于截止日 {{deadline}} "
               f"{{days_late}} 天。",
            en=f"{{department_name}} ({{department}}) filed {what.en} on {{done_on}}, {{days_late}} day(s) after "
               f"the deadline {{deadline}}.",
        ),
        "due_soon": Text(
            zh=f"{{department_name}}({{department}})尚未报送{what.zh},距截止日 {{deadline}} 还有 {{days_left}} 天。",
            en=f"{{department_name}} ({{department}}) has not filed {what.en} yet; it is due {{deadline}}, "
               f"in {{days_left}} day(s).",
        ),
    }


def _filing_outcome(context: Context, department: Department, kind: FilingKind, deadline: dt.date,
                    period: str, counts: Callable[[Filing], bool], what: Text) -> Outcome:
    """The outcome for one department, one kind of filing, one deadline: the earliest filing that counts."""
    filings = [f for f in context.dataset.filings_by_department.get((department.id, kind), ()) if counts(f)]
    filing = next((f for f in filings if f.filed_on <= context.as_of), None)
    verdict = judge_deadline(deadline, filing.filed_on if filing else None, context.as_of, context.warn_days)
    evidence = {"department": department.id, "department_name": department.name, "filing_kind": kind.value,
                "period": period, "filing": filing.id if filing else None,
                "filed_with": filing.filed_with if filing else None, "required": f"{what.en} by {deadline}"}
    return deadline_outcome(verdict, SubjectRef(SubjectKind.department, department.id),
                            department=department.id, period=period, evidence=evidence)


def _is_for(filing: Filing, period: str) -> bool:
    """Whether a filing is for a year: the period it names, or, naming none, the year it was filed in."""
    return filing.period == period if filing.period is not None else str(filing.filed_on.year) == period


class DepartmentFilingRule(Rule):
    """Base of the rules "each selected department files this kind of document by this deadline".

    A subclass sets ``id``, ``title``, ``citations``, the examples, ``filing_kind``, ``what`` (the document as the
    messages name it), ``messages = _deadline_messages(what)``, ``per_period``, and a ``Params`` with ``levels``,
    ``department_kinds`` and ``filed_with_judicial_bureau``, and with ``due`` (a fixed one, or a yearly one that
    recurs over the rule's time in force) unless it overrides :meth:`deadlines`. The evaluation is shared: one outcome
    per department and deadline, from :func:`_filing_outcome`.
    """

    subject_kind = SubjectKind.department
    checks = Checks.deadlines
    filing_kind: ClassVar[FilingKind]
    what: ClassVar[Text]
    #: True: a filing counts only for the year it is for (its ``period``; with none, the year it was filed in).
    #: False: the obligation is one-off, and every filing of the kind counts, whatever its period.
    per_period: ClassVar[bool] = True

    def deadlines(self, context: Context) -> list[tuple[str, dt.date]]:
        """(period, deadline) pairs: each year of a yearly ``due``, or the one deadline of a fixed one."""
        p: Any = self.params
        return context.deadlines(p.due)

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        p: Any = self.params
        data = context.dataset
        deadlines = self.deadlines(context)
        judicial_bureaus = {d.id for d in data.departments if d.department_kind is DepartmentKind.judicial_bureau}
        for department in data.departments_where(p.levels, p.department_kinds):
            for period, deadline in deadlines:
                def counts(f: Filing, period: str = period) -> bool:
                    return ((not self.per_period or _is_for(f, period))
                            and (not p.filed_with_judicial_bureau or f.filed_with in judicial_bureaus))

                yield _filing_outcome(context, department, self.filing_kind, deadline, period, counts, self.what)


class TrainingPlanFiledParams(RuleParams):
    due: Due = Field(Due.parse("--02"), description="When the plan is due: --02 is the end of February every "
                                                     "year; 2024-02 the end of February 2024 only.")
    levels: list[LaxLevel] | None = Field(None, description="Levels of the departments that file; empty: all.")
    department_kinds: list[LaxDepartmentKind] = Field(
        [DepartmentKind.enforcement], description="Kinds of department that file."
    )
    filed_with_judicial_bureau: bool = Field(
        False, description="Only a plan filed with a judicial bureau counts (e.g. 报市司法局)."
    )


class TrainingPlanFiled(DepartmentFilingRule):
    """Each enforcement department files its annual training plan by the deadline (end of February).

    What it checks: for each selected department and each year the plan is due, a ``training_plan`` filing for
    that year (its ``period`` is the year; a filing with no period counts for the year it was filed in) dated on
    or before the deadline. Missing after the deadline, or filed late (with the days late), is a violation.
    A yearly deadline (``--02``) recurs every year of the rule's time in force, from the year it took effect to
    the year it ends (``until``; none: the as-of year); a fixed one (``2024-02``) is due once. The deadline is inclusive: 2024-02-29 is on time.

    Subject: the department, per year. The obligation ends on the deadline.
    """

    id = "training-plan-filed"
    title = Text(zh="年度培训计划报送", en="Annual training plan filed")
    Params = TrainingPlanFiledParams
    filing_kind = FilingKind.training_plan
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(一)4", "要于每年2月份制定本部门年度行政执法人员培训计划"),
        "yuncheng": Citation.of(YUNCHENG_PLAN, "二(一)3", "市本级各行政执法机关要于2024年2月底前将培训计划报市司法局。"),
    }
    what = Text(zh="年度行政执法人员培训计划", en="its annual training plan")
    messages = _deadline_messages(what)
    example_breaks = Example(
        records={
            "departments": [{"id": "zrzyj", "name": "区自然资源局", "level": "county"}],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "training_plan", "period": "2025",
                         "filed_on": "2025-03-01"}],
        },
        params={"due": "--02"}, effective="2024-03-20", as_of="2025-03-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "zrzyj", "name": "区自然资源局", "level": "county"}],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "training_plan", "period": "2024",
                         "filed_on": "2024-02-29"}],
        },
        params={"due": "--02"}, effective="2024-01-28", as_of="2024-03-31", violations=0,
    )


_MIDTERM = Text(zh="中期评估", en="the mid-term evaluation")
_FINAL = Text(zh="终期评估", en="the final evaluation")


class MidtermEvaluationParams(RuleParams):
    midterm_due: Due = Field(description="When the mid-term evaluation is due, e.g. 2024-08 (end of August 2024).")
    final_due: Due = Field(description="When the final evaluation is due, e.g. 2025-08.")
    levels: list[LaxLevel] | None = Field(
        None, description="Levels of the coordinating judicial bureaus checked; empty: all."
    )

    @model_validator(mode="after")
    def _once(self) -> MidtermEvaluationParams:
        for name in ("midterm_due", "final_due"):
            if getattr(self, name).recurring:
                raise ValueError(f"{name} must be a fixed day or month (e.g. 2024-08), not a yearly one")
        return self


class MidtermEvaluation(Rule):
    """The coordinating judicial bureau completes the mid-term evaluation, and the final one, by the deadlines.

    What it checks: for each judicial bureau (司法局) of the selected levels, a ``midterm_evaluation`` filing on
    or before ``midterm_due`` and a ``final_evaluation`` filing on or before ``final_due``. Missing after the
    deadline, or done late, is a violation. Kuangqu: end of August 2024 and 2025; Yuanmou: end of October.

    Subject: the judicial bureau, per evaluation (period ``midterm`` or ``final``). The obligation ends on the
    deadline.
    """

    id = "midterm-evaluation"
    title = Text(zh="中期、终期评估", en="Mid-term and final evaluation")
    subject_kind = SubjectKind.department
    checks = Checks.deadlines
    Params = MidtermEvaluationParams
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "三(二)", "2024年8月底前完成中期评估,2025年8月底前完成终期评估。"),
        "yuanmou": Citation.of(YUANMOU_TASKS, "四(四)", "于2024年10月底前完成中期评估,2025年10月底前完成终期评估。"),
    }
    messages = {f"midterm_{key}": text for key, text in _deadline_messages(_MIDTERM).items()} | {
        f"final_{key}": text for key, text in _deadline_messages(_FINAL).items()
    }
    example_breaks = Example(
        records={
            "departments": [{"id": "sfj", "name": "区司法局", "level": "county", "department_kind": "judicial_bureau"}],
            "filings": [{"id": "f1", "department": "sfj", "filing_kind": "midterm_evaluation", "filed_on": "2024-09-03"}],
        },
        params={"midterm_due": "2024-08", "final_due": "2025-08"}, as_of="2025-03-01", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "sfj", "name": "区司法局", "level": "county", "department_kind": "judicial_bureau"}],
            "filings": [{"id": "f1", "department": "sfj", "filing_kind": "midterm_evaluation", "filed_on": "2024-08-31"}],
        },
        params={"midterm_due": "2024-08", "final_due": "2025-08"}, as_of="2025-03-01", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        p = self.params
        stages = (
            ("midterm", FilingKind.midterm_evaluation, p.midterm_due, _MIDTERM),
            ("final", FilingKind.final_evaluation, p.final_due, _FINAL),
        )
        for bureau in context.dataset.departments_where(p.levels, [DepartmentKind.judicial_bureau]):
            for stage, kind, due, what in stages:
                outcome = _filing_outcome(context, bureau, kind, due.on(), stage, lambda f: True, what)
                if outcome.message is not None:
                    outcome.message = f"{stage}_{outcome.message}"
                yield outcome


_DEPARTMENT = {"id": "zrzyj", "name": "区自然资源局", "level": "county"}
_BUREAU = {"id": "sfj", "name": "区司法局", "level": "county", "department_kind": "judicial_bureau"}


class ProblemListFiledParams(RuleParams):
    due: FixedDue = Field(Due.parse("2024-03"), description="When the first list is due, once: 2024-03 is the end "
                                                             "of March 2024 (Kuangqu); 2024-02 (Yuncheng).")
    levels: Levels = None
    department_kinds: DepartmentKinds = [DepartmentKind.enforcement]
    filed_with_judicial_bureau: FiledWithJudicialBureau = False


class ProblemListFiled(DepartmentFilingRule):
    """Each enforcement department files its first list of prominent enforcement problems by the deadline.

    What it checks: for each selected department, a ``problem_list`` filing dated on or before ``due`` (inclusive:
    filed on 2024-03-31 is on time for Kuangqu's "2024年3月底"). The obligation is one-off, so any problem-list
    filing counts whatever its period, the earliest one first; with ``filed_with_judicial_bureau`` only one whose
    ``filed_with`` is a judicial bureau (报区司法局备案). Missing after the deadline, or filed late (with the days
    late), is a violation; within ``warn_days`` before the deadline a missing list is a warning.

    Subject: the department (period: the year of the deadline). The obligation ends on the deadline.
    """

    id = "problem-list-filed"
    title = Text(zh="行政执法突出问题清单报送", en="List of prominent enforcement problems filed")
    Params = ProblemListFiledParams
    filing_kind = FilingKind.problem_list
    per_period = False
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(三)9",
                               "2024年3月底,各行政执法部门要梳理形成首批行政执法突出问题清单报区司法局备案。"),
        "yuncheng": Citation.of(YUNCHENG_PLAN, "二(二)5", "于2024年2月底前梳理形成本领域行政执法突出问题清单"),
    }
    what = Text(zh="首批行政执法突出问题清单", en="its first list of prominent enforcement problems")
    messages = _deadline_messages(what)
    example_breaks = Example(
        records={
            "departments": [_DEPARTMENT, _BUREAU],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "problem_list", "filed_on": "2024-04-08",
                         "filed_with": "sfj"}],
        },
        params={"due": "2024-03", "filed_with_judicial_bureau": True}, as_of="2024-06-30", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [_DEPARTMENT, _BUREAU],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "problem_list", "filed_on": "2024-03-29",
                         "filed_with": "sfj"}],
        },
        params={"due": "2024-03", "filed_with_judicial_bureau": True}, as_of="2024-06-30", violations=0,
    )


class EnforcementCatalogueParams(RuleParams):
    due: FixedDue = Field(Due.parse("2024-12"), description="When the catalogue is due, once: 2024-12 is the end "
                                                             "of 2024.")
    levels: Levels = None
    department_kinds: DepartmentKinds = [DepartmentKind.enforcement]
    filed_with_judicial_bureau: FiledWithJudicialBureau = False


class EnforcementCatalogue(DepartmentFilingRule):
    """Each enforcement department compiles and publishes its catalogue of enforcement items by the end of 2024.

    What it checks: for each selected department, an ``enforcement_catalogue`` filing (the catalogue compiled and
    published) dated on or before ``due`` (inclusive: 2024-12-31 is on time). The obligation is one-off: any
    catalogue filing counts whatever its period, the earliest one first; later revisions (动态调整) do not make
    a first catalogue late. Missing after the deadline, or filed late (with the days late), is a violation;
    within ``warn_days`` before the deadline a missing catalogue is a warning.

    Subject: the department (period: the year of the deadline). The obligation ends on the deadline.
    """

    id = "enforcement-catalogue"
    title = Text(zh="行政执法事项目录编制", en="Catalogue of enforcement items compiled")
    Params = EnforcementCatalogueParams
    filing_kind = FilingKind.enforcement_catalogue
    per_period = False
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(四)12",
                               "2024年底前制定本部门行政执法事项目录,及时公布并动态调整,确保事项目录完整、准确、规范。"),
        "yuncheng": Citation.of(YUNCHENG_PLAN, "二(三)10",
                                "2024 年底前编制形成本部门行政执法事项目录，及时公布并动态调整。"),
    }
    what = Text(zh="本部门行政执法事项目录", en="its catalogue of enforcement items")
    messages = _deadline_messages(what)
    example_breaks = Example(
        records={"departments": [_DEPARTMENT]},
        params={"due": "2024-12"}, as_of="2025-01-15", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [_DEPARTMENT],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "enforcement_catalogue",
                         "filed_on": "2024-12-31"}],
        },
        params={"due": "2024-12"}, as_of="2025-01-15", violations=0,
    )


class ProgressReportParams(RuleParams):
    dues: list[FixedDue] = Field(
        [Due.parse("2024-07-22"), Due.parse("2025-07-21")], min_length=1,
        description="When each report is due, once each; a report is for the year of its deadline.",
    )
    levels: Levels = None
    department_kinds: DepartmentKinds = [DepartmentKind.enforcement]
    filed_with_judicial_bureau: FiledWithJudicialBureau = False


class ProgressReport(DepartmentFilingRule):
    """Each enforcement department reports its progress on the key tasks by each deadline (Kuangqu: 2024, 2025).

    What it checks: for each selected department and each deadline in ``dues``, a ``progress_report`` filing for
    the year of that deadline (its ``period`` is the year; a filing with no period counts for the year it was
    filed in) dated on or before the deadline: "7月22日前" is on or before 22 July, that day included. With
    ``filed_with_judicial_bureau`` only a report whose ``filed_with`` is a judicial bureau counts (向区司法局报送).
    Missing after the deadline, or filed late (with the days late), is a violation; within ``warn_days`` before
    the deadline a missing report is a warning.

    Subject: the department, per year. The obligation ends on the deadline.
    """

    id = "progress-report"
    title = Text(zh="重点任务开展情况报告", en="Progress report on the key tasks")
    Params = ProgressReportParams
    filing_kind = FilingKind.progress_report
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "三(二)",
                               "各行政执法部门要在2024年7月22日前、2025年7月21日前向区司法局报送《工作举措》重点任务"
                               "开展情况报告"),
    }
    what = Text(zh="《工作举措》重点任务开展情况报告", en="its progress report on the key tasks")
    messages = _deadline_messages(what)
    example_breaks = Example(
        records={
            "departments": [_DEPARTMENT, _BUREAU],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "progress_report", "period": "2024",
                         "filed_on": "2024-07-23", "filed_with": "sfj"}],
        },
        params={"dues": ["2024-07-22", "2025-07-21"], "filed_with_judicial_bureau": True}, as_of="2024-12-31",
        violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [_DEPARTMENT, _BUREAU],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "progress_report", "period": "2024",
                         "filed_on": "2024-07-22", "filed_with": "sfj"}],
        },
        params={"dues": ["2024-07-22", "2025-07-21"], "filed_with_judicial_bureau": True}, as_of="2024-12-31",
        violations=0,
    )

    def deadlines(self, context: Context) -> list[tuple[str, dt.date]]:
        return [(str(due.year), due.on()) for due in self.params.dues]


class StreetItemsEvaluationParams(RuleParams):
    due: YearlyDue = Field(Due.parse("--12"), description="When the evaluation is due every year: --12 is the end "
                                                           "of December.")
    levels: Levels = None
    department_kinds: DepartmentKinds = [DepartmentKind.judicial_bureau]
    filed_with_judicial_bureau: FiledWithJudicialBureau = False


class StreetItemsEvaluation(DepartmentFilingRule):
    """The judicial bureau evaluates the enforcement items delegated to streets once a year, by 31 December.

    What it checks: for each judicial bureau (司法局) of the selected levels and each year of the rule's time in
    force (from the year it took effect to the year it ends), a ``street_items_evaluation`` filing for that year
    (its ``period`` is the year; a filing with no period counts for the year it was filed in) dated on or before
    the year's deadline (``--12``: 31 December, that day included). Missing after the deadline, or done late (with
    the days late), is a violation; within ``warn_days`` before the deadline a missing evaluation is a warning.

    Subject: the judicial bureau, per year. The obligation ends on the deadline.
    """

    id = "street-items-evaluation"
    title = Text(zh="街道行政执法事项评估", en="Yearly evaluation of the enforcement items delegated to streets")
    Params = StreetItemsEvaluationParams
    filing_kind = FilingKind.street_items_evaluation
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(六)18",
                               "原则上每年12月底前,由区司法局会同区组织、编办及有关部门组织开展一次街道行政执法事项评估"),
    }
    what = Text(zh="年度街道行政执法事项评估", en="the yearly evaluation of the enforcement items delegated to streets")
    messages = _deadline_messages(what)
    example_breaks = Example(
        records={
            "departments": [_BUREAU],
            "filings": [{"id": "f1", "department": "sfj", "filing_kind": "street_items_evaluation", "period": "2024",
                         "filed_on": "2025-01-06"}],
        },
        params={"due": "--12"}, effective="2024-03-20", as_of="2025-03-01", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [_BUREAU],
            "filings": [{"id": "f1", "department": "sfj", "filing_kind": "street_items_evaluation", "period": "2024",
                         "filed_on": "2024-12-20"}],
        },
        params={"due": "--12"}, effective="2024-03-20", as_of="2025-03-01", violations=0,
    )


class SupervisionSystemParams(RuleParams):
    due: FixedDue = Field(Due.parse("2024-12"), description="When the system is to be built, once: 2024-12 is the "
                                                             "end of 2024.")
    levels: Levels = None
    department_kinds: DepartmentKinds = [DepartmentKind.judicial_bureau]
    filed_with_judicial_bureau: FiledWithJudicialBureau = False


class SupervisionSystem(DepartmentFilingRule):
    """The judicial bureau reports the three-level enforcement supervision system basically built by end 2024.

    What it checks: for each judicial bureau (司法局) of the selected levels, a ``supervision_system`` filing (its
    report that the coordination and supervision system is basically built) dated on or before ``due``
    (inclusive: 2024-12-31 is on time). The obligation is one-off: any such filing counts whatever its period, the
    earliest one first. Missing after the deadline, or filed late (with the days late), is a violation; within
    ``warn_days`` before the deadline a missing report is a warning.

    Subject: the judicial bureau (period: the year of the deadline). The obligation ends on the deadline.
    """

    id = "supervision-system"
    title = Text(zh="行政执法协调监督工作体系建成", en="Enforcement supervision system built")
    Params = SupervisionSystemParams
    filing_kind = FilingKind.supervision_system
    per_period = False
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(八)22",
                               "2024年底前基本建成制度完善、机制健全、职责明确、监督有力、运转高效的市区街道三级全覆盖的"
                               "行政执法协调监督工作体系。"),
        "yuncheng": Citation.of(YUNCHENG_PLAN, "二(四)14",
                                "2024年底基本建成制度完善、机制健全、职责明确、监督有力、运转高效的市、县、乡三级"
                                "行政执法协调监督工作体系。"),
    }
    what = Text(zh="行政执法协调监督工作体系建成情况", en="its report that the enforcement supervision system is built")
    messages = _deadline_messages(what)
    example_breaks = Example(
        records={"departments": [_BUREAU]},
        params={"due": "2024-12"}, as_of="2025-02-01", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [_BUREAU],
            "filings": [{"id": "f1", "department": "sfj", "filing_kind": "supervision_system",
                         "filed_on": "2024-12-27"}],
        },
        params={"due": "2024-12"}, as_of="2025-02-01", violations=0,
    )


class AnnualCertificateCleanupParams(RuleParams):
    due: YearlyDue = Field(Due.parse("--12"), description="When the cleanup is due every year: --12 is the end of "
                                                           "December (the sources say every year, not by when).")
    levels: Levels = None
    department_kinds: DepartmentKinds = [DepartmentKind.enforcement]
    filed_with_judicial_bureau: FiledWithJudicialBureau = False


class AnnualCertificateCleanup(DepartmentFilingRule):
    """Each enforcement department clears up its enforcement certificates once a year.

    What it checks: for each selected department and each year of the rule's time in force (from the year it
    took effect to the year it ends), a ``certificate_cleanup`` filing for that year (its ``period`` is the year; a
    filing with no period counts for the year it was filed in) dated on or before the year's deadline (``--12``:
    31 December, that day included; the sources say "every year" and give no month, so the year's last day is
    the default). Missing after the deadline, or done late (with the days late), is a violation; within
    ``warn_days`` before the deadline a missing cleanup is a warning.

    Subject: the department, per year. The obligation ends on the deadline.
    """

    id = "annual-certificate-cleanup"
    title = Text(zh="年度行政执法证件清理", en="Yearly clean-up of enforcement certificates")
    Params = AnnualCertificateCleanupParams
    filing_kind = FilingKind.certificate_cleanup
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(二)6", "区司法局要指导我区行政执法部门每年开展行政执法证件清理工作。"),
        "yuanmou": Citation.of(YUANMOU_TASKS, "任务分工 一", "开展行政执法人员清理"),
    }
    what = Text(zh="年度行政执法证件清理情况", en="its yearly certificate clean-up")
    messages = _deadline_messages(what)
    example_breaks = Example(
        records={
            "departments": [_DEPARTMENT],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "certificate_cleanup", "period": "2025",
                         "filed_on": "2025-03-02"}],
        },
        params={"due": "--12"}, effective="2024-03-20", until="2025-12-31", as_of="2025-03-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [_DEPARTMENT],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "certificate_cleanup", "period": "2024",
                         "filed_on": "2024-11-15"}],
        },
        params={"due": "--12"}, effective="2024-03-20", until="2025-12-31", as_of="2025-03-31", violations=0,
    )


@hookimpl
def compliance_rules():
    return [TrainingPlanFiled, MidtermEvaluation, ProblemListFiled, EnforcementCatalogue, ProgressReport,
            StreetItemsEvaluation, SupervisionSystem, AnnualCertificateCleanup]
