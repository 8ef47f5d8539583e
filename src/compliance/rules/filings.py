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
from typing import Annotated

from pydantic import Field, Strict, model_validator

from ..citations import KUANGQU_MEASURES, YUANMOU_TASKS, YUNCHENG_PLAN, Citation
from ..deadlines import Due, judge_deadline
from ..models import Department, DepartmentKind, Filing, FilingKind, Level
from ..plugins import hookimpl
from ..report import SubjectKind, Text
from ..rule import Context, Example, Outcome, Rule, RuleParams, SubjectRef, deadline_outcome

LaxLevel = Annotated[Level, Strict(False)]
LaxDepartmentKind = Annotated[DepartmentKind, Strict(False)]


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


def _selected(departments: tuple[Department, ...], levels: list[Level] | None,
              kinds: list[DepartmentKind]) -> Iterator[Department]:
    for department in departments:
        if department.department_kind in kinds and (not levels or department.level in levels):
            yield department


class TrainingPlanFiledParams(RuleParams):
    due: Due = Field(Due.parse("--02"), description="When the plan is due: --02 is the end of February every "
                                                     "year; 2024-02 the end of February 2024 only.")
    first_year: int | None = Field(None, description="First year a yearly plan is due; empty: the first year "
                                                     "of the data.")
    last_year: int | None = Field(None, description="Last year a yearly plan is due; empty: no end.")
    levels: list[LaxLevel] | None = Field(None, description="Levels of the departments that file; empty: all.")
    department_kinds: list[LaxDepartmentKind] = Field(
        [DepartmentKind.enforcement], description="Kinds of department that file."
    )
    filed_with_judicial_bureau: bool = Field(
        False, description="Only a plan filed with a judicial bureau counts (e.g. 报市司法局)."
    )


class TrainingPlanFiled(Rule):
    """Each enforcement department files its annual training plan by the deadline (end of February).

    What it checks: for each selected department and each year the plan is due, a ``training_plan`` filing for
    that year (its ``period`` is the year; a filing with no period counts for the year it was filed in) dated on
    or before the deadline. Missing after the deadline, or filed late (with the days late), is a violation.
    A yearly deadline (``--02``) recurs from ``first_year`` (default: the first year of the data) to
    ``last_year``; a fixed one (``2024-02``) is due once. The deadline is inclusive: 2024-02-29 is on time.

    Subject: the department, per year. The obligation ends on the deadline.
    """

    id = "training-plan-filed"
    title = Text(zh="年度培训计划报送", en="Annual training plan filed")
    subject_kind = SubjectKind.department
    Params = TrainingPlanFiledParams
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
        params={"due": "--02"}, as_of="2025-03-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "zrzyj", "name": "区自然资源局", "level": "county"}],
            "filings": [{"id": "f1", "department": "zrzyj", "filing_kind": "training_plan", "period": "2024",
                         "filed_on": "2024-02-29"}],
        },
        params={"due": "--02"}, as_of="2024-03-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        p, data = self.params, context.dataset
        if p.due.recurring:
            first = p.first_year if p.first_year is not None else context.first_year
            last = context.as_of.year
            if (p.due.on(last + 1) - context.as_of).days <= context.warn_days:
                last += 1  # next year's deadline is close enough to warn about
            if p.last_year is not None:
                last = min(last, p.last_year)
            deadlines = [(str(year), p.due.on(year)) for year in range(first, last + 1)]
        else:
            deadlines = [(str(p.due.year), p.due.on())]
        judicial_bureaus = {d.id for d in data.departments if d.department_kind is DepartmentKind.judicial_bureau}
        for department in _selected(data.departments, p.levels, p.department_kinds):
            for period, deadline in deadlines:
                def counts(f: Filing, period: str = period) -> bool:
                    for_period = f.period == period if f.period is not None else str(f.filed_on.year) == period
                    return for_period and (not p.filed_with_judicial_bureau or f.filed_with in judicial_bureaus)

                yield _filing_outcome(context, department, FilingKind.training_plan, deadline, period, counts,
                                      self.what)


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
        for bureau in _selected(context.dataset.departments, p.levels, [DepartmentKind.judicial_bureau]):
            for stage, kind, due, what in stages:
                outcome = _filing_outcome(context, bureau, kind, due.on(), stage, lambda f: True, what)
                if outcome.message is not None:
                    outcome.message = f"{stage}_{outcome.message}"
                yield outcome


@hookimpl
def compliance_rules():
    return [TrainingPlanFiled, MidtermEvaluation]
