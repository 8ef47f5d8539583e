"""Officer and certificate rules: two certified officers on a penalty, certificates revoked on leaving, issued
only after the exam, lost ones reissued, and the annual assessment with what follows a failed one."""

import json

import pytest
from records import _make, action, department, findings, officer, pack_ruleset, run, summary

from compliance import Assessment, Certificate, Officer, RulesetError

TWO = "two-certified-officers"
LEAVING = "certificate-revoked-on-leaving"
EXAM = "certificate-requires-exam"
LOST = "lost-certificate-reported"
ASSESSMENT = "annual-assessment"

# The packs as RULES.md lays them out: the national rule, the Shanxi rules (in force with the national pack,
# 2021-07-15), Yuncheng publishing on its website from 2024-01-28, Kuangqu's lost-certificate rule from 2024-03-20.
SHANXI = """
    id = "t-shanxi"
    title = "山西"
    title_en = "Shanxi"
    extends = "cn-shanxi"
    [rules.two-certified-officers]
    cite = "penalty-law"
    [rules.certificate-requires-exam]
    [rules.certificate-revoked-on-leaving]
    [rules.annual-assessment]
"""
YUNCHENG = """
    id = "t-yuncheng"
    title = "运城"
    title_en = "Yuncheng"
    extends = "t-shanxi"
    effective = 2024-01-28
    [rules.certificate-revoked-on-leaving]
    cite = "yuncheng"
    publish_on_website = true
    publish_since = 2024-01-28
"""
KUANGQU = """
    id = "t-kuangqu"
    title = "矿区"
    title_en = "Kuangqu"
    extends = "t-shanxi"
    effective = 2024-03-20
    [rules.lost-certificate-reported]
    cite = "kuangqu"
"""


@pytest.fixture
def shanxi(tmp_path):
    return pack_ruleset(tmp_path, SHANXI, pack_id="t-shanxi")


@pytest.fixture
def yuncheng(tmp_path):
    return pack_ruleset(tmp_path, SHANXI, YUNCHENG, pack_id="t-yuncheng")


@pytest.fixture
def kuangqu(tmp_path):
    return pack_ruleset(tmp_path, SHANXI, KUANGQU, pack_id="t-kuangqu")


def with_rule(tmp_path, rule: str, **params) -> object:
    """The Shanxi test pack with ``rule`` configured by ``params`` (TOML values)."""
    lines = "\n".join(f"    {k} = {json.dumps(v)}" for k, v in params.items())
    return pack_ruleset(tmp_path, SHANXI, f"""
    id = "t-tuned"
    title = "调"
    title_en = "Tuned"
    extends = "t-shanxi"
    [rules.{rule}]
{lines}
""", pack_id="t-tuned")


def cert(officer: str = "o1", *, id: str | None = None, issued_on: str = "2020-01-01", expires_on: str | None = None,
         exam: str | None = "2019-12-01", events: list[tuple] = ()) -> Certificate:
    """A certificate; each event is (date, kind) or (date, kind, published_on)."""
    fields = {"id": id or f"C-{officer}", "officer": officer, "issued_on": issued_on, "expires_on": expires_on,
              "exam_passed_on": exam,
              "events": [{"date": e[0], "event": e[1], **({"published_on": e[2]} if len(e) > 2 else {})}
                         for e in events]}
    return Certificate.from_json(json.dumps({k: v for k, v in fields.items() if v is not None}))


def officer_posted(id: str, *postings: dict) -> Officer:
    return Officer.from_json(json.dumps({"id": id, "name": f"姓名{id}", "department": "d1",
                                                   "postings": list(postings)}))


def assessment(year: int, result: str, *, officer: str = "o1", measure: str | None = None) -> Assessment:
    fields = {"id": f"K-{officer}-{year}", "officer": officer, "year": year, "result": result}
    if measure:
        fields["certificate_measure"] = measure
    return Assessment.from_json(json.dumps(fields))


# --- two-certified-officers --------------------------------------------------------------------------------


def penalty_with(second: Certificate | None, day: str = "2024-06-10", *, kind: str = "penalty", as_of="2025-01-01",
                 ruleset="cn-shanxi", shanxi_pack=None):
    records = [department(), officer("o1"), officer("o2"), cert("o1"), *([second] if second else []),
               action(day, ["o1", "o2"], id="P1", kind=kind)]
    return run(records, as_of, shanxi_pack or ruleset)


