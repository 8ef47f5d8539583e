"""The report as a Markdown summary that fits a CI step summary (``$GITHUB_STEP_SUMMARY``) or a merge-request
comment: the verdict, a table of the rules, the failing findings per department, and what needs attention
(waivers that expired or match nothing, rules that raised, findings fixed since the baseline). Findings that
do not fail the run are counted, not listed; the full report is in the other formats."""

from __future__ import annotations

from typing import TextIO

from ..report import Report

#: At most this many failing findings are listed; a step summary must stay under 1 MiB.
MAX_LISTED = 500


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def write(report: Report, out: TextIO, lang: str) -> None:
    failing = report.failing
    verdict = (f"❌ {len(failing)} finding(s) fail at level `{report.fail_level.value}`" if failing
               else f"✅ nothing fails at level `{report.fail_level.value}`")
    if report.failures:
        verdict += f" — ⚠️ incomplete: {len(report.failures)} rule(s) raised"
    waived = sum(f.waived for f in report.findings)
    covers = f" (records cover {report.covers})" if report.covers else ""
    out.write(f"## compliance: `{report.ruleset}` as of {report.as_of}{covers}\n\n{verdict}\n\n"
              f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s), {waived} waived; "
              f"data `{report.dataset}` ({sum(report.record_counts.values())} records)\n\n")
    out.write("| rule | severity | violations | warnings | failing | passed | n/a |\n|---|---|--:|--:|--:|--:|--:|\n")
    failing_by_rule: dict[str, int] = {}
    for finding in failing:
        failing_by_rule[finding.rule] = failing_by_rule.get(finding.rule, 0) + 1
    for rule in report.rules:
        out.write(f"| `{rule.rule}` {_cell(getattr(rule.title, lang))} | {rule.severity.value} | {rule.violations} | "
                  f"{rule.warnings} | {failing_by_rule.get(rule.rule, 0)} | {rule.passed} | "
                  f"{sum(rule.not_applicable.values())} |\n")
    if failing:
        out.write("\n### Failing findings\n\n| department | rule | subject | period | finding | source |\n"
                  "|---|---|---|---|---|---|\n")
        for finding in failing[:MAX_LISTED]:
            out.write(f"| {_cell(finding.department or '-')} | `{finding.rule}` | {_cell(finding.subject)} | "
                      f"{_cell(finding.period or '')} | {_cell(getattr(finding.message, lang))} | "
                      f"{_cell(finding.citation)} |\n")
        if len(failing) > MAX_LISTED:
            out.write(f"\n… and {len(failing) - MAX_LISTED} more: see the full report.\n")
    attention = [f"- rule `{f.rule}` raised: {_cell(f.error)} (its findings are missing)" for f in report.failures]
    attention += [f"- {_cell(use)}" for use in report.stale_waivers]
    if report.baseline is not None and report.baseline.fixed:
        attention.append(f"- {len(report.baseline.fixed)} finding(s) of the baseline `{report.baseline.file}` are "
                         "fixed: `--update-baseline` drops them")
    if attention:
        out.write("\n### Needs attention\n\n" + "\n".join(attention) + "\n")
