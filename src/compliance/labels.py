"""Every heading, label and message a person reads at a terminal, in Chinese and in English: the text report, the
messages of ``compliance check`` and its progress bar.

One :class:`Labels` per language, so that a label missing from one of them is an error when the module is
imported, not a stray English word in a Chinese report. Templates take their values by name (``str.format``).
Ids (rules, records, fail levels) and citations are not translated: they are what a person types or looks up.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tabular.columns import LAYOUTS


@dataclass(frozen=True)
class Labels:
    # the header
    title: str
    ruleset: str
    as_of: str
    as_of_value: str  # {day} {days}
    covers: str
    covers_value: str  # {first} {last}
    data: str
    #: names of the record collections, where they differ from the collection's id
    collections: dict[str, str]
    # the table per department
    departments: str
    department: str
    no_department: str
    violations: str
    warnings: str
    severity_names: dict[str, str]
    holding_rate: str
    # the table per rule, and why subjects were not applicable
    rules: str
    rule: str
    severity: str
    passed: str
    not_applicable: str
    reasons: str
    count: str
    reason: str
    # the findings
    findings: str
    groups: dict[str, str]  # by fail level; {days} for warnings
    below_fail_level: str  # {level}
    set_aside: str
    status: dict[str, str]
    subjects: dict[str, str]
    period: str
    evidence: str
    source: str
    yes: str
    no: str
    waived: str  # {until} {by} {why}
    waiver_expired: str  # {on}
    known: str
    # what needs attention, and the result
    attention: str
    rule_raised: str  # {rule} {distribution} {error}
    waiver_uses: dict[str, str]  # expired, unused: {rule} {subject} {period} {on}
    baseline_fixed: str  # {file} {count}
    result: str  # {violations} {warnings} {failing} {level}
    incomplete: str  # {count}
    # the command's messages
    error: str
    warning: str
    left_out: str  # {count}
    baseline_not_updated: str  # {file}
    plugin_failed: str  # {entry_point} {distribution} {error}
    # the progress bar
    loading: str
    checking: str
    rules_unit: str


ZH = Labels(
    title="执法合规检查报告",
    ruleset="规则包",
    as_of="截至",
    as_of_value="{day}(预警期 {days} 天)",
    covers="覆盖期间",
    covers_value="{first} 至 {last}(期间外的义务不适用)",
    data="数据",
    collections={name: layout.zh for name, layout in LAYOUTS.items()},
    departments="各单位",
    department="单位",
    no_department="(无所属单位)",
    violations="违规",
    warnings="预警",
    severity_names={"high": "高", "medium": "中", "low": "低"},
    holding_rate="持证率",
    rules="各规则",
    rule="规则",
    severity="严重程度",
    passed="合规",
    not_applicable="不适用",
    reasons="不适用的原因",
    count="数量",
    reason="原因",
    findings="发现的问题(最严重的在前)",
    groups={"high": "违规 · 严重程度高", "medium": "违规 · 严重程度中", "low": "违规 · 严重程度低",
            "warning": "预警 · {days} 天内到期"},
    below_fail_level="低于失败级别 {level}, 不致检查不通过",
    set_aside="已豁免或基线中已有",
    status={"violation": "违规", "warning": "预警"},
    subjects={"officer": "执法人员", "department": "单位", "action": "执法行为", "certificate": "执法证件"},
    period="期间",
    evidence="证据",
    source="依据",
    yes="是",
    no="否",
    waived="已豁免至 {until}, 批准人 {by}: {why}",
    waiver_expired="豁免已于 {on} 到期",
    known="已知: 基线中已有",
    attention="需要注意",
    rule_raised="错误: 规则 {rule}(来自 {distribution})运行出错: {error}(检查不完整)",
    waiver_uses={"expired": "{rule} 对{subject}{period}的豁免已于 {on} 到期: 所涉问题重新计为不通过",
                 "unused": "{rule} 对{subject}{period}的豁免未对应任何问题: 请删除, 或更正其规则、对象或期间"},
    baseline_fixed="基线 {file}: 其中 {count} 项问题已不再出现",
    result="结果: 违规 {violations} 项, 预警 {warnings} 项; 按失败级别 {level}, 不通过 {failing} 项",
    incomplete="; 检查不完整: {count} 条规则运行出错",
    error="错误",
    warning="警告",
    left_out="{count} 条记录未纳入检查:",
    baseline_not_updated="检查不完整, 未更新基线 {file}",
    plugin_failed="插件 {entry_point!r}(来自 {distribution!r})加载失败: {error}",
    loading="读取",
    checking="检查",
    rules_unit="条规则",
)

EN = Labels(
    title="compliance report",
    ruleset="ruleset",
    as_of="as of",
    as_of_value="{day} (warnings {days} days ahead)",
    covers="records cover",
    covers_value="{first} to {last} (obligations outside it are not applicable)",
    data="data",
    collections={},
    departments="Departments",
    department="department",
    no_department="(no department)",
    violations="violations",
    warnings="warnings",
    severity_names={"high": "high", "medium": "medium", "low": "low"},
    holding_rate="certified",
    rules="Rules",
    rule="rule",
    severity="severity",
    passed="passed",
    not_applicable="n/a",
    reasons="Why not applicable",
    count="count",
    reason="reason",
    findings="Findings, worst first",
    groups={"high": "Violations of high severity", "medium": "Violations of medium severity",
            "low": "Violations of low severity", "warning": "Warnings: due within {days} days"},
    below_fail_level="below the fail level {level}: they do not fail the run",
    set_aside="Waived, or known from the baseline",
    status={"violation": "VIOLATION", "warning": "WARNING"},
    subjects={"officer": "officer", "department": "department", "action": "action", "certificate": "certificate"},
    period="period",
    evidence="evidence",
    source="source",
    yes="yes",
    no="no",
    waived="waived until {until} by {by}: {why}",
    waiver_expired="its waiver expired on {on}",
    known="known: in the baseline",
    attention="Needs attention",
    rule_raised="ERROR {rule} (from {distribution}): {error} (the run is incomplete)",
    waiver_uses={"expired": "waiver for {rule} on {subject}{period}: expired on {on}: the findings it covers fail again",
                 "unused": "waiver for {rule} on {subject}{period}: matches no finding: remove it, or correct its "
                           "rule, subject or period"},
    baseline_fixed="baseline {file}: {count} finding(s) fixed since",
    result="result: {violations} violation(s), {warnings} warning(s); {failing} fail at level {level}",
    incomplete="; incomplete: {count} rule(s) raised",
    error="error",
    warning="warning",
    left_out="{count} record(s) left out of the check:",
    baseline_not_updated="the baseline {file} is not updated: the run is incomplete",
    plugin_failed="plug-in {entry_point!r} from {distribution!r} failed to load: {error}",
    loading="loading",
    checking="checking",
    rules_unit="rules",
)

LABELS: dict[str, Labels] = {"zh": ZH, "en": EN}