@pytest.mark.parametrize(("issued_on", "expires_on", "violations"), [
    ("2024-06-09", None, 0),
    ("2024-06-10", None, 0),  # issued on the day of the penalty
    ("2024-06-11", None, 1),  # issued the day after
    ("2020-01-01", "2024-06-10", 0),  # the expiry day is still valid
    ("2020-01-01", "2024-06-09", 1),  # expired the day before
])
def test_the_second_officer_needs_a_certificate_valid_that_day(shanxi, issued_on, expires_on, violations):
    report = penalty_with(cert("o2", issued_on=issued_on, expires_on=expires_on), shanxi_pack=shanxi)
    assert summary(report, TWO).violations == violations
    assert summary(report, TWO).passed == 1 - violations


def test_one_finding_per_penalty_with_every_officer_in_the_evidence(shanxi):
    report = penalty_with(cert("o2", issued_on="2020-01-01", events=[("2024-06-01", "suspended")]),
                          shanxi_pack=shanxi)
    (finding,) = findings(report, TWO)
    assert (finding.subject.kind, finding.subject.id, finding.subject.officer) == ("action", "P1", None)
    ev = finding.evidence
    assert (ev["certified_count"], ev["officer_count"], ev["required"]) == (1, 2, 2)
    assert ev["certified"] == ["o1"]
    assert [(o["officer"], o["certified"], o["state"]) for o in ev["officers"]] == [
        ("o1", True, "valid"), ("o2", False, "suspended")]
    assert "o2 姓名o2 (suspended)" in finding.message.en
    assert "证件被暂扣" in finding.message.zh and "不得少于 2 人" in finding.message.zh
    assert finding.citation.item == "第四十二条"


def test_a_penalty_by_one_certified_officer_alone_is_too_few(shanxi):
    records = [department(), officer("o1"), cert("o1"), action("2024-06-10", ["o1"], id="P1", kind="penalty")]
    (finding,) = findings(run(records, "2025-01-01", shanxi), TWO)
    assert (finding.evidence["certified_count"], finding.evidence["officer_count"]) == (1, 1)
    assert finding.evidence["uncertified_text"] == "none"


def test_only_penalties_are_checked_by_default(shanxi):
    report = penalty_with(None, kind="inspection", shanxi_pack=shanxi)
    assert summary(report, TWO).violations == 0
    assert summary(report, TWO).not_applicable == {"kind of action not checked by this pack": 1}


def test_an_empty_list_of_kinds_checks_every_kind(tmp_path):
    every_kind = with_rule(tmp_path, TWO, action_kinds=[])
    assert summary(penalty_with(None, kind="inspection", shanxi_pack=every_kind), TWO).violations == 1


def test_three_officers_required_where_a_pack_says_so(tmp_path):
    ruleset = with_rule(tmp_path, TWO, min_officers=3)
    report = penalty_with(cert("o2"), shanxi_pack=ruleset)
    (finding,) = findings(report, TWO)
    assert (finding.evidence["certified_count"], finding.evidence["required"]) == (2, 3)


def test_a_penalty_after_the_as_of_day_has_not_happened_yet(shanxi):
    report = penalty_with(None, "2024-06-10", as_of="2024-06-09", shanxi_pack=shanxi)
    assert summary(report, TWO).violations == summary(report, TWO).passed == 0


def test_a_penalty_before_the_revised_law_took_effect_is_not_applicable(shanxi):
    report = penalty_with(None, "2021-07-14", shanxi_pack=shanxi)
    assert summary(report, TWO).violations == 0
    assert summary(report, TWO).not_applicable == {"ended before the rule took effect on 2021-07-15 (cn)": 1}
    assert summary(penalty_with(None, "2021-07-15", shanxi_pack=shanxi), TWO).violations == 1


# --- certificate-revoked-on-leaving ------------------------------------------------------------------------


def leaver(*events, left_on: str = "2024-05-31", reason: str | None = "resigned", issued_on: str = "2020-01-01",
           expires_on: str | None = None, more=()):
    return [department(), officer("o1", start="2020-01-01", end=left_on, left_reason=reason),
            cert("o1", issued_on=issued_on, expires_on=expires_on, events=list(events)), *more]


def leaving(records, as_of: str, ruleset, **kw):
    report = run(records, as_of, ruleset, **kw)
    return findings(report, LEAVING), summary(report, LEAVING)


