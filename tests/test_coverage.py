"""What is due comes from the calendar, the packs and the postings, never from which records the export holds;
the records' coverage (--covers) says where an absence counts. Run through the command, as a user runs it."""

import json

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
    # the default coverage: the years of the selected rules' time in force up to the as-of day
    assert report["covers"] == {"first": "2024-01-01", "last": "2026-03-10"}


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
    # the export holds half of 2024, whose hours may have been trained in the other half, and none of 2025
    assert summary["not_applicable"] == {"only partly within the records' coverage 2024-01-01..2024-06-30": 1,
                                         "outside the records' coverage 2024-01-01..2024-06-30": 1}


def test_a_year_the_coverage_holds_in_part_is_still_judged_where_it_passes(tmp_path):
    # the hours found within half a year suffice: a pass needs no record from outside the export
    training = [{"id": "t1", "officer": "o1", "date": "2024-03-01", "hours": 30, "category": "public_legal"},
                {"id": "t2", "officer": "o1", "date": "2024-04-01", "hours": 30, "category": "professional"}]
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER], training_records=training)
    report = check_json(tmp_path, "--as-of", "2025-01-01", "--select", "training-annual-hours",
                       "--covers", "2024-01-01..2024-06-30")
    (summary,) = report["rules"]
    assert summary["passed"] == 1


# --- the end of a pack's time in force ----------------------------------------------------------------------
# 001 一: "到2025年底,全区行政执法突出问题得到有效整治" — the Kuangqu measures implement the 2023-2025 plan and
# end with 2025 (until = 2025-12-31); what they state is due for the years 2024 and 2025, not after.


def test_the_yearly_plan_is_due_up_to_the_last_year_of_the_measures(tmp_path):
    # 001 二(一)4: "要于每年2月份制定本部门年度行政执法人员培训计划" — 2025's is missing; no plan is due in 2026
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER])
    report = check_json(tmp_path, "--as-of", "2026-12-07", "--select", "training-plan-filed")
    assert [f["period"] for f in report["findings"]] == ["2025"]
    (summary,) = report["rules"]
    assert summary["until"] == "2025-12-31"


@pytest.mark.parametrize("rule", ["full-rotation-training", "annual-certificate-cleanup"])
def test_the_rotation_and_the_cleanup_stop_with_the_measures(tmp_path, rule):
    # 001 二(一)4 "原则上每年6月底前完成本部门行政执法队伍的全员轮训"; 二(二)6 "每年开展行政执法证件清理工作"
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER])
    report = check_json(tmp_path, "--as-of", "2027-01-05", "--select", rule)
    assert sorted(f["period"] for f in report["findings"]) == ["2024", "2025"]


def test_the_hours_stop_with_the_measures_too(tmp_path):
    # 001 二(一)4: "确保行政执法人员每人每年接受不少于60学时的培训" — one end for every rule of the measures: the
    # hours of 2024 and 2025 are due, not those of 2026
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER])
    report = check_json(tmp_path, "--as-of", "2027-01-05", "--select", "training-annual-hours")
    assert sorted(f["period"] for f in report["findings"]) == ["2024", "2025"]


@pytest.mark.parametrize(("lost_on", "status"), [("2025-12-31", "violation"), ("2026-01-01", None)])
def test_a_duty_that_arises_after_the_measures_ended_is_not_applicable(tmp_path, lost_on, status):
    # 001 二(二)6: "行政执法证件遗失的,证件遗失人要向本人所在行政执法部门报告,并向发证部门申请补办" — a loss on
    # the measures' last day is still theirs, though the 30 days run into 2026; a loss the day after is not
    certificates = [{"id": "c1", "officer": "o1", "issued_on": "2020-01-01", "expires_on": "2030-01-01",
                     "exam_passed_on": "2019-12-01", "events": [{"date": lost_on, "event": "lost"}]}]
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[OFFICER], certificates=certificates)
    report = check_json(tmp_path, "--as-of", "2026-06-01", "--select", "lost-certificate-reported")
    assert [f["status"] for f in report["findings"]] == ([status] if status else [])
    (summary,) = report["rules"]
    if status is None:
        assert summary["not_applicable"] == {
            "began after the rule's time in force ended on 2025-12-31 (cn-shanxi-yangquan-kuangqu)": 1}


def test_show_pack_states_each_rules_time_in_force():
    result = compliance("rulesets", "show", KUANGQU)
    assert "in force: 2024-03-20 to 2025-12-31" in result.stdout
    assert "[training-annual-hours]  stated by cn-shanxi-yangquan-kuangqu, in force 2024-03-20 to 2025-12-31" \
        in result.stdout
    # the certificate rules quoted from the province are stated by cn-shanxi, which has no end
    assert "[certificate-revoked-on-leaving]  stated by cn-shanxi, in force 2021-07-15\n" in result.stdout


def test_explain_says_which_deadlines_and_years_each_pack_checks_and_why():
    result = compliance("rules", "--explain", "training-plan-filed")
    # 2024-02-29 had passed when the measures were issued on 2024-03-20; they end with 2025
    assert "| `cn-shanxi-yangquan-kuangqu` | 2025-02-28: the rule is in force 2024-03-20 to 2025-12-31 " \
           "(stated by `cn-shanxi-yangquan-kuangqu`) |" in result.stdout
    hours = compliance("rules", "--explain", "training-annual-hours").stdout
    assert "| `cn-shanxi-yuncheng` | the years 2024 to 2025, each once it has ended" in hours


def _document(path, **content):
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("covers", ["2024-01-01..2024-12-31", {"first": "2024-01-01", "last": "2024-12-31"}])
def test_a_json_document_says_what_period_its_records_cover(tmp_path, covers):
    document = _document(tmp_path / "export.json", covers=covers, departments=[DEPARTMENT], officers=[OFFICER])
    result = compliance("check", str(document), "--ruleset", KUANGQU, "--format", "json", "--as-of", "2026-03-10",
                        "--select", "training-plan-filed")
    report = json.loads(result.stdout)
    assert report["covers"] == {"first": "2024-01-01", "last": "2024-12-31"}
    assert report["findings"] == []  # the 2025 plan would have been filed after the export ends
    # the command line says better what a run assumes
    result = compliance("check", str(document), "--ruleset", KUANGQU, "--format", "json", "--as-of", "2026-03-10",
                        "--select", "training-plan-filed", "--covers", "2024-01-01..2026-03-10")
    assert [f["period"] for f in json.loads(result.stdout)["findings"]] == ["2025"]


def test_a_bad_coverage_in_a_json_document_is_a_located_error(tmp_path):
    document = _document(tmp_path / "export.json", covers="2024-12-31..2024-01-01", departments=[DEPARTMENT])
    result = compliance("check", str(document), "--ruleset", KUANGQU, "--lang", "en")
    assert result.returncode == 2
    assert "export.json" in result.stderr and "covers" in result.stderr
    assert "the coverage ends on 2024-01-01, before it begins on 2024-12-31" in result.stderr
