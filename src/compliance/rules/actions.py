"""Enforcement-action rules: how a case is decided (Administrative Penalty Law, 2021)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import Field

from ..citations import KUANGQU_MEASURES, PENALTY_LAW, Citation
from ..deadlines import judge_deadline
from ..models import ActionKind, EnforcementAction
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import Context, Example, Outcome, Rule, RuleParams, SubjectRef, deadline_outcome


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class LegalReviewBeforeMajorDecision(Rule):
    """A major enforcement decision (重大执法决定) is made only after its legal review (法制审核).

    What it checks: for every action marked ``major_decision``, that its ``legal_review_on`` is on or before the
    day of the decision: ``decided_on``, or the action's ``date`` where ``decided_on`` is empty. A review on the
    day of the decision itself is in time. No review dated on or before the as-of day is a violation (missing);
    a review after the decision is a violation too (late, with the days after the decision). Actions not marked
    major are not subjects, nor are decisions dated after the as-of day (not made yet).

    Subject: the action. The obligation ends on the day of the decision.
    """

    id = "legal-review-before-major-decision"
    title = Text(zh="重大执法决定法制审核", en="Legal review before a major enforcement decision")
    subject_kind = SubjectKind.action
    citations = {
        "penalty-law": Citation.of(
            PENALTY_LAW, "第五十八条",
            "有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定法制审核的人员进行法制审核；"
            "未经法制审核或者审核未通过的，不得作出决定",
        ),
        "kuangqu": Citation.of(
            KUANGQU_MEASURES, "二(五)13",
            "全面落实《山西省行政执法公示办法》《山西省行政执法全过程记录办法》《山西省重大行政执法决定法制审核办法》,"
            "全面实现执法信息公开透明、执法全过程可回溯、执法决定合法有效",
        ),
    }
    messages = {
        "missing": Text(
            zh="重大执法决定 {action} 于 {decided_on} 作出,未经法制审核。",
            en="Major enforcement decision {action} was made on {decided_on} without a legal review.",
        ),
        "late": Text(
            zh="重大执法决定 {action} 于 {decided_on} 作出,法制审核日期为 {legal_review_on},晚于决定 {days_late} 天。",
            en="Major enforcement decision {action} was made on {decided_on}, but its legal review is dated "
               "{legal_review_on}, {days_late} day(s) after the decision.",
        ),
    }
    example_breaks = Example(
        records={
            "departments": [{"id": "yjj", "name": "区应急管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "赵某", "department": "yjj", "postings": [{"start": "2019-01-01"}]},
                         {"id": "o2", "name": "钱某", "department": "yjj", "postings": [{"start": "2019-01-01"}]}],
            "actions": [{"id": "KQYJ-2024-017", "department": "yjj", "action_kind": "penalty", "officers": ["o1", "o2"],
                         "date": "2024-09-12", "filed_on": "2024-08-01", "decided_on": "2024-09-12",
                         "major_decision": True, "legal_review_on": "2024-09-14"}],
        },
        as_of="2024-12-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "yjj", "name": "区应急管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "赵某", "department": "yjj", "postings": [{"start": "2019-01-01"}]},
                         {"id": "o2", "name": "钱某", "department": "yjj", "postings": [{"start": "2019-01-01"}]}],
            "actions": [{"id": "KQYJ-2024-017", "department": "yjj", "action_kind": "penalty", "officers": ["o1", "o2"],
                         "date": "2024-09-12", "filed_on": "2024-08-01", "decided_on": "2024-09-12",
                         "major_decision": True, "legal_review_on": "2024-09-12"}],
        },
        as_of="2024-12-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        for action in context.dataset.actions:
            if not action.major_decision:
                continue
            decided = action.decided_on or action.date
            if decided > context.as_of:
                continue  # not decided yet as of the day of the check
            yield self._judge(action, decided, context.as_of)

    def _judge(self, action: EnforcementAction, decided: dt.date, as_of: dt.date) -> Outcome:
        subject = SubjectRef(SubjectKind.action, action.id)
        review = action.legal_review_on if action.legal_review_on and action.legal_review_on <= as_of else None
        if review is not None and review <= decided:
            return Outcome(Status.passed, subject, decided, action.department)
        evidence = {
            "action": action.id, "action_kind": action.action_kind.value, "decided_on": decided.isoformat(),
            "decision_day_from": "decided_on" if action.decided_on else "date", "legal_review_on": _iso(review),
            "required": "a legal review on or before the day of the decision",
        }
        if review is None:
            return Outcome(Status.violation, subject, decided, action.department, message="missing", evidence=evidence)
        return Outcome(Status.violation, subject, decided, action.department, message="late",
                       evidence=evidence | {"days_late": (review - decided).days})


class DecisionWithin90DaysParams(RuleParams):
    limit_days: int = Field(
        90, ge=1, description="Days from filing (立案) within which the penalty decision is made; a law, regulation "
                              "or rule may set another limit (法律、法规、规章另有规定的,从其规定)."
    )


class DecisionWithin90Days(Rule):
    """A penalty case is decided within 90 days of being filed (立案).

    What it checks: for every penalty action (``action_kind`` penalty) with a ``filed_on`` day, that its
    ``decided_on`` is at most ``limit_days`` days after ``filed_on``: decided on day 90 is on time, on day 91 it
    is late (a violation, with the days late). A case not decided as of the check is a violation once the as-of
    day is past ``filed_on`` + ``limit_days`` (missing, with the days overdue), a warning within ``warn_days``
    before. Only ``decided_on`` counts as the decision (the action's ``date`` does not), and a decision dated
    after the as-of day has not been made yet. A penalty with no ``filed_on`` is not applicable; a case filed
    after the as-of day is not a subject, nor are actions of other kinds.

    Subject: the action. The obligation ends on the last day of the limit (filed_on + limit_days).
    """

    id = "decision-within-90-days"
    title = Text(zh="行政处罚决定期限", en="Penalty decided within 90 days of filing")
    subject_kind = SubjectKind.action
    Params = DecisionWithin90DaysParams
    citations = {
        "penalty-law": Citation.of(
            PENALTY_LAW, "第六十条",
            "行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，从其规定。",
        ),
    }
    messages = {
        "late": Text(
            zh="行政处罚案件 {action} 于 {filed_on} 立案,{done_on} 才作出决定,历时 {days_taken} 天,超过 {limit_days} 天的"
               "期限(截止 {deadline}){days_late} 天。",
            en="Penalty case {action} was filed on {filed_on} and decided on {done_on}, {days_taken} days later: "
               "{days_late} day(s) beyond the {limit_days}-day limit, which ended on {deadline}.",
        ),
        "missing": Text(
            zh="行政处罚案件 {action} 于 {filed_on} 立案,至今未作出决定,已超过 {limit_days} 天的期限(截止 {deadline})"
               "{days_late} 天。",
            en="Penalty case {action}, filed on {filed_on}, is still undecided {days_late} day(s) after the "
               "{limit_days}-day limit ended on {deadline}.",
        ),
        "due_soon": Text(
            zh="行政处罚案件 {action} 于 {filed_on} 立案,尚未作出决定,距 {limit_days} 天的期限届满({deadline})还有 "
               "{days_left} 天。",
            en="Penalty case {action}, filed on {filed_on}, is not decided yet; the {limit_days}-day limit ends on "
               "{deadline}, in {days_left} day(s).",
        ),
    }
    example_breaks = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "孙某", "department": "scjg", "postings": [{"start": "2019-01-01"}]},
                         {"id": "o2", "name": "周某", "department": "scjg", "postings": [{"start": "2019-01-01"}]}],
            "actions": [{"id": "KQSJ-2024-052", "department": "scjg", "action_kind": "penalty", "officers": ["o1", "o2"],
                         "date": "2024-06-01", "filed_on": "2024-03-02", "decided_on": "2024-06-01"}],
        },
        as_of="2024-12-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "孙某", "department": "scjg", "postings": [{"start": "2019-01-01"}]},
                         {"id": "o2", "name": "周某", "department": "scjg", "postings": [{"start": "2019-01-01"}]}],
            "actions": [{"id": "KQSJ-2024-052", "department": "scjg", "action_kind": "penalty", "officers": ["o1", "o2"],
                         "date": "2024-05-31", "filed_on": "2024-03-02", "decided_on": "2024-05-31"}],
        },
        as_of="2024-12-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        limit = self.params.limit_days
        for action in context.dataset.actions:
            if action.action_kind is not ActionKind.penalty:
                continue
            subject = SubjectRef(SubjectKind.action, action.id)
            if action.filed_on is None:
                if action.date <= context.as_of:
                    yield Outcome(Status.not_applicable, subject, action.date, action.department,
                                  reason="no filing day (filed_on)")
                continue
            if action.filed_on > context.as_of:
                continue  # not filed yet as of the day of the check
            deadline = action.filed_on + dt.timedelta(days=limit)
            verdict = judge_deadline(deadline, action.decided_on, context.as_of, context.warn_days)
            evidence = {
                "action": action.id, "filed_on": action.filed_on.isoformat(), "decided_on": _iso(verdict.done_on),
                "limit_days": limit,
                "days_taken": (verdict.done_on - action.filed_on).days if verdict.done_on else None,
                "required": f"decided within {limit} days of filing",
            }
            yield deadline_outcome(verdict, subject, department=action.department, period=None, evidence=evidence)


@hookimpl
def compliance_rules():
    return [LegalReviewBeforeMajorDecision, DecisionWithin90Days]
