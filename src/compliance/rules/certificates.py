"""Officer and certificate rules: who may enforce, and with which certificate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated

from pydantic import Field, Strict

from ..citations import (
    KUANGQU_MEASURES,
    PENALTY_LAW,
    YUANMOU_TASKS,
    YUNCHENG_PLAN,
    Citation,
)
from ..models import ActionKind, Certificate, CertificateState
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import Context, Example, Outcome, Rule, RuleParams, SubjectRef


class CertificateBeforeEnforcementParams(RuleParams):
    action_kinds: list[Annotated[ActionKind, Strict(False)]] | None = Field(
        None, description="Kinds of action checked; empty checks every kind."
    )


# Preferring the certificate that comes closest to being valid makes the evidence say the most useful thing:
# "expired on ..." rather than "not yet issued" when an officer holds one of each.
_CLOSEST_TO_VALID = [
    CertificateState.suspended, CertificateState.lost, CertificateState.expired,
    CertificateState.revoked, CertificateState.cancelled, CertificateState.not_yet_issued,
]


class CertificateBeforeEnforcement(Rule):
    """An officer carries out an enforcement action only while holding a valid certificate (持证上岗).

    What it checks: for every action and every officer named on it, that on the action's date the officer
    holds a certificate that was issued on or before that day, has not expired (the expiry day itself is still
    valid), and is not suspended, revoked, cancelled or reported lost on that day. An event counts from its
    own date on: a certificate suspended on the day of the action is not valid that day. One finding per action
    and officer without a valid certificate.

    Subject: the action, with the officer. The obligation ends on the action's date.
    """

    id = "certificate-before-enforcement"
    title = Text(zh="持证上岗", en="Enforcement only with a valid certificate")
    subject_kind = SubjectKind.action
    Params = CertificateBeforeEnforcementParams
    citations = {
        "kuangqu": Citation.of(
            KUANGQU_MEASURES, "二(二)5",
            "行政执法人员应当参加执法培训且通过行政执法资格考试,考试合格并取得行政执法证件后方可上岗执法,"
            "严禁未取得证件的人员独立从事行政执法工作。",
        ),
        "yuncheng": Citation.of(
            YUNCHENG_PLAN, "二(二)4",
            "行政执法人员应当参加执法培训且通过行政执法资格考试，考试合格并取得行政执法证件后方可上岗执法，"
            "严禁未取得证件的人员从事行政执法工作。",
        ),
        "yuanmou": Citation.of(YUANMOU_TASKS, "任务分工 一", "落实网上资格考试制度和落实持证上岗制度"),
        "penalty-law": Citation.of(PENALTY_LAW, "第四十二条", "行政处罚应当由具有行政执法资格的执法人员实施"),
    }
    messages = {
        "uncertified": Text(
            zh="执法人员 {officer}({officer_name})于 {date} 参与执法行为 {action},当日未持有有效的行政执法证件({state_zh})。",
            en="Officer {officer} ({officer_name}) took part in action {action} on {date} without a valid "
               "enforcement certificate that day ({state}).",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "张某", "department": "scjg", "postings": [{"start": "2020-01-01"}]}],
            "certificates": [{"id": "1403001", "officer": "o1", "issued_on": "2020-02-01",
                              "expires_on": "2024-06-30"}],
            "actions": [{"id": "KQ-2024-0135", "department": "scjg", "action_kind": "inspection",
                         "officers": ["o1"], "date": "2024-07-15"}],
        },
        as_of="2024-12-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "张某", "department": "scjg", "postings": [{"start": "2020-01-01"}]}],
            "certificates": [{"id": "1403001", "officer": "o1", "issued_on": "2020-02-01",
                              "expires_on": "2024-06-30"}],
            "actions": [{"id": "KQ-2024-0101", "department": "scjg", "action_kind": "inspection",
                         "officers": ["o1"], "date": "2024-06-30"}],
        },
        as_of="2024-12-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data = context.dataset
        kinds = set(self.params.action_kinds) if self.params.action_kinds else None
        for action in data.actions:
            if action.date > context.as_of:
                continue  # not happened yet as of the day of the check
            for officer_id in action.officers:
                subject = SubjectRef(SubjectKind.action, action.id, officer_id)
                if kinds is not None and action.action_kind not in kinds:
                    yield Outcome(Status.not_applicable, subject, action.date, action.department,
                                  reason="kind of action not checked by this pack")
                    continue
                certificates = data.certificates_by_officer.get(officer_id, [])
                states = [(c, c.state_on(action.date)) for c in certificates]
                if any(state is CertificateState.valid for _, state in states):
                    yield Outcome(Status.passed, subject, action.date, action.department)
                    continue
                yield Outcome(
                    Status.violation, subject, action.date, action.department, message="uncertified",
                    evidence=_evidence(officer_id, data.officer_by_id[officer_id].name, action.id, action.date,
                                       states),
                )


_STATE_ZH = {
    "none": "无证件", CertificateState.not_yet_issued: "尚未发证", CertificateState.expired: "证件已过期",
    CertificateState.suspended: "证件被暂扣", CertificateState.revoked: "证件已收回",
    CertificateState.cancelled: "证件已注销", CertificateState.lost: "证件已遗失",
}


def _evidence(officer: str, name: str, action: str, day: dt.date,
              states: list[tuple[Certificate, CertificateState]]) -> dict:
    evidence = {"officer": officer, "officer_name": name, "action": action, "date": day.isoformat(),
                "required": "a certificate valid on the day of the action"}
    if not states:
        return evidence | {"state": "no certificate", "state_zh": _STATE_ZH["none"], "certificate": None}
    certificate, state = min(states, key=lambda cs: _CLOSEST_TO_VALID.index(cs[1]))
    return evidence | {
        "state": state.value, "state_zh": _STATE_ZH[state], "certificate": certificate.id,
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
        "certificates_held": [c.id for c, _ in states],
    }


@hookimpl
def compliance_rules():
    return [CertificateBeforeEnforcement]
