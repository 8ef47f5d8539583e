"""Every heading and label of the HTML report, in Chinese and English: one table, so that ``--lang`` reaches all
of them and a label cannot exist in one language only.

A label is a ``(zh, en)`` pair, keyed by a name or by the enum member it names; some are format strings.
"""

from __future__ import annotations

from enum import Enum

from ..models import RECORD_TYPES
from ..report import BaselineState, FailLevel, Severity, Status, SubjectKind, WaiverState


def _key(member: Enum) -> str:
    # The report's enums are string enums, equal to their values: keyed as themselves, SubjectKind.department
    # would be the heading "department" too.
    return f"{type(member).__name__}.{member.value}"


LABELS: dict[str, tuple[str, str]] = {
    # header and result
    "title": ("行政执法合规检查报告", "Law-enforcement compliance report"),
    "ruleset": ("规则包", "Ruleset"),
    "chain": ("继承", "Layered on"),
    "as_of": ("检查日期", "As of"),
    "covers": ("数据覆盖期间", "Records cover"),
    "dataset": ("数据", "Data"),
    "records": ("记录数", "Records"),
    "warn_days": ("预警期", "Warning window"),
    "days": ("{n} 天", "{n} days"),
    "fail_level": ("不通过级别", "Fail level"),
    "fails": ("{n} 项问题导致检查不通过(级别 {level} 及以上)", "{n} finding(s) fail the run at level {level} or above"),
    "passes": ("没有问题导致检查不通过(级别 {level} 及以上)", "Nothing fails the run at level {level} or above"),
    "violations": ("违规", "Violations"),
    "warnings": ("预警", "Warnings"),
    "waived": ("已豁免", "Waived"),
    "failing": ("不通过", "Failing"),
    "exit_code": ("退出码 {code}", "Exit code {code}"),
    "exit_0": ("通过", "nothing fails the run"),
    "exit_1": ("有问题导致不通过(使用 --exit-zero 时为 0)", "findings fail the run (0 with --exit-zero)"),
    "exit_3": ("检查不完整:有规则运行出错", "incomplete: a rule raised"),
    "contents": ("目录", "Contents"),
    # what needs attention
    "incomplete": ("检查不完整", "The run is incomplete"),
    "rule_raised": ("规则 {rule}(来自 {distribution})运行出错,其检查结果缺失:", "Rule {rule} (from {distribution}) "
                    "raised; its findings are missing:"),
    "traceback": ("错误详情", "Traceback"),
    "attention": ("需要关注", "Needs attention"),
    "waiver_for": ("豁免 {rule} · {subject}", "Waiver for {rule} on {subject}"),
    "waiver_expired": ("已于 {date} 过期,其覆盖的问题重新计入", "expired on {date}: the findings it covers fail again"),
    "waiver_unused": ("未匹配任何问题:请删除,或更正其规则、对象或期间",
                      "matches no finding: remove it, or correct its rule, subject or period"),
    "baseline_fixed": ("基线 {file} 中有 {n} 项问题已不存在,--update-baseline 会将其移除",
                       "{n} finding(s) of the baseline {file} are fixed: --update-baseline drops them"),
    "left_out_note": ("{n} 条记录未纳入检查,见“输入”", "{n} record(s) left out of the check: see Input"),
    # per-department overview
    "overview": ("各部门概况", "Departments"),
    "overview_note": ("持证情况为检查日当天;培训与执法行为为 {year} 全年。达标指全年不少于 60 学时,其中公共法律知识、"
                      "业务知识和执法技能各不少于 30 学时;政治理论学时不计。",
                      "Certificates as of the check's day; training and actions over {year}. Trained to the hours "
                      "means 60 hours in the year, of which 30 public legal and 30 professional; political theory "
                      "does not count."),
    "department": ("部门", "Department"),
    "by_rule": ("违规(按规则)", "Violations by rule"),
    "holding_rate": ("持证率(持证/在岗)", "Certificate holding rate (certified / in post)"),
    "trained": ("{year} 年学时达标 60/30/30(达标/在岗)", "Trained to 60/30/30 in {year} (trained / in post)"),
    "average_hours": ("{year} 年人均学时", "Average hours in {year}"),
    "by_certified": ("{year} 年执法行为均由持证人员实施", "Actions in {year} by certified officers only"),
    "no_department": ("未归属部门", "No department"),
    # charts
    "charts": ("图表", "Charts"),
    "hours_chart": ("{year} 年培训学时分布(全部部门)", "Training hours in {year}, all departments"),
    "hours_axis": ("全年学时(政治理论不计)", "Hours in the year (political theory not counted)"),
    "officers_axis": ("人数", "Officers"),
    "hours_line": ("{hours:g} 学时", "{hours:g} hours"),
    "hours_short": ("不足 {hours:g} 学时", "short of {hours:g} hours"),
    "hours_enough": ("满 {hours:g} 学时", "{hours:g} hours or more"),
    "no_hours": ("报告中没有培训学时分布。", "The report holds no distribution of training hours."),
    "timeline": ("期限时间线", "Deadlines on a timeline"),
    "late": ("逾期完成", "done late"),
    "missing": ("逾期未完成", "not done, overdue"),
    "due_soon": ("即将到期,尚未完成", "due soon, not done yet"),
    "as_of_line": ("检查日 {date}", "as of {date}"),
    "timeline_more": ("另有 {n} 项,见“问题明细”。", "{n} more: see Findings."),
    "no_deadlines": ("没有带期限的问题。", "No finding has a deadline."),
    # rules
    "rules": ("各规则结果", "Rules"),
    "rule": ("规则", "Rule"),
    "severity": ("严重程度", "Severity"),
    "passed": ("合规", "Passed"),
    "not_applicable": ("不适用", "N/A"),
    "source": ("依据", "Source"),
    # findings
    "findings": ("问题明细", "Findings"),
    "no_findings": ("没有发现问题。", "No findings."),
    "period": ("期间", "Period"),
    "fails_run": ("导致不通过", "fails the run"),
    "waived_until": ("已豁免至 {date},批准:{by};理由:{why}", "waived until {date}, approved by {by}: {why}"),
    "risk": ("风险:{risk}", "risk: {risk}"),
    "waiver_lapsed": ("豁免已于 {date} 过期", "its waiver expired on {date}"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # input
    "input": ("输入", "Input"),
    "file": ("文件", "File"),
    "sheet": ("工作表", "Sheet"),
    "collection": ("数据集", "Collection"),
    "encoding": ("编码", "Encoding"),
    "read": ("读取", "Read"),
    "accepted": ("接受", "Accepted"),
    "rejected": ("拒绝", "Rejected"),
    "left_out": ("未纳入检查的记录", "Records left out of the check"),
    "record": ("记录", "Record"),
    "position": ("位置", "Position"),
    "reasons": ("原因", "Reasons"),
    "made_by": ("由 compliance {version} 生成", "Made by compliance {version}"),
    # values of the report's enums
    _key(Status.violation): ("违规", "violation"),
    _key(Status.warning): ("预警", "warning"),
    _key(Severity.high): ("高", "high"),
    _key(Severity.medium): ("中", "medium"),
    _key(Severity.low): ("低", "low"),
    _key(FailLevel.warning): ("预警", "warning"),
    _key(SubjectKind.officer): ("执法人员", "officer"),
    _key(SubjectKind.department): ("部门", "department"),
    _key(SubjectKind.action): ("执法行为", "action"),
    _key(SubjectKind.certificate): ("执法证件", "certificate"),
    _key(WaiverState.active): ("生效", "in force"),
    _key(WaiverState.expired): ("已过期", "expired"),
    _key(WaiverState.unused): ("未使用", "unused"),
    _key(BaselineState.new): ("基线外新增", "new since the baseline"),
    _key(BaselineState.unchanged): ("基线中已有", "known: in the baseline"),
    _key(BaselineState.updated): ("较基线加重(预警变为违规)", "worse than in the baseline (was a warning)"),
}
# The collections by their Chinese names (行政执法人员) and their file names (officers).
LABELS.update({t.collection: (t.collection_zh, t.collection) for t in RECORD_TYPES})


def label(key: str | Enum, lang: str, **values: object) -> str:
    """The label in ``lang`` ("zh" or "en"), with ``values`` filled in; a fail level that is a severity too reads
    as that severity."""
    if isinstance(key, FailLevel) and key is not FailLevel.warning:
        key = Severity(key.value)
    text = LABELS[_key(key) if isinstance(key, Enum) else key][lang == "en"]
    return text.format(**values) if values else text
