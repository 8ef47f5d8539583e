"""The plug-in of Demo County (山西省示例市演示县, fictional): one rule of its own, and its pack.

compliance finds this module through the entry point in pyproject.toml and calls the two hook functions
below, exactly as it calls its built-in plug-ins:

- ``compliance_rules`` returns the rule classes this county adds (here one: certificate-renewed-before-expiry);
- ``compliance_rulesets`` returns the directory holding the county's declarative pack, cn-shanxi-demo-county.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib.resources import files

from pydantic import Field

from compliance import Certificate, Citation, Document, Officer, Status, Text, hookimpl
from compliance.deadlines import judge_deadline
from compliance.models import CertificateState
from compliance.report import SubjectKind
from compliance.rule import Context, Example, Outcome, Rule, RuleParams, SubjectRef, deadline_outcome

#: The county's own measures. Fictional, like the county: 示例市 (Example City) and 演示县 (Demo County) do not
#: exist. The text quoted below stands in ``sources/demo-county-measures.txt`` beside this package.
DEMO_COUNTY_MEASURES = Document(
    title="《示例市演示县提升行政执法质量三年行动实施措施》",
    number="演示县政办发〔2024〕1号",
    issuer="示例市演示县人民政府办公室",
    issued=dt.date(2024, 4, 1),
)

#: A certificate revoked (收回) or cancelled (注销) is not renewed: there is nothing left to renew.
_ENDED = (CertificateState.revoked, CertificateState.cancelled)


class CertificateRenewedBeforeExpiryParams(RuleParams):
    renew_before_days: int = Field(
        30, ge=0, description="The new certificate is issued at least this many days before the old one's last "
                              "valid day; 0: on that day at the latest."
    )


class CertificateRenewedBeforeExpiry(Rule):
    """A certificate is renewed at least 30 days before it expires (证件到期前换证).

    What it checks: for every certificate that has an expiry day, that its holder was issued a new certificate
    on or before the renewal deadline, which is ``renew_before_days`` days before the old certificate's last
    valid day (the deadline day itself is on time). A new certificate is one of the same holder, issued after
    the old one and valid beyond the old one's expiry (no expiry, or a later one); the earliest issued counts.
    A certificate issued after the check's as-of day has not been issued yet. Not checked: certificates with
    no expiry day; a certificate revoked or cancelled on or before the deadline; a holder not in an enforcement
    post on the deadline; a certificate valid for fewer days than ``renew_before_days`` (its deadline would be
    before its issue). A deadline not yet passed is not a violation: within ``warn_days`` it is a warning.

    Subject: the certificate. The obligation ends on the renewal deadline.
    """

    id = "certificate-renewed-before-expiry"
    title = Text(zh="执法证件到期前换证", en="Certificate renewed before it expires")
    subject_kind = SubjectKind.certificate
    Params = CertificateRenewedBeforeExpiryParams
    citations = {
        "demo-county": Citation.of(
            DEMO_COUNTY_MEASURES, "二(二)3",
            "行政执法证件有效期届满30日前，持证人所在部门应当为其申请换发新证，严禁持过期证件从事行政执法工作。",
        ),
    }
    messages = {
        "missing": Text(
            zh="执法人员 {officer}({officer_name})的行政执法证件 {certificate} 有效期至 {expires_on},"
               "应于 {deadline} 前换发新证,已逾期 {days_late} 天仍未换证。",
            en="The enforcement certificate {certificate} of officer {officer} ({officer_name}), valid until "
               "{expires_on}, was due for renewal by {deadline} and has not been renewed: {days_late} day(s) "
               "overdue.",
        ),
        "late": Text(
            zh="执法人员 {officer}({officer_name})的行政执法证件 {certificate} 有效期至 {expires_on},"
               "于 {done_on} 换发新证 {renewed_by},晚于换证截止日 {deadline} {days_late} 天。",
            en="The enforcement certificate {certificate} of officer {officer} ({officer_name}), valid until "
               "{expires_on}, was renewed on {done_on} (certificate {renewed_by}), {days_late} day(s) after the "
               "deadline {deadline}.",
        ),
        "due_soon": Text(
            zh="执法人员 {officer}({officer_name})的行政执法证件 {certificate} 有效期至 {expires_on},"
               "尚未换发新证,距换证截止日 {deadline} 还有 {days_left} 天。",
            en="The enforcement certificate {certificate} of officer {officer} ({officer_name}), valid until "
               "{expires_on}, has not been renewed yet; renewal is due {deadline}, in {days_left} day(s).",
        ),
    }

    example_breaks = Example(
        records={
            "departments": [{"id": "scjg", "name": "演示县市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "王某", "department": "scjg", "postings": [{"start": "2019-05-01"}]}],
            "certificates": [
                {"id": "1499001", "officer": "o1", "issued_on": "2019-07-01", "expires_on": "2024-06-30"},
                {"id": "1499107", "officer": "o1", "issued_on": "2024-06-20", "expires_on": "2029-06-19"},
            ],
        },
        as_of="2024-12-31", violations=1,
    )
    example_keeps = Example(
        records={
            "departments": [{"id": "scjg", "name": "演示县市场监督管理局", "level": "county"}],
            "officers": [{"id": "o1", "name": "王某", "department": "scjg", "postings": [{"start": "2019-05-01"}]}],
            "certificates": [
                {"id": "1499001", "officer": "o1", "issued_on": "2019-07-01", "expires_on": "2024-06-30"},
                {"id": "1499107", "officer": "o1", "issued_on": "2024-05-20", "expires_on": "2029-05-19"},
            ],
        },
        as_of="2024-12-31", violations=0,
    )

    def evaluate(self, context: Context) -> Iterator[Outcome]:
        data = context.dataset
        for officer in data.officers:
            held = [c for c in data.certificates_by_officer.get(officer.id, ()) if c.issued_on <= context.as_of]
            for certificate in held:
                if certificate.expires_on is not None:
                    yield self._judge(certificate, certificate.expires_on, officer, held, context)

    def _judge(self, certificate: Certificate, expires_on: dt.date, officer: Officer, held: list[Certificate],
               context: Context) -> Outcome:
        deadline = expires_on - dt.timedelta(days=self.params.renew_before_days)
        subject = SubjectRef(SubjectKind.certificate, certificate.id)

        def not_applicable(reason: str) -> Outcome:
            return Outcome(Status.not_applicable, subject, deadline, officer.department, reason=reason)

        if deadline < certificate.issued_on:
            return not_applicable("valid for fewer days than the renewal notice")
        if certificate.state_on(deadline) in _ENDED:
            return not_applicable("revoked or cancelled by the renewal deadline")
        if not officer.in_post_on(deadline):
            return not_applicable("holder not in an enforcement post on the renewal deadline")
        renewal = _renewal(certificate, expires_on, held)
        verdict = judge_deadline(deadline, renewal.issued_on if renewal else None, context.as_of, context.warn_days)
        evidence = {
            "certificate": certificate.id, "officer": officer.id, "officer_name": officer.name,
            "issued_on": certificate.issued_on.isoformat(), "expires_on": expires_on.isoformat(),
            "renew_before_days": self.params.renew_before_days, "renewed_by": renewal.id if renewal else None,
            "required": f"a new certificate issued by {deadline}, {self.params.renew_before_days} day(s) before "
                        f"{expires_on}",
        }
        return deadline_outcome(verdict, subject, department=officer.department, period=None, evidence=evidence)


def _renewal(certificate: Certificate, expires_on: dt.date, held: list[Certificate]) -> Certificate | None:
    """The earliest certificate of the same holder issued after ``certificate`` and valid beyond ``expires_on``,
    its last valid day. ``held`` is the holder's certificates issued by the as-of day, oldest first."""
    return next((c for c in held if c.issued_on > certificate.issued_on
                 and (c.expires_on is None or c.expires_on > expires_on)), None)


@hookimpl
def compliance_rules():
    return [CertificateRenewedBeforeExpiry]


@hookimpl
def compliance_rulesets():
    return [files("compliance_pack_demo_county") / "rulesets"]
