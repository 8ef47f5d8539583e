"""A floor under the department figures annual reports quote: certificate holding rate (持证率), share of officers
trained to the hours, average hours, share of actions by certified officers (see :mod:`compliance.figures`)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..citations import KUANGQU_MEASURES, Citation
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import Checks, Context, Example, Outcome, Rule, RuleParams, SubjectRef


class DepartmentFiguresParams(RuleParams):
    min_certificate_holding_rate: float | None = Field(
        None, ge=0, le=1, description="Least share of the officers in post on the day who hold a valid certificate."
    )
    min_share_trained: float | None = Field(
        None, ge=0, le=1, description="Least share of last year's officers trained 60 hours (30 and 30)."
    )
    min_average_hours: float | None = Field(None, ge=0, description="Least average counted hours last year.")
    min_share_actions_certified: float | None = Field(
        None, ge=0, le=1, description="Least share of last year's actions carried out by certified officers only."
    )


#: figure -> its Chinese name
_FIGURE_ZH = {
    "certificate_holding_rate": "持证率",
    "share_trained": "培训学时达标人员占比",
    "average_hours": "人均培训学时",
    "share_actions_certified": "持证人员执法案件占比",
}
#: parameter -> the figure it is a floor for
_FLOORS = {
    "min_certificate_holding_rate": "certificate_holding_rate",
    "min_share_trained": "share_trained",
    "min_average_hours": "average_hours",
    "min_share_actions_certified": "share_actions_certified",
}


class DepartmentFiguresFloor(Rule):
    """A department's figures are not below the floors a pack sets.

    What it checks: for every department with officers, each figure for which the pack sets a floor
    (``min_...``) is at or above it: the certificate holding rate on the check's day; the share of officers
    trained to the hours, the average hours, and the share of actions by certified officers, over the last
    calendar year that has ended. A figure with nothing to count (no officers, no actions) is not judged. No
    built-in pack sets a floor: the documents quote these figures ("持有率达70%") but require none; a locality
    that does, sets them in its pack with its own citation.

    Subject: the department. The obligation ends on the day of the check.
    """

    id = "department-figures"
    title = Text(zh="部门执法指标下限", en="Department figures above their floors")
    subject_kind = SubjectKind.department
    checks = Checks.years
    Params = DepartmentFiguresParams
    citations = {
        "kuangqu-certificates": Citation.of(
            KUANGQU_MEASURES, "二(二)5",
            "考试合格并取得行政执法证件后方可上岗执法,严禁未取得证件的人员独立从事行政执法工作。",
        ),
        "kuangqu-training": Citation.of(
            KUANGQU_MEASURES, "二(一)4",
            "确保行政执法人员每人每年接受不少于60学时的培训,其中公共法律知识培训不少于30学时,"
            "业务知识和行政执法技能培训不少于30学时",
        ),
    }
    messages = {
        "below": Text(
            zh="{department_name}({department})的执法指标低于下限:{below_zh}。",
            en="{department_name} ({department}) has figures below their floors: {below}.",
        ),
    }
    example_breaks = Example(
        records={
            "departments": [{"id": "mzj", "name": "市民政局", "level": "city"}],
            "officers": [{"id": f"o{n}", "name": f"干部{n}", "department": "mzj",
                          "postings": [{"start": "2020-01-01"}]} for n in range(1, 6)],
            "certificates": [{"id": f"c{n}", "officer": f"o{n}", "issued_on": "2020-02-01"} for n in range(1, 4)],
        },
        params={"min_certificate_holding_rate": 0.7}, as_of="2025-03-01", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "mzj", "name": "市民政局", "level": "city"}],
            "officers": [{"id": f"o{n}", "name": f"干部{n}", "department": "mzj",
                          "postings": [{"start": "2020-01-01"}]} for n in range(1, 6)],
            "certificates": [{"id": f"c{n}", "officer": f"o{n}", "issued_on": "2020-02-01"} for n in range(1, 5)],
        },
        params={"min_certificate_holding_rate": 0.7}, as_of="2025-03-01", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        floors = {param: value for param, value in self.params.model_dump().items() if value is not None}
        if not floors:
            return
        for figures in context.department_figures.values():
            subject = SubjectRef(SubjectKind.department, figures.department)
            observed = {_FLOORS[p]: getattr(figures, _FLOORS[p]) for p in floors}
            if all(value is None for value in observed.values()):
                yield Outcome(Status.not_applicable, subject, context.as_of, figures.department,
                              reason="no officers or actions to count")
                continue
            below = {name: (observed[name], floor) for p, floor in floors.items()
                     if (name := _FLOORS[p]) and observed[name] is not None and observed[name] < floor}
            if not below:
                yield Outcome(Status.passed, subject, context.as_of, figures.department)
                continue
            listed = ", ".join(f"{name} {value} < {floor}" for name, (value, floor) in below.items())
            listed_zh = ",".join(f"{_FIGURE_ZH[name]} {value} 低于 {floor}" for name, (value, floor) in below.items())
            yield Outcome(
                Status.violation, subject, context.as_of, figures.department, str(figures.year), message="below",
                evidence={"department": figures.department, "department_name": figures.name,
                          "below": listed, "below_zh": listed_zh, "figures": figures.model_dump(),
                          "floors": {_FLOORS[p]: floor for p, floor in floors.items()}},
            )


@hookimpl
def compliance_rules():
    return [DepartmentFiguresFloor]