@pytest.mark.parametrize(("cancelled_on", "status", "days_late"), [
    ("2024-06-29", None, None),
    ("2024-06-30", None, None),  # 30 days after the last day in post: on time
    ("2024-07-01", "violation", 1),
    ("2024-07-10", "violation", 10),
])
def test_revoked_and_cancelled_within_thirty_days_of_the_last_day(shanxi, cancelled_on, status, days_late):
    found, counts = leaving(leaver(("2024-06-01", "revoked"), (cancelled_on, "cancelled")), "2024-12-31", shanxi)
    assert [f.status.value for f in found] == ([status] if status else [])
    if found:
        (f,) = found
        assert (f.evidence["deadline"], f.evidence["done_on"], f.evidence["days_late"]) == (
            "2024-06-30", cancelled_on, days_late)
        assert f.message.en.startswith("Officer o1 (姓名o1) left the enforcement post on 2024-05-31 (resigned)")
        assert "辞职" in f.message.zh and f.period == "2024-05-31"
    else:
        assert counts.passed == 1


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2024-05-30", None, None),  # still in post
    ("2024-06-30", "warning", {"days_left": 0}),  # the deadline day: not a violation yet
    ("2024-07-01", "violation", {"days_late": 1}),  # missing, a day overdue
])
def test_missing_revocation_around_the_deadline(shanxi, as_of, status, evidence):
    found, counts = leaving(leaver(), as_of, shanxi)
    assert [f.status.value for f in found] == ([status] if status else [])
    if evidence:
        assert evidence.items() <= found[0].evidence.items()
        assert found[0].evidence["outstanding"] == "C-o1 (revocation, cancellation)"
        assert "C-o1(收回、注销)" in found[0].message.zh
    else:
        assert counts.violations == counts.warnings == counts.passed == 0 and counts.not_applicable == {}


def test_a_deadline_further_off_than_the_warning_window_is_not_yet_due(shanxi):
    found, counts = leaving(leaver(), "2024-06-01", shanxi, warn_days=10)  # 29 days left
    assert found == []
    assert counts.not_applicable == {"deadline not yet passed": 1}


def test_revoked_but_not_cancelled_is_still_outstanding(shanxi):
    (f,), _ = leaving(leaver(("2024-06-03", "revoked")), "2024-07-15", shanxi)
    assert f.evidence["outstanding"] == "C-o1 (cancellation)"
    assert f.evidence["certificates"][0]["revoked_on"] == "2024-06-03"
    assert f.evidence["days_late"] == 15


def test_cancelled_without_being_revoked_is_missing_the_revocation(shanxi):
    (f,), _ = leaving(leaver(("2024-06-03", "cancelled")), "2024-07-15", shanxi)
    assert f.evidence["outstanding"] == "C-o1 (revocation)"


def test_a_revocation_before_the_last_day_counts(shanxi):
    records = leaver(("2024-05-20", "revoked"), ("2024-06-02", "cancelled"))
    assert leaving(records, "2024-12-31", shanxi)[1].passed == 1


def test_a_certificate_reported_lost_needs_only_cancelling(shanxi):
    records = leaver(("2024-03-01", "lost"), ("2024-06-10", "cancelled"))
    found, counts = leaving(records, "2024-12-31", shanxi)
    assert found == [] and counts.passed == 1


def test_an_expired_or_cancelled_certificate_is_nothing_to_revoke(shanxi):
    expired = leaver(expires_on="2024-05-30")
    cancelled = leaver(("2023-01-05", "cancelled"))
    for records in (expired, cancelled):
        found, counts = leaving(records, "2024-12-31", shanxi)
        assert found == []
        assert counts.not_applicable == {"held no certificate in force on the last day in post": 1}
    # expiring on the last day in post is still in force that day
    assert len(leaving(leaver(expires_on="2024-05-31"), "2024-12-31", shanxi)[0]) == 1


def test_every_certificate_in_force_is_checked(shanxi):
    records = [department(), officer("o1", end="2024-05-31", left_reason="transferred"),
               cert("o1", id="A", events=[("2024-06-01", "revoked"), ("2024-06-02", "cancelled")]),
               cert("o1", id="B", issued_on="2022-01-01")]
    (f,), _ = leaving(records, "2024-12-31", shanxi)
    assert f.evidence["outstanding"] == "B (revocation, cancellation)"
    assert [c["certificate"] for c in f.evidence["certificates"]] == ["A", "B"]
    assert f.evidence["left_reason"] == "transferred" and f.evidence["left_reason_zh"] == "调动"


