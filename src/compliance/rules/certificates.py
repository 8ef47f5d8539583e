"""Officer and certificate rules: who may enforce, and with which certificate."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Annotated

import polars as pl
from pydantic import Field, Strict

from ..citations import (
    KUANGQU_MEASURES,
    PENALTY_LAW,
    YUANMOU_TASKS,
    YUNCHENG_PLAN,
    Citation,
)
from ..dataset import Dataset
from ..deadlines import judge_deadline
from ..models import (
    ActionKind,
    Certificate,
    CertificateEventKind,
    CertificateKind,
    CertificateState,
    LeaveReason,
    Officer,
    Posting,
)
from ..plugins import hookimpl
from ..report import Status, SubjectKind, Text
from ..rule import Context, Example, Outcome, Rule, RuleParams, SubjectRef, deadline_outcome, outcome_frame

#: Why the enforcement-certificate duties pass a police card by: both documents (Kuangqu 二(二)6, 运政办发〔2024〕4号
#: 二(二)4) say "人民警察证件的管理使用按照人民警察法的规定执行".
POLICE_CARD = "a police card: its management and use follow the People's Police Law"


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
_RANK = {state.value: rank for rank, state in enumerate(_CLOSEST_TO_VALID)}


class CertificateBeforeEnforcement(Rule):
    """An officer carries out an enforcement action only while holding a valid certificate (持证上岗).

    What it checks: for every action and every officer named on it, that on the action's date the officer
    holds a certificate that was issued on or before that day, has not expired (the expiry day itself is still
    valid), and is not suspended, revoked, cancelled or reported lost on that day. An event counts from its
    own date on: a certificate suspended on the day of the action is not valid that day. One finding per action
    and officer without a valid certificate. A people's police card (人民警察证, ``certificate_kind`` police)
    valid that day counts as an enforcement certificate does: it is the certificate a police officer enforces
    with, and the documents leave its management and use to the People's Police Law rather than exclude it
    ("人民警察证件的管理使用按照人民警察法的规定执行", Kuangqu 二(二)6, 运政办发〔2024〕4号 二(二)4).

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
            zh="执法人员 {officer}({officer_name})于 {date} 参与执法行为 {action},当日未持有有效的行政执法证件"
               "或人民警察证({state_zh})。",
            en="Officer {officer} ({officer_name}) took part in action {action} on {date} without a valid "
               "enforcement certificate or police card that day ({state}).",
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

    def evaluate_frames(self, context: Context) -> pl.LazyFrame:
        frames = context.dataset.frames
        # each action dated on or before the as-of day (later ones have not happened yet), once per officer on it
        pairs = frames.action_officers(context.as_of).with_columns(subject="action", ends_on="day")
        kinds = [kind.value for kind in self.params.action_kinds or ()]
        checked = pairs.filter(pl.col("action_kind").cast(pl.String).is_in(kinds)) if kinds else pairs
        not_checked = pairs.filter(~pl.col("action_kind").cast(pl.String).is_in(kinds)) if kinds else pairs.clear()
        uncertified = checked.filter(~pl.col("certified")).collect()
        # the evidence names the certificate closest to being valid, the first in order of issue on a tie
        closest = (
            frames.certificate_states(uncertified).sort("officer", "day", "issued_on", "certificate")
            .with_columns(rank=pl.col("state").replace_strict(_RANK, default=None, return_dtype=pl.Int32))
            .group_by("officer", "day", maintain_order=True)
            .agg(certificates_held=pl.col("certificate").drop_nulls().cast(pl.String),
                 **{c: pl.col(c).get(pl.col("rank").arg_min()) for c in ("certificate", "state", "issued_on",
                                                                        "expires_on")})
        )
        names = frames.officers.lazy().select(officer="id", officer_name="name")
        state = pl.col("state").fill_null("no certificate")
        evidence = pl.struct(
            "officer", "officer_name", action="subject", date=_iso("day"),
            required=pl.lit("a certificate valid on the day of the action"), state=state,
            state_zh=state.replace_strict(_STATE_ZH, return_dtype=pl.String), certificate="certificate",
            issued_on=_iso("issued_on"), expires_on=_iso("expires_on"), certificates_held="certificates_held",
        )
        violations = (uncertified.lazy().join(closest, on=["officer", "day"], how="left").join(names, on="officer", how="left")
                      .with_columns(pl.col("officer", "officer_name", "certificate").cast(pl.String))
                      .select("subject", "officer", "ends_on", "department", evidence=evidence,
                              status=pl.lit(Status.violation.value), message=pl.lit("uncertified")))
        return outcome_frame(
            not_checked.with_columns(status=pl.lit(Status.not_applicable.value),
                                     reason=pl.lit("kind of action not checked by this pack")),
            checked.filter("certified").with_columns(status=pl.lit(Status.passed.value)),
            violations,
        )


