"""Rules about a locality's departments as a whole: pilot streets and townships."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pydantic import Field, model_validator

from ..citations import KUANGQU_MEASURES, YUNCHENG_PLAN, Citation
from ..deadlines import Due
from ..models import Department, DepartmentKind, Level
from ..params import FixedDue, LaxLevel
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import NOT_YET_DUE, Checks, Context, Example, Outcome, Rule, RuleParams, SubjectRef

NO_LOCALITY = "judicial bureau has no locality"


class PilotSitesParams(RuleParams):
    min_sites: int = Field(1, ge=0, description="Fewest townships or streets chosen as pilots in each locality.")
    max_sites: int | None = Field(None, ge=0, description="Most pilots in each locality; empty: no upper limit.")
    due: FixedDue = Field(
        Due.parse("2024-12"),
        description="By when the pilots are chosen. The sources give no day; the default is the end of 2024, the "
                    "year the plans set most of their one-off tasks in.",
    )
    levels: list[LaxLevel] = Field(
        [Level.county], description="Levels of the judicial bureaus that stand for their localities (county: one "
                                    "per county or district).",
    )

    @model_validator(mode="after")
    def _range(self) -> PilotSitesParams:
        if self.max_sites is not None and self.max_sites < self.min_sites:
            raise ValueError(f"max_sites {self.max_sites} is less than min_sites {self.min_sites}")
        return self


class PilotSites(Rule):
    """Each county or district chooses enough townships or streets as enforcement pilots (1–2; Yuncheng 2).

    What it checks: for each judicial bureau (司法局) of the selected levels, standing for its county or district,
    the departments of level ``township`` with the same ``locality`` whose ``pilot_since`` is on or before the
    ``due`` day (and on or before the as-of day). Their number must be at least ``min_sites`` and, where set, at
    most ``max_sites``. A pilot chosen after the due day does not count (the evidence names it). Once the due day
    has passed, too few or too many is a violation; before it, too few is a warning within ``warn_days`` of it,
    and otherwise not applicable. A bureau with no ``locality`` is not applicable (its townships cannot be told).

    Subject: the judicial bureau, for its locality. The obligation ends on the due day.
    """

    id = "pilot-sites"
    title = Text(zh="乡镇(街道)行政执法规范化试点", en="Township and street enforcement pilots chosen")
    subject_kind = SubjectKind.department
    checks = Checks.deadlines
    Params = PilotSitesParams
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(六)19", "选定1-2个街道作为试点。"),
        "yuncheng": Citation.of(YUNCHENG_PLAN, "二(三)12",
                                "各县（市、区）要注重发掘和培育典型，选定 2 个乡（镇、街道）作为县级试点。"),
    }
    messages = {
        "too_few": Text(
            zh="{department_name}({department})所在的{locality}截至 {deadline} 选定行政执法规范化试点乡镇(街道)"
               "{count} 个,少于要求的 {min_sites} 个。",
            en="{department_name} ({department}): {locality} had chosen {count} township(s) or street(s) as "
               "enforcement pilots by {deadline}, fewer than the {min_sites} required.",
        ),
        "too_many": Text(
            zh="{department_name}({department})所在的{locality}截至 {deadline} 选定行政执法规范化试点乡镇(街道)"
               "{count} 个,多于规定的 {max_sites} 个。",
            en="{department_name} ({department}): {locality} had chosen {count} township(s) or street(s) as "
               "enforcement pilots by {deadline}, more than the {max_sites} set.",
        ),
        "too_few_so_far": Text(
            zh="{department_name}({department})所在的{locality}已选定行政执法规范化试点乡镇(街道){count} 个,"
               "应于 {deadline} 前选定至少 {min_sites} 个,还有 {days_left} 天。",
            en="{department_name} ({department}): {locality} has chosen {count} township(s) or street(s) as "
               "enforcement pilots so far; at least {min_sites} are due by {deadline}, in {days_left} day(s).",
        ),
    }
    example_breaks = Example(
        records={
            "departments": [
                {"id": "sfj", "name": "区司法局", "level": "county", "department_kind": "judicial_bureau",
                 "locality": "阳泉市矿区"},
                {"id": "spjd", "name": "沙坪街道办事处", "level": "township", "locality": "阳泉市矿区",
                 "pilot_since": "2025-02-10"},
            ],
        },
        params={"min_sites": 1, "max_sites": 2, "due": "2024-12"}, as_of="2025-03-01", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [
                {"id": "sfj", "name": "区司法局", "level": "county", "department_kind": "judicial_bureau",
                 "locality": "阳泉市矿区"},
                {"id": "spjd", "name": "沙坪街道办事处", "level": "township", "locality": "阳泉市矿区",
                 "pilot_since": "2024-06-18"},
                {"id": "ptjjd", "name": "平潭街街道办事处", "level": "township", "locality": "阳泉市矿区"},
            ],
        },
        params={"min_sites": 1, "max_sites": 2, "due": "2024-12"}, as_of="2025-03-01", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        p, data = self.params, context.dataset
        deadline = p.due.on()
        # one pass over the departments: the townships chosen as pilots (by the as-of day), by locality
        pilots: dict[str, list[Department]] = defaultdict(list)
        for d in data.departments:
            if (d.level is Level.township and d.locality is not None and d.pilot_since is not None
                    and d.pilot_since <= context.as_of):
                pilots[d.locality].append(d)
        for bureau in data.departments_where(p.levels, [DepartmentKind.judicial_bureau]):
            subject = SubjectRef(SubjectKind.department, bureau.id)
            if bureau.locality is None:
                yield Outcome(Status.not_applicable, subject, deadline, bureau.id, reason=NO_LOCALITY)
                continue
            chosen = sorted(pilots.get(bureau.locality, []), key=lambda d: (d.pilot_since, d.id))
            in_time = [d.id for d in chosen if d.pilot_since <= deadline]
            count, days_left = len(in_time), (deadline - context.as_of).days
            too_few, too_many = count < p.min_sites, p.max_sites is not None and count > p.max_sites
            due_passed = days_left < 0
            if due_passed and not (too_few or too_many):
                yield Outcome(Status.passed, subject, deadline, bureau.id)
                continue
            if not due_passed and not (too_few and days_left <= context.warn_days):
                yield Outcome(Status.not_applicable, subject, deadline, bureau.id, reason=NOT_YET_DUE)
                continue
            evidence = {
                "department": bureau.id, "department_name": bureau.name, "locality": bureau.locality,
                "deadline": deadline.isoformat(), "count": count, "pilots": in_time,
                "chosen_after_deadline": [d.id for d in chosen if d.pilot_since > deadline],
                "min_sites": p.min_sites, "max_sites": p.max_sites,
                "required": f"{p.min_sites}" + (f" to {p.max_sites}" if p.max_sites is not None else " or more")
                            + f" townships or streets chosen as pilots by {deadline}",
            }
            if not due_passed:
                yield Outcome(Status.warning, subject, deadline, bureau.id, message="too_few_so_far",
                              evidence=evidence | {"days_left": days_left})
            else:
                yield Outcome(Status.violation, subject, deadline, bureau.id,
                              message="too_few" if too_few else "too_many", evidence=evidence)


@hookimpl
def compliance_rules():
    return [PilotSites]
