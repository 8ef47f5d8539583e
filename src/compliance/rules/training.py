"""Training rules: how many hours each officer is trained a year, and in what."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ..citations import KUANGQU_MEASURES, YUNCHENG_PLAN, Citation
from ..models import Officer, TrainingCategory, TrainingRecord
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import PERIOD_NOT_ENDED, Context, Example, Outcome, Rule, RuleParams, SubjectRef

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
        as_of="2025-01-01", violations=1,
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
        as_of="2025-01-01", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data = context.dataset
        for officer in data.officers:
            hours = _hours_by_year(data.training_by_officer.get(officer.id, ()), context.as_of)
            for year in range(context.first_year, context.as_of.year + 1):
                outcome = self._judge(officer, year, hours.get(year, {}), context)
                if outcome is not None:
                    yield outcome

    def _judge(self, officer: Officer, year: int, hours: dict[TrainingCategory, float],
               context: Context) -> Outcome | None:
        p = self.params
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        days_in_post = officer.days_in_post(first, last)
        if days_in_post == 0:
            return None  # not an officer that year
        subject = SubjectRef(SubjectKind.officer, officer.id)

        def outcome(status: Status, **kwargs) -> Outcome:
            return Outcome(status, subject, last, officer.department, str(year), **kwargs)

        days_in_year = (last - first).days + 1
        if days_in_post < days_in_year and p.partial_year == "skip":
            return outcome(Status.not_applicable, reason="not in post the whole year")
        share = days_in_post / days_in_year if p.partial_year == "prorate" else 1.0
        required = {
            "total": round(p.total_hours * share, 1),
            "public_legal": round(p.public_legal_hours * share, 1),
            "professional": round(p.professional_hours * share, 1),
        }
        observed = {
            "total": round(sum(hours.get(c, 0.0) for c in _COUNTED), 2),
            "public_legal": round(hours.get(TrainingCategory.public_legal, 0.0), 2),
            "professional": round(hours.get(TrainingCategory.professional, 0.0), 2),
        }
        short = [k for k in required if observed[k] < required[k]]
        ended = context.as_of > last
        days_left = (last - context.as_of).days
        if not short:
            return outcome(Status.passed) if ended else outcome(Status.not_applicable, reason=PERIOD_NOT_ENDED)
        if not ended and days_left > context.warn_days:
            return outcome(Status.not_applicable, reason=PERIOD_NOT_ENDED)
        evidence = {
            "officer": officer.id, "officer_name": officer.name, "year": year, **observed,
            **{f"required_{k}": v for k, v in required.items()},
            "political_theory": round(hours.get(TrainingCategory.political_theory, 0.0), 2),
            "short_of": short, "days_in_post": days_in_post, "days_in_year": days_in_year,
            "partial_year": p.partial_year,
        }
        if ended:
            return outcome(Status.violation, message="short", evidence=evidence)
        return outcome(Status.warning, message="short_so_far", evidence=evidence | {"days_left": days_left})


def _hours_by_year(records: list[TrainingRecord] | tuple, as_of: dt.date) -> dict[int, dict[TrainingCategory, float]]:
    """Hours per year and category, counting only training done on or before ``as_of``."""
    hours: dict[int, dict[TrainingCategory, float]] = defaultdict(lambda: defaultdict(float))
    for record in records:
        if record.date > as_of:
            break  # records are sorted by date
        hours[record.date.year][record.category] += record.hours
    return hours


@hookimpl
def compliance_rules():
    return [TrainingAnnualHours]