def _iso(column: str) -> pl.Expr:
    return pl.col(column).dt.to_string("%Y-%m-%d")


def _states_on(data: Dataset, officer_id: str, day: dt.date) -> list[tuple[Certificate, CertificateState]]:
    """Each certificate the officer holds, with its state on ``day`` (see :meth:`Certificate.state_on`)."""
    return [(c, c.state_on(day)) for c in data.certificates_by_officer.get(officer_id, [])]


_STATE_ZH = {
    "no certificate": "无证件", CertificateState.not_yet_issued: "尚未发证", CertificateState.expired: "证件已过期",
    CertificateState.suspended: "证件被暂扣", CertificateState.revoked: "证件已收回",
    CertificateState.cancelled: "证件已注销", CertificateState.lost: "证件已遗失",
    CertificateState.valid: "证件有效",
}


# --- two-certified-officers --------------------------------------------------------------------------------


class TwoCertifiedOfficersParams(RuleParams):
    min_officers: int = Field(2, ge=1, description="Officers with a valid certificate required on each action.")
    action_kinds: list[Annotated[ActionKind, Strict(False)]] | None = Field(
        [ActionKind.penalty], description="Kinds of action checked (default: penalties); empty checks every kind."
    )


_ACTION_KIND_ZH = {
    ActionKind.penalty: "行政处罚", ActionKind.licensing: "行政许可", ActionKind.inspection: "行政检查",
    ActionKind.coercion: "行政强制", ActionKind.levy: "行政征收征用", ActionKind.other: "执法行为",
}