def test_the_last_step_done_decides_how_late(shanxi):
    records = [department(), officer("o1", end="2024-05-31", left_reason="retired"),
               cert("o1", id="A", events=[("2024-06-01", "revoked"), ("2024-07-03", "cancelled")]),
               cert("o1", id="B", events=[("2024-06-01", "revoked"), ("2024-06-02", "cancelled")])]
    (f,), _ = leaving(records, "2024-12-31", shanxi)
    assert (f.status.value, f.message.en.split("; ")[1]) == (
        "violation", "the certificates were revoked and cancelled only on 2024-07-03, 3 day(s) after the deadline "
                     "2024-06-30.")


def test_an_officer_back_in_post_is_not_checked(shanxi):
    back = officer_posted("o1", {"start": "2020-01-01", "end": "2024-05-31", "left_reason": "transferred"},
                          {"start": "2024-06-15"})
    records = [department(), back, cert("o1")]
    assert leaving(records, "2024-12-31", shanxi)[0] == []
    # a return after the as-of day has not happened yet
    found, _ = leaving(records, "2024-06-14", shanxi)
    assert [f.status.value for f in found] == ["warning"]


def test_a_leaving_with_no_reason_recorded_still_counts(shanxi):
    (f,), _ = leaving(leaver(reason=None), "2024-12-31", shanxi)
    assert (f.evidence["left_reason"], f.evidence["left_reason_zh"]) == ("not recorded", "原因未记录")


def test_a_cancellation_after_the_as_of_day_is_not_seen(shanxi):
    records = leaver(("2024-06-01", "revoked"), ("2024-07-20", "cancelled"))
    (f,), _ = leaving(records, "2024-07-10", shanxi)
    assert f.evidence["done_on"] is None and f.evidence["days_late"] == 10
    assert f.evidence["certificates"][0]["cancelled_on"] is None


def test_the_number_of_days_is_a_parameter(tmp_path):
    ruleset = with_rule(tmp_path, LEAVING, within_days=10)
    on_time = leaver(("2024-06-01", "revoked"), ("2024-06-10", "cancelled"))
    late = leaver(("2024-06-01", "revoked"), ("2024-06-11", "cancelled"))
    assert leaving(on_time, "2024-12-31", ruleset)[1].passed == 1
    (f,), _ = leaving(late, "2024-12-31", ruleset)
    assert (f.evidence["deadline"], f.evidence["days_late"], f.evidence["within_days"]) == ("2024-06-10", 1, 10)


@pytest.mark.parametrize(("published_on", "status", "outstanding"), [
    ("2024-06-30", None, None),
    ("2024-07-01", "violation", ""),  # published late
    (None, "violation", "C-o1 (publication)"),
])
def test_yuncheng_publishes_the_cancellation_on_the_website(yuncheng, published_on, status, outstanding):
    cancel = ("2024-06-05", "cancelled", published_on) if published_on else ("2024-06-05", "cancelled")
    found, _ = leaving(leaver(("2024-06-01", "revoked"), cancel), "2024-12-31", yuncheng)
    assert [f.status.value for f in found] == ([status] if status else [])
    if found:
        assert found[0].evidence["outstanding"] == outstanding
        assert "published on the government website" in found[0].message.en
        assert "政府网站公布" in found[0].message.zh
        assert found[0].citation.number == "运政办发〔2024〕4号"


def test_a_publication_after_the_as_of_day_is_not_seen(yuncheng):
    records = leaver(("2024-06-01", "revoked"), ("2024-06-05", "cancelled", "2024-06-25"))
    (f,), _ = leaving(records, "2024-06-24", yuncheng)
    assert (f.status.value, f.evidence["outstanding"]) == ("warning", "C-o1 (publication)")
    assert f.evidence["certificates"][0]["published_on"] is None
    assert leaving(records, "2024-06-25", yuncheng)[0] == []


