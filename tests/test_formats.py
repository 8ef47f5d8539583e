"""Each output format read by its real consumer: SARIF by the official 2.1.0 schema, JUnit by a JUnit library,
GitHub annotations by an unescaper written from the runner's documented rules."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped
from test_cli import EXAMPLE, KUANGQU

from compliance import check, load_dataset
from compliance.baseline import BaselineFile, compare
from compliance.formats import FORMATS
from compliance.report import (
    BaselineEntry,
    BaselineState,
    FailLevel,
    Report,
    RuleFailure,
    Severity,
    Status,
    Subject,
    Text,
    Waiver,
    WaiverState,
)
from compliance.waivers import apply_waivers

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
#: a message with everything a workflow command must escape
AWKWARD = "50% done: due 2025-02-28, filed\nnever\r\nliteral %0A and :: here, too"


def render(report: Report, name: str, lang: str = "en") -> str:
    out = io.StringIO()
    FORMATS[name](report, out, lang)
    return out.getvalue()


@pytest.fixture(scope="module")
def report() -> Report:
    """The example as of a day with violations and warnings; one violation waived, one whose waiver expired, one
    in the baseline, a waiver that matches nothing, an awkward message, and a rule that raised."""
    plain = check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 2, 10))
    violations = plain.violations
    assert len(violations) > 4 and plain.warnings

    def waiver(finding, expires_on: str, justification: str) -> Waiver:
        return Waiver(rule=finding.rule, subject=finding.subject, period=finding.period, justification=justification,
                      approved_by="区司法局, 王局长", expires_on=dt.date.fromisoformat(expires_on), risk="low: 10%")

    waivers = [waiver(violations[0], "2025-06-30", AWKWARD), waiver(violations[1], "2025-01-31", "took too long"),
               Waiver(rule="training-annual-hours", subject=Subject(kind="officer", id="nobody"),
                      justification="gone", approved_by="x", expires_on=dt.date(2026, 1, 1))]
    awkward = violations[3].model_copy(update={"message": Text(zh=AWKWARD, en=AWKWARD)})
    findings = [awkward if f is violations[3] else f for f in plain.findings]
    report = apply_waivers(plain.model_copy(update={"findings": findings}), waivers)
    known = violations[2]
    baseline = BaselineFile(ruleset=KUANGQU, as_of=dt.date(2025, 1, 1), findings=[
        BaselineEntry(fingerprint=f.fingerprint, rule=f.rule, subject=f.subject, period=f.period, status=f.status)
        for f in (known,)
    ] + [BaselineEntry(fingerprint="0" * 16, rule="pilot-sites", subject=Subject(kind="department", id="gone"),
                       period=None, status=Status.violation)])
    report = compare(report, baseline, Path("baseline.json"))
    failure = RuleFailure(rule="explodes", distribution="demo", error="RuntimeError: boom", traceback="Traceback…")
    return report.model_copy(update={"failures": [failure]})


def test_the_fixture_has_every_standing(report):
    assert [use.state for use in report.waivers] == [WaiverState.active, WaiverState.expired, WaiverState.unused]
    assert sum(f.waived for f in report.findings) == 1
    assert sum(f.waiver is not None and not f.waived for f in report.findings) == 1
    assert sum(f.baseline is BaselineState.unchanged for f in report.findings) == 1
    assert len(report.baseline.fixed) == 1
    assert len(report.failing) == len(report.violations) - 2


# --- SARIF ------------------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(report):
    log = json.loads(render(report, "sarif"))
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_rules_carry_their_citation_and_results_their_kind_and_level(report):
    run = json.loads(render(report, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [s.rule for s in report.rules]
    plan = next(r for r in rules if r["id"] == "training-plan-filed")
    citation = next(s.citation for s in report.rules if s.rule == "training-plan-filed")
    assert citation.text in plan["help"]["text"] and citation.text in plan["help"]["markdown"]
    assert plan["properties"]["citation"]["item"] == citation.item
    results = run["results"]
    assert len(results) == len(report.findings)
    for result, finding in zip(results, report.findings):
        assert rules[result["ruleIndex"]]["id"] == finding.rule
        if finding.status is Status.violation:
            assert (result["kind"], result["level"]) == ("fail", "error")  # every rule of the pack is high
        else:
            assert result["kind"] == "open" and "level" not in result
        assert result["partialFingerprints"]["complianceFinding/v1"] == finding.fingerprint
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith(".jsonl") and physical["region"]["startLine"] >= 1


def test_sarif_waivers_are_suppressions_with_their_justification(report):
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    suppressed = [(r["suppressions"][0]["status"], r["suppressions"][0]["justification"])
                  for r in results if "suppressions" in r]
    assert sorted(suppressed) == [("accepted", AWKWARD), ("rejected", "took too long")]
    assert [r["baselineState"] for r in results].count("unchanged") == 1
    invocation = json.loads(render(report, "sarif"))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "explodes" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    notes = [n["message"]["text"] for n in invocation["toolConfigurationNotifications"]]
    assert any("expired on 2025-01-31" in n for n in notes) and any("matches no finding" in n for n in notes)


def test_sarif_results_point_at_the_line_of_their_record(report):
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    for result in results[:10]:
        physical = result["locations"][0]["physicalLocation"]
        path = Path(unquote(urlparse(physical["artifactLocation"]["uri"]).path))
        assert not path.is_absolute()  # the example is under the current directory: relative to it
        line = path.read_text(encoding="utf-8").splitlines()[physical["region"]["startLine"] - 1]
        assert json.loads(line)["id"] == result["locations"][0]["logicalLocations"][0]["name"]


# --- JUnit ------------------------------------------------------------------------------------------------------


def test_junit_parses_and_keeps_every_case(report, tmp_path):
    file = tmp_path / "junit.xml"
    file.write_text(render(report, "junit"), encoding="utf-8")
    xml = JUnitXml.fromfile(str(file))
    cases = [case for suite in xml for case in suite]
    reasons = sum(len(s.not_applicable) for s in report.rules)
    assert len(cases) == len(report.findings) + len(report.rules) + reasons + len(report.failures)
    keys = [(case.classname, case.name) for case in cases]
    assert len(set(keys)) == len(keys), "GitLab and Jenkins drop cases that share classname and name"
    outcomes = [type(result).__name__ for case in cases for result in case.result]
    assert outcomes.count("Failure") == len(report.failing)
    assert outcomes.count("Error") == len(report.failures)
    waived = [case for case in cases if any(isinstance(r, Skipped) and "waived" in (r.message or "")
                                            for r in case.result)]
    assert len(waived) == 1 and "区司法局, 王局长" in waived[0].result[0].message
    assert sum(isinstance(r, Skipped) and "baseline" in (r.message or "") for c in cases for r in c.result) == 1
    failed = {case.classname for case in cases if any(isinstance(r, Failure) for r in case.result)}
    assert failed == {f"{KUANGQU}.{finding.rule}" for finding in report.failing}
    errored = [case for case in cases if any(isinstance(r, Error) for r in case.result)]
    assert [(case.classname, case.name) for case in errored] == [(f"{KUANGQU}.explodes", "(incomplete)")]
    for suite in xml:
        assert suite.tests == len(list(suite))


# --- GitHub workflow commands ------------------------------------------------------------------------------------


def _unescape_data(value: str) -> str:
    # The runner's documented rules, undone in the reverse order: %0D, %0A, then %25 last.
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it: ``::name k=v,k=v::message``, the command part ending at the
    first ``::`` after the leading one."""
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    name, _, props = head.partition(" ")
    properties = dict(pair.split("=", 1) for pair in props.split(",")) if props else {}
    return name, {k: _unescape_property(v) for k, v in properties.items()}, _unescape_data(message)