class TwoCertifiedOfficers(Rule):
    """An administrative penalty is carried out by at least two officers holding valid certificates.

    What it checks: for every action of the kinds checked (by default penalties, 行政处罚) dated on or before the
    as-of day, that at least ``min_officers`` (2) of the officers named on it hold a valid certificate on the
    action's date, in the same sense as ``certificate-before-enforcement``: issued on or before that day, not
    expired (the expiry day is still valid), and not suspended, revoked, cancelled or reported lost that day; a
    valid people's police card (人民警察证) counts, as it does there. Named officers without a valid certificate
    do not count. One finding per action, listing every officer named and whether each was certified. The law's
    exception ("法律另有规定的除外") has no field in the records: a pack for a field where a law allows one
    officer sets ``min_officers`` or ``action_kinds``.

    Subject: the action. The obligation ends on the action's date.
    """

    id = "two-certified-officers"
    title = Text(zh="执法人员不少于两人", en="At least two certified officers")
    subject_kind = SubjectKind.action
    Params = TwoCertifiedOfficersParams
    citations = {
        "penalty-law": Citation.of(PENALTY_LAW, "第四十二条", "执法人员不得少于两人，法律另有规定的除外。"),
    }
    messages = {
        "too_few": Text(
            zh="{action_kind_zh} {action}({date})的执法人员中,当日持有有效行政执法证件或人民警察证的仅 "
               "{certified_count} 人(共 {officer_count} 人),不得少于 {required} 人。未持有效证件:"
               "{uncertified_text_zh}。",
            en="Only {certified_count} of the {officer_count} officer(s) on {action_kind} {action} ({date}) held a "
               "valid enforcement certificate or police card that day; at least {required} are required. Without "
               "a valid certificate: {uncertified_text}.",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "张某", "department": "scjg", "postings": [{"start": "2020-01-01"}]},
                         {"id": "o2", "name": "李某", "department": "scjg", "postings": [{"start": "2024-05-06"}]}],
            "certificates": [{"id": "1403001", "officer": "o1", "issued_on": "2020-02-01"}],
            "actions": [{"id": "KQ-CF-2024-017", "department": "scjg", "action_kind": "penalty",
                         "officers": ["o1", "o2"], "date": "2024-07-15"}],
        },
        as_of="2024-12-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "scjg", "name": "区市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "张某", "department": "scjg", "postings": [{"start": "2020-01-01"}]},
                         {"id": "o2", "name": "李某", "department": "scjg", "postings": [{"start": "2024-05-06"}]}],
            "certificates": [{"id": "1403001", "officer": "o1", "issued_on": "2020-02-01"},
                             {"id": "1403087", "officer": "o2", "issued_on": "2024-07-15"}],
            "actions": [{"id": "KQ-CF-2024-017", "department": "scjg", "action_kind": "penalty",
                         "officers": ["o1", "o2"], "date": "2024-07-15"}],
        },
        as_of="2024-12-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data, p = context.dataset, self.params
        kinds = set(p.action_kinds) if p.action_kinds else None
        for action in data.actions:
            if action.date > context.as_of:
                continue  # not happened yet as of the day of the check
            subject = SubjectRef(SubjectKind.action, action.id)
            if kinds is not None and action.action_kind not in kinds:
                yield Outcome(Status.not_applicable, subject, action.date, action.department,
                              reason="kind of action not checked by this pack")
                continue
            officers = []
            for officer_id in action.officers:
                states = _states_on(data, officer_id, action.date)
                certificate, state = _closest_to_valid(states)
                officer = data.officer_by_id.get(officer_id)
                officers.append({"officer": officer_id, "officer_name": officer.name if officer else None,
                                 "certified": state is CertificateState.valid,
                                 "certificate": certificate.id if certificate else None,
                                 "state": state.value if state else "no certificate",
                                 "state_zh": _STATE_ZH[state or "no certificate"]})
            certified = [o["officer"] for o in officers if o["certified"]]
            if len(certified) >= p.min_officers:
                yield Outcome(Status.passed, subject, action.date, action.department)
                continue
            uncertified = [o for o in officers if not o["certified"]]
            yield Outcome(
                Status.violation, subject, action.date, action.department, message="too_few",
                evidence={
                    "action": action.id, "action_kind": action.action_kind.value,
                    "action_kind_zh": _ACTION_KIND_ZH[action.action_kind], "date": action.date.isoformat(),
                    "officers": officers, "certified": certified, "certified_count": len(certified),
                    "officer_count": len(officers), "required": p.min_officers,
                    "uncertified_text": ", ".join(f"{o['officer']} {o['officer_name']} ({o['state']})"
                                                  for o in uncertified) or "none",
                    "uncertified_text_zh": "、".join(f"{o['officer']} {o['officer_name']}({o['state_zh']})"
                                                     for o in uncertified) or "无",
                },
            )


def _closest_to_valid(states: list[tuple[Certificate, CertificateState]]
                      ) -> tuple[Certificate | None, CertificateState | None]:
    """The certificate that comes closest to being valid on the day (a valid one if any); (None, None) for none."""
    if not states:
        return None, None
    order = [CertificateState.valid, *_CLOSEST_TO_VALID]
    return min(states, key=lambda cs: order.index(cs[1]))


# --- certificate-revoked-on-leaving ------------------------------------------------------------------------

#: States in which a certificate is still the leaver's to hand back: not yet expired and not cancelled. A revoked
#: one still needs cancelling; a lost one cannot be handed back, so it only needs cancelling.
_OUTSTANDING = frozenset({CertificateState.valid, CertificateState.suspended, CertificateState.lost,
                          CertificateState.revoked})
_LEAVE_REASON_ZH = {
    LeaveReason.transferred: "调动", LeaveReason.resigned: "辞职", LeaveReason.dismissed: "辞退",
    LeaveReason.retired: "退休", LeaveReason.other: "其他原因", None: "原因未记录",
}
_STEP_ZH = {"revocation": "收回", "cancellation": "注销", "publication": "网站公布"}