def test_publication_is_not_asked_of_deadlines_before_yuncheng_required_it(yuncheng, shanxi):
    # left 2023-12-20: the deadline 2024-01-19 is before the plan of 2024-01-28
    records = leaver(("2023-12-21", "revoked"), ("2023-12-22", "cancelled"), left_on="2023-12-20")
    assert leaving(records, "2024-12-31", yuncheng)[1].passed == 1
    records = leaver(("2023-12-30", "revoked"), ("2023-12-31", "cancelled"), left_on="2023-12-29")  # due 01-28
    (f,), _ = leaving(records, "2024-12-31", yuncheng)
    assert f.evidence["publish_on_website"] is True
    assert leaving(records, "2024-12-31", shanxi)[1].passed == 1  # the province does not ask for it


# --- certificate-requires-exam -----------------------------------------------------------------------------


def exam_case(exam: str | None, ruleset, *, issued_on: str = "2024-04-01", as_of: str = "2024-12-31"):
    report = run([department(), officer(), cert(issued_on=issued_on, exam=exam)], as_of, ruleset)
    return findings(report, EXAM), summary(report, EXAM)


@pytest.mark.parametrize(("exam", "message", "days"), [
    ("2024-03-31", None, None),
    ("2024-04-01", None, None),  # passed on the day of issue
    ("2024-04-02", "exam_after_issue", 1),
    (None, "no_exam", None),
])
def test_exam_passed_on_or_before_the_day_of_issue(shanxi, exam, message, days):
    found, counts = exam_case(exam, shanxi)
    assert counts.violations == (1 if message else 0)
    assert counts.passed == (0 if message else 1)
    if message:
        (f,) = found
        assert (f.subject.kind, f.subject.id, f.subject.officer) == ("certificate", "C-o1", "o1")
        assert f.evidence["exam_passed_on"] == exam and f.evidence.get("days_after_issue") == days
        assert f.evidence["issued_on"] == "2024-04-01"
    if message == "exam_after_issue":
        assert "1 day(s) later" in found[0].message.en and "晚于发证 1 天" in found[0].message.zh


def test_an_exam_after_the_as_of_day_has_not_been_passed_yet(shanxi):
    (f,), _ = exam_case("2024-04-20", shanxi, as_of="2024-04-10")
    assert f.evidence["exam_passed_on"] is None
    assert "no record of a passed qualification exam" in f.message.en


def test_a_certificate_issued_after_the_as_of_day_is_not_checked(shanxi):
    found, counts = exam_case(None, shanxi, issued_on="2025-01-05")
    assert found == [] and counts.passed == counts.violations == 0


def test_certificates_issued_before_the_rules_took_effect_are_not_applicable(shanxi):
    found, counts = exam_case(None, shanxi, issued_on="2021-07-14")
    assert found == [] and counts.not_applicable == {"ended before the rule took effect on 2021-07-15 (cn-shanxi)": 1}


# --- lost-certificate-reported -----------------------------------------------------------------------------


def lost_case(*events, as_of: str = "2024-12-31", ruleset):
    report = run([department(), officer(), cert(events=list(events))], as_of, ruleset)
    return findings(report, LOST), summary(report, LOST)


@pytest.mark.parametrize(("follow_up", "day", "days_late"), [
    ("reissue_applied", "2024-06-06", None),
    ("reissue_applied", "2024-06-07", None),  # 30 days after the report
    ("reissue_applied", "2024-06-08", 1),
    ("reissued", "2024-06-07", None),
    ("cancelled", "2024-06-07", None),
    ("reissued", "2024-06-20", 13),
])
def test_reissue_applied_for_within_thirty_days_of_the_report(kuangqu, follow_up, day, days_late):
    found, counts = lost_case(("2024-05-08", "lost"), (day, follow_up), ruleset=kuangqu)
    if days_late is None:
        assert found == [] and counts.passed == 1
    else:
        (f,) = found
        assert (f.status.value, f.evidence["days_late"], f.evidence["follow_up"]) == ("violation", days_late, follow_up)
        assert f"only on {day}" in f.message.en and f.period == "2024-05-08"


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2024-06-07", "warning", {"days_left": 0}),
    ("2024-06-08", "violation", {"days_late": 1}),
])
def test_no_reissue_applied_for_around_the_deadline(kuangqu, as_of, status, evidence):
    (f,), _ = lost_case(("2024-05-08", "lost"), as_of=as_of, ruleset=kuangqu)
    assert f.status.value == status and evidence.items() <= f.evidence.items()
    assert (f.subject.kind, f.subject.id) == ("certificate", "C-o1")
    assert f.evidence["deadline"] == "2024-06-07" and f.evidence["follow_up"] is None
    assert f.citation.item == "二(二)6"


