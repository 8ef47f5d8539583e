"""Training rules: how many hours each officer is trained a year, in what, and the full rotation training."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from typing import Literal

import polars as pl
from pydantic import Field, field_validator

from ..citations import KUANGQU_MEASURES, YUNCHENG_PLAN, Citation
from ..deadlines import Due, judge_deadline
from ..frames import HOURS_COLUMNS, rounded
from ..models import Department, DepartmentKind, Officer, TrainingCategory
from ..params import LaxDepartmentKind, LaxLevel
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import (
    PERIOD_NOT_ENDED,
    Checks,
    Context,
    Example,
    Outcome,
    Rule,
    RuleParams,
    SubjectRef,
    deadline_outcome,
    outcome_frame,
)

#: Political theory and party education (政治理论教育和党性教育) never counts: Yuncheng requires the 60 hours
#: "在完成政治理论教育和党性教育学时的基础上", on top of them.
_COUNTED = (TrainingCategory.public_legal, TrainingCategory.professional, TrainingCategory.other)


class TrainingAnnualHoursParams(RuleParams):
    total_hours: float = Field(60, ge=0, description="Hours a year in all (political theory not counted).")
    public_legal_hours: float = Field(30, ge=0, description="Of which at least this many public legal knowledge.")
    professional_hours: float = Field(
        30, ge=0, description="Of which at least this many professional knowledge and enforcement skills."
    )
    partial_year: Literal["prorate", "skip", "full"] = Field(
        "prorate",
        description="Officers not in post the whole year: prorate the hours by days in post, skip them "
                    "(not applicable), or hold them to the full hours.",
    )


class TrainingAnnualHours(Rule):
    """Each officer receives at least 60 training hours a year: 30 public legal, 30 professional.

    What it checks: for each officer and each calendar year in which the officer was in post, once the year has
    ended (the check's as-of day is after 31 December), that the training records dated in that year add up to
    at least ``total_hours``, of which at least ``public_legal_hours`` in public legal knowledge (公共法律知识)
    and at least ``professional_hours`` in professional knowledge and enforcement skills (业务知识和行政执法技能).
    Political theory and party education hours count toward none of these; ``other`` hours count toward the
    total only.

    Officers in post part of the year follow ``partial_year``: ``prorate`` (the default) requires each figure
    times the share of the year's days spent in post, rounded to 0.1 hour; ``skip`` leaves them out (not
    applicable); ``full`` requires the whole hours. Within ``warn_days`` of 31 December, a year still short so
    far is a warning.

    Subject: the officer, per year. The obligation ends on 31 December.
    """

    id = "training-annual-hours"
    title = Text(zh="年度培训学时", en="Annual training hours")
    subject_kind = SubjectKind.officer
    checks = Checks.years
    Params = TrainingAnnualHoursParams
    citations = {
        "kuangqu": Citation.of(
            KUANGQU_MEASURES, "二(一)4",
            "确保行政执法人员每人每年接受不少于60学时的培训,其中公共法律知识培训不少于30学时,"
            "业务知识和行政执法技能培训不少于30学时",
        ),
        "yuncheng": Citation.of(
            YUNCHENG_PLAN, "二(一)3",
            "各级行政执法机关在完成政治理论教育和党性教育学时的基础上，确保本机关行政执法人员每人每年接受"
            "不少于60学时的培训，其中公共法律知识培训不少于30学时，业务知识和行政执法技能培训不少于30学时。",
        ),
    }
    messages = {
        "short": Text(
            zh="执法人员 {officer}({officer_name}){year} 年培训学时不足:共 {total} 学时(应不少于 {required_total}),"
               "公共法律知识 {public_legal} 学时(应不少于 {required_public_legal}),"
               "业务知识和行政执法技能 {professional} 学时(应不少于 {required_professional})。",
            en="Officer {officer} ({officer_name}) was trained too little in {year}: {total} hours in all "
               "(at least {required_total}), {public_legal} public legal (at least {required_public_legal}), "
               "{professional} professional (at least {required_professional}).",
        ),
        "short_so_far": Text(
            zh="执法人员 {officer}({officer_name}){year} 年培训学时尚未达标,距年底还有 {days_left} 天:"
               "共 {total} 学时(应不少于 {required_total}),公共法律知识 {public_legal}"
               "(应不少于 {required_public_legal}),业务知识和行政执法技能 {professional}"
               "(应不少于 {required_professional})。",
            en="Officer {officer} ({officer_name}) is short of the {year} training hours with {days_left} day(s) "
               "left: {total} hours in all (at least {required_total}), {public_legal} public legal (at least "
               "{required_public_legal}), {professional} professional (at least {required_professional}).",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "mzj", "name": "区民政局", "level": "county"}],
            "officers": [{"id": "o1", "name": "韩某", "department": "mzj", "postings": [{"start": "2019-05-01"}]}],
            "training_records": [
                {"id": "t1", "officer": "o1", "date": "2024-04-12", "hours": 29.5, "category": "public_legal"},
                {"id": "t2", "officer": "o1", "date": "2024-09-20", "hours": 32, "category": "professional"},
                {"id": "t3", "officer": "o1", "date": "2024-10-08", "hours": 6, "category": "political_theory"},
            ],
        },
        effective="2024-03-20", as_of="2025-01-01", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "mzj", "name": "区民政局", "level": "county"}],
            "officers": [{"id": "o1", "name": "韩某", "department": "mzj", "postings": [{"start": "2019-05-01"}]}],
            "training_records": [
                {"id": "t1", "officer": "o1", "date": "2024-04-12", "hours": 30, "category": "public_legal"},
                {"id": "t2", "officer": "o1", "date": "2024-09-20", "hours": 30, "category": "professional"},
            ],
        },
        effective="2024-03-20", as_of="2025-01-01", violations=0,
    )

    def evaluate_frames(self, context: Context) -> pl.LazyFrame:
        p, frames, as_of = self.params, context.dataset.frames, context.as_of
        # each officer and each year the officer was in post any day of, with the hours trained that year so far
        hours = frames.hours_by_year(as_of)
        years = (
            frames.days_in_post(context.officer_years())
            .join(hours, on=["officer", "year"], how="left").with_columns(pl.col(HOURS_COLUMNS).fill_null(0.0))
            .join(frames.officers.lazy().select(officer="id", officer_name="name", department="department"),
                  on="officer")
        )
        share = pl.col("days_in_post") / pl.col("days_in_year") if p.partial_year == "prorate" else pl.lit(1.0)
        required = {"total": p.total_hours, "public_legal": p.public_legal_hours,
                    "professional": p.professional_hours}
        years = years.with_columns(
            total=pl.sum_horizontal(_COUNTED_COLUMNS), **{f"share_{k}": v * share for k, v in required.items()},
        ).with_columns(
            rounded("total", 2), rounded("public_legal", 2), rounded("professional", 2),
            rounded("political_theory", 2), **{f"required_{k}": rounded(f"share_{k}", 1) for k in required},
        )
        short = {k: pl.col(k) < pl.col(f"required_{k}") for k in required}
        ended = pl.col("last") < as_of
        days_left = (pl.col("last") - pl.lit(as_of)).dt.total_days()
        status, message, reason = (
            pl.when(pl.col("days_in_post") < pl.col("days_in_year") if p.partial_year == "skip" else False)
            .then(pl.lit([Status.not_applicable.value, None, "not in post the whole year"]))
            .when(~pl.any_horizontal(short.values()))
            .then(pl.when(ended).then(pl.lit([Status.passed.value, None, None]))
                  .otherwise(pl.lit([Status.not_applicable.value, None, PERIOD_NOT_ENDED])))
            .when(~ended & (days_left > context.warn_days))
            .then(pl.lit([Status.not_applicable.value, None, PERIOD_NOT_ENDED]))
            .when(ended).then(pl.lit([Status.violation.value, "short", None]))
            .otherwise(pl.lit([Status.warning.value, "short_so_far", None]))
            .list.get(i) for i in range(3)
        )
        evidence = pl.struct(
            "officer", "officer_name", "year", "total", "public_legal", "professional",
            *(f"required_{k}" for k in required), "political_theory",
            short_of=pl.concat_list(pl.when(short[k]).then(pl.lit(k)) for k in required).list.drop_nulls(),
            days_in_post="days_in_post", days_in_year="days_in_year", partial_year=pl.lit(p.partial_year),
            days_left=pl.when(ended).then(None).otherwise(days_left),
        )
        judged = years.with_columns(status=status, message=message, reason=reason)
        outcome = {"status": "status", "message": "message", "reason": "reason", "subject": "officer",
                   "ends_on": "last", "starts_on": "first", "department": "department",
                   "period": pl.col("year").cast(pl.String)}
        # evidence for the findings only (one year in twenty-five): made for every year, it cost more than the verdicts
        return outcome_frame(
            judged.filter(pl.col("message").is_null()).select(**outcome),
            judged.filter(pl.col("message").is_not_null()).select(**outcome, evidence=evidence),
        )


#: Political theory and party education hours count toward none of the figures, ``other`` toward the total only.
_COUNTED_COLUMNS = [category.value for category in _COUNTED]


# --- full rotation training ----------------------------------------------------------------------------------


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "-"


class FullRotationTrainingParams(RuleParams):
    due: Due = Field(Due.parse("--06"), description="When the rotation is due: --06 is the end of June every year; "
                                                     "2024-06 the end of June 2024 only.")
    levels: list[LaxLevel] | None = Field(None, description="Levels of the departments checked; empty: all.")
    department_kinds: list[LaxDepartmentKind] = Field(
        [DepartmentKind.enforcement], description="Kinds of department checked."
    )


class FullRotationTraining(Rule):
    """Every officer of a department takes part in the full rotation training (全员轮训) by the end of June.

    What it checks: for each selected department and each year the rotation is due, that every officer in post
    in the department on the deadline (the department of the posting that covers that day) has a training record
    marked ``rotation`` dated in the deadline's year on or before the deadline (inclusive: 30 June is on time).
    The department is done on the day its last officer was rotated. If every officer was rotated in that year
    but some only after the deadline, it is late (days late: the last rotation after the deadline); if any
    officer has no rotation record in that year as of the check, it is missing once the deadline has passed,
    and a warning within ``warn_days`` before. Rotation in an earlier or a later year does not count. A yearly
    deadline (``--06``) recurs every year of the rule's time in force, up to the year it ends (``until``); a
    fixed one (``2024-06``) is due once.
    A department with no officer in post on the deadline is not applicable.

    Subject: the department, per year. The obligation ends on the deadline.
    """

    id = "full-rotation-training"
    title = Text(zh="全员轮训", en="Full rotation training")
    subject_kind = SubjectKind.department
    checks = Checks.deadlines
    Params = FullRotationTrainingParams
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(一)4", "原则上每年6月底前完成本部门行政执法队伍的全员轮训。"),
        "yuncheng": Citation.of(YUNCHENG_PLAN, "二(一)3", "原则上于2024年6月底前完成对本地、本部门行政执法队伍的全员轮训。"),
    }
    messages = {
        "missing": Text(
            zh="{department_name}({department})未在 {deadline} 前完成全员轮训:在岗执法人员 {in_post} 人,"
               "{not_rotated_count} 人未参加轮训({not_rotated_ids}),已逾期 {days_late} 天。",
            en="{department_name} ({department}) has not completed the full rotation training due {deadline}: "
               "{not_rotated_count} of {in_post} officer(s) in post not rotated ({not_rotated_ids}), "
               "{days_late} day(s) overdue.",
        ),
        "late": Text(
            zh="{department_name}({department})于 {done_on} 才完成全员轮训,晚于截止日 {deadline} {days_late} 天"
               "(在岗执法人员 {in_post} 人,逾期参训:{rotated_late_ids})。",
            en="{department_name} ({department}) completed the full rotation training on {done_on}, {days_late} "
               "day(s) after the deadline {deadline} ({in_post} officer(s) in post; rotated late: {rotated_late_ids}).",
        ),
        "due_soon": Text(
            zh="{department_name}({department})尚未完成全员轮训,距截止日 {deadline} 还有 {days_left} 天:"
               "在岗执法人员 {in_post} 人,{not_rotated_count} 人尚未参加轮训({not_rotated_ids})。",
            en="{department_name} ({department}) has not completed the full rotation training yet; it is due "
               "{deadline}, in {days_left} day(s): {not_rotated_count} of {in_post} officer(s) in post not rotated "
               "({not_rotated_ids}).",
        ),
    }
    example_breaks = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [
                {"id": "o1", "name": "张某", "department": "scjg", "postings": [{"start": "2020-01-01"}]},
                {"id": "o2", "name": "李某", "department": "scjg", "postings": [{"start": "2022-09-01"}]},
            ],
            "training_records": [
                {"id": "t1", "officer": "o1", "date": "2025-05-20", "hours": 8, "category": "professional",
                 "rotation": True},
            ],
        },
        params={"due": "--06"}, effective="2025-01-01", as_of="2025-07-01", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [
                {"id": "o1", "name": "张某", "department": "scjg", "postings": [{"start": "2020-01-01"}]},
                {"id": "o2", "name": "李某", "department": "scjg", "postings": [{"start": "2022-09-01"}]},
            ],
            "training_records": [
                {"id": "t1", "officer": "o1", "date": "2025-05-20", "hours": 8, "category": "professional",
                 "rotation": True},
                {"id": "t2", "officer": "o2", "date": "2025-06-30", "hours": 8, "category": "professional",
                 "rotation": True},
            ],
        },
        params={"due": "--06"}, effective="2025-01-01", as_of="2025-07-01", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        p, data = self.params, context.dataset
        departments = list(data.departments_where(p.levels, p.department_kinds))
        for period, deadline in context.deadlines(p.due):
            in_post: dict[str, list[Officer]] = defaultdict(list)
            for officer in data.officers:
                department = officer.department_on(deadline)
                if department is not None:
                    in_post[department].append(officer)
            for department in departments:
                yield self._judge(department, period, deadline, in_post.get(department.id, []), context)

    def _judge(self, department: Department, period: str, deadline: dt.date, officers: list[Officer],
               context: Context) -> Outcome:
        subject = SubjectRef(SubjectKind.department, department.id)
        if not officers:
            return Outcome(Status.not_applicable, subject, deadline, department.id, period,
                           reason="no officer in post on the deadline")
        rotated_on: dict[str, dt.date | None] = {}
        for officer in officers:
            rotated_on[officer.id] = next(
                (t.date for t in context.dataset.training_by_officer.get(officer.id, ())
                 if t.rotation and t.date.year == deadline.year and t.date <= context.as_of),
                None,
            )
        ids = sorted(rotated_on)
        not_rotated = [i for i in ids if rotated_on[i] is None]
        rotated_late = [i for i in ids if rotated_on[i] is not None and rotated_on[i] > deadline]
        done_on = None if not_rotated else max(rotated_on.values())
        verdict = judge_deadline(deadline, done_on, context.as_of, context.warn_days)
        evidence = {
            "department": department.id, "department_name": department.name, "year": deadline.year,
            "officers_in_post": ids, "in_post": len(ids),
            "rotated": len(ids) - len(not_rotated) - len(rotated_late),
            "rotated_late": rotated_late, "rotated_late_ids": _ids(rotated_late),
            "not_rotated": not_rotated, "not_rotated_count": len(not_rotated), "not_rotated_ids": _ids(not_rotated),
            "required": f"every officer in post on {deadline} rotated in {deadline.year} by {deadline}",
        }
        # the rotations that count are dated in the deadline's year, so the records of that whole year answer it
        return deadline_outcome(verdict, subject, department=department.id, period=period, evidence=evidence,
                                starts_on=dt.date(deadline.year, 1, 1))


# --- required curriculum -------------------------------------------------------------------------------------

_BRACKETS = str.maketrans({"[": "〔", "(": "〔", "【": "〔", "]": "〕", ")": "〕", "】": "〕"})


def _document_key(number: str) -> str:
    """A document number as compared: NFKC, no white space, every kind of bracket written 〔〕."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", number)).translate(_BRACKETS)


