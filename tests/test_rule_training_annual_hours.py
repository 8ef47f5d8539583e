import pytest
from records import department, findings, officer, pack_ruleset, run, summary, training

RULE = "training-annual-hours"


def year_2024(public: float, professional: float, political: float = 0, other: float = 0, **officer_kw):
    records = [department(), officer(**officer_kw)]
    for hours, category in ((public, "public_legal"), (professional, "professional"),
                            (political, "political_theory"), (other, "other")):
        if hours:
            records.append(training("2024-06-15", hours, category))
    return records


@pytest.mark.parametrize(("public", "professional", "violations"), [
    (29.5, 30.5, 1),
    (30, 30, 0),
    (30, 29.5, 1),
    (45, 15, 1),
])
def test_thirty_and_thirty_hours_at_the_edge(public, professional, violations):
    report = run(year_2024(public, professional), "2025-01-01")
    assert summary(report, RULE).violations == violations


def test_political_theory_does_not_count_toward_the_hours():
    report = run(year_2024(20, 30, political=16), "2025-01-01")
    (finding,) = findings(report, RULE)
    assert finding.evidence["total"] == 50
    assert finding.evidence["political_theory"] == 16
    assert finding.evidence["short_of"] == ["total", "public_legal"]
    assert finding.period == "2024"
    assert (finding.subject.kind, finding.subject.id, finding.subject.officer) == ("officer", "o1", None)
    assert finding.department == "d1"


def test_other_training_counts_toward_the_total_only():
    report = run(year_2024(30, 30, other=5), "2025-01-01")
    assert findings(report, RULE) == []


@pytest.mark.parametrize(("as_of", "status"), [
    ("2024-11-30", None),  # 31 days left: not yet, not warned
    ("2024-12-01", "warning"),  # 30 days left: within the warning window
    ("2024-12-31", "warning"),  # the last day of the year is not after it
    ("2025-01-01", "violation"),  # the year has ended
])
def test_a_year_is_checked_once_it_has_ended(as_of, status):
    report = run(year_2024(10, 30), as_of)
    found = [f for f in findings(report, RULE) if f.period == "2024"]
    assert [f.status.value for f in found] == ([status] if status else [])


def test_training_after_the_as_of_day_is_not_counted():
    records = year_2024(20, 30) + [training("2024-12-20", 10, "public_legal")]
    assert findings(run(records, "2024-12-19"), RULE)[0].evidence["public_legal"] == 20
    assert findings(run(records, "2025-01-01"), RULE) == []


def test_the_years_before_the_pack_took_effect_are_not_checked_whatever_the_records_hold():
    records = [department(), officer(), training("2023-05-01", 1, "public_legal")]
    report = run(records, "2025-01-01")
    assert {f.period for f in findings(report, RULE)} == {"2024"}
    assert summary(report, RULE).not_applicable == {"period not ended yet": 1}  # 2025


@pytest.mark.parametrize("others", [[], [training("2024-05-01", 1, "public_legal", officer="o2")]])
def test_an_officer_with_no_training_record_at_all_is_short_whatever_other_records_exist(others):
    # 001 二(一)4: "确保行政执法人员每人每年接受不少于60学时的培训" — the year is due from the calendar and the
    # posting, not from the dates of the records in the export
    records = [department(), officer(), officer("o2"), *others]
    found = [f for f in findings(run(records, "2025-01-01"), RULE) if f.subject.id == "o1"]
    assert [(f.period, f.status.value, f.evidence["total"]) for f in found] == [("2024", "violation", 0.0)]


def test_prorated_requirement_at_its_edge():
    ok = run(year_2024(15.1, 15.1, start="2024-07-01"), "2025-01-01")
    short = run(year_2024(15.0, 15.2, start="2024-07-01"), "2025-01-01")
    assert findings(ok, RULE) == []
    (finding,) = findings(short, RULE)
    assert (finding.evidence["required_public_legal"], finding.evidence["days_in_post"]) == (15.1, 184)


def test_a_leaver_is_prorated_to_the_last_day_in_post():
    report = run(year_2024(14.9, 14.9, end="2024-06-30", left_reason="retired"), "2025-01-01")
    assert findings(report, RULE) == []  # 182/366 of 30 is 14.9


def test_an_officer_not_in_post_that_year_is_not_a_subject():
    report = run(year_2024(0, 0, start="2025-01-10") + [training("2023-03-01", 1, "other")], "2025-06-01")
    assert summary(report, RULE).violations == 0


@pytest.mark.parametrize(("policy", "outcome"), [
    ("skip", "not in post the whole year"),
    ("full", "violation"),
    ("prorate", "pass"),
])
def test_partial_year_policy_is_configurable(tmp_path, policy, outcome):
    ruleset = pack_ruleset(tmp_path, f"""
        id = "test"
        title = "测试"
        title_en = "Test"
        extends = "cn-shanxi-yangquan-kuangqu"
        [rules.training-annual-hours]
        partial_year = "{policy}"
    """)
    counts = summary(run(year_2024(16, 16, start="2024-07-01"), "2025-01-01", ruleset), RULE)
    if outcome == "violation":
        assert counts.violations == 1
    elif outcome == "pass":
        assert counts.passed == 1
    else:
        assert counts.not_applicable.get(outcome) == 1