def test_a_reissue_application_after_the_as_of_day_is_not_seen(kuangqu):
    (f,), _ = lost_case(("2024-05-08", "lost"), ("2024-06-01", "reissue_applied"), as_of="2024-05-31",
                        ruleset=kuangqu)
    assert f.status.value == "warning" and f.evidence["done_on"] is None


def test_each_loss_needs_its_own_application(kuangqu):
    found, counts = lost_case(("2024-04-01", "lost"), ("2024-04-10", "reissued"), ("2024-08-01", "lost"),
                              ruleset=kuangqu)
    assert counts.passed == 1
    assert [f.evidence["lost_on"] for f in found] == ["2024-08-01"]


def test_a_second_loss_before_any_application_leaves_the_first_unanswered(kuangqu):
    found, counts = lost_case(("2024-04-01", "lost"), ("2024-04-05", "lost"), ("2024-04-10", "reissue_applied"),
                              ruleset=kuangqu)
    assert [f.evidence["lost_on"] for f in found] == ["2024-04-01"]
    assert counts.passed == 1


def test_losses_due_before_the_kuangqu_measures_are_not_applicable(kuangqu):
    found, counts = lost_case(("2024-02-18", "lost"), ruleset=kuangqu)  # due 2024-03-19
    assert found == []
    assert counts.not_applicable == {"ended before the rule took effect on 2024-03-20 (t-kuangqu)": 1}
    found, _ = lost_case(("2024-02-19", "lost"), ruleset=kuangqu)  # due 2024-03-20
    assert len(found) == 1


def test_the_lost_certificate_rule_is_kuangqus_alone(shanxi):
    assert LOST not in {s.rule for s in run([department()], "2024-12-31", shanxi).rules}


# --- annual-assessment -------------------------------------------------------------------------------------


def assessed(*assessments, as_of: str = "2025-04-30", ruleset, certificates=(cert(),), **officer_kw):
    records = [department(), officer(start=officer_kw.pop("start", "2023-06-01"), **officer_kw),
               *certificates, *assessments]
    report = run(records, as_of, ruleset)
    return [f for f in findings(report, ASSESSMENT) if f.period == "2024"], summary(report, ASSESSMENT)


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2025-02-28", None, None),  # 31 days left: not warned
    ("2025-03-01", "warning", {"days_left": 30}),
    ("2025-03-31", "warning", {"days_left": 0}),  # due today
    ("2025-04-01", "violation", {"days_late": 1}),
])
def test_an_assessment_for_the_year_by_the_end_of_march(shanxi, as_of, status, evidence):
    found, _ = assessed(assessment(2023, "pass"), as_of=as_of, ruleset=shanxi)
    assert [f.status.value for f in found] == ([status] if status else [])
    if evidence:
        assert evidence.items() <= found[0].evidence.items()
        assert found[0].evidence["deadline"] == "2025-03-31" and found[0].evidence["assessment"] is None
        assert "2024" in found[0].message.en and "年度考核" in found[0].message.zh


@pytest.mark.parametrize("result", ["pass", "excellent", "basic_pass"])
def test_an_assessment_on_file_passes(shanxi, result):
    found, counts = assessed(assessment(2023, "pass"), assessment(2024, result), ruleset=shanxi)
    assert found == [] and counts.passed == 2  # 2023 and 2024


@pytest.mark.parametrize(("as_of", "status"), [
    ("2025-02-28", None),  # the measure is due with the assessment
    ("2025-03-31", "warning"),
    ("2025-04-01", "violation"),
])
def test_a_failed_assessment_needs_a_measure_on_the_certificate(shanxi, as_of, status):
    found, _ = assessed(assessment(2024, "fail"), as_of=as_of, ruleset=shanxi)
    assert [f.status.value for f in found] == ([status] if status else [])
    if found:
        assert found[0].evidence["certificate_measure"] == "none"
        assert "not suspended, revoked or cancelled" in found[0].message.en
        assert "暂扣、收回或者注销" in found[0].message.zh


