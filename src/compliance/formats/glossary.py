"""The words of the built-in rules that a report shows beside their messages: the evidence worth a glance, and
the reasons a subject was not applicable, each in Chinese and English.

A finding's message already says what was wrong in both languages; its evidence (observed against required) is
keyed by field names, and a few values are English words with a Chinese twin under ``<key>_zh``
(``state``/``state_zh``). The summary shows the evidence a person checks a finding by — days, hours, counts —
named in the report's language. Keys a plug-in rule adds are shown as they are written, as ids are.
"""

from __future__ import annotations

import re

from ..report import Finding
from ..rule import NOT_YET_DUE, PERIOD_NOT_ENDED
from ..rules.certificates import POLICE_CARD
from ..rules.departments import NO_LOCALITY
from ..rules.problems import NO_PROBLEMS

#: The evidence a summary shows, in the order a rule writes it: its name in Chinese and in English. A percentage
#: is a share (0.7) shown as 70.0%.
TERMS: dict[str, tuple[str, str]] = {
    "date": ("日期", "date"),
    "certificate": ("证件", "certificate"),
    "state": ("证件状态", "certificate state"),
    "issued_on": ("发证日期", "issued on"),
    "expires_on": ("有效期至", "expires on"),
    "exam_passed_on": ("考试合格日期", "exam passed on"),
    "days_after_issue": ("发证后天数", "days after issue"),
    "lost_on": ("遗失日期", "lost on"),
    "follow_up": ("后续办理", "follow-up"),
    "total": ("总学时", "hours"),
    "required_total": ("应达总学时", "required hours"),
    "public_legal": ("公共法律知识学时", "public legal hours"),
    "required_public_legal": ("应达公共法律知识学时", "required public legal"),
    "professional": ("业务知识学时", "professional hours"),
    "required_professional": ("应达业务知识学时", "required professional"),
    "days_in_post": ("在岗天数", "days in post"),
    "filed_on": ("立案日期", "filed on"),
    "decided_on": ("决定日期", "decided on"),
    "legal_review_on": ("法制审核日期", "legal review on"),
    "days_taken": ("用时天数", "days taken"),
    "limit_days": ("期限天数", "limit in days"),
    "certified_count": ("持证人数", "certified"),
    "officer_count": ("执法人员数", "officers"),
    "assessment": ("考核记录", "assessment"),
    "measure": ("证件处理", "certificate measure"),
    "left_on": ("离岗日期", "left on"),
    "left_reason": ("离岗原因", "reason for leaving"),
    "within_days": ("期限天数", "within days"),
    "outstanding": ("未办", "outstanding"),
    "in_post": ("在岗人数", "in post"),
    "rotated": ("已轮训", "rotated"),
    "not_rotated_count": ("未轮训", "not rotated"),
    "found": ("发现问题", "problems found"),
    "rectified": ("已整改", "rectified"),
    "open_problems": ("未整改", "open"),
    "share": ("整改率", "share rectified"),
    "required_share": ("应达整改率", "required share"),
    "count": ("数量", "count"),
    "min_sites": ("至少", "at least"),
    "max_sites": ("至多", "at most"),
    "pilots": ("试点", "pilots"),
    "below": ("低于下限", "below the floor"),
    "filing": ("报送记录", "filing"),
    "deadline": ("截止日", "due"),
    "done_on": ("完成日", "done on"),
    "days_late": ("逾期天数", "days late"),
    "days_left": ("剩余天数", "days left"),
}
_PERCENT = {"share", "required_share"}

#: Evidence of the built-in rules the summary leaves out: the subject's ids and names, which the finding's first
#: line and message carry, the requirement in words, and working detail that is in the JSON report.
LEFT_OUT = frozenset({
    "officer", "officer_name", "department", "department_name", "action", "action_kind", "certificates",
    "certificates_held", "certified", "officers", "officers_in_post", "filing_kind", "filed_with", "required",
    "uncertified_text", "steps", "period", "year", "year_start", "decision_day_from", "partial_year", "days_in_year",
    "document", "training", "training_title", "result", "certificate_measure", "locality", "not_rotated",
    "not_rotated_ids", "rotated_late", "rotated_late_ids", "chosen_after_deadline", "political_theory", "short_of",
    "publish_on_website", "required_rectified", "open_count", "figures", "floors",
})

#: Why the built-in rules found a subject not applicable, in Chinese (the report holds the English).
_REASONS_ZH = {
    NOT_YET_DUE: "期限未到",
    PERIOD_NOT_ENDED: "期间尚未结束",
    NO_PROBLEMS: "检查节点前未发现问题",
    NO_LOCALITY: "司法局未注明所辖地区",
    POLICE_CARD: "人民警察证:人民警察证件的管理使用按照人民警察法的规定执行",
    "not applicable": "不适用",
    "no filing day (filed_on)": "无立案日期(filed_on)",
    "not in post the whole year": "未全年在岗",
    "no officer in post on the deadline": "截止日无在岗执法人员",
    "not in post on the deadline": "截止日不在岗",
    "no officers or actions to count": "无可统计的执法人员或执法行为",
    "left the post during the year": "年内离岗",
    "kind of action not checked by this pack": "本规则包不检查此类执法行为",
    "held no certificate in force on the last day in post": "离岗当日未持有效证件",
}
#: The engine's reasons for an obligation outside its rule's time in force or the records' coverage (see
#: compliance.engine._Bounds), and their Chinese.
_ENGINE_REASONS_ZH = [
    (re.compile(r"ended before the rule took effect on (\S+) \((.+)\)"), "在规则生效日 {0}({1})之前已结束"),
    (re.compile(r"began after the rule's time in force ended on (\S+) \((.+)\)"), "始于规则施行期 {0}({1})结束之后"),
    (re.compile(r"outside the records' coverage (\S+)"), "在记录覆盖期间 {0} 之外"),
    (re.compile(r"only partly within the records' coverage (\S+)"), "仅部分在记录覆盖期间 {0} 之内"),
]


def reason(text: str, lang: str) -> str:
    """A reason for "not applicable" in ``lang``; one a plug-in rule gives is shown as it gives it."""
    if lang != "zh":
        return text
    for pattern, zh in _ENGINE_REASONS_ZH:
        if match := pattern.fullmatch(text):
            return zh.format(*match.groups())
    return _REASONS_ZH.get(text, text)


def evidence_summary(finding: Finding, lang: str, yes_no: tuple[str, str]) -> list[str]:
    """The evidence worth a glance, each as "name value", in ``lang``."""
    evidence = finding.evidence
    parts = []
    for key, value in evidence.items():
        if key in LEFT_OUT or key.endswith("_zh") or isinstance(value, dict):
            continue
        if lang == "zh" and isinstance(evidence.get(f"{key}_zh"), str):
            value = evidence[f"{key}_zh"]
        name = TERMS[key][lang != "zh"] if key in TERMS else key
        parts.append(f"{name} {_value(value, key in _PERCENT, yes_no)}")
    return parts


def _value(value: object, percent: bool, yes_no: tuple[str, str]) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if percent and isinstance(value, int | float):
        return f"{value:.1%}"
    if isinstance(value, list):
        shown = [str(v) for v in value[:5] if not isinstance(v, dict | list)]
        return ", ".join(shown) + (f", … (+{len(value) - 5})" if len(value) > 5 else "")
    return str(value)