class CertificateRevokedOnLeavingParams(RuleParams):
    within_days: int = Field(
        30, ge=0, description="Days after the last day in post within which the certificates must be revoked "
                              "and cancelled (the sources say 及时, promptly, without a number)."
    )
    publish_on_website: bool = Field(
        False, description="The cancellation must also be published on the government website within the same "
                           "days (Yuncheng: 同时在政府网站公布相关信息)."
    )
    publish_since: dt.date | None = Field(
        None, description="Publication is required only where the deadline falls on or after this day (the day "
                          "the document requiring it took effect); empty: wherever publish_on_website is set."
    )


class CertificateRevokedOnLeaving(Rule):
    """An officer who leaves the enforcement post has the certificates revoked and cancelled promptly.

    What it checks: for each officer whose last posting has ended on or before the as-of day (调动, 辞职, 辞退,
    退休 or another reason, or no reason recorded), every certificate still outstanding on the last day in post
    (valid, suspended, reported lost, or revoked but not yet cancelled; not one already expired or cancelled)
    has a ``revoked`` (收回) event and a ``cancelled`` (注销) event, each dated on or before the deadline:
    ``within_days`` days after the last day in post (inclusive; the sources say "及时", promptly, without a
    number, so the default is 30). A revocation dated before the leaving counts; a certificate reported lost
    cannot be handed back, so it only needs cancelling. With ``publish_on_website`` the cancellation event also
    needs a ``published_on`` day on or before the deadline (Yuncheng), for deadlines on or after
    ``publish_since``. A step still missing after the deadline is a violation (days overdue), one done after it
    is a violation (days late, counted from the last step done), and within ``warn_days`` of the deadline a
    step still open is a warning. An officer with a later posting that began on or before the as-of day is back
    in an enforcement post and is not checked for the earlier leaving; an officer who held no outstanding
    certificate on the last day in post is not applicable.

    A certificate cancelled on the last day in post itself was held into that day and is the leaving's: it is
    judged in the state it was in before that day's cancellation, so its revocation and, with
    ``publish_on_website``, the publication of its cancellation are still required. One cancelled on an earlier
    day is not: the officer stayed in the enforcement post without it, so by the records it ended for a reason
    of its own (a renewal, a failed assessment, a loss), which they do not record and other rules judge; the
    leaving found nothing of it to hand back. The records say no more of why a certificate was cancelled than
    its day, so a cancellation made a day or more ahead of a leaving already known is not checked either.

    A people's police card (人民警察证) is not the enforcement certificate the cited sentence means:
    "人民警察证件的管理使用按照人民警察法的规定执行" (the same item of both documents), so police cards are not
    checked, and an officer whose outstanding certificates are all police cards is not applicable for that reason.

    Subject: the officer, per leaving (period: the last day in post). The obligation ends on the deadline.
    """

    id = "certificate-revoked-on-leaving"
    title = Text(zh="离岗收回并注销执法证件", en="Certificate revoked and cancelled on leaving the post")
    subject_kind = SubjectKind.officer
    Params = CertificateRevokedOnLeavingParams
    citations = {
        "kuangqu": Citation.of(
            KUANGQU_MEASURES, "二(二)6",
            "行政执法人员因调动、辞职、辞退、退休或其他原因离开执法岗位的,要依法及时收回并注销行政执法证件。",
        ),
        "yuncheng": Citation.of(
            YUNCHENG_PLAN, "二(二)4",
            "行政执法人员因调动、辞职、辞退、退休或其他原因离开执法岗位的，要依法及时收回并注销行政执法证件，"
            "同时在政府网站公布相关信息。",
        ),
    }
    messages = {
        "missing": Text(
            zh="执法人员 {officer}({officer_name})于 {left_on} 离开执法岗位({left_reason_zh}),其行政执法证件应于 "
               "{deadline} 前{steps_zh},尚未完成:{outstanding_zh},已逾期 {days_late} 天。",
            en="Officer {officer} ({officer_name}) left the enforcement post on {left_on} ({left_reason}); the "
               "certificates were to be {steps} by {deadline}, still outstanding: {outstanding}; {days_late} "
               "day(s) overdue.",
        ),
        "late": Text(
            zh="执法人员 {officer}({officer_name})于 {left_on} 离开执法岗位({left_reason_zh}),其行政执法证件于 "
               "{done_on} 才{steps_zh},晚于截止日 {deadline} {days_late} 天。",
            en="Officer {officer} ({officer_name}) left the enforcement post on {left_on} ({left_reason}); the "
               "certificates were {steps} only on {done_on}, {days_late} day(s) after the deadline {deadline}.",
        ),
        "due_soon": Text(
            zh="执法人员 {officer}({officer_name})于 {left_on} 离开执法岗位({left_reason_zh}),其行政执法证件应于 "
               "{deadline} 前{steps_zh},尚未完成:{outstanding_zh},还有 {days_left} 天。",
            en="Officer {officer} ({officer_name}) left the enforcement post on {left_on} ({left_reason}); the "
               "certificates are to be {steps} by {deadline}, still outstanding: {outstanding}; {days_left} "
               "day(s) left.",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "zrzyj", "name": "区自然资源局", "level": "county"}],
            "officers": [{"id": "o1", "name": "王某", "department": "zrzyj",
                          "postings": [{"start": "2018-03-01", "end": "2024-05-31", "left_reason": "retired"}]}],
            "certificates": [{"id": "1403022", "officer": "o1", "issued_on": "2018-04-10",
                              "events": [{"date": "2024-06-05", "event": "revoked"}]}],
        },
        as_of="2024-09-30", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "zrzyj", "name": "区自然资源局", "level": "county"}],
            "officers": [{"id": "o1", "name": "王某", "department": "zrzyj",
                          "postings": [{"start": "2018-03-01", "end": "2024-05-31", "left_reason": "retired"}]}],
            "certificates": [{"id": "1403022", "officer": "o1", "issued_on": "2018-04-10",
                              "events": [{"date": "2024-06-05", "event": "revoked"},
                                         {"date": "2024-06-30", "event": "cancelled"}]}],
        },
        as_of="2024-09-30", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data = context.dataset
        for officer in data.officers:
            postings = [posting for posting in officer.postings if posting.start <= context.as_of]
            if not postings or postings[-1].end is None or postings[-1].end > context.as_of:
                continue  # in post as of the day of the check
            yield self._judge(officer, postings[-1], context)

    def _judge(self, officer: Officer, posting: Posting, context: Context) -> Outcome:
        p, as_of = self.params, context.as_of
        left_on = posting.end
        assert left_on is not None
        deadline = left_on + dt.timedelta(days=p.within_days)
        publish = p.publish_on_website and (p.publish_since is None or deadline >= p.publish_since)
        department = posting.department or officer.department
        subject = SubjectRef(SubjectKind.officer, officer.id)
        in_force = [(c, state) for c in context.dataset.certificates_by_officer.get(officer.id, [])
                    if (state := _held_into(c, left_on)) in _OUTSTANDING]
        held = [(c, state) for c, state in in_force if c.certificate_kind is not CertificateKind.police]
        if not held:
            return Outcome(Status.not_applicable, subject, deadline, department, left_on.isoformat(),
                           reason=POLICE_CARD if in_force else "held no certificate in force on the last day in post",
                           starts_on=left_on)
        certificates, outstanding, done = [], [], []
        for certificate, state in held:
            seen = {e.event: e for e in reversed(certificate.events) if e.date <= as_of}  # the first of each kind
            revoked, cancelled = seen.get(CertificateEventKind.revoked), seen.get(CertificateEventKind.cancelled)
            published_on = cancelled.published_on if cancelled and cancelled.published_on else None
            if published_on is not None and published_on > as_of:
                published_on = None
            steps = {"cancellation": cancelled.date if cancelled else None}
            if state is not CertificateState.lost:
                steps = {"revocation": revoked.date if revoked else None} | steps
            if publish:
                steps["publication"] = published_on
            missing = [step for step, day in steps.items() if day is None]
            finished = None if missing else max(day for day in steps.values() if day is not None)
            certificates.append({
                "certificate": certificate.id, "state_on_leaving": state.value,
                "revoked_on": revoked.date.isoformat() if revoked else None,
                "cancelled_on": cancelled.date.isoformat() if cancelled else None,
                "published_on": published_on.isoformat() if published_on else None,
                "missing": missing, "done_on": finished.isoformat() if finished else None,
                "days_late": (finished - deadline).days if finished and finished > deadline else None,
            })
            if missing:
                outstanding.append((certificate.id, missing))
            else:
                done.append(finished)
        done_on = max(done) if not outstanding else None
        verdict = judge_deadline(deadline, done_on, as_of, context.warn_days)
        steps_en = "revoked, cancelled and published on the government website" if publish else "revoked and cancelled"
        evidence = {
            "officer": officer.id, "officer_name": officer.name, "left_on": left_on.isoformat(),
            "left_reason": posting.left_reason.value if posting.left_reason else "not recorded",
            "left_reason_zh": _LEAVE_REASON_ZH[posting.left_reason], "within_days": p.within_days,
            "publish_on_website": publish, "certificates": certificates,
            "steps": steps_en, "steps_zh": "收回并注销,并在政府网站公布" if publish else "收回并注销",
            "outstanding": "; ".join(f"{c} ({', '.join(m)})" for c, m in outstanding),
            "outstanding_zh": ";".join(f"{c}({'、'.join(_STEP_ZH[s] for s in m)})" for c, m in outstanding),
            "required": f"certificates {steps_en} within {p.within_days} day(s) of the last day in post",
        }
        return deadline_outcome(verdict, subject, department=department, period=left_on.isoformat(),
                                evidence=evidence, starts_on=left_on)


