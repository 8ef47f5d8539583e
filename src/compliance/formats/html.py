"""The report as one self-contained HTML page, for a person who reads it in a browser, offline, or prints it.

One file, nothing fetched: the style is inline, the charts are inline SVG (:mod:`.html_charts`), and no script
runs. From the top: the run (ruleset, day, data, the verdict and what the exit code means), rules that raised
and anything else that needs attention, the departments at a glance (violations by rule, certificate holding
rate, training against 60/30/30), the charts, the rules, every finding per department with its evidence and
citation, and the input files with any records left out. Every heading follows ``lang``
(:mod:`.html_labels`), and so do the names of evidence and the reasons for "not applicable" that the glossary
knows (:mod:`.glossary`); the data is shown as it is, and every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import Enum
from html import escape
from typing import TextIO

from pydantic import JsonValue

from ..messages import position
from ..report import DepartmentFigures, Finding, HoursBin, Report, Status, Subject, SubjectKind, WaiverState
from ..rules.training import TrainingAnnualHoursParams
from .glossary import TERMS, reason
from .html_charts import Deadline, deadline_timeline, hours_histogram
from .html_labels import LABELS, label

#: At most this many findings on the deadline timeline, the earliest deadlines first; the findings list all.
MAX_TIMELINE_ROWS = 40
#: The hours a year the plans require, as the department figures count them (the line on the hours chart, the
#: mark on average hours).
REQUIRED_HOURS = TrainingAnnualHoursParams().total_hours

_STYLE = """
body { font: 14px/1.5 system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", sans-serif; color: #1d1d1f; max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 24px; margin: 8px 0 12px; } h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 2px solid #ddd; }
h3 { font-size: 16px; margin: 20px 0 8px; }
code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f3f3; padding: 0 3px; }
.muted { color: #666; } .small { font-size: 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: #666; }
.verdict { margin: 16px 0; padding: 12px 16px; border-radius: 6px; border-left: 6px solid; }
.verdict.fail { background: #fdecea; border-color: #b3261e; }
.verdict.pass { background: #e8f5ec; border-color: #1e7b34; }
.verdict.incomplete { background: #fff4e0; border-color: #a86400; }
.verdict .headline { font-size: 18px; font-weight: 600; margin: 0 0 6px; }
.counts { display: flex; gap: 24px; list-style: none; padding: 0; margin: 6px 0; }
.counts b { font-size: 22px; margin-right: 4px; }
.alert { background: #fdecea; border: 2px solid #b3261e; border-radius: 6px; padding: 4px 16px 12px; }
.alert h2 { color: #b3261e; border: none; }
nav { font-size: 13px; } nav a { margin-right: 14px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f7; font-weight: 600; word-break: keep-all; } td.n, th.n { text-align: right; }
td.n { white-space: nowrap; }
td.bad, span.bad { color: #b3261e; font-weight: 600; }
.bar { display: inline-block; width: 60px; height: 8px; background: #eee; margin: 0 6px; vertical-align: middle; }
.bar i { display: block; height: 100%; background: #4d9a6a; } .bar.bad i { background: #d0605e; }
td ul { margin: 0; padding-left: 16px; } td code { white-space: nowrap; }
td.department { min-width: 11em; } td.by-rule { min-width: 16em; }
figure { margin: 12px 0 20px; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; max-width: 640px; height: auto; } svg.timeline { max-width: 1000px; }
svg text { font-size: 12px; fill: #333; } svg .tick, svg .legend { fill: #555; }
svg .value { font-weight: 600; } svg .grid { stroke: #e8e8e8; } svg .axis { stroke: #555; }
svg .threshold { stroke: #333; stroke-dasharray: 4 3; } svg .as-of { stroke: #1f4e9c; stroke-width: 1.5; }
svg .threshold-label { font-weight: 600; } svg .deadline { stroke: #222; stroke-width: 2; }
svg .short { fill: #d0605e; } svg .enough { fill: #4d9a6a; } svg .late { fill: #e08a2c; }
svg .missing { fill: #b3261e; } svg .due_soon { fill: #d4ac0d; } svg a:hover text { text-decoration: underline; }
article.finding { border: 1px solid #ddd; border-left: 5px solid #b3261e; border-radius: 4px; padding: 8px 12px;
                  margin: 10px 0; break-inside: avoid; }
article.finding.warning { border-left-color: #d4ac0d; } article.finding.quiet { border-left-color: #999; }
.finding .message { font-size: 15px; margin: 6px 0; }
.badge { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 3px; background: #eee;
         margin-right: 4px; }
.badge.violation, .badge.fails { background: #b3261e; color: #fff; }
.badge.warning { background: #d4ac0d; color: #000; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 0 12px; font-size: 13px;
               margin: 6px 0; }
dl.evidence dt { color: #666; }
dl.evidence dd { margin: 0; } dl.evidence ul { margin: 0; padding-left: 16px; }
blockquote.citation { margin: 6px 0 0; padding: 4px 12px; border-left: 3px solid #8aa4cc; background: #f5f8fc; }
blockquote.citation p { margin: 0; } blockquote.citation footer { font-size: 12px; color: #555; }
pre { white-space: pre-wrap; font-size: 12px; }
@media print { body { max-width: none; padding: 0; font-size: 12px; } nav { display: none; }
               h2 { break-after: avoid; } tr, figure { break-inside: avoid; } }
"""


def write(report: Report, out: TextIO, lang: str) -> None:
    out.write(_Page(report, lang).render())


class _Page:
    """The page of one report in one language, built a section at a time."""

    def __init__(self, report: Report, lang: str):
        self.report, self.lang = report, lang
        self.names = {d.department: d.name for d in report.departments}
        self.titles = {r.rule: getattr(r.title, lang) for r in report.rules}
        self.year = report.departments[0].year if report.departments else report.as_of.year - 1
        self.anchors = {id(f): f"finding-{n}" for n, f in enumerate(report.findings, 1)}

    def t(self, key: str | Enum, **values: object) -> str:
        """A label in the page's language, escaped."""
        return escape(label(key, self.lang, **values))

    def render(self) -> str:
        report = self.report
        return "".join([
            f'<!DOCTYPE html>\n<html lang="{"zh-CN" if self.lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{self.t('title')} · {escape(report.ruleset)} · {report.as_of}</title>\n"
            f"<style>{_STYLE}</style>\n</head>\n<body>\n",
            self._header(), self._failures(), self._attention(), self._contents(), self._overview(),
            self._charts(), self._rules(), self._findings(), self._input(),
            f'<footer class="muted small"><p>{self.t("made_by", version=report.tool_version)}</p></footer>\n'
            "</body>\n</html>\n",
        ])

    def _header(self) -> str:
        report = self.report
        counts = " · ".join(f"{self._collection(name)} {n}" for name, n in report.record_counts.items())
        failing, waived = len(report.failing), sum(f.waived for f in report.findings)
        level = label(report.fail_level, self.lang)
        code = 3 if report.failures else 1 if failing else 0
        state = "incomplete" if report.failures else "fail" if failing else "pass"
        headline = self.t("fails", n=failing, level=level) if failing else self.t("passes", level=level)
        meta = [("ruleset", f"<code>{escape(report.ruleset)}</code> <span class=muted>{self.t('chain')} "
                            f"{escape(' › '.join(report.ruleset_chain))}</span>"),
                ("as_of", str(report.as_of)), *([("covers", escape(str(report.covers)))] if report.covers else []),
                ("dataset", f"<code>{escape(report.dataset)}</code>"),
                ("records", counts), ("warn_days", self.t("days", n=report.warn_days)), ("fail_level", escape(level))]
        return (f"<header>\n<h1>{self.t('title')}</h1>\n<dl class=meta>"
                + "".join(f"<dt>{self.t(key)}</dt><dd>{value}</dd>" for key, value in meta)
                + f'</dl>\n<div class="verdict {state}" id=result><p class=headline>{headline}</p><ul class=counts>'
                + "".join(f"<li><b>{n}</b>{self.t(key)}</li>" for key, n in (
                    ("violations", len(report.violations)), ("warnings", len(report.warnings)),
                    ("waived", waived), ("failing", failing)))
                + f"</ul><p>{self.t('exit_code', code=code)}: {self.t(f'exit_{code}')}</p></div>\n</header>\n")

    def _failures(self) -> str:
        if not self.report.failures:
            return ""
        items = "".join(f"<p>{self.t('rule_raised', rule=f.rule, distribution=f.distribution)} "
                        f"<code>{escape(f.error)}</code></p><details><summary>{self.t('traceback')}</summary>"
                        f"<pre>{escape(f.traceback)}</pre></details>" for f in self.report.failures)
        return f'<section class=alert id=failures><h2>{self.t("incomplete")}</h2>{items}</section>\n'

    def _attention(self) -> str:
        report, items = self.report, []
        for use in report.stale_waivers:
            waiver = use.waiver
            subject = self._subject(waiver.subject) + (f" {waiver.period}" if waiver.period else "")
            state = (self.t("waiver_expired", date=waiver.expires_on) if use.state is WaiverState.expired
                     else self.t("waiver_unused"))
            items.append(f"{self.t('waiver_for', rule=waiver.rule, subject=subject)}: {state}")
        if report.baseline is not None and report.baseline.fixed:
            items.append(self.t("baseline_fixed", n=len(report.baseline.fixed), file=report.baseline.file))
        if report.left_out:
            items.append(f'<a href="#left-out">{self.t("left_out_note", n=len(report.left_out))}</a>')
        if not items:
            return ""
        return (f"<section id=attention><h2>{self.t('attention')}</h2><ul>"
                + "".join(f"<li>{item}</li>" for item in items) + "</ul></section>\n")

    def _contents(self) -> str:
        links = "".join(f'<a href="#{key}">{self.t(key)}</a>'
                        for key in ("overview", "charts", "rules", "findings", "input")
                        if key != "input" or self._has_input)
        return f"<nav aria-label=\"{self.t('contents')}\">{links}</nav>\n"

    def _overview(self) -> str:
        report = self.report
        violations = Counter(f.department for f in report.violations)
        warnings = Counter(f.department for f in report.warnings)
        by_rule: dict[str | None, Counter] = {}
        for finding in report.violations:
            by_rule.setdefault(finding.department, Counter())[finding.rule] += 1
        figures: dict[str | None, DepartmentFigures | None] = {d.department: d for d in report.departments}
        for finding in report.findings:  # a department with findings but no figures still gets its row
            figures.setdefault(finding.department, None)
        head = ["department", "violations", "warnings", "by_rule"]
        rows = []
        for department, figure in figures.items():
            rules = "".join(f"<li>{escape(self.titles.get(rule, rule))} <span class=muted>×{n}</span></li>"
                            for rule, n in sorted(by_rule.get(department, Counter()).items()))
            cells = [self._department(department), _count(violations[department]), _count(warnings[department]),
                     f"<td class=by-rule><ul>{rules}</ul></td>"]
            if figure is not None:
                average = figure.average_hours
                cells += [_ratio(figure.certified, figure.officers_in_post),
                          _ratio(figure.trained_to_hours, figure.officers_in_year),
                          f'<td class="n{" bad" if average is not None and average < REQUIRED_HOURS else ""}">'
                          f'{"—" if average is None else f"{average:.1f}"}</td>',
                          _ratio(figure.actions_by_certified, figure.actions)]
            else:
                cells += ["<td></td>"] * 4
            rows.append(f"<tr>{''.join(cells)}</tr>")
        header = "".join(f"<th>{self.t(key)}</th>" for key in head) + "".join(
            f"<th class=n>{self.t(key, year=self.year)}</th>"
            for key in ("holding_rate", "trained", "average_hours", "by_certified"))
        return (f"<section id=overview><h2>{self.t('overview')}</h2><p class='muted small'>"
                f"{self.t('overview_note', year=self.year)}</p><table><thead><tr>{header}</tr></thead><tbody>"
                + "\n".join(rows) + "</tbody></table></section>\n")

    def _charts(self) -> str:
        totals: dict[tuple[float, float | None], int] = {}
        for figure in self.report.departments:
            for b in figure.hours_distribution:
                totals[b.low, b.high] = totals.get((b.low, b.high), 0) + b.officers
        title = label("hours_chart", self.lang, year=self.year)
        if totals:
            bins = [HoursBin(low=low, high=high, officers=n) for (low, high), n in totals.items()]
            hours = hours_histogram(bins, REQUIRED_HOURS, {
                "title": title, "x": label("hours_axis", self.lang), "y": label("officers_axis", self.lang),
                **{key: label(f"hours_{key}", self.lang, hours=REQUIRED_HOURS) for key in ("line", "short", "enough")}})
        else:
            hours = f"<p class=muted>{self.t('no_hours')}</p>"
        deadlines = sorted(filter(None, map(self._deadline, self.report.findings)),
                           key=lambda d: (d.deadline, d.label))
        timeline_title = label("timeline", self.lang)
        if deadlines:
            timeline = deadline_timeline(deadlines[:MAX_TIMELINE_ROWS], self.report.as_of, {
                "title": timeline_title, "as_of": label("as_of_line", self.lang, date=self.report.as_of),
                **{state: label(state, self.lang) for state in ("late", "missing", "due_soon")}})
            if len(deadlines) > MAX_TIMELINE_ROWS:
                timeline += f"<p class=muted>{self.t('timeline_more', n=len(deadlines) - MAX_TIMELINE_ROWS)}</p>"
        else:
            timeline = f"<p class=muted>{self.t('no_deadlines')}</p>"
        return (f"<section id=charts><h2>{self.t('charts')}</h2>"
                f"<figure><figcaption>{escape(title)}</figcaption>{hours}</figure>"
                f"<figure><figcaption>{escape(timeline_title)}</figcaption>{timeline}</figure></section>\n")

    def _deadline(self, finding: Finding) -> Deadline | None:
        """The finding on the timeline, if its evidence has a deadline: a dated obligation met late or not yet."""
        deadline, done_on = _day(finding.evidence.get("deadline")), _day(finding.evidence.get("done_on"))
        if deadline is None:
            return None
        state = "due_soon" if finding.status is Status.warning else "late" if done_on else "missing"
        department = self.names.get(finding.department or "", finding.department or label("no_department", self.lang))
        subject = "" if finding.subject.kind is SubjectKind.department else f" · {finding.subject.id}"
        return Deadline(label=f"{department} · {self.titles.get(finding.rule, finding.rule)}{subject}",
                        deadline=deadline, done_on=done_on, state=state, anchor=self.anchors[id(finding)])

    def _rules(self) -> str:
        failing = Counter(f.rule for f in self.report.failing)
        rows = []
        for rule in self.report.rules:
            reasons = "".join(f"<li>{escape(reason(why, self.lang))}: {n}</li>"
                              for why, n in rule.not_applicable.items())
            rows.append(
                f"<tr><td>{escape(self.titles[rule.rule])}<br><code>{escape(rule.rule)}</code></td>"
                f"<td>{self.t(rule.severity)}</td>{_count(rule.violations)}{_count(rule.warnings)}"
                f"{_count(failing[rule.rule])}<td class=n>{rule.passed}</td>"
                f"<td class=n>{sum(rule.not_applicable.values())}</td>"
                f"<td class=small>{'<ul>' + reasons + '</ul>' if reasons else ''}</td>"
                f"<td class=small>{escape(str(rule.citation))}</td></tr>")
        head = "".join(f"<th{' class=n' if key in _NUMBERS else ''}>{self.t(key)}</th>" for key in (
            "rule", "severity", "violations", "warnings", "failing", "passed", "not_applicable", "reasons", "source"))
        return (f"<section id=rules><h2>{self.t('rules')}</h2><table><thead><tr>{head}</tr></thead><tbody>"
                + "\n".join(rows) + "</tbody></table></section>\n")

    def _findings(self) -> str:
        groups: dict[str | None, list[Finding]] = {}
        for finding in self.report.findings:
            groups.setdefault(finding.department, []).append(finding)
        parts = [f"<section id=findings><h2>{self.t('findings')}</h2>"]
        if not groups:
            parts.append(f"<p>{self.t('no_findings')}</p>")
        for department, findings in groups.items():
            name = self.names.get(department or "", department) if department else label("no_department", self.lang)
            counts = Counter(f.status for f in findings)
            parts.append(f"<h3>{escape(name)} <span class=muted>{escape(department or '')} · "
                         f"{self.t('violations')} {counts[Status.violation]} · "
                         f"{self.t('warnings')} {counts[Status.warning]}</span></h3>")
            parts.extend(self._finding(f) for f in findings)
        parts.append("</section>\n")
        return "\n".join(parts)

    def _finding(self, finding: Finding) -> str:
        fails = finding.fails(self.report.fail_level)
        kind = finding.status.value if fails or finding.status is Status.warning else "quiet"
        badges = [f'<span class="badge {finding.status.value}">{self.t(finding.status)}</span>',
                  f"<span class=badge>{self.t('severity')}: {self.t(finding.severity)}</span>"]
        if fails:
            badges.append(f'<span class="badge fails">{self.t("fails_run")}</span>')
        if finding.baseline is not None:
            badges.append(f"<span class=badge>{self.t(finding.baseline)}</span>")
        period = f" · {self.t('period')} {escape(finding.period)}" if finding.period else ""
        citation = finding.citation
        source = " · ".join(escape(part) for part in (citation.document, citation.number, citation.item) if part)
        evidence = "".join(f'<dt title="{escape(key)}">{self._term(key)}</dt><dd>{self._value(value)}</dd>'
                           for key, value in self._localised(finding.evidence).items())
        return (f'<article class="finding {kind}" id="{self.anchors[id(finding)]}"><div>{"".join(badges)}'
                f"<b>{escape(self.titles.get(finding.rule, finding.rule))}</b> <code>{escape(finding.rule)}</code>"
                f"</div><div class=muted>{escape(self._subject(finding.subject))}{period}</div>"
                f"<p class=message>{escape(getattr(finding.message, self.lang))}</p>{self._standing(finding)}"
                f"<dl class=evidence>{evidence}</dl><blockquote class=citation><p>「{escape(citation.text)}」</p>"
                f"<footer>{self.t('source')}: {source}</footer></blockquote></article>")

    def _standing(self, finding: Finding) -> str:
        """The waiver that keeps the finding from failing the run, or the one that no longer does."""
        waiver = finding.waiver
        if waiver is None:
            return ""
        if not finding.waived:
            return f"<p><span class=bad>{self.t('waiver_lapsed', date=waiver.expires_on)}</span></p>"
        risk = f" ({self.t('risk', risk=waiver.risk)})" if waiver.risk else ""
        return (f"<p>{self.t('waived_until', date=waiver.expires_on, by=waiver.approved_by, why=waiver.justification)}"
                f"{risk}</p>")

    @property
    def _has_input(self) -> bool:
        """Whether the report says what was read: the command does, a report made by the library does not."""
        return bool(self.report.inputs or self.report.left_out)

    def _input(self) -> str:
        report = self.report
        if not self._has_input:
            return ""
        columns = ("file", "sheet", "collection", "encoding", "read", "accepted", "rejected")
        rows = "".join(
            "<tr>" + "".join(f"<td{' class=n' if key in _NUMBERS else ''}>{escape(str(getattr(f, key) or ''))}</td>"
                             if key != "collection" else f"<td>{self._collection(f.collection)}</td>"
                             for key in columns) + "</tr>" for f in report.inputs)
        parts = [f"<section id=input><h2>{self.t('input')}</h2><table><thead><tr>"
                 + "".join(f"<th{' class=n' if key in _NUMBERS else ''}>{self.t(key)}</th>" for key in columns)
                 + f"</tr></thead><tbody>{rows}</tbody></table>"]
        if report.left_out:
            left = "".join(f"<tr><td>{self._collection(r.collection)}</td><td>{escape(r.record_id or '—')}</td>"
                           f"<td>{escape(r.file)}</td><td>{escape(position(r.position, self.lang))}</td>"
                           f"<td>{'<br>'.join(map(escape, r.reasons_in(self.lang)))}</td></tr>"
                           for r in report.left_out)
            parts.append(f"<h3 id=left-out>{self.t('left_out')}</h3><table><thead><tr>"
                         + "".join(f"<th>{self.t(key)}</th>" for key in ("collection", "record", "file", "position",
                                                                        "reasons"))
                         + f"</tr></thead><tbody>{left}</tbody></table>")
        parts.append("</section>\n")
        return "".join(parts)

    def _department(self, department: str | None) -> str:
        if department is None:
            return f"<td class=department>{self.t('no_department')}</td>"
        return (f"<td class=department>{escape(self.names.get(department, department))}<br>"
                f"<code>{escape(department)}</code></td>")

    def _collection(self, collection: str) -> str:
        return self.t(collection) if collection in LABELS else escape(collection)

    def _subject(self, subject: Subject) -> str:
        """The subject in words, not escaped: 执法人员 kq-jyj-01."""
        officer = f" · {label(SubjectKind.officer, self.lang)} {subject.officer}" if subject.officer else ""
        return f"{label(subject.kind, self.lang)} {subject.id}{officer}"

    def _localised(self, evidence: dict[str, JsonValue]) -> dict[str, JsonValue]:
        """Evidence as the page's language reads it: a value that rules give in Chinese too (``state_zh``
        beside ``state``) shows in Chinese under the plain key on a Chinese page, and not at all on an English
        one."""
        shown: dict[str, JsonValue] = {}
        for key, value in evidence.items():
            if key.endswith("_zh") and key[:-3] in evidence:
                if self.lang == "zh":
                    shown[key[:-3]] = value
            else:
                shown.setdefault(key, value)
        return shown

    def _term(self, key: str) -> str:
        """An evidence key by its name in the page's language (逾期天数 for days_late), escaped; a key the
        glossary does not know, such as a plug-in rule's, as it is written."""
        return escape(TERMS[key][self.lang != "zh"] if key in TERMS else key)

    def _value(self, value: JsonValue) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return self.t("yes" if value else "no")
        if isinstance(value, dict):
            return "; ".join(f"{self._term(k)}: {self._value(v)}" for k, v in self._localised(value).items())
        if isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                return ", ".join(self._value(v) for v in value)
            return "<ul>" + "".join(f"<li>{self._value(v)}</li>" for v in value) + "</ul>"
        return escape(str(value))


#: Columns that hold counts, aligned right.
_NUMBERS = {"violations", "warnings", "failing", "passed", "not_applicable", "read", "accepted", "rejected"}


def _day(value: JsonValue) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _count(n: int) -> str:
    return f'<td class="n{" bad" if n else ""}">{n}</td>'


def _ratio(part: int, whole: int) -> str:
    """``part/whole`` with a bar and a percentage; a bar short of full is marked."""
    if not whole:
        return "<td class=n>—</td>"
    share = part / whole
    short = " bad" if part < whole else ""
    return (f'<td class=n>{part}/{whole}<span class="bar{short}"><i style="width:{share:.0%}"></i></span>'
            f"{share:.1%}</td>")