@pytest.mark.parametrize(("event_day", "violations"), [
    ("2024-01-01", 0),  # the day the assessment year began
    ("2025-04-30", 0),  # the as-of day
    (None, 1),
    ("2025-05-01", 1),  # after the as-of day: not seen
])
def test_the_measure_shows_on_a_certificate_since_the_year_began(shanxi, event_day, violations):
    events = [(event_day, "suspended")] if event_day else []
    found, counts = assessed(assessment(2023, "pass"), assessment(2024, "fail", measure="suspended"),
                             ruleset=shanxi, certificates=[cert(events=events)])
    assert counts.violations == violations
    if found:
        (f,) = found
        assert f.evidence["measure"] == "suspended" and f.evidence["measure_zh"] == "暂扣"
        assert f.evidence["certificates"] == "C-o1" and f.evidence["year_start"] == "2024-01-01"
        assert "shows that since 2024-01-01" in f.message.en


def test_the_event_must_match_the_measure_recorded(shanxi):
    found, _ = assessed(assessment(2024, "fail", measure="cancelled"), ruleset=shanxi,
                        certificates=[cert(events=[("2024-06-01", "suspended")])])
    assert [f.evidence["measure"] for f in found] == ["cancelled"]
    found, _ = assessed(assessment(2024, "fail", measure="revoked"), ruleset=shanxi,
                        certificates=[cert(events=[("2025-01-10", "revoked"), ("2025-01-12", "cancelled")])])
    assert found == []


def test_a_suspension_before_the_year_began_does_not_answer_the_failure(shanxi):
    found, _ = assessed(assessment(2024, "fail", measure="suspended"), ruleset=shanxi,
                        certificates=[cert(events=[("2023-12-31", "suspended")])])
    assert len(found) == 1


def test_an_officer_without_a_certificate_has_none_to_act_on(shanxi):
    found, counts = assessed(assessment(2023, "pass"), assessment(2024, "fail"), ruleset=shanxi, certificates=())
    assert found == [] and counts.passed == 2


def test_years_not_in_post_are_not_checked(shanxi):
    found, counts = assessed(assessment(2023, "pass"), ruleset=shanxi, start="2025-01-10")
    assert found == [] and counts.violations == counts.passed == 0


def test_a_leaver_is_assessed_unless_the_pack_says_otherwise(tmp_path, shanxi):
    kw = {"end": "2024-05-31", "left_reason": "retired"}
    found, _ = assessed(assessment(2023, "pass"), ruleset=shanxi, **kw)
    assert [(f.status.value, f.evidence["assessment"]) for f in found] == [("violation", None)]
    found, counts = assessed(assessment(2023, "pass"), ruleset=with_rule(tmp_path, ASSESSMENT, assess_leavers=False),
                             **kw)
    assert found == [] and counts.not_applicable == {"left the post during the year": 1}


def test_the_deadline_is_a_parameter(tmp_path):
    ruleset = with_rule(tmp_path, ASSESSMENT, due="--01-31")
    found, _ = assessed(assessment(2023, "pass"), as_of="2025-02-01", ruleset=ruleset)
    assert [(f.evidence["deadline"], f.evidence["days_late"]) for f in found] == [("2025-01-31", 1)]


def test_a_fixed_deadline_is_refused(tmp_path):
    with pytest.raises(RulesetError, match="yearly"):
        with_rule(tmp_path, ASSESSMENT, due="2025-03")


@pytest.mark.parametrize(("assessed_on", "status", "days_late"), [
    ("2025-03-31", None, None),  # the deadline day
    ("2025-04-01", "violation", 1),
])
def test_an_assessment_completed_after_the_deadline_is_late(assessed_on, status, days_late):
    assessment = _make(Assessment, id="S1", officer="o1", year=2024, result="pass", assessed_on=assessed_on)
    report = run([department(), officer("o1", start="2020-01-01"), assessment], "2025-06-01")
    found = [f for f in findings(report, "annual-assessment") if f.period == "2024"]
    assert [f.status.value for f in found] == ([status] if status else [])
    if found:
        assert found[0].evidence["days_late"] == days_late
        assert "on 2025-04-01, 1 day(s) after the deadline 2025-03-31" in found[0].message.en


def test_an_assessment_completed_after_the_as_of_day_has_not_happened_yet():
    assessment = _make(Assessment, id="S1", officer="o1", year=2024, result="pass", assessed_on="2025-03-20")
    report = run([department(), officer("o1", start="2020-01-01"), assessment], "2025-03-10")
    (found,) = [f for f in findings(report, "annual-assessment") if f.period == "2024"]
    assert found.status.value == "warning" and found.evidence["assessment"] is None