def _held_into(certificate: Certificate, day: dt.date) -> CertificateState:
    """The certificate's state on ``day`` as its holder held it into the day: one cancelled that very day in the
    state it was in before (nothing follows a cancellation, so that is its last event)."""
    state = certificate.state_on(day)
    if state is CertificateState.cancelled and certificate.events[-1].date == day:
        return dataclasses.replace(certificate, events=certificate.events[:-1]).state_on(day)
    return state


# --- certificate-requires-exam -----------------------------------------------------------------------------


class CertificateRequiresExam(Rule):
    """A certificate is issued only after its holder passed the enforcement qualification exam.

    What it checks: for every certificate issued on or before the as-of day, that ``exam_passed_on`` (the day the
    holder passed the qualification exam, 行政执法资格考试) is given, is on or before the as-of day and is on or
    before ``issued_on`` (passing on the day of issue is in order). No exam date is one violation; an exam
    passed after the certificate was issued is another (with the days between). Whether the holder also took
    the enforcement training the sentence names is not checked: a training record does not say it prepared for
    the exam. A people's police card (人民警察证) is not applicable: the exam is the enforcement certificate's,
    and "人民警察证件的管理使用按照人民警察法的规定执行" (Kuangqu 二(二)6, 运政办发〔2024〕4号 二(二)4).

    Subject: the certificate. The obligation ends on the day of issue.
    """

    id = "certificate-requires-exam"
    title = Text(zh="考试合格后发证", en="Certificate only after the qualification exam")
    subject_kind = SubjectKind.certificate
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
        "yuanmou": Citation.of(YUANMOU_TASKS, "任务分工 一", "落实网上资格考试制度"),
    }
    messages = {
        "no_exam": Text(
            zh="行政执法证件 {certificate}(持证人 {officer} {officer_name})于 {issued_on} 发证,"
               "无行政执法资格考试合格记录。",
            en="Certificate {certificate} (holder {officer} {officer_name}) was issued on {issued_on} with no record "
               "of a passed qualification exam.",
        ),
        "exam_after_issue": Text(
            zh="行政执法证件 {certificate}(持证人 {officer} {officer_name})于 {issued_on} 发证,"
               "而资格考试于 {exam_passed_on} 才合格,晚于发证 {days_after_issue} 天。",
            en="Certificate {certificate} (holder {officer} {officer_name}) was issued on {issued_on}, but the "
               "qualification exam was passed only on {exam_passed_on}, {days_after_issue} day(s) later.",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "yjj", "name": "区应急管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "赵某", "department": "yjj", "postings": [{"start": "2024-03-01"}]}],
            "certificates": [{"id": "1403105", "officer": "o1", "issued_on": "2024-04-01",
                              "exam_passed_on": "2024-04-20"}],
        },
        as_of="2024-12-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "yjj", "name": "区应急管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "赵某", "department": "yjj", "postings": [{"start": "2024-03-01"}]}],
            "certificates": [{"id": "1403105", "officer": "o1", "issued_on": "2024-05-10",
                              "exam_passed_on": "2024-04-20"}],
        },
        as_of="2024-12-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data = context.dataset
        for certificate in data.certificates:
            if certificate.issued_on > context.as_of:
                continue  # not issued yet as of the day of the check
            officer = data.officer_by_id.get(certificate.officer)
            department = officer.department if officer else None
            subject = SubjectRef(SubjectKind.certificate, certificate.id, certificate.officer)
            if certificate.certificate_kind is CertificateKind.police:
                yield Outcome(Status.not_applicable, subject, certificate.issued_on, department, reason=POLICE_CARD)
                continue
            exam = certificate.exam_passed_on
            if exam is not None and exam > context.as_of:
                exam = None  # not passed yet as of the day of the check
            if exam is not None and exam <= certificate.issued_on:
                yield Outcome(Status.passed, subject, certificate.issued_on, department)
                continue
            evidence = {
                "certificate": certificate.id, "officer": certificate.officer,
                "officer_name": officer.name if officer else None, "issued_on": certificate.issued_on.isoformat(),
                "exam_passed_on": exam.isoformat() if exam else None,
                "required": "qualification exam passed on or before the day of issue",
            }
            if exam is None:
                yield Outcome(Status.violation, subject, certificate.issued_on, department, message="no_exam",
                              evidence=evidence)
            else:
                yield Outcome(Status.violation, subject, certificate.issued_on, department,
                              message="exam_after_issue",
                              evidence=evidence | {"days_after_issue": (exam - certificate.issued_on).days})


