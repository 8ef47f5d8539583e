"""The report as SARIF 2.1.0, for GitHub code scanning and other viewers of static-analysis results.

- ``tool.driver.rules``: one reporting descriptor per rule that ran, its help text quoting the citation
  (document, 文号, item and original sentence), which is also in the descriptor's properties.
- ``results``: one per finding. ``kind`` comes from the status: a violation is ``fail``, its ``level`` from the
  rule's severity (high ``error``, medium ``warning``, low ``note``); a warning (a deadline due soon and not
  met yet) is ``open``, with no level, as SARIF requires for any kind but ``fail``. Each result points at the
  subject's record (file and line) and names it as a logical location; its partial fingerprint is the
  finding's fingerprint (rule, subject and period), so viewers track it from run to run.
- A waiver is a suppression of kind ``external`` with its justification: ``accepted`` while in force,
  ``rejected`` once expired. A run with a baseline sets each result's ``baselineState``.
- ``invocations``: whether the run was complete (a rule that raised is an error notification), and the waivers
  that expired or match nothing, as configuration notifications.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ..report import Finding, Report, RuleSummary, Severity, Status
from .locations import COLLECTIONS, RecordLocations

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "complianceFinding/v1"
_LEVEL = {Severity.high: "error", Severity.medium: "warning", Severity.low: "note"}


def write(report: Report, out: TextIO, lang: str) -> None:
    json.dump(sarif_log(report, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


def sarif_log(report: Report, lang: str) -> dict[str, Any]:
    """The SARIF log of one run, as a JSON value."""
    index = {summary.rule: n for n, summary in enumerate(report.rules)}
    locate = RecordLocations(report.dataset)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "compliance",
            "version": report.tool_version,
            "rules": [_descriptor(summary) for summary in report.rules],
        }},
        "invocations": [_invocation(report)],
        "results": [_result(finding, index, locate, lang) for finding in report.findings],
        "properties": {"ruleset": report.ruleset, "rulesetChain": report.ruleset_chain,
                       "asOf": report.as_of.isoformat(), "covers": str(report.covers) if report.covers else None,
                       "dataset": report.dataset,
                       "failLevel": report.fail_level.value},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _descriptor(summary: RuleSummary) -> dict[str, Any]:
    citation = summary.citation
    source = " ".join(part for part in (citation.document, citation.number, citation.item) if part)
    return {
        "id": summary.rule,
        "name": summary.title.en,
        "shortDescription": {"text": f"{summary.title.zh} / {summary.title.en}"},
        "fullDescription": {"text": f"{source}: 「{citation.text}」"},
        "help": {
            "text": f"{summary.title.zh} / {summary.title.en}\n\n{source}:\n「{citation.text}」\n\n"
                    f"compliance rules --explain {summary.rule}",
            "markdown": f"**{summary.title.zh}** / {summary.title.en}\n\n{source}:\n\n> {citation.text}\n\n"
                        f"`compliance rules --explain {summary.rule}` explains the rule with examples.",
        },
        "defaultConfiguration": {"level": _LEVEL[summary.severity]},
        "properties": {"citation": citation.model_dump(mode="json"), "severity": summary.severity.value,
                       "tags": ["compliance", summary.severity.value]},
    }


def _result(finding: Finding, index: dict[str, int], locate: RecordLocations, lang: str) -> dict[str, Any]:
    subject = finding.subject
    location: dict[str, Any] = {"logicalLocations": [{
        "name": subject.id, "fullyQualifiedName": f"{COLLECTIONS[subject.kind]}/{subject.id}", "kind": "object",
    }]}
    if (found := locate(subject)) is not None:
        file, line = found
        location["physicalLocation"] = {"artifactLocation": {"uri": _uri(file)}, "region": {"startLine": line}}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "message": {"text": getattr(finding.message, lang)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"status": finding.status.value, "severity": finding.severity.value,
                       "subject": subject.model_dump(mode="json", exclude_none=True),
                       "department": finding.department, "period": finding.period,
                       "message": finding.message.model_dump(), "evidence": finding.evidence,
                       "citation": finding.citation.model_dump(mode="json")},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.status is Status.violation:
        result |= {"kind": "fail", "level": _LEVEL[finding.severity]}
    else:
        result["kind"] = "open"
    if finding.waiver is not None:
        waiver = finding.waiver
        result["suppressions"] = [{
            "kind": "external",
            "status": "accepted" if finding.waived else "rejected",
            "justification": waiver.justification,
            "properties": {"approvedBy": waiver.approved_by, "expiresOn": waiver.expires_on.isoformat(),
                           "risk": waiver.risk, "expired": not finding.waived},
        }]
    if finding.baseline is not None:
        result["baselineState"] = finding.baseline.value
    return result


def _invocation(report: Report) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not report.failures}
    if report.failures:
        invocation["toolExecutionNotifications"] = [{
            "level": "error",
            "message": {"text": f"rule {failure.rule} (from {failure.distribution}) raised: {failure.error}; "
                                "its findings are missing"},
            "descriptor": {"id": failure.rule},
        } for failure in report.failures]
    if report.stale_waivers:
        invocation["toolConfigurationNotifications"] = [{
            "level": "warning", "message": {"text": str(use)}, "associatedRule": {"id": use.waiver.rule},
        } for use in report.stale_waivers]
    return invocation


def _uri(file: Path) -> str:
    """A URI reference for ``file``: relative paths stay relative (to the checkout, as code scanning wants)."""
    return file.resolve().as_uri() if file.is_absolute() else quote(file.as_posix())
