"""The report as JUnit XML, for GitLab, Jenkins and other viewers of test reports.

One ``testsuite`` per rule. The report holds each finding, and for the subjects that pass or are not
applicable only their counts (per rule, and per reason), so the test cases are:

- one per finding, named ``[department] subject period`` (the finding's fingerprint, rule and subject and
  period, is unique within its rule, so the name is too): a ``failure`` when it fails the run; ``skipped`` when
  it is waived (with the justification) or known from the baseline; passing otherwise (a warning below the fail
  level), with the message as its output;
- one passing case ``(passed)`` per rule whose output counts the subjects that passed;
- one ``skipped`` case ``(not applicable) reason`` per reason a rule gave;
- one ``(incomplete)`` case with an ``error`` for each rule that raised.

Every case's ``classname`` is ``ruleset.rule``, so viewers that split it show the pack, then the rule; the
summary cases' names are in parentheses, which no subject's name starts with, so that no two cases of a
rule share a classname and name, and GitLab and Jenkins keep every one.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import TextIO

from ..report import BaselineState, Finding, Report


def write(report: Report, out: TextIO, lang: str) -> None:
    covers = f", records cover {report.covers}" if report.covers else ""
    root = ET.Element("testsuites", name=f"compliance {report.ruleset} as of {report.as_of}{covers}")
    findings: dict[str, list[Finding]] = {}
    for finding in report.findings:
        findings.setdefault(finding.rule, []).append(finding)
    for summary in report.rules:
        suite = _suite(root, summary.rule)
        classname = f"{report.ruleset}.{summary.rule}"
        for finding in findings.get(summary.rule, []):
            _finding_case(suite, classname, finding, report, lang)
        passed = _case(suite, classname, "(passed)")
        ET.SubElement(passed, "system-out").text = f"{summary.passed} subject(s) passed"
        for reason, count in summary.not_applicable.items():
            ET.SubElement(_case(suite, classname, f"(not applicable) {reason}"), "skipped",
                          message=f"{count} subject(s) not applicable: {reason}")
    for failure in report.failures:
        case = _case(_suite(root, failure.rule), f"{report.ruleset}.{failure.rule}", "(incomplete)")
        ET.SubElement(case, "error", message=failure.error, type="RuleFailure").text = failure.traceback
    for element in root.iter("testsuite"):
        cases = element.findall("testcase")
        element.set("tests", str(len(cases)))
        for count, outcome in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
            element.set(count, str(sum(case.find(outcome) is not None for case in cases)))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def _suite(root: ET.Element, rule: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=rule)


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")


def _finding_case(suite: ET.Element, classname: str, finding: Finding, report: Report, lang: str) -> None:
    period = f" {finding.period}" if finding.period else ""
    case = _case(suite, classname, f"[{finding.department or '-'}] {finding.subject}{period}")
    message = getattr(finding.message, lang)
    lines = [f"{finding.status.value} ({finding.severity.value}): {message}", finding.standing,
             f"evidence: {json.dumps(finding.evidence, ensure_ascii=False)}",
             f"{finding.citation}: 「{finding.citation.text}」"]
    details = "\n".join(line for line in lines if line)
    if finding.fails(report.fail_level):
        ET.SubElement(case, "failure", message=message, type=finding.status.value).text = details
        return
    if finding.waived or finding.baseline is BaselineState.unchanged:
        ET.SubElement(case, "skipped", message=finding.standing)
    ET.SubElement(case, "system-out").text = details
