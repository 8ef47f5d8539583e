"""full-rotation-training, required-curriculum, legal-review-before-major-decision, decision-within-90-days:
deadlines the day before, on and after, missing vs late, records after the as-of day, and the evidence shown."""

import json
from itertools import count

import pytest
from pydantic import ValidationError
from records import department, findings, officer, pack_ruleset, run, summary

from compliance import EnforcementAction, Officer, TrainingRecord
from compliance.errors import RulesetError
from compliance.rules.training import RequiredCurriculumParams

ROTATION = "full-rotation-training"
CURRICULUM = "required-curriculum"
REVIEW = "legal-review-before-major-decision"
NINETY = "decision-within-90-days"

_ids = count(1)


def _make(model, **fields):
    return model.from_json(json.dumps({k: v for k, v in fields.items() if v is not None}))


def trained(date: str, *, officer: str = "o1", rotation: bool = False, documents: list[str] | None = None,
            hours: float = 4, category: str = "professional") -> TrainingRecord:
    return _make(TrainingRecord, id=f"T{next(_ids)}", officer=officer, date=date, hours=hours, category=category,
                 rotation=rotation, documents=documents)


def rotated(date: str, officer: str = "o1") -> TrainingRecord:
    return trained(date, officer=officer, rotation=True)


def taught(date: str, document: str = "国办发〔2023〕27号", officer: str = "o1") -> TrainingRecord:
    return trained(date, officer=officer, documents=[document], category="public_legal")


def case(*, kind: str = "penalty", date: str = "2024-06-01", filed_on: str | None = None,
         decided_on: str | None = None, major: bool = False, review: str | None = None,
         id: str = "A1") -> EnforcementAction:
    return _make(EnforcementAction, id=id, department="d1", action_kind=kind, officers=["o1", "o2"], date=date,
                 filed_on=filed_on, decided_on=decided_on, major_decision=major, legal_review_on=review)


KUANGQU_PACK = """
    id = "test"
    title = "测试"
    title_en = "Test"
    extends = "cn-shanxi-yangquan-kuangqu"
    [rules.full-rotation-training]
    cite = "kuangqu"
    due = "--06"
    [rules.required-curriculum]
    cite = "kuangqu"
"""

YUNCHENG_PACK = """
    id = "test"
    title = "测试"
    title_en = "Test"
    extends = "cn-shanxi-yuncheng"
    [rules.full-rotation-training]
    cite = "yuncheng"
    due = "2024-06"
    [rules.required-curriculum]
    cite = "yuncheng"
"""

CN_PACK = """
    id = "test"
    title = "测试"
    title_en = "Test"
    extends = "cn"
    [rules.legal-review-before-major-decision]
    cite = "penalty-law"
    [rules.decision-within-90-days]
    cite = "penalty-law"
    {extra}
"""


@pytest.fixture
def kuangqu(tmp_path):
    return pack_ruleset(tmp_path, KUANGQU_PACK)


@pytest.fixture
def yuncheng(tmp_path):
    return pack_ruleset(tmp_path, YUNCHENG_PACK)


@pytest.fixture
def cn(tmp_path):
    return pack_ruleset(tmp_path, CN_PACK.format(extra=""))


def two_officers(*training, **kw):
    return [department(), officer("o1", **kw), officer("o2"), *training]


def in_year(report, rule, period):
    return [f for f in findings(report, rule) if f.period == period]


