"""The compliance command, run as a user runs it: a subprocess of the installed console script."""

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compliance import Report, check, load_dataset, load_ruleset

sys.path.insert(0, str(Path(__file__).parent.parent / "examples"))

EXAMPLE = Path(__file__).parent.parent / "examples" / "kuangqu"
KUANGQU = "cn-shanxi-yangquan-kuangqu"
COMMAND = shutil.which("compliance", path=str(Path(sys.executable).parent)) or shutil.which("compliance")


def compliance(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    assert COMMAND, "the compliance command is not installed"
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def test_example_check_finds_every_headline_rule_and_exits_1():
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    assert result.returncode == 1, result.stderr
    for rule in ("certificate-before-enforcement", "training-annual-hours", "training-plan-filed",
                 "midterm-evaluation"):
        assert f"VIOLATION {rule}" in result.stdout
    assert "result: 25 violation(s), 0 warning(s)" in result.stdout


def test_the_example_breaks_each_rule_where_its_generator_says():
    from make_kuangqu import PLANTED_CATALOGUE

    report = check(load_dataset(str(EXAMPLE)), KUANGQU, dt.date(2025, 3, 1))
    broken = {f.rule for f in report.violations}
    kept = {"lost-certificate-reported", "pilot-sites", "street-items-evaluation", "supervision-system"}
    assert broken == {r.id for r in load_ruleset(KUANGQU).rules} - kept
    assert kept | broken >= set(PLANTED_CATALOGUE)


def test_json_output_is_the_report_the_library_returns():
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--format", "json")
    assert result.returncode == 1
    printed = Report.model_validate_json(result.stdout)
    expected = check(load_dataset(str(EXAMPLE)), KUANGQU, dt.date(2025, 3, 1))
    assert printed == expected
    assert json.loads(result.stdout)["findings"][0]["citation"]["text"]


def test_chinese_text_output():
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--lang", "zh")
    assert "违规 training-plan-filed" in result.stdout
    assert "未在 2025-02-28 前报送年度行政执法人员培训计划" in result.stdout


def test_output_file(tmp_path):
    out = tmp_path / "report.json"
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--format", "json",
                        "-o", str(out))
    assert result.returncode == 1 and result.stdout == ""
    assert Report.model_validate_json(out.read_text(encoding="utf-8")).findings


def test_clean_data_exits_0(tmp_path):
    files = {
        "departments": [{"id": "d1", "name": "区市场监督管理局", "level": "county"}],
        "officers": [{"id": f"o{n}", "name": f"执法人员{n}", "department": "d1", "postings": [{"start": "2020-01-01"}]}
                     for n in (1, 2)],
        "certificates": [{"id": f"c{n}", "officer": f"o{n}", "issued_on": "2020-03-01", "exam_passed_on": "2020-02-01"}
                         for n in (1, 2)],
        "actions": [{"id": "a1", "department": "d1", "action_kind": "penalty", "officers": ["o1", "o2"],
                     "date": "2024-06-01", "filed_on": "2024-05-01", "decided_on": "2024-06-01"}],
    }
    for name, rows in files.items():
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = compliance("check", str(tmp_path), "--ruleset", "cn", "--as-of", "2025-03-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "result: 0 violation(s)" in result.stdout


def test_bad_record_exits_2_naming_file_line_and_field(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "data")
    officers = tmp_path / "data" / "officers.jsonl"
    lines = officers.read_text(encoding="utf-8").splitlines()
    officer_id = json.loads(lines[2])["id"]
    lines[2] = lines[2].replace('"start": "', '"start": "2023-02-29", "x": "')
    officers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = compliance("check", str(tmp_path / "data"), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "2 problem(s)" in result.stderr  # the impossible date and the unknown field, both at once
    assert f"officers.jsonl, line 3 (id '{officer_id}'), field 'postings[0].start': " in result.stderr
    assert f"officers.jsonl, line 3 (id '{officer_id}'), field 'postings[0].x': unknown field" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["check", str(EXAMPLE), "--ruleset", "cn-atlantis"], "unknown pack 'cn-atlantis'"),
    (["check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-02-30"], "not a date"),
    (["check", str(EXAMPLE)], "--ruleset"),
    (["check", str(EXAMPLE), "--ruleset", KUANGQU, "--warn-days", "-3"], "not a number of days"),
    (["check", "no/such/dir", "--ruleset", KUANGQU], "no/such/dir: no such file or directory"),
])
def test_usage_errors_exit_2_with_a_message(args, message):
    result = compliance(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_rules_lists_every_rule_with_its_citation():
    result = compliance("rules", "--ruleset", KUANGQU)
    assert result.returncode == 0
    assert "training-annual-hours" in result.stdout
    assert "二(一)4" in result.stdout and "不少于60学时" in result.stdout
    everything = compliance("rules")
    assert "运政办发〔2024〕4号" in everything.stdout and "主席令第七十号" in everything.stdout


def test_rulesets_shows_the_layering():
    result = compliance("rulesets")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("cn ")
    assert any(line.startswith("    cn-shanxi-yangquan-kuangqu ") for line in lines)


def test_rulesets_show_prints_every_parameter_and_who_set_it():
    result = compliance("rulesets", "show", KUANGQU)
    assert result.returncode == 0
    assert "chain: cn > cn-shanxi > cn-shanxi-yangquan-kuangqu" in result.stdout
    assert 'midterm_due = "2024-08"  (cn-shanxi-yangquan-kuangqu)' in result.stdout
    assert "partial_year = \"prorate\"  (default)" in result.stdout


def test_schema_prints_every_record_kind():
    result = compliance("schema")
    schemas = json.loads(result.stdout)
    assert set(schemas) == {"departments", "officers", "certificates", "training_records", "actions", "filings",
                            "assessments", "problems"}
    assert schemas["training_records"]["properties"]["hours"]["zh"] == "学时"


def test_rules_explain_prints_the_rule_page():
    result = compliance("rules", "--explain", "training-plan-filed")
    assert result.returncode == 0
    assert result.stdout.startswith("# `training-plan-filed`")
    assert "「市本级各行政执法机关要于2024年2月底前将培训计划报市司法局。」" in result.stdout
    assert '| `cn-shanxi-yuncheng` | 2024-01-28 |' in result.stdout
    assert "晚于截止日 2025-02-28 1 天" in result.stdout  # the example's real finding
    unknown = compliance("rules", "--explain", "no-such-rule")
    assert unknown.returncode == 2 and "unknown rule 'no-such-rule'" in unknown.stderr
