"""The report for a person at a terminal (``--format text``, the default).

In order: a header (ruleset, day, data); a table per department (violations, warnings, violations by severity,
certificate holding rate) and one per rule (violations, warnings, passed, not applicable), each worst first, and
why subjects were not applicable; the findings worst first — those that fail the run, by level from high severity
down to warnings, then those below the fail level, then the waived and the known — by department, each with its
message, subject, period, evidence and citation; what needs attention; the result.

Headings and labels come from :mod:`compliance.labels`, in the report's language. Columns are padded by terminal
cells, so Chinese names line up. Colour (violations red, high severity bold; warnings yellow; passes green; the
rest dim) is used when :func:`compliance.terminal.wants_colour` says so for ``out``.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import TextIO

from ..labels import LABELS, Labels
from ..report import BaselineState, FailLevel, Finding, Report, Status, Subject
from ..terminal import Painter, cells, pad, table, wants_colour
from .glossary import evidence_summary, reason

#: Fail levels from the worst down.
_LEVELS = list(FailLevel)
_SEVERITIES = [FailLevel.high, FailLevel.medium, FailLevel.low]


def write(report: Report, out: TextIO, lang: str) -> None:
    words = LABELS[lang]
    paint = Painter(wants_colour(out))
    names = {d.department: d.name for d in report.departments}
    sections = [
        _header(report, words),
        _departments(report, words, paint, names),
        _rules(report, words, paint),
        _reasons(report, words, lang, paint),
        _findings(report, words, lang, paint, names),
        _attention(report, words, paint),
        [_result(report, words, paint)],
    ]
    out.write("\n\n".join("\n".join(lines) for lines in sections if lines) + "\n")


def _header(report: Report, words: Labels) -> list[str]:
    counts = ", ".join(f"{words.collections.get(name, name)} {count}" for name, count in report.record_counts.items())
    rows = [(words.ruleset, f"{report.ruleset} ({' > '.join(report.ruleset_chain)})"),
            (words.as_of, words.as_of_value.format(day=report.as_of, days=report.warn_days)),
            *([(words.covers, words.covers_value.format(first=report.covers.first or "…", last=report.covers.last))]
              if report.covers else []),
            (words.data, f"{report.dataset} ({counts})")]
    width = max(cells(label) for label, _ in rows)
    return [f"compliance {report.tool_version} — {words.title}", *(f"{pad(label, width)}  {value}" for label, value in rows)]


def _department(department: str | None, names: dict[str, str], words: Labels) -> str:
    if department is None:
        return words.no_department
    return f"{names[department]} ({department})" if department in names else department


def _count(count: int, style: str) -> tuple[str, str]:
    return str(count), style if count else "dim"


def _departments(report: Report, words: Labels, paint: Painter, names: dict[str, str]) -> list[str]:
    levels: dict[str | None, Counter[FailLevel]] = {}
    for finding in report.findings:
        levels.setdefault(finding.department, Counter())[finding.level] += 1
    figures = {d.department: d for d in report.departments}
    departments: list[str | None] = [*figures, *(d for d in levels if d not in figures)]
    if not departments:
        return []

    def worst_first(department: str | None) -> tuple:
        counts = levels.get(department, Counter())
        return (*(-counts[level] for level in _LEVELS), department or "")

    rows = []
    for department in sorted(departments, key=worst_first):
        counts = levels.get(department, Counter())
        figure = figures.get(department)
        rate = figure.certificate_holding_rate if figure else None
        rows.append([
            (_department(department, names, words), None),
            _count(sum(counts[level] for level in _SEVERITIES), "violation"),
            _count(counts[FailLevel.warning], "warning"),
            *(_count(counts[level], "high" if level is FailLevel.high else "violation") for level in _SEVERITIES),
            (f"{rate:.1%} ({figure.certified}/{figure.officers_in_post})" if figure and rate is not None else "—",
             None),
        ])
    header = [words.department, words.violations, words.warnings,
              *(words.severity_names[level] for level in _SEVERITIES), words.holding_rate]
    return [paint(words.departments, "heading"), *table(header, rows, "<>>>>>>", paint)]


def _rules(report: Report, words: Labels, paint: Painter) -> list[str]:
    if not report.rules:
        return []

    def worst_first(rule) -> tuple:
        return (not rule.violations, not rule.warnings, _LEVELS.index(FailLevel(rule.severity.value)),
                -rule.violations, -rule.warnings, rule.rule)

    rows = [[(rule.rule, None), (words.severity_names[rule.severity.value], None),
             _count(rule.violations, "high" if rule.severity.value == "high" else "violation"),
             _count(rule.warnings, "warning"), _count(rule.passed, "passed"),
             (str(sum(rule.not_applicable.values())), "dim")]
            for rule in sorted(report.rules, key=worst_first)]
    header = [words.rule, words.severity, words.violations, words.warnings, words.passed, words.not_applicable]
    return [paint(words.rules, "heading"), *table(header, rows, "<<>>>>", paint)]


def _reasons(report: Report, words: Labels, lang: str, paint: Painter) -> list[str]:
    rows = [[(rule.rule, "dim"), (str(count), "dim"), (reason(text, lang), "dim")]
            for rule in report.rules for text, count in rule.not_applicable.items()]
    if not rows:
        return []
    return [paint(words.reasons, "heading"), *table([words.rule, words.count, words.reason], rows, "<><", paint)]


def _band(finding: Finding, report: Report) -> int:
    """0: fails the run; 1: below the fail level; 2: waived, or known from the baseline."""
    if finding.fails(report.fail_level):
        return 0
    return 2 if finding.waived or finding.baseline is BaselineState.unchanged else 1


def _findings(report: Report, words: Labels, lang: str, paint: Painter, names: dict[str, str]) -> list[str]:
    def group(finding: Finding) -> tuple[int, int]:
        band = _band(finding, report)
        return band, 0 if band == 2 else _LEVELS.index(finding.level)

    ordered = sorted(report.findings, key=lambda f: (*group(f), f.department or ""))  # stable: rule, subject after
    if not ordered:
        return []
    lines = [paint(words.findings, "heading")]
    for (band, level), members in groupby(ordered, key=group):
        found = list(members)
        if band == 2:
            heading, style = words.set_aside, "dim"
        else:
            heading, style = words.groups[_LEVELS[level].value].format(days=report.warn_days), _style(found[0])
        heading += f" ({len(found)})"
        if band == 1:
            heading += f" — {words.below_fail_level.format(level=report.fail_level.value)}"
        lines += ["", paint(heading, style)]
        for department, in_department in groupby(found, key=lambda f: f.department):
            lines.append(f"  {paint(_department(department, names, words), 'heading')}")
            for finding in in_department:
                lines += _finding(finding, words, lang, paint, "dim" if band == 2 else _style(finding))
    return lines


def _style(finding: Finding) -> str:
    if finding.status is Status.warning:
        return "warning"
    return "high" if finding.level is FailLevel.high else "violation"


def _finding(finding: Finding, words: Labels, lang: str, paint: Painter, style: str) -> list[str]:
    head = _subject(finding.subject, words)
    if finding.period:
        head += f"  {words.period} {finding.period}"
    lines = [f"    {paint(words.status[finding.status.value], style)} {finding.rule}  {head}",
             _indented(getattr(finding.message, lang))]
    if evidence := evidence_summary(finding, lang, (words.yes, words.no)):
        lines.append(_indented(f"{words.evidence}: " + " · ".join(evidence)))
    lines.append(_indented(f"{words.source}: {finding.citation}"))
    if standing := _standing(finding, words):
        lines.append(_indented(f"({standing})"))
    return lines


def _subject(subject: Subject, words: Labels) -> str:
    return f"{words.subjects[subject.kind.value]} {subject.id}" + (f"/{subject.officer}" if subject.officer else "")


def _indented(text: str) -> str:
    """A line of a finding; a line break in a message or a justification keeps the indent."""
    return "      " + "\n      ".join(text.splitlines())


def _standing(finding: Finding, words: Labels) -> str | None:
    """What keeps the finding from failing the run, or the waiver that no longer does (as Finding.standing)."""
    waiver = finding.waiver
    if waiver is not None and finding.waived:
        return words.waived.format(until=waiver.expires_on, by=waiver.approved_by, why=waiver.justification)
    if waiver is not None:
        return words.waiver_expired.format(on=waiver.expires_on)
    return words.known if finding.baseline is BaselineState.unchanged else None


def _attention(report: Report, words: Labels, paint: Painter) -> list[str]:
    lines = [words.rule_raised.format(rule=f.rule, distribution=f.distribution, error=f.error)
             for f in report.failures]
    for use in report.stale_waivers:
        waiver = use.waiver
        lines.append(words.waiver_uses[use.state.value].format(
            rule=waiver.rule, subject=_subject(waiver.subject, words), period=f" {waiver.period}" if waiver.period else "",
            on=waiver.expires_on))
    if report.baseline is not None:
        lines.append(words.baseline_fixed.format(file=report.baseline.file, count=len(report.baseline.fixed)))
    return [paint(words.attention, "heading"), *(f"  {line}" for line in lines)] if lines else []


def _result(report: Report, words: Labels, paint: Painter) -> str:
    failing = report.failing
    line = words.result.format(violations=len(report.violations), warnings=len(report.warnings),
                               failing=len(failing), level=report.fail_level.value)
    if report.failures:
        line += words.incomplete.format(count=len(report.failures))
    return paint(line, "high" if failing or report.failures else "passed")