# --- lost-certificate-reported -----------------------------------------------------------------------------

#: What deals with a lost certificate: an application for a new one (申请补办), the new one, or cancellation.
_AFTER_LOSS = (CertificateEventKind.reissue_applied, CertificateEventKind.reissued, CertificateEventKind.cancelled)
_EVENT_ZH = {CertificateEventKind.reissue_applied: "申请补办", CertificateEventKind.reissued: "补办",
             CertificateEventKind.cancelled: "注销"}


class LostCertificateReportedParams(RuleParams):
    within_days: int = Field(
        30, ge=0, description="Days after the loss was reported within which a reissue is applied for (the "
                              "source gives no number)."
    )


class LostCertificateReported(Rule):
    """A certificate reported lost is followed by an application for a reissue.

    What it checks: for every ``lost`` event of a certificate dated on or before the as-of day (the day the loss
    was reported to the holder's department), that a ``reissue_applied`` (申请补办), ``reissued`` (补办) or
    ``cancelled`` (注销) event follows it, before any later loss, dated on or before the deadline:
    ``within_days`` days after the report (inclusive; the source gives no number, so the default is 30).
    Missing after the deadline (days overdue) and done after it (days late) are violations; within
    ``warn_days`` of the deadline an open one is a warning. A loss never reported has no record to check. The
    loss of a people's police card (人民警察证) is not applicable: "人民警察证件的管理使用按照人民警察法的规定执行"
    (the same item).

    Subject: the certificate, per loss (period: the day it was reported lost). The obligation ends on the
    deadline.
    """

    id = "lost-certificate-reported"
    title = Text(zh="证件遗失申请补办", en="Lost certificate reported and reissue applied for")
    subject_kind = SubjectKind.certificate
    Params = LostCertificateReportedParams
    citations = {
        "kuangqu": Citation.of(
            KUANGQU_MEASURES, "二(二)6",
            "行政执法证件遗失的,证件遗失人要向本人所在行政执法部门报告,并向发证部门申请补办。",
        ),
    }
    messages = {
        "missing": Text(
            zh="行政执法证件 {certificate}(持证人 {officer} {officer_name})于 {lost_on} 报告遗失,"
               "未在 {deadline} 前向发证部门申请补办,已逾期 {days_late} 天。",
            en="Certificate {certificate} (holder {officer} {officer_name}) was reported lost on {lost_on}, and no "
               "reissue was applied for by {deadline}: {days_late} day(s) overdue.",
        ),
        "late": Text(
            zh="行政执法证件 {certificate}(持证人 {officer} {officer_name})于 {lost_on} 报告遗失,"
               "{done_on} 才{follow_up_zh},晚于截止日 {deadline} {days_late} 天。",
            en="Certificate {certificate} (holder {officer} {officer_name}) was reported lost on {lost_on}; it was "
               "{follow_up} only on {done_on}, {days_late} day(s) after the deadline {deadline}.",
        ),
        "due_soon": Text(
            zh="行政执法证件 {certificate}(持证人 {officer} {officer_name})于 {lost_on} 报告遗失,"
               "尚未申请补办,距截止日 {deadline} 还有 {days_left} 天。",
            en="Certificate {certificate} (holder {officer} {officer_name}) was reported lost on {lost_on}; no "
               "reissue applied for yet, due {deadline}, in {days_left} day(s).",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "hbj", "name": "区生态环境分局", "level": "county"}],
            "officers": [{"id": "o1", "name": "孙某", "department": "hbj", "postings": [{"start": "2021-01-01"}]}],
            "certificates": [{"id": "1403210", "officer": "o1", "issued_on": "2021-03-01",
                              "events": [{"date": "2024-05-08", "event": "lost"}]}],
        },
        as_of="2024-12-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "hbj", "name": "区生态环境分局", "level": "county"}],
            "officers": [{"id": "o1", "name": "孙某", "department": "hbj", "postings": [{"start": "2021-01-01"}]}],
            "certificates": [{"id": "1403210", "officer": "o1", "issued_on": "2021-03-01",
                              "events": [{"date": "2024-05-08", "event": "lost"},
                                         {"date": "2024-05-20", "event": "reissue_applied"},
                                         {"date": "2024-06-18", "event": "reissued"}]}],
        },
        as_of="2024-12-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data, as_of = context.dataset, context.as_of
        for certificate in data.certificates:
            officer = data.officer_by_id.get(certificate.officer)
            department = officer.department if officer else None
            subject = SubjectRef(SubjectKind.certificate, certificate.id, certificate.officer)
            events = certificate.events
            for n, lost in enumerate(events):
                if lost.event is not CertificateEventKind.lost or lost.date > as_of:
                    continue
                deadline = lost.date + dt.timedelta(days=self.params.within_days)
                if certificate.certificate_kind is CertificateKind.police:
                    yield Outcome(Status.not_applicable, subject, deadline, department, lost.date.isoformat(),
                                  reason=POLICE_CARD, starts_on=lost.date)
                    continue
                follow_up = None
                for event in events[n + 1:]:
                    if event.event is CertificateEventKind.lost:
                        break  # lost again before anything was done
                    if event.event in _AFTER_LOSS:
                        follow_up = event
                        break
                verdict = judge_deadline(deadline, follow_up.date if follow_up else None, as_of, context.warn_days)
                seen = follow_up if verdict.done_on is not None else None
                evidence = {
                    "certificate": certificate.id, "officer": certificate.officer,
                    "officer_name": officer.name if officer else None, "lost_on": lost.date.isoformat(),
                    "within_days": self.params.within_days,
                    "follow_up": seen.event.value if seen else None,
                    "follow_up_zh": _EVENT_ZH[seen.event] if seen else None,
                    "required": f"a reissue applied for within {self.params.within_days} day(s) of the report",
                }
                yield deadline_outcome(verdict, subject, department=department, period=lost.date.isoformat(),
                                       evidence=evidence, starts_on=lost.date)


@hookimpl
def compliance_rules():
    return [CertificateBeforeEnforcement, TwoCertifiedOfficers, CertificateRevokedOnLeaving, CertificateRequiresExam,
            LostCertificateReported]