# --- full-rotation-training ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("last_rotation", "status", "days_late"), [
    ("2025-06-29", None, None),
    ("2025-06-30", None, None),  # the deadline day itself is on time
    ("2025-07-01", "violation", 1),
    ("2025-07-10", "violation", 10),
])
def test_rotation_due_end_of_june(kuangqu, last_rotation, status, days_late):
    report = run(two_officers(rotated("2025-04-01", "o1"), rotated(last_rotation, "o2")), "2025-07-31", kuangqu)
    found = in_year(report, ROTATION, "2025")
    assert [f.status.value for f in found] == ([status] if status else [])
    if found:
        (finding,) = found
        assert finding.evidence["days_late"] == days_late
        assert finding.evidence["done_on"] == last_rotation
        assert finding.evidence["rotated_late"] == ["o2"]
        assert finding.evidence["not_rotated"] == []
        assert finding.message.en.startswith("部门 d1 (d1) completed the full rotation training on " + last_rotation)
    else:
        assert summary(report, ROTATION).passed == 1  # 2025: the records start in 2025


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2025-05-30", None, None),  # 31 days ahead: not due, not warned
    ("2025-05-31", "warning", {"days_left": 30}),
    ("2025-06-30", "warning", {"days_left": 0}),  # due today: not a violation yet
    ("2025-07-01", "violation", {"days_late": 1}),  # missing, one day overdue
])
def test_missing_rotation_around_the_deadline(kuangqu, as_of, status, evidence):
    report = run(two_officers(rotated("2025-04-01", "o1")), as_of, kuangqu)
    found = in_year(report, ROTATION, "2025")
    assert [f.status.value for f in found] == ([status] if status else [])
    if evidence:
        assert evidence.items() <= found[0].evidence.items()
        assert found[0].evidence["not_rotated"] == ["o2"]
        assert found[0].evidence["done_on"] is None
    else:
        assert summary(report, ROTATION).not_applicable == {"deadline not yet passed": 1}


def test_one_officer_missing_makes_the_department_missing_not_late(kuangqu):
    report = run(two_officers(rotated("2025-07-02", "o1")), "2025-08-01", kuangqu)
    (finding,) = in_year(report, ROTATION, "2025")
    assert finding.status.value == "violation"
    assert {k: finding.evidence[k] for k in ("in_post", "rotated", "rotated_late", "not_rotated", "not_rotated_count",
                                              "officers_in_post", "days_late")} == {
        "in_post": 2, "rotated": 0, "rotated_late": ["o1"], "not_rotated": ["o2"], "not_rotated_count": 1,
        "officers_in_post": ["o1", "o2"], "days_late": 32}
    assert "1 of 2 officer(s) in post not rotated (o2)" in finding.message.en
    assert "1 人未参加轮训(o2)" in finding.message.zh
    assert finding.citation.item == "二(一)4" and "全员轮训" in finding.citation.text


def test_rotation_after_the_as_of_day_is_not_seen(kuangqu):
    records = two_officers(rotated("2025-06-01", "o1"), rotated("2025-07-05", "o2"))
    (finding,) = in_year(run(records, "2025-07-03", kuangqu), ROTATION, "2025")
    assert (finding.evidence["days_late"], finding.evidence["not_rotated"]) == (3, ["o2"])
    (finding,) = in_year(run(records, "2025-07-05", kuangqu), ROTATION, "2025")
    assert (finding.evidence["days_late"], finding.evidence["rotated_late"]) == (5, ["o2"])


def test_only_rotation_training_of_the_deadline_year_counts(kuangqu):
    records = two_officers(rotated("2025-04-01", "o1"), rotated("2024-12-20", "o2"), trained("2025-05-01", officer="o2"))
    (finding,) = in_year(run(records, "2025-07-01", kuangqu), ROTATION, "2025")
    assert finding.evidence["not_rotated"] == ["o2"]


def test_only_officers_in_post_on_the_deadline_are_required(kuangqu):
    records = [department(), officer("o1"),
               officer("left", end="2025-06-29", left_reason="transferred"),
               officer("joined", start="2025-07-01"),
               officer("joined_on_the_day", start="2025-06-30"),
               rotated("2025-03-01", "o1")]
    (finding,) = in_year(run(records, "2025-07-01", kuangqu), ROTATION, "2025")
    assert finding.evidence["officers_in_post"] == ["joined_on_the_day", "o1"]
    assert finding.evidence["not_rotated"] == ["joined_on_the_day"]


def test_an_officer_counts_for_the_department_of_the_posting_on_the_deadline(kuangqu):
    moved = _make(Officer, id="o1", name="调动者", department="d1", postings=[
        {"start": "2020-01-01", "end": "2025-08-31", "department": "d2", "left_reason": "transferred"},
        {"start": "2025-09-01"},
    ])
    records = [department(), department("d2"), moved, officer("o2", department="d2"),
               rotated("2025-05-01", "o2")]
    report = run(records, "2025-07-01", kuangqu)
    (finding,) = in_year(report, ROTATION, "2025")
    assert (finding.subject.id, finding.evidence["officers_in_post"]) == ("d2", ["o1", "o2"])
    # d1, on the deadlines of 2024 and 2025 (the measures are in force from 2024-03-20, whatever the records)
    assert summary(report, ROTATION).not_applicable == {"no officer in post on the deadline": 2}


