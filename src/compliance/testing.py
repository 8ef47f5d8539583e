"""Helpers for testing rules and rule packs: records written inline, one rule run as of a day, and findings
compared with the ones expected, each written as one line.

    from compliance.testing import assert_findings, run_rule

    def test_a_certificate_renewed_late(compliance_run_rule):   # or run_rule(...) without the fixture
        report = compliance_run_rule("certificate-renewed-before-expiry", {
            "departments": [{"id": "d1", "name": "演示县市场监督管理局", "level": "county"}],
            "officers": [...], "certificates": [...],
        }, as_of="2025-03-01", pack="cn-shanxi-demo-county")
        assert_findings(report, ["violation certificate-renewed-before-expiry certificate C1 2025"])

A finding's line is ``status rule subject [period]``, the subject as ``kind id`` (``kind id/officer`` for an
action and one of its officers). The pytest plug-in provides the fixtures ``compliance_plugins`` (the installed
plug-ins) and ``compliance_run_rule`` (:func:`run_rule` with them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from .config import Settings, tailor
from .dataset import Dataset
from .engine import DEFAULT_WARN_DAYS, check
from .loading import parse_document
from .packs import Packs, Ruleset
from .plugins import Plugins, get_plugins
from .report import Finding, Report
from .rule import Rule


def dataset(records: Mapping[str, list[dict[str, Any]]]) -> Dataset:
    """A dataset of records by collection, as in a JSON document, validated exactly as a file's are."""
    return parse_document(json.dumps(records, ensure_ascii=False).encode(), "<test records>")


def run_rule(rule: str | type[Rule] | Rule, records: Mapping[str, list[dict[str, Any]]], as_of: str | dt.date, *,
             pack: str | None = None, params: Mapping[str, Any] | None = None, warn_days: int = DEFAULT_WARN_DAYS,
             effective: str | dt.date | None = None, until: str | dt.date | None = None,
             plugins: Plugins | None = None) -> Report:
    """Run one rule over ``records`` as of a day. With ``pack``, the rule (an id) as that pack configures it,
    in force from the pack's day; otherwise the rule with ``params`` (a rule id is looked up in the installed
    plug-ins), in force from ``effective`` to ``until`` (None: whatever the day; a yearly obligation then recurs
    from the year the earliest posting began, up to the as-of year)."""
    as_of = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    if pack is not None:
        if params:
            raise ValueError("give params or pack, not both: a pack sets the rule's parameters")
        plugins = plugins or get_plugins()
        rule_id = rule if isinstance(rule, str) else rule.id
        ruleset = tailor(Packs(plugins).resolve(pack), Settings(select=[rule_id]), plugins)
    else:
        if isinstance(rule, str):
            rule = (plugins or get_plugins()).rules[rule][0]
        if isinstance(rule, type):
            rule = rule(rule.Params.model_validate(dict(params or {})))
        elif params:
            raise ValueError("params apply to a rule class or id; this rule is already configured")
        ruleset = Ruleset.of_rule(rule, _day(effective), _day(until))
    return check(dataset(records), ruleset, as_of, warn_days=warn_days)


def _day(day: str | dt.date | None) -> dt.date | None:
    return dt.date.fromisoformat(day) if isinstance(day, str) else day


def describe(finding: Finding) -> str:
    """The finding as one line: ``status rule subject [period]``."""
    period = f" {finding.period}" if finding.period else ""
    return f"{finding.status.value} {finding.rule} {finding.subject}{period}"


def assert_findings(report: Report, expected: Iterable[str], *, rule: str | None = None) -> None:
    """Assert that the report's findings (of ``rule`` only, if given) are exactly ``expected``, in any order;
    the error lists the missing and the unexpected ones, with the messages of the latter."""
    findings = [f for f in report.findings if rule in (None, f.rule)]
    actual, wanted = Counter(map(describe, findings)), Counter(expected)
    if actual == wanted:
        return
    lines = ["findings differ from those expected"]
    lines += [f"  missing:    {line}" for line in sorted((wanted - actual).elements())]
    unexpected = actual - wanted
    for finding in findings:
        if unexpected[describe(finding)] > 0:
            unexpected[describe(finding)] -= 1
            lines.append(f"  unexpected: {describe(finding)}  ({finding.message.en})")
    for failure in report.failures:
        lines.append(f"  the rule {failure.rule} raised: {failure.error}")
    raise AssertionError("\n".join(lines))
