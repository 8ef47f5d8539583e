"""The text report as a person reads it: tables that line up with Chinese names, the worst findings first, every
heading in the chosen language, and colour only where the terminal wants it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import string
from dataclasses import fields
from pathlib import Path

import pytest
from test_cli import EXAMPLE, KUANGQU, compliance

from compliance import check, get_plugins, load_dataset
from compliance.baseline import BaselineFile, compare
from compliance.engine import check_example
from compliance.formats import text
from compliance.formats.glossary import LEFT_OUT, TERMS, reason
from compliance.labels import EN, LABELS, ZH
from compliance.report import BaselineEntry, FailLevel, Report, RuleFailure, Status, Waiver
from compliance.terminal import cells, clip, colour_choice, pad
from compliance.waivers import apply_waivers

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def no_colour_settings(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def plain() -> Report:
    return check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 2, 10))


@pytest.fixture(scope="module")
def involved(plain) -> Report:
    """Violations and warnings; one violation waived, one whose waiver expired, one known from the baseline."""
    violations = plain.violations

    def waiver(finding, expires_on: str) -> Waiver:
        return Waiver(rule=finding.rule, subject=finding.subject, period=finding.period, justification="病假, 见人事处记录",
                      approved_by="区司法局", expires_on=dt.date.fromisoformat(expires_on))

    report = apply_waivers(plain, [waiver(violations[0], "2025-06-30"), waiver(violations[1], "2025-01-31")])
    known = violations[2]
    baseline = BaselineFile(ruleset=KUANGQU, as_of=dt.date(2025, 1, 1), findings=[BaselineEntry(
        fingerprint=known.fingerprint, rule=known.rule, subject=known.subject, period=known.period, status=known.status)])
    return compare(report, baseline, Path("baseline.json"))


def render(report: Report, lang: str, out: io.StringIO | None = None) -> str:
    out = out if out is not None else io.StringIO()
    text.write(report, out, lang)
    return out.getvalue()


def section(output: str, heading: str) -> list[str]:
    """The lines of the section under ``heading``, up to the blank line that ends it."""
    return output.split(f"\n{heading}\n", 1)[1].split("\n\n", 1)[0].splitlines()


# --- cells ----------------------------------------------------------------------------------------------------


def test_cells_count_as_a_terminal_draws():
    assert cells("kq-sfj") == 6
    assert cells("阳泉市矿区司法局") == 16
    assert cells("（Ａ）") == 6  # fullwidth forms
    assert cells("e\u0301") == 1  # a combining accent takes no cell of its own
    assert pad("司法局", 8) == "司法局  " and pad("司法局", 8, ">") == "  司法局"
    assert clip("阳泉市矿区", 5) == "阳泉" and clip("abc", 5) == "abc"


# --- the tables -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_department_table_lines_up_worst_first_with_the_holding_rate(plain, lang):
    words = LABELS[lang]
    lines = section(render(plain, lang), words.departments)
    header, rows = lines[0], lines[1:]
    assert header.split() == [words.department, words.violations, words.warnings, *words.severity_names.values(),
                              *words.holding_rate.split()]
    assert len(rows) == len(plain.departments)
    # every column after the name is right-aligned: each line takes the same cells, though not the same characters
    assert len({cells(line) for line in lines}) == 1 and len({len(line) for line in lines}) > 1
    # the violations column ends in the same cell on every row
    edges = {cells(re.match(r"^.*?\)\s+\d+", row)[0]) for row in rows}
    assert len(edges) == 1
    figures = {d.department: d for d in plain.departments}
    counted = []
    for row in rows:
        department = re.search(r"\((kq-[a-z]+)\)", row)[1]
        violations, warnings, high, medium, low = map(int, row.split(")", 1)[1].split()[:5])
        mine = [f for f in plain.findings if f.department == department]
        assert violations == sum(f.status is Status.violation for f in mine) == high + medium + low
        assert warnings == sum(f.status is Status.warning for f in mine)
        figure = figures[department]
        if figure.officers_in_post:
            assert row.endswith(f"{figure.certificate_holding_rate:.1%} ({figure.certified}/{figure.officers_in_post})")
        else:
            assert row.endswith("—")
        counted.append((high, medium, low, warnings))
    assert counted == sorted(counted, reverse=True)  # the worst first
    assert sum(c[0] for c in counted) == len(plain.violations)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rule_table_counts_every_rule_those_that_fail_first(plain, lang):
    words = LABELS[lang]
    lines = section(render(plain, lang), words.rules)
    assert lines[0].split() == [words.rule, words.severity, words.violations, words.warnings, words.passed,
                                words.not_applicable]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert list(rows) == [r.rule for r in sorted(plain.rules, key=lambda r: (not r.violations, not r.warnings,
                                                                              -r.violations, -r.warnings, r.rule))]
    for rule in plain.rules:
        assert rows[rule.rule] == [words.severity_names[rule.severity.value], str(rule.violations), str(rule.warnings),
                                   str(rule.passed), str(sum(rule.not_applicable.values()))]
    reasons = section(render(plain, lang), words.reasons)
    assert len(reasons) - 1 == sum(len(r.not_applicable) for r in plain.rules)


# --- the findings ---------------------------------------------------------------------------------------------


def finding_lines(output: str, status: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(rf"^    {status} ", line)]


def test_the_findings_come_worst_first_then_below_the_fail_level_then_set_aside(involved):
    output = render(involved, "en")
    findings = output.split("\nFindings, worst first\n", 1)[1]
    headings = [line for line in findings.splitlines() if line and not line.startswith(" ")]
    failing = len(involved.failing)
    assert headings[:3] == [
        f"Violations of high severity ({failing})",
        f"Warnings: due within 30 days ({len(involved.warnings)}) — below the fail level low: they do not fail the run",
        "Waived, or known from the baseline (2)",
    ]
    set_aside = findings.split("Waived, or known from the baseline (2)\n", 1)[1].split("\n\n", 1)[0]
    assert "(waived until 2025-06-30 by 区司法局: 病假, 见人事处记录)" in set_aside
    assert "(known: in the baseline)" in set_aside
    expired = findings.split("Warnings:", 1)[0]
    assert "(its waiver expired on 2025-01-31)" in expired  # it fails again, among the failing
    # with warning as the fail level, the warnings fail too: they come right after the violations
    strict = render(involved.model_copy(update={"fail_level": FailLevel.warning}), "en")
    assert "Warnings: due within 30 days (13)\n" in strict and "below the fail level" not in strict


def test_a_finding_has_its_message_subject_period_evidence_and_source(plain):
    output = render(plain, "zh")
    finding = next(f for f in plain.findings if f.rule == "training-annual-hours")
    block = output.split(f"    违规 training-annual-hours  执法人员 {finding.subject.id}  期间 {finding.period}\n", 1)[1]
    message, evidence, source = block.splitlines()[:3]
    assert message == f"      {finding.message.zh}"
    assert evidence.startswith(f"      证据: 总学时 {finding.evidence['total']} · ")
    assert f"应达总学时 {finding.evidence['required_total']}" in evidence
    assert source == f"      依据: {finding.citation}"
    # under the heading of its department, by name and id
    department = next(d for d in plain.departments if d.department == finding.department)
    assert output.index(f"\n  {department.name} ({department.department})\n") < output.index(message)


def test_a_line_break_in_a_message_keeps_the_indent(plain):
    broken = plain.findings[0].model_copy(update={"message": plain.findings[0].message.model_copy(
        update={"en": "first line\nsecond line"})})
    output = render(plain.model_copy(update={"findings": [broken]}), "en")
    assert "      first line\n      second line\n" in output


def test_what_needs_attention_and_the_result(involved):
    failure = RuleFailure(rule="explodes", distribution="demo", error="RuntimeError: boom", traceback="…")
    unused = Waiver(rule="pilot-sites", subject={"kind": "department", "id": "gone"}, justification="已撤并",
                    approved_by="x", expires_on=dt.date(2026, 1, 1))
    report = apply_waivers(involved, [unused]).model_copy(update={"failures": [failure]})
    en, zh = render(report, "en"), render(report, "zh")
    assert "\nNeeds attention\n  ERROR explodes (from demo): RuntimeError: boom (the run is incomplete)\n" in en
    assert "  waiver for pilot-sites on department gone: matches no finding" in en
    assert "  baseline baseline.json: 0 finding(s) fixed since\n" in en
    assert "\n需要注意\n  错误: 规则 explodes(来自 demo)运行出错: RuntimeError: boom(检查不完整)\n" in zh
    assert "  pilot-sites 对单位 gone的豁免未对应任何问题" in zh
    v, w, failing = len(report.violations), len(report.warnings), len(report.failing)
    assert en.endswith(f"\nresult: {v} violation(s), {w} warning(s); {failing} fail at level low; "
                       "incomplete: 1 rule(s) raised\n")
    assert zh.endswith(f"\n结果: 违规 {v} 项, 预警 {w} 项; 按失败级别 low, 不通过 {failing} 项; 检查不完整: 1 条规则运行出错\n")


# --- one language at a time -----------------------------------------------------------------------------------


def test_both_languages_have_every_label_with_the_same_placeholders():
    def placeholders(value: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}

    for field in fields(ZH):
        zh, en = getattr(ZH, field.name), getattr(EN, field.name)
        if isinstance(zh, dict) and field.name != "collections":
            assert zh.keys() == en.keys(), field.name
            assert all(placeholders(zh[k]) == placeholders(en[k]) for k in zh), field.name
        elif isinstance(zh, str):
            assert zh and placeholders(zh) == placeholders(en), field.name


def ids_of(report: Report) -> set[str]:
    """The words of a report that are ids, the same in every language: rules, packs, records, periods, paths."""
    # the path's words as the tests find words (from a letter on): a directory named 6Egyx9qxvA shows Egyx9qxvA
    words = {"compliance", report.fail_level.value, *re.findall(r"\w+", report.dataset),
             *re.findall(r"[A-Za-z][\w-]*", report.dataset)}
    words |= {part for chain in report.ruleset_chain for part in chain.split("-")}
    words |= {d.department for d in report.departments} | {rule.rule for rule in report.rules}
    words |= set(re.findall(r"\w+", report.baseline.file)) if report.baseline else set()
    for finding in report.findings:
        words |= {finding.rule, finding.subject.id, finding.subject.officer, finding.period}
        # ids in the evidence (F-0046, P-kq-zjj-3), not its words: the summary must name those in Chinese
        words |= {w for w in re.findall(r"[A-Za-z][\w-]*", str(finding.evidence)) if re.search(r"[\d-]", w)}
    return words


@pytest.mark.parametrize("as_of", ["2024-08-10", "2025-02-10", "2025-03-01"])
def test_the_chinese_report_has_no_english_but_ids(involved, as_of):
    report = involved if as_of == "2025-02-10" else check(load_dataset(EXAMPLE), KUANGQU, dt.date.fromisoformat(as_of))
    output = render(report, "zh")
    words = set(re.findall(r"[A-Za-z][\w-]*", output))
    allowed = ids_of(report) | {"filed_on"}  # a field named in a reason, as the records spell it
    assert {w for w in words if w not in allowed and not set(w.split("-")) <= allowed} == set()


def test_the_english_report_has_no_chinese_but_data(involved):
    output = render(involved, "en")
    data = {d.name for d in involved.departments} | {str(f.citation) for f in involved.findings}
    data |= {f.message.en for f in involved.findings} | {"病假, 见人事处记录", "区司法局"}
    for value in sorted(data, key=len, reverse=True):
        output = output.replace(value, "")
    assert CJK.findall(output) == []


def findings_of_every_builtin_rule() -> list:
    dataset = load_dataset(EXAMPLE)
    findings = [f for pack in (KUANGQU, "cn-shanxi-yuncheng", "cn-yunnan-chuxiong-yuanmou")
                for day in ("2024-03-01", "2024-08-10", "2025-02-10", "2025-03-01")
                for f in check(dataset, pack, dt.date.fromisoformat(day)).findings]
    for rule, _ in get_plugins(entry_points=False).rules.values():
        findings += check_example(rule, rule.example_breaks).findings
    return findings


def test_every_evidence_key_of_the_builtin_rules_is_named_or_left_out():
    keys = {key for f in findings_of_every_builtin_rule() for key in f.evidence if not key.endswith("_zh")}
    assert keys - TERMS.keys() - LEFT_OUT == set()
    assert not TERMS.keys() & LEFT_OUT


def test_every_builtin_reason_for_not_applicable_is_in_chinese():
    dataset = load_dataset(EXAMPLE)
    reasons = {text for pack in (KUANGQU, "cn-shanxi-yuncheng", "cn-yunnan-chuxiong-yuanmou", "cn")
               for day in ("2024-03-01", "2025-03-01")
               for rule in check(dataset, pack, dt.date.fromisoformat(day)).rules for text in rule.not_applicable}
    assert len(reasons) > 5
    for text_en in reasons:
        assert not re.search(r"[a-z]{3,}", re.sub(r"\(([\w-]+)\)", "", reason(text_en, "zh"))), text_en
    assert reason("a plug-in's own reason", "zh") == "a plug-in's own reason"


# --- colour ---------------------------------------------------------------------------------------------------


def test_colour_on_a_terminal_only_and_it_changes_nothing_else(plain):
    coloured, uncoloured = render(plain, "en", Terminal()), render(plain, "en")
    assert ANSI.search(coloured) and not ANSI.search(uncoloured)
    assert ANSI.sub("", coloured) == uncoloured
    assert "\x1b[1;31mVIOLATION\x1b[0m" in coloured  # high severity: bold red
    assert "\x1b[33mWARNING\x1b[0m" in coloured
    assert re.search(r"\x1b\[32m\d+\x1b\[0m", coloured)  # passes green
    assert "\x1b[2m0\x1b[0m" in coloured  # nothing to count: dim


@pytest.mark.parametrize(("env", "choice", "stream", "expected"), [
    ({"NO_COLOR": "1"}, "auto", Terminal, False),
    ({"NO_COLOR": ""}, "auto", Terminal, True),  # set but empty: as if not set
    ({"FORCE_COLOR": "1"}, "auto", io.StringIO, True),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", Terminal, False),
    ({"TERM": "dumb"}, "auto", Terminal, False),
    ({"FORCE_COLOR": "1"}, "never", Terminal, False),  # the command line over the environment
    ({"NO_COLOR": "1"}, "always", io.StringIO, True),
])
def test_colour_follows_the_command_line_then_the_environment(plain, monkeypatch, env, choice, stream, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with colour_choice(choice):
        output = render(plain, "en", stream())
    assert bool(ANSI.search(output)) is expected


def test_the_color_option_colours_standard_output_and_never_a_file(tmp_path):
    args = ("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    assert not ANSI.search(compliance(*args).stdout)  # a pipe
    coloured = compliance(*args, "--color", "always", "--format", f"text={tmp_path / 'report.txt'}")
    assert coloured.returncode == 1 and "\x1b[1;31mVIOLATION\x1b[0m" in coloured.stdout
    assert not ANSI.search((tmp_path / "report.txt").read_text(encoding="utf-8"))
    assert ANSI.sub("", coloured.stdout) == compliance(*args, "--color", "never").stdout


# --- the command's own messages -------------------------------------------------------------------------------


def test_the_commands_messages_follow_lang(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    training = data / "training_records.jsonl"
    lines = training.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace('"hours": ', '"hours": -')
    training.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ("check", str(data), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    skipped = compliance(*args, "--on-error", "skip", "--lang", "zh")
    assert skipped.returncode == 1
    assert skipped.stderr.startswith("警告: 1 条记录未纳入检查:\n") and "第 5 行" in skipped.stderr
    assert skipped.stdout.startswith("compliance 0.1.0 — 执法合规检查报告\n")
    failed = compliance(*args, "--lang", "zh")
    assert failed.returncode == 2 and failed.stderr.startswith("错误: ")
    assert "\n合计: 读取 " in failed.stderr and ", 拒绝 1" in failed.stderr  # the load summary
    english = compliance(*args, "--lang", "en")
    assert english.stderr.startswith("error: ") and "\ntotal: " in english.stderr
    assert compliance(*args, "--on-error", "skip").stderr.startswith("warning: 1 record(s) left out of the check:\n")
