"""The compliance command, run as a user runs it: a subprocess of the installed console script."""

import datetime as dt
import json
import os
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


def command_env(*paths: str, **variables: str) -> dict[str, str]:
    """A bare environment for the command, with ``paths`` and then the tests' own PYTHONPATH on its path: the
    command runs the code the tests import, not another checkout's installed in the same virtualenv."""
    path = os.pathsep.join([*paths, *filter(None, [os.environ.get("PYTHONPATH")])])
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **({"PYTHONPATH": path} if path else {}), **variables}


def compliance(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    assert COMMAND, "the compliance command is not installed"
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, cwd=cwd, timeout=120, env=command_env())


def check_json(directory: Path, *args: str, ruleset: str = KUANGQU) -> dict:
    """The JSON report of the command's check of ``directory``, which must run (exit 0 or 1)."""
    result = compliance("check", str(directory), "--ruleset", ruleset, "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


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
    # the command adds what it read: every file with its counts, nothing left out
    assert printed.model_copy(update={"inputs": []}) == expected
    assert {Path(f.file).name for f in printed.inputs} == {p.name for p in EXAMPLE.glob("*.jsonl")}
    assert all(f.read == f.accepted and f.rejected == 0 for f in printed.inputs) and printed.left_out == []
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
    assert '| `cn-shanxi-yuncheng` | 2024-02-29: the rule is in force 2024-01-28 to 2025-12-31 ' in result.stdout
    assert "晚于截止日 2025-02-28 1 天" in result.stdout  # the example's real finding
    unknown = compliance("rules", "--explain", "no-such-rule")
    assert unknown.returncode == 2 and "unknown rule 'no-such-rule'" in unknown.stderr


# --- in CI: several outputs, the fail level, waivers, baselines ------------------------------------------------


def test_several_outputs_in_one_run_each_to_its_own_file(tmp_path):
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01",
                        "--format", f"sarif={tmp_path / 'report.sarif'}", "--format", f"junit={tmp_path / 'junit.xml'}",
                        "--format", f"markdown={tmp_path / 'summary' / 'summary.md'}", "--format", "github")
    assert result.returncode == 1, result.stderr
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (tmp_path / "junit.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert (tmp_path / "summary" / "summary.md").read_text(encoding="utf-8").startswith("## compliance")
    assert result.stdout.startswith("::error file=")


def test_sarif_locations_are_relative_to_where_the_command_ran():
    root = EXAMPLE.parent.parent
    result = compliance("check", "examples/kuangqu", "--ruleset", KUANGQU, "--as-of", "2025-03-01",
                        "--format", "sarif", cwd=root)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert uris <= {f"examples/kuangqu/{name}.jsonl" for name in ("officers", "departments", "actions", "certificates")}


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xml"], "unknown format 'xml'; known: text, json, junit, sarif, github, markdown"),
    (["--format", "sarif="], "give a file after '='"),
    (["--format", "json", "--format", "github"], "only one format can go to standard output"),
    (["--fail-level", "critical"], "invalid choice: 'critical'"),
    (["--update-baseline"], "--update-baseline needs a baseline file"),
])
def test_output_and_gate_usage_errors_exit_2(args, message):
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_exit_codes_follow_the_fail_level():
    # As of 2025-02-10 the only findings of training-plan-filed are warnings: the 2025 plans are due on 02-28.
    args = ("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-02-10", "--select", "training-plan-filed")
    assert compliance(*args).returncode == 0
    assert compliance(*args, "--fail-level", "warning").returncode == 1
    assert compliance(*args, "--fail-level", "warning", "--exit-zero").returncode == 0
    everything = ("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    assert compliance(*everything, "--exit-zero").returncode == 0
    assert compliance(*everything, "--fail-level", "high").returncode == 1


def test_a_severity_below_the_fail_level_does_not_fail(tmp_path):
    severities = "\n".join(f'{rule.id} = "medium"' for rule in load_ruleset(KUANGQU).rules)
    (tmp_path / "compliance.toml").write_text(f"[severity]\n{severities}\n", encoding="utf-8")
    args = ("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--format", "sarif")
    assert compliance(*args, "--fail-level", "high", cwd=tmp_path).returncode == 0
    result = compliance(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert {r["level"] for r in json.loads(result.stdout)["runs"][0]["results"]} == {"warning"}


def _waiver_file(tmp_path, finding, expires_on: str) -> Path:
    subject = finding.subject
    officer = f', officer = "{subject.officer}"' if subject.officer else ""
    file = tmp_path / "waivers.toml"
    file.write_text(f"""
[[waiver]]
rule = "{finding.rule}"
subject = {{ kind = "{subject.kind.value}", id = "{subject.id}"{officer} }}
justification = "Certificate renewal was delayed by the issuing office"
approved_by = "区司法局"
expires_on = {expires_on}
""", encoding="utf-8")
    return file


def test_waivers_through_the_command(tmp_path):
    plan = ("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--select", "midterm-evaluation")
    (finding,) = Report.model_validate_json(compliance(*plan, "--format", "json").stdout).violations
    active = compliance(*plan, "--waivers", str(_waiver_file(tmp_path, finding, "2025-12-31")))
    assert active.returncode == 0, active.stdout + active.stderr
    assert "(waived until 2025-12-31 by 区司法局: Certificate renewal was delayed" in active.stdout
    expired = compliance(*plan, "--waivers", str(_waiver_file(tmp_path, finding, "2025-02-28")))
    assert expired.returncode == 1
    assert "expired on 2025-02-28: the findings it covers fail again" in expired.stdout
    unused = compliance(*plan, "--ignore", "midterm-evaluation", "--extend-select", "pilot-sites",
                        "--waivers", str(tmp_path / "waivers.toml"))
    assert unused.returncode == 0 and "matches no finding" in unused.stdout


def test_waivers_check_lints_a_file(tmp_path):
    report = check(load_dataset(str(EXAMPLE)), KUANGQU, dt.date(2025, 3, 1))
    file = _waiver_file(tmp_path, report.violations[0], "2025-03-20")
    ok = compliance("waivers", "check", str(file), "--as-of", "2025-03-01")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "note: waiver 1" in ok.stdout and "expires on 2025-03-20, in 19 day(s)" in ok.stdout
    assert ok.stdout.endswith(f"{file}: 1 waiver(s), 0 problem(s), as of 2025-03-01\n")
    late = compliance("waivers", "check", str(file), "--as-of", "2025-04-01")
    assert late.returncode == 1 and "expired on 2025-03-20" in late.stdout
    file.write_text(file.read_text(encoding="utf-8").replace("justification", "reason"), encoding="utf-8")
    broken = compliance("waivers", "check", str(file))
    assert broken.returncode == 2
    assert "waiver 1, field 'justification': Field required" in broken.stderr
    assert "waiver 1, field 'reason': unknown key" in broken.stderr


def test_a_baseline_through_the_command(tmp_path):
    baseline = tmp_path / "baseline.json"
    args = ("check", str(EXAMPLE), "--ruleset", KUANGQU, "--baseline", str(baseline))
    missing = compliance(*args, "--as-of", "2025-03-01")
    assert missing.returncode == 2 and "no such baseline file; write it with --update-baseline" in missing.stderr
    written = compliance(*args, "--as-of", "2025-02-10", "--update-baseline")
    assert written.returncode == 0, written.stdout + written.stderr
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert len(recorded) == 23 + 13  # the day's violations and warnings
    later = compliance(*args, "--as-of", "2025-03-01", "--format", "json")
    assert later.returncode == 1
    report = Report.model_validate_json(later.stdout)
    failing = report.failing
    # the plans due 2025-02-28 were warnings in the baseline and are violations now; nothing else is new
    assert failing and {(f.rule, f.baseline.value) for f in failing} == {("training-plan-filed", "updated")}
    assert compliance(*args, "--as-of", "2025-03-01", "--update-baseline").returncode == 0
    assert compliance(*args, "--as-of", "2025-03-01").returncode == 0


def test_skip_leaves_bad_rows_out_and_says_which(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "data")
    training = tmp_path / "data" / "training_records.jsonl"
    lines = training.read_text(encoding="utf-8").splitlines()
    bad_id = json.loads(lines[4])["id"]
    lines[4] = lines[4].replace('"hours": ', '"hours": -')
    training.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = compliance("check", str(tmp_path / "data"), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    assert failed.returncode == 2 and f"line 5 (id '{bad_id}'), field 'hours'" in failed.stderr
    assert "1 rejected" in failed.stderr  # the per-file summary comes with the error
    skipped = compliance("check", str(tmp_path / "data"), "--ruleset", KUANGQU, "--as-of", "2025-03-01",
                         "--on-error", "skip", "--format", "json")
    assert skipped.returncode == 1
    assert "1 record(s) left out of the check" in skipped.stderr and "line 5" in skipped.stderr
    report = Report.model_validate_json(skipped.stdout)
    (left,) = report.left_out
    assert (left.collection, left.record_id, left.position) == ("training_records", bad_id, "line 5")
    (training_file,) = [f for f in report.inputs if f.collection == "training_records"]
    assert (training_file.read - training_file.accepted, training_file.rejected) == (1, 1)


def test_tabular_input_from_the_command_line():
    workbook = EXAMPLE.parent / "kuangqu.xlsx"
    csv_dir = EXAMPLE.parent / "kuangqu-csv"
    for data, extra in ((workbook, []), (csv_dir, ["--encoding", "gbk"])):
        result = compliance("check", str(data), "--ruleset", KUANGQU, "--as-of", "2025-03-01", *extra)
        assert result.returncode == 1, result.stderr
        assert "result: 25 violation(s)" in result.stdout


def test_the_command_leaves_without_freeing_but_flushes_and_runs_the_exit_handlers():
    # run() ends the process with os._exit (freeing a province's frames took half a second): what a normal exit
    # does that matters must still happen. The schema is printed into stdout's buffer (a pipe, not unbuffered):
    # it comes through only if it is flushed.
    script = ("import atexit, sys\n"
              "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
              "from compliance.cli import run\n"
              "sys.argv = ['compliance', 'schema', 'officers']\n"
              "run()\n")
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env=buffered)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Officer"
    assert "exit handler ran" in result.stderr


@pytest.mark.parametrize("format_name", ["json", "sarif"])
def test_a_reader_that_stops_early_ends_the_check_quietly(tmp_path, format_name):
    # `compliance check ... | head`: the reader closes the pipe after a few bytes of a report much larger than
    # a pipe holds; the command stops without a traceback, with exit code 2 (the report was not written).
    from test_benchmarks import generate

    generate.generate(400, tmp_path / "data", seed=1)
    command = [COMMAND, "check", str(tmp_path / "data"), "--ruleset", KUANGQU, "--as-of", "2025-03-01",
               "--format", format_name, "--no-progress"]
    whole = subprocess.run([*command, "-o", str(tmp_path / "report")], capture_output=True, timeout=120)
    assert whole.returncode == 1, whole.stderr
    assert (tmp_path / "report").stat().st_size > 2 << 20  # more than a pipe holds (64 KB, 1 MB at most)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=command_env()) as process:
        assert process.stdout.read(100)
        process.stdout.close()
        errors = process.stderr.read().decode()
        assert process.wait(timeout=120) == 2, errors
    assert errors == ""
