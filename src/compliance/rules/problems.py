"""Rules over enforcement problems: how much of what was found has been rectified, by when."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from pydantic import Field

from ..citations import KUANGQU_MEASURES, Citation
from ..deadlines import Due
from ..models import DepartmentKind, EnforcementProblem
from ..params import FixedDue, LaxDepartmentKind, LaxLevel
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import NOT_YET_DUE, Checks, Context, Example, Outcome, Rule, RuleParams, SubjectRef

#: How many open problems the evidence names; the count of all of them is there too.
OPEN_SHOWN = 10
NO_PROBLEMS = "no problems found by the checkpoint"


class Checkpoint(RuleParams):
    """A day by which a share of the problems found so far must be rectified."""

    due: FixedDue = Field(description="The checkpoint, once: 2024-05 is the end of May 2024; 2024-07-31 a day.")
    min_share: float = Field(ge=0, le=1, allow_inf_nan=False,
                             description="Share of the problems found by the checkpoint that must be rectified by "
                                         "then, from 0 to 1: 0.7 is 70% (整改70%以上), 1.0 all of them.")


class ProblemsRectifiedParams(RuleParams):
    checkpoints: list[Checkpoint] = Field(
        default_factory=lambda: [Checkpoint(due=Due.parse("2024-05"), min_share=0.7),
                                 Checkpoint(due=Due.parse("2024-07"), min_share=1.0)],
        min_length=1,
        description="The checkpoints: each a due (a fixed day or month) and the min_share rectified by then.",
    )
    levels: list[LaxLevel] | None = Field(None, description="Levels of the departments checked; empty: all.")
    department_kinds: list[LaxDepartmentKind] = Field(
        [DepartmentKind.enforcement], description="Kinds of department checked."
    )


class ProblemsRectified(Rule):
    """Of the enforcement problems a department found, enough are rectified by each checkpoint (70%, then all).

    What it checks: for each selected department and each checkpoint, the problems it found (``found_on``) on or
    before the checkpoint day, and of these the ones rectified (``rectified_on``) on or before it. The share
    rectified must be at least ``min_share``, compared exactly (7 of 10 meets 70%; 699 of 1000 does not); the
    checkpoint day itself is in time (2024-05-31 for "5月底前"). Problems found after the checkpoint do not count
    toward it, and records dated after the as-of day have not happened yet (a problem rectified after it is still
    open). A department that found no problems by the checkpoint is not applicable. Before the checkpoint has
    passed, a share still too low is a warning within ``warn_days`` of it, and otherwise not applicable.

    Subject: the department, per checkpoint (period: the checkpoint day, e.g. 2024-05-31). The obligation ends on
    the checkpoint day.
    """

    id = "problems-rectified"
    title = Text(zh="已排查问题整改", en="Problems found are rectified")
    subject_kind = SubjectKind.department
    checks = Checks.deadlines
    Params = ProblemsRectifiedParams
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(三)10",
                               "确保2024年5月底前,已排查问题整改70%以上,7月底前,已排查问题整改100%。"),
    }
    messages = {
        "below": Text(
            zh="{department_name}({department})截至 {deadline} 已排查问题 {found} 个,已整改 {rectified} 个"
               "({share:.1%}),低于要求的 {required_share:.1%}(应至少整改 {required_rectified} 个),"
               "尚有 {open_count} 个未整改。",
            en="{department_name} ({department}) had rectified {rectified} of the {found} problem(s) found by "
               "{deadline} ({share:.1%}), below the {required_share:.1%} required (at least {required_rectified}); "
               "{open_count} still open.",
        ),
        "below_so_far": Text(
            zh="{department_name}({department})已排查问题 {found} 个,已整改 {rectified} 个({share:.1%}),"
               "距 {deadline} 整改 {required_share:.1%} 的要求(应至少整改 {required_rectified} 个)还有 {days_left} 天。",
            en="{department_name} ({department}) has rectified {rectified} of the {found} problem(s) found so far "
               "({share:.1%}); {required_share:.1%} (at least {required_rectified}) is due by {deadline}, in "
               "{days_left} day(s).",
        ),
    }
    example_breaks = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "problems": [
                {"id": "P1", "department": "scjg", "found_on": "2024-03-15", "rectified_on": "2024-04-20"},
                {"id": "P2", "department": "scjg", "found_on": "2024-03-18", "rectified_on": "2024-05-31"},
                {"id": "P3", "department": "scjg", "found_on": "2024-03-25", "rectified_on": "2024-06-12"},
            ],
        },
        params={"checkpoints": [{"due": "2024-05", "min_share": 0.7}, {"due": "2024-07", "min_share": 1.0}]},
        as_of="2024-08-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "problems": [
                {"id": "P1", "department": "scjg", "found_on": "2024-03-15", "rectified_on": "2024-04-20"},
                {"id": "P2", "department": "scjg", "found_on": "2024-03-18", "rectified_on": "2024-05-31"},
                {"id": "P3", "department": "scjg", "found_on": "2024-03-25", "rectified_on": "2024-05-28"},
            ],
        },
        params={"checkpoints": [{"due": "2024-05", "min_share": 0.7}, {"due": "2024-07", "min_share": 1.0}]},
        as_of="2024-08-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        p, data = self.params, context.dataset
        for department in data.departments_where(p.levels, p.department_kinds):
            problems = data.problems_by_department.get(department.id, [])
            for checkpoint in p.checkpoints:
                yield self._judge(context, department.id, department.name, problems, checkpoint)

    def _judge(self, context: Context, department: str, name: str, problems: list[EnforcementProblem],
               checkpoint: Checkpoint) -> Outcome:
        deadline = checkpoint.due.on()
        cutoff = min(deadline, context.as_of)  # nothing after the as-of day has happened yet
        subject = SubjectRef(SubjectKind.department, department)

        def outcome(status: Status, **kwargs) -> Outcome:
            return Outcome(status, subject, deadline, department, deadline.isoformat(), **kwargs)

        found = [x for x in problems if x.found_on <= cutoff]
        if not found:
            return outcome(Status.not_applicable, reason=NO_PROBLEMS)
        open_ = [x for x in found if x.rectified_on is None or x.rectified_on > cutoff]
        rectified = len(found) - len(open_)
        # exact: a float would make 0.7 * 10 = 7.000000000000001 and fail 7 of 10; str(0.7) is "0.7" = 7/10
        required = Fraction(str(checkpoint.min_share))
        met = rectified >= required * len(found)
        days_left = (deadline - context.as_of).days
        if days_left >= 0 and (met or days_left > context.warn_days):
            return outcome(Status.not_applicable, reason=NOT_YET_DUE)
        if met:
            return outcome(Status.passed)
        evidence = {
            "department": department, "department_name": name, "deadline": deadline.isoformat(),
            "found": len(found), "rectified": rectified, "share": round(rectified / len(found), 4),
            "required_share": checkpoint.min_share, "required_rectified": math.ceil(required * len(found)),
            "open_count": len(open_), "open_problems": [x.id for x in open_[:OPEN_SHOWN]],
            "required": f"at least {checkpoint.min_share:.1%} of the problems found by {deadline} rectified by then",
        }
        if days_left >= 0:
            return outcome(Status.warning, message="below_so_far", evidence=evidence | {"days_left": days_left})
        return outcome(Status.violation, message="below", evidence=evidence)


@hookimpl
def compliance_rules():
    return [ProblemsRectified]