def test_github_annotations_survive_commas_colons_percents_and_new_lines(report):
    lines = render(report, "github").splitlines()
    commands = [parse_command(line) for line in lines if line.startswith("::")]
    messages = [message for _, _, message in commands]
    assert any(message.startswith(AWKWARD + "\n") for message in messages)
    waived = next(m for m in messages if "waived until" in m)
    assert waived.endswith(f"waived until 2025-06-30 by 区司法局, 王局长: {AWKWARD}")
    for name, properties, message in commands:
        assert name in {"error", "warning", "notice"}
        assert set(properties) <= {"file", "line", "title"}
    titles = [p["title"] for _, p, _ in commands if "file" in p]
    assert all(": " in title for title in titles)  # colons and commas in properties come back intact


def test_github_errors_are_exactly_the_failing_findings_and_come_first(report):
    commands = [parse_command(line) for line in render(report, "github").splitlines() if line.startswith("::")]
    names = [name for name, _, _ in commands]
    assert names[:len(report.failing)] == ["error"] * len(report.failing)
    assert names.count("error") == len(report.failing) + len(report.failures)
    assert names.count("notice") == 2  # the waived finding and the one in the baseline
    located = [p for _, p, _ in commands if "file" in p]
    assert located and all(p["file"].endswith(".jsonl") and int(p["line"]) >= 1 for p in located)