def test_judicial_bureaus_are_not_checked_by_default(kuangqu):
    records = [department("sfj", kind="judicial_bureau"), officer("o1", department="sfj")]
    report = run(records, "2025-07-01", kuangqu)
    assert summary(report, ROTATION).violations == summary(report, ROTATION).passed == 0


def test_kuangqu_rotation_is_yearly_until_2025(kuangqu):
    records = two_officers(rotated("2024-05-01", "o1"), rotated("2024-05-01", "o2"))
    report = run(records, "2026-07-01", kuangqu)
    assert sorted(f.period for f in findings(report, ROTATION)) == ["2025"]
    assert summary(report, ROTATION).passed == 1  # 2024 (after the measures took effect on 2024-03-20)


def test_yuncheng_rotation_is_due_once_by_june_2024(yuncheng):
    records = two_officers(rotated("2024-06-30", "o1"), rotated("2024-07-01", "o2"), rotated("2025-03-01", "o2"))
    report = run(records, "2026-07-01", yuncheng)
    (finding,) = findings(report, ROTATION)
    assert (finding.period, finding.evidence["deadline"], finding.evidence["days_late"]) == ("2024", "2024-06-30", 1)
    assert finding.citation.number == "运政办发〔2024〕4号"


# --- required-curriculum -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("taught_on", "status", "days_late"), [
    ("2024-04-10", None, None),
    ("2024-12-31", None, None),  # the last day of 2024 is on time
    ("2025-01-01", "violation", 1),
    (None, "violation", 31),  # missing as of 2025-01-31
])
def test_required_curriculum_by_the_end_of_2024(kuangqu, taught_on, status, days_late):
    records = [department(), officer()] + ([taught(taught_on)] if taught_on else [])
    report = run(records, "2025-01-31", kuangqu)
    found = findings(report, CURRICULUM)
    assert [f.status.value for f in found] == ([status] if status else [])
    if found:
        (finding,) = found
        assert finding.evidence["days_late"] == days_late
        assert finding.evidence["done_on"] == taught_on
        assert finding.evidence["document"] == "国办发〔2023〕27号"
        assert finding.subject.kind.value == "officer" and finding.department == "d1"
        assert ("晚于截止日 2024-12-31" if taught_on else "已逾期 31 天") in finding.message.zh
    else:
        assert summary(report, CURRICULUM).passed == 1


@pytest.mark.parametrize(("as_of", "status"), [
    ("2024-11-30", None),  # 31 days ahead
    ("2024-12-01", "warning"),
    ("2024-12-31", "warning"),
    ("2025-01-01", "violation"),
])
def test_required_curriculum_warns_before_the_deadline(kuangqu, as_of, status):
    report = run([department(), officer(), trained("2024-03-01")], as_of, kuangqu)
    assert [f.status.value for f in findings(report, CURRICULUM)] == ([status] if status else [])


@pytest.mark.parametrize(("number", "counts"), [
    ("国办发〔2023〕27号", True),
    ("国办发[2023]27号", True),
    ("国办发（2023）27号", True),
    ("国办发 [2023] 27号", True),
    ("国办发〔2023〕28号", False),
    ("晋政办发〔2023〕79号", False),
])
def test_document_numbers_are_compared_whatever_the_brackets(kuangqu, number, counts):
    report = run([department(), officer(), taught("2024-06-01", number)], "2025-01-01", kuangqu)
    assert summary(report, CURRICULUM).violations == (0 if counts else 1)


def test_one_taught_document_among_several_counts(kuangqu):
    record = trained("2024-06-01", documents=["中华人民共和国主席令第七十号", "国办发〔2023〕27号"])
    assert summary(run([department(), officer(), record], "2025-01-01", kuangqu), CURRICULUM).passed == 1


def test_teaching_after_the_as_of_day_is_not_seen(kuangqu):
    (finding,) = findings(run([department(), officer(), taught("2025-01-20")], "2025-01-10", kuangqu), CURRICULUM)
    assert finding.evidence["days_late"] == 10
    assert finding.evidence["done_on"] is None and finding.evidence["training"] is None


