"""training-plan-filed and midterm-evaluation: deadlines the day before, on and after, missing vs late."""

import pytest
from records import department, filing, findings, run, summary

PLAN = "training-plan-filed"
MIDTERM = "midterm-evaluation"
KUANGQU, YUNCHENG, YUANMOU = "cn-shanxi-yangquan-kuangqu", "cn-shanxi-yuncheng", "cn-yunnan-chuxiong-yuanmou"


def plan_2025(filed_on: str | None, as_of: str):
    records = [department()] + ([filing("training_plan", filed_on, period="2025")] if filed_on else [])
    report = run(records, as_of, KUANGQU)
    return [f for f in findings(report, PLAN) if f.period == "2025"], report


@pytest.mark.parametrize(("filed_on", "status", "days_late"), [
    ("2025-02-27", None, None),
    ("2025-02-28", None, None),  # the deadline day itself is on time
    ("2025-03-01", "violation", 1),
    ("2025-03-10", "violation", 10),
])
def test_kuangqu_plan_due_end_of_february(filed_on, status, days_late):
    found, _ = plan_2025(filed_on, "2025-03-31")
    assert [f.status.value for f in found] == ([status] if status else [])
    if found:
        assert found[0].evidence["days_late"] == days_late
        assert found[0].evidence["done_on"] == filed_on
        assert "late" not in found[0].message.en or filed_on in found[0].message.en


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2025-01-28", None, None),  # 31 days ahead: not due, not warned
    ("2025-01-29", "warning", {"days_left": 30}),
    ("2025-02-28", "warning", {"days_left": 0}),  # due today: not a violation yet
    ("2025-03-01", "violation", {"days_late": 1}),  # missing, one day overdue
])
def test_missing_plan_around_the_deadline(as_of, status, evidence):
    found, _ = plan_2025(None, as_of)
    assert [f.status.value for f in found] == ([status] if status else [])
    if evidence:
        assert evidence.items() <= found[0].evidence.items()
        assert found[0].evidence["done_on"] is None


def test_a_filing_after_the_as_of_day_is_not_seen():
    found, _ = plan_2025("2025-03-05", "2025-03-02")
    assert found[0].evidence["days_late"] == 2
    assert found[0].evidence["done_on"] is None


def test_deadlines_before_the_measures_took_effect_are_not_applicable():
    # Kuangqu's measures date from 2024-03-20: the February 2024 deadline is not theirs to check.
    records = [department(), filing("training_plan", "2024-02-10", period="2024"),
               filing("training_plan", "2025-02-01", period="2025")]
    report = run(records, "2025-03-01", KUANGQU)
    assert summary(report, PLAN).not_applicable == {
        "ended before the rule took effect on 2024-03-20 (cn-shanxi-yangquan-kuangqu)": 1}
    assert summary(report, PLAN).passed == 1


def test_a_plan_with_no_period_counts_for_the_year_it_was_filed():
    report = run([department(), filing("training_plan", "2025-02-10")], "2025-03-01", KUANGQU)
    assert [f.period for f in findings(report, PLAN)] == []


def test_the_yearly_deadline_stops_after_the_last_year_of_the_plan():
    report = run([department(), filing("training_plan", "2024-01-10")], "2026-11-23", KUANGQU)
    assert sorted(f.period for f in findings(report, PLAN)) == ["2025"]


def yuncheng(filed_on: str, *, level: str = "city", filed_with: str | None = "sfj", as_of: str = "2024-06-01"):
    records = [department(level=level), department("sfj", level="city", kind="judicial_bureau"),
               filing("training_plan", filed_on, period="2024", filed_with=filed_with)]
    return run(records, as_of, YUNCHENG)


@pytest.mark.parametrize(("filed_on", "violations"), [
    ("2024-02-28", 0),
    ("2024-02-29", 0),  # leap day: the last day of February 2024
    ("2024-03-01", 1),
])
def test_yuncheng_plan_due_on_the_leap_day(filed_on, violations):
    assert summary(yuncheng(filed_on), PLAN).violations == violations


def test_yuncheng_plan_must_go_to_the_judicial_bureau():
    (finding,) = findings(yuncheng("2024-02-20", filed_with="d1"), PLAN)
    assert finding.evidence["filing"] is None  # a plan filed elsewhere does not count


def test_yuncheng_plan_binds_city_level_departments_only():
    report = yuncheng("2024-05-01", level="county")
    assert summary(report, PLAN).violations == 0
    assert summary(report, PLAN).passed == 0


def test_yuncheng_plan_is_due_once():
    report = yuncheng("2024-02-20", as_of="2026-06-01")
    assert summary(report, PLAN).passed == 1
    assert summary(report, PLAN).violations == 0


def bureau_report(ruleset: str, as_of: str, *filings):
    return run([department("sfj", kind="judicial_bureau"), department(), *filings], as_of, ruleset)


@pytest.mark.parametrize(("ruleset", "filed_on", "violations"), [
    (KUANGQU, "2024-08-30", 0),
    (KUANGQU, "2024-08-31", 0),
    (KUANGQU, "2024-09-01", 1),
    (YUANMOU, "2024-09-01", 0),
    (YUANMOU, "2024-10-31", 0),
    (YUANMOU, "2024-11-01", 1),
])
def test_midterm_evaluation_deadline_by_locality(ruleset, filed_on, violations):
    report = bureau_report(ruleset, "2025-01-01", filing("midterm_evaluation", filed_on, department="sfj"))
    found = [f for f in findings(report, MIDTERM) if f.period == "midterm"]
    assert len(found) == violations
    if found:
        assert found[0].evidence["days_late"] == 1
        assert found[0].subject.id == "sfj"


def test_midterm_missing_then_final_due_the_next_year():
    report = bureau_report(KUANGQU, "2025-09-01")
    assert {(f.period, f.evidence["days_late"]) for f in findings(report, MIDTERM)} == {("midterm", 366), ("final", 1)}
    assert "mid-term" in findings(report, MIDTERM)[1].message.en + findings(report, MIDTERM)[0].message.en


def test_final_evaluation_not_yet_due_is_not_a_violation():
    report = bureau_report(KUANGQU, "2025-03-01", filing("midterm_evaluation", "2024-08-01", department="sfj"))
    assert findings(report, MIDTERM) == []
    assert summary(report, MIDTERM).not_applicable == {"deadline not yet passed": 1}


def test_only_judicial_bureaus_evaluate():
    report = bureau_report(KUANGQU, "2025-09-01")
    assert {f.subject.id for f in findings(report, MIDTERM)} == {"sfj"}