def test_escaping_functions_match_the_runner():
    from compliance.formats.github import command

    line = command("error", "a%b\r\nc", file="x,y:z.jsonl", title="100%: done, really")
    assert line == "::error file=x%2Cy%3Az.jsonl,title=100%25%3A done%2C really::a%25b%0D%0Ac\n"
    assert parse_command(line.rstrip("\n")) == ("error", {"file": "x,y:z.jsonl", "title": "100%: done, really"},
                                                "a%b\r\nc")


# --- Markdown and text -------------------------------------------------------------------------------------------


def test_markdown_summary_has_the_verdict_a_row_per_rule_and_the_failing_findings(report):
    text = render(report, "markdown", "zh")
    assert text.startswith(f"## compliance: `{KUANGQU}` as of 2025-02-10 (records cover 2021-01-01..2025-02-10)\n")
    assert f"❌ {len(report.failing)} finding(s) fail at level `low`" in text
    assert "incomplete: 1 rule(s) raised" in text
    for summary in report.rules:
        assert f"| `{summary.rule}` " in text
    table = text.split("### Failing findings")[1].split("###")[0]
    assert len(re.findall(r"^\| kq-", table, re.MULTILINE)) == len(report.failing)
    assert "50% done: due 2025-02-28, filed<br>never<br>literal" in text  # a new line never breaks the table
    assert "expired on 2025-01-31" in text and "matches no finding" in text and "1 finding(s) of the baseline" in text


def test_text_marks_waived_and_known_findings(report):
    text = render(report, "text")
    assert "(waived until 2025-06-30 by 区司法局, 王局长: 50% done" in text
    assert "(its waiver expired on 2025-01-31)" in text
    assert "(known: in the baseline)" in text
    assert f"; {len(report.failing)} fail at level low" in text


def test_the_fail_level_decides_what_fails(report):
    assert {f.status for f in report.failing} == {Status.violation}
    strict = report.model_copy(update={"fail_level": FailLevel.warning})
    assert len(strict.failing) == len(report.failing) + len(report.warnings)
    assert report.model_copy(update={"fail_level": FailLevel.high}).failing == report.failing
    lenient = report.model_copy(update={"findings": [f.model_copy(update={"severity": Severity.medium})
                                                      for f in report.findings], "fail_level": FailLevel.high})
    assert lenient.failing == []


def test_json_format_round_trips_with_waivers_and_baseline(report):
    assert Report.model_validate_json(render(report, "json")) == report


def test_the_readme_documents_every_format():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    in_ci = readme.split("\n## In CI\n")[1].split("\n## ")[0]
    for name in FORMATS:
        assert f"| `{name}` |" in in_ci