def test_officers_not_in_post_on_the_deadline_are_not_applicable(kuangqu):
    records = [department(), officer("left", end="2024-10-31", left_reason="retired"),
               officer("joined", start="2025-01-01")]
    report = run(records, "2025-02-01", kuangqu)
    assert summary(report, CURRICULUM).not_applicable == {"not in post on the deadline": 2}


def test_yuncheng_cites_its_own_sentence(yuncheng):
    (finding,) = findings(run([department(), officer()], "2025-01-01", yuncheng), CURRICULUM)
    assert (finding.citation.item, finding.citation.number) == ("二(一)2", "运政办发〔2024〕4号")


def test_the_document_and_deadline_are_parameters(tmp_path):
    ruleset = pack_ruleset(tmp_path, KUANGQU_PACK + """
        document = "晋政办发〔2023〕79号"
        due = "2025-06-30"
    """)
    report = run([department(), officer(), taught("2025-06-30", "晋政办发〔2023〕79号")], "2025-12-01", ruleset)
    assert summary(report, CURRICULUM).passed == 1
    report = run([department(), officer(), taught("2025-06-30")], "2025-12-01", ruleset)
    assert findings(report, CURRICULUM)[0].evidence["deadline"] == "2025-06-30"


def test_a_yearly_deadline_is_refused(tmp_path):
    with pytest.raises(ValidationError):
        RequiredCurriculumParams.model_validate({"due": "--12"})
    with pytest.raises(RulesetError):
        pack_ruleset(tmp_path, KUANGQU_PACK + '\n        due = "--12"\n')


# --- legal-review-before-major-decision ----------------------------------------------------------------------


def two_enforcers(*actions):
    return [department(), officer("o1"), officer("o2"), *actions]


@pytest.mark.parametrize(("review", "status", "message", "days_late"), [
    ("2024-06-10", "pass", None, None),
    ("2024-06-20", "pass", None, None),  # reviewed on the day of the decision
    ("2024-06-21", "violation", "late", 1),
    (None, "violation", "missing", None),
])
def test_legal_review_on_or_before_the_decision(cn, review, status, message, days_late):
    report = run(two_enforcers(case(date="2024-06-20", decided_on="2024-06-20", filed_on="2024-05-01", major=True,
                                    review=review)), "2024-12-31", cn)
    counts = summary(report, REVIEW)
    assert (counts.passed, counts.violations) == ((1, 0) if status == "pass" else (0, 1))
    if message:
        (finding,) = findings(report, REVIEW)
        assert finding.evidence["decided_on"] == "2024-06-20"
        assert finding.evidence["legal_review_on"] == review
        assert finding.evidence.get("days_late") == days_late
        assert (finding.subject.kind.value, finding.subject.id, finding.department) == ("action", "A1", "d1")
        assert finding.citation.item == "第五十八条"
        assert {"late": "1 day(s) after the decision", "missing": "without a legal review"}[message] in \
            finding.message.en


def test_without_decided_on_the_action_date_is_the_decision(cn):
    report = run(two_enforcers(case(date="2024-06-20", major=True, review="2024-06-21")), "2024-12-31", cn)
    (finding,) = findings(report, REVIEW)
    assert (finding.evidence["decided_on"], finding.evidence["decision_day_from"]) == ("2024-06-20", "date")
    assert finding.evidence["days_late"] == 1


def test_only_major_decisions_are_checked(cn):
    report = run(two_enforcers(case(date="2024-06-20", decided_on="2024-06-20")), "2024-12-31", cn)
    counts = summary(report, REVIEW)
    assert (counts.passed, counts.violations, counts.not_applicable) == (0, 0, {})


def test_a_decision_after_the_as_of_day_is_not_made_yet(cn):
    report = run(two_enforcers(case(date="2024-07-01", decided_on="2024-07-01", major=True)), "2024-06-30", cn)
    assert summary(report, REVIEW).violations == 0
    report = run(two_enforcers(case(date="2024-07-01", decided_on="2024-07-01", major=True)), "2024-07-01", cn)
    assert summary(report, REVIEW).violations == 1  # decided on the as-of day without a review


def test_a_review_after_the_as_of_day_is_not_seen(cn):
    records = two_enforcers(case(date="2024-06-20", decided_on="2024-06-20", major=True, review="2024-06-25"))
    (finding,) = findings(run(records, "2024-06-22", cn), REVIEW)
    assert finding.message.en.endswith("without a legal review.")
    assert finding.evidence["legal_review_on"] is None