class RequiredCurriculumParams(RuleParams):
    document: str = Field("国办发〔2023〕27号", min_length=1,
                          description="Number of the document every officer must be taught (必修内容).")
    due: Due = Field(
        Due.parse("2024-12"),
        description="When every officer must have been taught it, once (e.g. 2024-12: by the end of 2024). The "
                    "sources give no date: the default is the end of the first full year of the plans.",
    )

    @field_validator("due")
    @classmethod
    def _once(cls, due: Due) -> Due:
        if due.recurring:
            raise ValueError("due must be a fixed day or month (e.g. 2024-12), not a yearly one")
        return due


class RequiredCurriculum(Rule):
    """Every officer is taught the State Council's plan (国办发〔2023〕27号), a required item of the training.

    What it checks: for each officer in post on the deadline (``due``, default the end of 2024: the sources
    make the document a required item (必修内容) but give no date), that a training record of the officer whose
    ``documents`` include ``document`` is dated on or before the deadline (inclusive). Document numbers are
    compared without white space and with any kind of bracket (〔〕, [], (), 【】, full or half width) as the
    same, so 国办发[2023]27号 counts. Taught only after the deadline is late (with the days late); not taught as
    of the check is missing once the deadline has passed, a warning within ``warn_days`` before. An officer not
    in post on the deadline is not applicable.

    Subject: the officer. The obligation ends on the deadline.
    """

    id = "required-curriculum"
    title = Text(zh="必修培训内容", en="Required training content")
    subject_kind = SubjectKind.officer
    checks = Checks.deadlines
    Params = RequiredCurriculumParams
    citations = {
        "kuangqu": Citation.of(KUANGQU_MEASURES, "二(一)2", "要将国办发〔2023〕27号文件列为行政执法人员培训的必修内容"),
        "yuncheng": Citation.of(
            YUNCHENG_PLAN, "二(一)2",
            "要将《国务院办公厅关于印发〈提升行政执法质量三年行动计划（2023-2025年）〉的通知》列为行政执法人员培训的必修内容",
        ),
    }
    messages = {
        "missing": Text(
            zh="执法人员 {officer}({officer_name})未在 {deadline} 前参加 {document} 必修内容的培训,已逾期 {days_late} 天。",
            en="Officer {officer} ({officer_name}) has not been taught {document}, a required item due by {deadline}: "
               "{days_late} day(s) overdue.",
        ),
        "late": Text(
            zh="执法人员 {officer}({officer_name})于 {done_on} 才参加 {document} 必修内容的培训,晚于截止日 {deadline} "
               "{days_late} 天。",
            en="Officer {officer} ({officer_name}) was taught {document}, a required item, on {done_on}: {days_late} "
               "day(s) after the deadline {deadline}.",
        ),
        "due_soon": Text(
            zh="执法人员 {officer}({officer_name})尚未参加 {document} 必修内容的培训,距截止日 {deadline} 还有 {days_left} 天。",
            en="Officer {officer} ({officer_name}) has not been taught {document}, a required item, yet; it is due "
               "{deadline}, in {days_left} day(s).",
        ),
    }
    example_breaks = Example(
        records={
            "departments": [{"id": "jtj", "name": "区交通运输局", "level": "county"}],
            "officers": [{"id": "o1", "name": "王某", "department": "jtj", "postings": [{"start": "2018-03-01"}]}],
            "training_records": [
                {"id": "t1", "officer": "o1", "date": "2024-11-15", "hours": 4, "category": "public_legal",
                 "title": "行政处罚法专题", "documents": ["中华人民共和国主席令第七十号"]},
            ],
        },
        as_of="2025-01-10", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "jtj", "name": "区交通运输局", "level": "county"}],
            "officers": [{"id": "o1", "name": "王某", "department": "jtj", "postings": [{"start": "2018-03-01"}]}],
            "training_records": [
                {"id": "t1", "officer": "o1", "date": "2024-12-31", "hours": 4, "category": "public_legal",
                 "title": "提升行政执法质量三年行动计划解读", "documents": ["国办发〔2023〕27号"]},
            ],
        },
        as_of="2025-01-10", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        p, data = self.params, context.dataset
        deadline, wanted = p.due.on(), _document_key(p.document)
        for officer in data.officers:
            subject = SubjectRef(SubjectKind.officer, officer.id)
            department = officer.department_on(deadline)
            if department is None:
                yield Outcome(Status.not_applicable, subject, deadline, officer.department,
                              reason="not in post on the deadline")
                continue
            taught = next((t for t in data.training_by_officer.get(officer.id, ())
                           if any(_document_key(d) == wanted for d in t.documents)), None)
            verdict = judge_deadline(deadline, taught.date if taught else None, context.as_of, context.warn_days)
            seen = taught if verdict.done_on is not None else None  # a record after the as-of day is not seen
            evidence = {"officer": officer.id, "officer_name": officer.name, "document": p.document,
                        "training": seen.id if seen else None, "training_title": seen.title if seen else None,
                        "required": f"a training record teaching {p.document} by {deadline}"}
            yield deadline_outcome(verdict, subject, department=department, period=None, evidence=evidence)


@hookimpl
def compliance_rules():
    return [TrainingAnnualHours, FullRotationTraining, RequiredCurriculum]
