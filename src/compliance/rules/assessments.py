"""Annual assessment rules: every officer assessed each year, and what follows a failed assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import Field, field_validator

from ..citations import KUANGQU_MEASURES, YUNCHENG_PLAN, Citation
from ..deadlines import DeadlineStatus, Due, judge_deadline
from ..models import Assessment, AssessmentResult, CertificateEventKind, CertificateKind, CertificateMeasure, Officer
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import NOT_YET_DUE, Checks, Context, Example, Outcome, Rule, RuleParams, SubjectRef, deadline_outcome

_MEASURE_ZH = {
    CertificateMeasure.none: "未处理", CertificateMeasure.suspended: "暂扣", CertificateMeasure.revoked: "收回",
    CertificateMeasure.cancelled: "注销",
}
_MEASURE_EN = {
    CertificateMeasure.none: "none", CertificateMeasure.suspended: "suspended",
    CertificateMeasure.revoked: "revoked", CertificateMeasure.cancelled: "cancelled",
}


class AnnualAssessmentParams(RuleParams):
    due: Due = Field(
        Due.parse("--03"),
        description="When the assessment of a year is due, in the following year: --03 is the end of March "
                    "(the sources give no date).",
    )
    assess_leavers: bool = Field(
        True, description="Officers who left the enforcement post during the year (not in post on 31 December) "
                          "are assessed for it too; false leaves them out (not applicable)."
    )

    @field_validator("due")
    @classmethod
    def _yearly(cls, due: Due) -> Due:
        if not due.recurring:
            raise ValueError("due must be a yearly day or month (e.g. --03), not a fixed one")
        return due


class AnnualAssessment(Rule):
    """Each officer has an annual assessment; one who fails it has the certificate suspended, revoked or cancelled.

    What it checks: for each officer and each year in which the officer was in post (on any day up to the as-of
    day), an ``assessments`` record for that year by the deadline: ``due`` in the following year (default
    ``--03``, 31 March; the sources name the 年度考核制度 but no date). The deadline is inclusive; none by then
    is a violation (days overdue), within ``warn_days`` of it a warning. An assessment completed
    (``assessed_on``) after the deadline is late (days late); one completed after the as-of day has not happened
    yet; one with no ``assessed_on`` counts as on time. An officer whose assessment for the year is ``fail`` must have a
    ``certificate_measure`` (suspended 暂扣, revoked 收回 or cancelled 注销, not none), and one of the officer's
    certificates must show an event of that same kind dated from 1 January of the assessment year to the as-of
    day; an officer who holds no certificate issued by the as-of day has none to act on and passes. A people's
    police card (人民警察证) is not one to act on: the measure is the enforcement certificate's (暂扣、收回或者注销其
    行政执法证件), and "人民警察证件的管理使用按照人民警察法的规定执行" (Kuangqu 二(二)6, 运政办发〔2024〕4号 二(二)4). The failed
    assessment's measure is due by the same deadline: before it a missing measure is not a violation.

    Subject: the officer, per year. The obligation ends on the deadline.
    """

    id = "annual-assessment"
    title = Text(zh="行政执法人员年度考核", en="Annual assessment of officers")
    subject_kind = SubjectKind.officer
    checks = Checks.deadlines
    Params = AnnualAssessmentParams
    citations = {
        "kuangqu": Citation.of(
            KUANGQU_MEASURES, "二(二)7",
            "各行政执法部门要建立行政执法人员年度考核制度,并强化考核结果运用,将日常管理和年度考核结果作为行政执法"
            "干部培养、职级晋升、奖励惩戒的重要依据。要建立行政执法人员退出机制,对经考核不符合执法要求的行政执法"
            "人员要依法暂扣、收回或者注销其行政执法证件。",
        ),
        "yuncheng": Citation.of(
            YUNCHENG_PLAN, "二(二)4",
            "建立健全行政执法人员年度考核制度，强化考核结果运用，将日常管理和年度考核结果作为行政执法干部培养、"
            "晋升、奖惩的重要依据。",
        ),
    }
    messages = {
        "missing": Text(
            zh="执法人员 {officer}({officer_name})无 {year} 年度考核记录,应于 {deadline} 前完成,已逾期 {days_late} 天。",
            en="Officer {officer} ({officer_name}) has no annual assessment for {year}, due {deadline}: "
               "{days_late} day(s) overdue.",
        ),
        "late": Text(
            zh="执法人员 {officer}({officer_name}){year} 年度考核于 {done_on} 完成,晚于截止日 {deadline} {days_late} 天。",
            en="Officer {officer} ({officer_name}) was assessed for {year} on {done_on}, {days_late} day(s) after "
               "the deadline {deadline}.",
        ),
        "due_soon": Text(
            zh="执法人员 {officer}({officer_name})尚无 {year} 年度考核记录,距截止日 {deadline} 还有 {days_left} 天。",
            en="Officer {officer} ({officer_name}) has no annual assessment for {year} yet; it is due {deadline}, "
               "in {days_left} day(s).",
        ),
        "fail_without_measure": Text(
            zh="执法人员 {officer}({officer_name}){year} 年度考核不合格({assessment}),但未对其行政执法证件"
               "作出暂扣、收回或者注销处理(截止日 {deadline})。",
            en="Officer {officer} ({officer_name}) failed the {year} annual assessment ({assessment}), but the "
               "enforcement certificate was not suspended, revoked or cancelled (due {deadline}).",
        ),
        "measure_not_on_certificate": Text(
            zh="执法人员 {officer}({officer_name}){year} 年度考核不合格({assessment}),记录的证件处理为"
               "{measure_zh},但其行政执法证件 {certificates} 自 {year_start} 起无相应记录(截止日 {deadline})。",
            en="Officer {officer} ({officer_name}) failed the {year} annual assessment ({assessment}) and the "
               "certificate is recorded as {measure}, but none of the certificates {certificates} shows that "
               "since {year_start} (due {deadline}).",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "jtj", "name": "区交通运输局", "level": "county"}],
            "officers": [{"id": "o1", "name": "周某", "department": "jtj", "postings": [{"start": "2021-06-01"}]},
                         {"id": "o2", "name": "吴某", "department": "jtj", "postings": [{"start": "2022-09-01"}]}],
            "certificates": [{"id": "1403301", "officer": "o2", "issued_on": "2022-10-01"}],
            "assessments": [{"id": "k1", "officer": "o1", "year": 2024, "result": "pass"},
                            {"id": "k2", "officer": "o2", "year": 2024, "result": "fail"}],
        },
        params={"due": "--03"}, effective="2025-01-01", as_of="2025-04-30", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "jtj", "name": "区交通运输局", "level": "county"}],
            "officers": [{"id": "o1", "name": "周某", "department": "jtj", "postings": [{"start": "2021-06-01"}]},
                         {"id": "o2", "name": "吴某", "department": "jtj", "postings": [{"start": "2022-09-01"}]}],
            "certificates": [{"id": "1403301", "officer": "o2", "issued_on": "2022-10-01",
                              "events": [{"date": "2025-03-10", "event": "suspended"}]}],
            "assessments": [{"id": "k1", "officer": "o1", "year": 2024, "result": "pass"},
                            {"id": "k2", "officer": "o2", "year": 2024, "result": "fail",
                             "certificate_measure": "suspended"}],
        },
        params={"due": "--03"}, effective="2025-01-01", as_of="2025-04-30", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data = context.dataset
        for officer in data.officers:
            assessments = data.assessments_by_officer.get(officer.id, [])
            # a year is assessed in the next: the year before the rule took effect is due while it is in force
            years = context.officer_years()
            for year in range(years.start - 1, years.stop):
                outcome = self._judge(officer, year, [a for a in assessments if a.year == year], context)
                if outcome is not None:
                    yield outcome

    def _judge(self, officer: Officer, year: int, assessments: list[Assessment], context: Context) -> Outcome | None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if officer.days_in_post(first, min(last, context.as_of)) == 0:
            return None  # not an officer that year
        deadline = self.params.due.on(year + 1)
        subject = SubjectRef(SubjectKind.officer, officer.id)
        evidence = {"officer": officer.id, "officer_name": officer.name, "year": year}
        if not self.params.assess_leavers and not officer.in_post_on(last):
            return Outcome(Status.not_applicable, subject, deadline, officer.department, str(year),
                           reason="left the post during the year")
        # an assessment completed after the as-of day has not happened yet
        assessments = [a for a in assessments if a.assessed_on is None or a.assessed_on <= context.as_of]
        if not assessments:
            verdict = judge_deadline(deadline, None, context.as_of, context.warn_days)
            return deadline_outcome(verdict, subject, department=officer.department, period=str(year),
                                    evidence=evidence | {"assessment": None,
                                                         "required": f"an annual assessment for {year} by {deadline}"})
        assessment = next((a for a in assessments if a.result is AssessmentResult.fail), assessments[0])
        evidence |= {"assessment": assessment.id, "result": assessment.result.value,
                     "certificate_measure": assessment.certificate_measure.value}
        if assessment.assessed_on is not None and assessment.assessed_on > deadline:
            verdict = judge_deadline(deadline, assessment.assessed_on, context.as_of, context.warn_days)
            return deadline_outcome(verdict, subject, department=officer.department, period=str(year),
                                    evidence=evidence | {"required": f"an annual assessment for {year} by {deadline}"})
        if assessment.result is not AssessmentResult.fail:
            return Outcome(Status.passed, subject, deadline, officer.department, str(year), evidence=evidence)
        problem = self._measure_problem(officer, year, assessment, context, evidence)
        if problem is None:
            return Outcome(Status.passed, subject, deadline, officer.department, str(year), evidence=evidence)
        verdict = judge_deadline(deadline, None, context.as_of, context.warn_days)
        evidence |= verdict.evidence() | {"required": "a failed assessment is followed by the certificate's "
                                                      f"suspension, revocation or cancellation by {deadline}"}
        status = {DeadlineStatus.missing: Status.violation, DeadlineStatus.due_soon: Status.warning}.get(
            verdict.status, Status.not_applicable)
        return Outcome(status, subject, deadline, officer.department, str(year),
                       message=problem if status is not Status.not_applicable else None, evidence=evidence,
                       reason=NOT_YET_DUE if status is Status.not_applicable else None)

    @staticmethod
    def _measure_problem(officer: Officer, year: int, assessment: Assessment, context: Context,
                         evidence: dict) -> str | None:
        """Which message a failed assessment calls for, or None if its measure shows on a certificate. Adds what
        was observed to ``evidence``."""
        as_of, year_start = context.as_of, dt.date(year, 1, 1)
        certificates = [c for c in context.dataset.certificates_by_officer.get(officer.id, [])
                        if c.issued_on <= as_of and c.certificate_kind is not CertificateKind.police]
        measure = assessment.certificate_measure
        evidence |= {"certificates": ", ".join(c.id for c in certificates) or "none",
                     "year_start": year_start.isoformat(), "measure": _MEASURE_EN[measure],
                     "measure_zh": _MEASURE_ZH[measure]}
        if not certificates:
            return None  # no certificate to act on
        if measure is CertificateMeasure.none:
            return "fail_without_measure"
        kind = CertificateEventKind(measure.value)
        shown = [(c.id, e.date) for c in certificates for e in c.events
                 if e.event is kind and year_start <= e.date <= as_of]
        evidence["measure_events"] = [{"certificate": c, "date": day.isoformat()} for c, day in shown]
        return None if shown else "measure_not_on_certificate"


@hookimpl
def compliance_rules():
    return [AnnualAssessment]