def test_decisions_before_the_2021_penalty_law_took_effect_are_not_applicable(cn):
    records = two_enforcers(case(date="2021-07-14", major=True, id="old"), case(date="2021-07-15", major=True))
    report = run(records, "2024-12-31", cn)
    assert [f.subject.id for f in findings(report, REVIEW)] == ["A1"]
    assert summary(report, REVIEW).not_applicable == {"ended before the rule took effect on 2021-07-15 (cn)": 1}


# --- decision-within-90-days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("decided_on", "status", "days_taken", "days_late"), [
    ("2024-05-30", "pass", 89, None),
    ("2024-05-31", "pass", 90, None),  # day 90 is on time
    ("2024-06-01", "violation", 91, 1),
    ("2024-06-10", "violation", 100, 10),
])
def test_decided_within_90_days_of_filing(cn, decided_on, status, days_taken, days_late):
    report = run(two_enforcers(case(filed_on="2024-03-02", decided_on=decided_on, date=decided_on)), "2024-12-31", cn)
    counts = summary(report, NINETY)
    assert (counts.passed, counts.violations) == ((1, 0) if status == "pass" else (0, 1))
    if days_late:
        (finding,) = findings(report, NINETY)
        assert {k: finding.evidence[k] for k in ("filed_on", "decided_on", "deadline", "days_taken", "days_late",
                                                  "limit_days")} == {
            "filed_on": "2024-03-02", "decided_on": decided_on, "deadline": "2024-05-31", "days_taken": days_taken,
            "days_late": days_late, "limit_days": 90}
        assert f"{days_taken} days later" in finding.message.en
        assert finding.citation.item == "第六十条"


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2024-04-30", None, None),  # 31 days before the limit ends
    ("2024-05-01", "warning", {"days_left": 30}),
    ("2024-05-31", "warning", {"days_left": 0}),  # day 90: still in time
    ("2024-06-01", "violation", {"days_late": 1}),  # day 91, undecided
])
def test_an_undecided_case_around_the_limit(cn, as_of, status, evidence):
    report = run(two_enforcers(case(filed_on="2024-03-02", date="2024-03-02")), as_of, cn)
    found = findings(report, NINETY)
    assert [f.status.value for f in found] == ([status] if status else [])
    if evidence:
        assert evidence.items() <= found[0].evidence.items()
        assert found[0].evidence["decided_on"] is None and found[0].evidence["days_taken"] is None
    else:
        assert summary(report, NINETY).not_applicable == {"deadline not yet passed": 1}


def test_a_decision_after_the_as_of_day_is_not_seen(cn):
    records = two_enforcers(case(filed_on="2024-03-02", decided_on="2024-06-05", date="2024-06-05"))
    (finding,) = findings(run(records, "2024-06-03", cn), NINETY)
    assert (finding.message.en.split(",")[0], finding.evidence["days_late"]) == ("Penalty case A1", 3)
    assert "still undecided" in finding.message.en


def test_a_penalty_without_a_filing_day_is_not_applicable(cn):
    report = run(two_enforcers(case(decided_on="2024-06-01")), "2024-12-31", cn)
    assert summary(report, NINETY).not_applicable == {"no filing day (filed_on)": 1}


def test_only_penalty_cases_filed_by_the_as_of_day_are_checked(cn):
    records = two_enforcers(case(kind="licensing", filed_on="2024-01-02", date="2024-09-01", id="lic"),
                            case(filed_on="2024-07-01", date="2024-07-01", id="later"))
    counts = summary(run(records, "2024-06-30", cn), NINETY)
    assert (counts.passed, counts.violations, counts.warnings, counts.not_applicable) == (0, 0, 0, {})


def test_the_limit_is_a_parameter(tmp_path):
    ruleset = pack_ruleset(tmp_path, CN_PACK.format(extra="limit_days = 30"))
    records = two_enforcers(case(filed_on="2024-03-01", decided_on="2024-03-31", date="2024-03-31", id="in"),
                            case(filed_on="2024-03-01", decided_on="2024-04-01", date="2024-04-01", id="out"))
    assert [f.subject.id for f in findings(run(records, "2024-12-31", ruleset), NINETY)] == ["out"]
