"""What is due comes from the calendar, the packs and the postings, never from which records the export holds;
the records' coverage (--covers) says where an absence counts. Run through the command, as a user runs it."""

import pytest
from records import write_jsonl
from test_cli import KUANGQU, check_json, compliance

DEPARTMENT = {"id": "d1", "name": "区市场监督管理局", "level": "county"}
OFFICER = {"id": "o1", "name": "张三", "department": "d1", "postings": [{"start": "2020-01-01"}]}


@pytest.mark.parametrize("other_training", [False, True])
def test_an_officer_with_no_training_at_all_is_short_for_the_year(tmp_path, other_training):
    # 001 二(一)4: "确保行政执法人员每人每年接受不少于60学时的培训" — due for every year in post, whether or not
    # any other record of that year is in the export
    others = [{"id": "o2", "name": "李四", "department": "d1", "postings": [{"start": "2020-01-01"}]}]
    training = [{"id": "t1", "officer": "o2", "date": "2024-05-01", "hours": 1, "category": "public_legal"}]
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER, *others],
                training_records=training if other_training else [])
    report = check_json(tmp_path, "--as-of", "2025-01-01", "--select", "training-annual-hours")
    assert [(f["subject"]["id"], f["period"]) for f in report["findings"] if f["subject"]["id"] == "o1"] \
        == [("o1", "2024")]


def test_a_training_plan_never_filed_stays_missing_once_the_year_has_turned(tmp_path):
    # 001 二(一)4: "要于每年2月份制定本部门年度行政执法人员培训计划" — the 2025 plan, due 2025-02-28, is still
    # missing as of 2026-03-10, in a year with no other record
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER])
    report = check_json(tmp_path, "--as-of", "2026-03-10", "--select", "training-plan-filed")
    assert {f["period"] for f in report["findings"]} >= {"2025"}
    # the default coverage: the selected rules' time in force up to the as-of day
    assert report["covers"] == {"first": "2024-03-20", "last": "2026-03-10"}


def test_an_obligation_outside_the_coverage_is_not_applicable_with_that_reason(tmp_path):
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER])
    report = check_json(tmp_path, "--as-of", "2026-03-10", "--select", "training-plan-filed",
                        "--covers", "2024-01-01..2024-12-31")
    assert report["findings"] == []  # the 2025 plan, due 2025-02-28, would be filed after the export ends
    (summary,) = report["rules"]
    assert summary["not_applicable"] == {
        "ended before the rule took effect on 2024-03-20 (cn-shanxi-yangquan-kuangqu)": 1,  # 2024
        "outside the records' coverage 2024-01-01..2024-12-31": 1}  # 2025
    assert report["covers"] == {"first": "2024-01-01", "last": "2024-12-31"}


def test_the_text_report_states_the_coverage(tmp_path):
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER])
    result = compliance("check", str(tmp_path), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--lang", "en",
                        "--covers", "2024-01-01..2024-12-31")
    assert "records cover  2024-01-01 to 2024-12-31" in result.stdout


@pytest.mark.parametrize("text", ["2024-01-01", "2024-12-31..2024-01-01", "2024-01-01..2024-13-01"])
def test_a_bad_coverage_is_a_usage_error(tmp_path, text):
    write_jsonl(tmp_path, departments=[DEPARTMENT])
    result = compliance("check", str(tmp_path), "--ruleset", KUANGQU, "--covers", text)
    assert result.returncode == 2 and "--covers" in result.stderr


def test_a_year_that_ends_after_the_coverage_is_not_applicable_for_the_hours_too(tmp_path):
    # the hours rule gives its outcomes as a frame: the coverage bounds it as it bounds the rules over objects
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER])
    report = check_json(tmp_path, "--as-of", "2025-01-01", "--select", "training-annual-hours",
                        "--covers", "2024-01-01..2024-06-30")
    assert report["findings"] == []
    (summary,) = report["rules"]
    # 2024 ends on 31 December, after the coverage; so does 2025, whose records the export cannot hold either
    assert summary["not_applicable"] == {"outside the records' coverage 2024-01-01..2024-06-30": 2}
