"""The report for a person at a terminal: findings per department, then counts per rule, then what fails."""

from __future__ import annotations

from typing import TextIO

from ..report import Report, Status

_LABEL = {
    "zh": {Status.violation: "违规", Status.warning: "预警", "rule": "规则", "violations": "违规", "warnings": "预警",
           "passed": "合规", "n/a": "不适用", "as of": "截至", "data": "数据", "result": "结果",
           "violation(s)": "项违规", "warning(s)": "项预警"},
    "en": {Status.violation: "VIOLATION", Status.warning: "WARNING", "rule": "rule", "violations": "violations",
           "warnings": "warnings", "passed": "passed", "n/a": "n/a", "as of": "as of", "data": "data",
           "result": "result", "violation(s)": "violation(s)", "warning(s)": "warning(s)"},
}


def write(report: Report, out: TextIO, lang: str) -> None:
    label = _LABEL[lang]
    out.write(f"compliance {report.tool_version}: {report.ruleset} ({' > '.join(report.ruleset_chain)}), "
              f"{label['as of']} {report.as_of}\n")
    counts = ", ".join(f"{k} {v}" for k, v in report.record_counts.items())
    out.write(f"{label['data']}: {report.dataset} ({counts})\n")
    department = object()
    for finding in report.findings:
        if finding.department != department:
            department = finding.department
            out.write(f"\n{department or '-'}\n")
        period = f" {finding.period}" if finding.period else ""
        standing = f"  ({finding.standing})" if finding.standing else ""
        out.write(f"  {label[finding.status]} {finding.rule}  {finding.subject}{period}{standing}\n")
        out.write(f"            {getattr(finding.message, lang)}\n")
        out.write(f"            [{finding.citation}]\n")
    out.write(f"\n{label['rule']:<32} {label['violations']:>10} {label['warnings']:>9} {label['passed']:>7} "
              f"{label['n/a']:>6}\n")
    for rule in report.rules:
        na = sum(rule.not_applicable.values())
        out.write(f"{rule.rule:<32} {rule.violations:>10} {rule.warnings:>9} {rule.passed:>7} {na:>6}\n")
        for reason, count in rule.not_applicable.items():
            out.write(f"{'':<34}n/a {count}: {reason}\n")
    for failure in report.failures:
        out.write(f"\nERROR {failure.rule} (from {failure.distribution}): {failure.error} (the run is incomplete)\n")
    if report.stale_waivers:
        out.write("\n" + "".join(f"{use}\n" for use in report.stale_waivers))
    if report.baseline is not None:
        out.write(f"\nbaseline {report.baseline.file}: {len(report.baseline.fixed)} finding(s) fixed since\n")
    v, w = len(report.violations), len(report.warnings)
    out.write(f"\n{label['result']}: {v} {label['violation(s)']}, {w} {label['warning(s)']}; "
              f"{len(report.failing)} fail at level {report.fail_level.value}\n")
