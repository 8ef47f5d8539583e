"""The pytest plug-in (entry point ``pytest11``), for two kinds of repository.

A data repository checks its records as tests::

    pytest --compliance DATA --compliance-ruleset ID [--compliance-as-of DATE] [--compliance-per-department]

gives one test item per rule (or per rule and department), ``DATA::rule`` (``DATA::rule[department]``). An
item fails when the rule has findings that fail the run, and its failure lists them, one per line with the
message and the citation; a rule that raised fails with its traceback; a rule with no subject at all is
skipped with its reasons. Data, a ruleset or a configuration that cannot be used is a collection error that
says what and where. The configuration file found from the current directory upwards (or ``--compliance-config``)
applies as it does to ``compliance check``: selection, severities, fail level, waivers and baseline; the
options above override it.

A rule pack's own repository gets the fixtures ``compliance_plugins`` and ``compliance_run_rule`` (see
:mod:`compliance.testing`). Without ``--compliance`` the plug-in adds no test items.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path

import pytest

from .errors import ComplianceError
from .gate import load_settings, run_gate
from .plugins import Plugins, get_plugins
from .report import Finding, Report
from .testing import describe, run_rule


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("compliance", "checking law-enforcement records (compliance)")
    group.addoption("--compliance", metavar="DATA", help="check DATA: one test item per rule")
    group.addoption("--compliance-ruleset", metavar="ID", help="the pack to check against")
    group.addoption("--compliance-as-of", metavar="DATE", type=dt.date.fromisoformat,
                    help="check as of this day (YYYY-MM-DD; default: today in Asia/Shanghai)")
    group.addoption("--compliance-per-department", action="store_true",
                    help="one test item per rule and department")
    group.addoption("--compliance-config", metavar="FILE", type=Path,
                    help="the configuration file (default: found from the current directory upwards)")


@pytest.fixture(scope="session")
def compliance_plugins() -> Plugins:
    """The installed plug-ins: the built-in rules and packs, and every installed pack's."""
    return get_plugins()


@pytest.fixture
def compliance_run_rule(compliance_plugins: Plugins):
    """:func:`compliance.testing.run_rule` with the installed plug-ins."""

    def run(*args, **kwargs) -> Report:
        return run_rule(*args, plugins=compliance_plugins, **kwargs)

    return run


@pytest.hookimpl(tryfirst=True)  # before deselection (-k, -m) sees the items
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    data = config.getoption("compliance")
    if data:
        # Collected as pytest collects any node, so that its items are counted and a dataset that cannot be
        # checked is a collection error.
        items.extend(session.genitems(ComplianceData.from_parent(session, name=data, nodeid=data, path=Path(data))))


class ComplianceData(pytest.Collector):
    """The dataset given with ``--compliance``: checked once, its items one per rule (and department)."""

    @cached_property
    def report(self) -> Report:
        options = self.config.option
        plugins = get_plugins()
        try:
            settings = load_settings(plugins, options.compliance_config, self.config.invocation_params.dir)
            settings = settings.override(data=self.name, ruleset=options.compliance_ruleset,
                                         as_of=options.compliance_as_of)
            return run_gate(settings, plugins)
        except ComplianceError as exc:
            raise CannotCheck(str(exc)) from None

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None) -> str:
        if isinstance(excinfo.value, CannotCheck):
            return f"cannot check {self.name}: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def collect(self) -> list[ComplianceItem]:
        report = self.report
        rules = [summary.rule for summary in report.rules] + [failure.rule for failure in report.failures]
        if not self.config.option.compliance_per_department:
            return [ComplianceItem.from_parent(self, name=rule, rule=rule, department=None) for rule in sorted(rules)]
        departments = sorted({d.department for d in report.departments}
                             | {f.department for f in report.findings if f.department})
        return [ComplianceItem.from_parent(self, name=f"{rule}[{department}]", rule=rule, department=department)
                for rule in sorted(rules) for department in departments]


class CannotCheck(Exception):
    """The data, the ruleset or the configuration is wrong: the message says what and where."""


class RuleFailed(Exception):
    """A rule's findings that fail the run."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings


class ComplianceItem(pytest.Item):
    """One rule (and department) over the dataset."""

    def __init__(self, *, rule: str, department: str | None, **kwargs):
        super().__init__(**kwargs)
        self.rule, self.department = rule, department

    def runtest(self) -> None:
        report: Report = self.parent.report
        for failure in report.failures:
            if failure.rule == self.rule:
                raise RuntimeError(f"the rule raised ({failure.distribution}):\n{failure.traceback}")
        findings = [f for f in report.failing if f.rule == self.rule and self.department in (None, f.department)]
        if findings:
            raise RuleFailed(findings)
        summary = next(s for s in report.rules if s.rule == self.rule)
        if self.department is None and summary.passed + summary.violations + summary.warnings == 0:
            reasons = "; ".join(f"{count} {reason}" for reason, count in summary.not_applicable.items())
            pytest.skip(f"no subject to check: {reasons or 'none in the records'}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None) -> str:
        if not isinstance(excinfo.value, RuleFailed):
            return str(excinfo.value)
        report: Report = self.parent.report
        findings = excinfo.value.findings
        lines = [f"{len(findings)} finding(s) of {self.rule} fail at level {report.fail_level.value} "
                 f"(as of {report.as_of}, {report.ruleset}):"]
        for finding in findings:
            lines.append(f"  {describe(finding)}  ({finding.department or '-'})")
            lines.append(f"      {finding.message.zh}")
            lines.append(f"      {finding.message.en}")
            lines.append(f"      [{finding.citation}]")
        return "\n".join(lines)

    def reportinfo(self) -> tuple[Path, None, str]:
        return self.path, None, f"compliance: {self.name}"
