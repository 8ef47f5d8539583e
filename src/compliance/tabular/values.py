"""What a spreadsheet cell may hold, turned into the value of a record field, strictly.

A cell is read as the file gives it: text from a CSV file; text, a number, TRUE/FALSE or a date from a
workbook. Each converter returns the field's value in its JSON form (a date as ``YYYY-MM-DD``, a choice as its
English value) or raises :class:`CellError` with the reason a user can act on. An empty cell is no value: the
field takes its default, or is reported as required.

Text is compared after Unicode NFKC normalisation (full-width ``２０２４／２／２９`` reads as ``2024/2/29``) and
with surrounding spaces removed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

from ..messages import Message, say
from ..models import (
    ActionKind,
    AssessmentResult,
    CertificateEventKind,
    CertificateKind,
    CertificateMeasure,
    DepartmentKind,
    FilingKind,
    LeaveReason,
    Level,
    TrainingCategory,
)


class CellError(ValueError):
    """A cell's value cannot be the field's value; the message says why, in both languages."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None


def normal(text: str) -> str:
    """Text as it is compared: NFKC (full-width forms to ASCII), surrounding spaces removed."""
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()


def shown(value: Cell) -> str:
    """A cell's value as the user wrote it, for messages."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def is_empty(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- text ---------------------------------------------------------------------------------------------------


def text(value: Cell) -> str:
    """Text, surrounding spaces removed; a whole number cell (a certificate number Excel stored as a number)
    is its digits."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise CellError(say("bool_cell"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    raise CellError(say("date_cell"))


# --- dates --------------------------------------------------------------------------------------------------

_MIDNIGHT = r"(?:[ T]0?0:00(?::00)?)?"
_DATE_FORMS = (
    re.compile(rf"(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日{_MIDNIGHT}"),  # 2024年2月29日
    re.compile(rf"(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_MIDNIGHT}"),  # 2024-02-29
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),  # 20240229
)
#: Day first or month first, or a two-digit year: which day it is depends on who wrote it.
_AMBIGUOUS = re.compile(r"\d{1,2}(?P<s>[-/.])\d{1,2}(?P=s)(\d{2}|\d{4})|\d{2}(?P<t>[-/.])\d{1,2}(?P=t)\d{1,2}")
DATE_FORMS = say("date_forms")


def date(value: Cell) -> str:
    """A day, in one of the forms of ``DATE_FORMS``, or a workbook date cell (with no time of day)."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CellError(say("date_with_time"))
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or isinstance(value, dt.time):
        raise CellError(say("not_date", forms=DATE_FORMS))
    if isinstance(value, (int, float)):
        if not (isinstance(value, int) or value.is_integer()) or not 10_000_000 <= value <= 99_999_999:
            raise CellError(say("number_not_date"))
        value = str(int(value))
    return _written_date(value)


@lru_cache(maxsize=8192)
def _written_date(value: str) -> str:
    """A date written as text (the same days recur in a register: each is read once)."""
    written = normal(value)
    for form in _DATE_FORMS:
        if match := form.fullmatch(written):
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
            break
    else:
        if _AMBIGUOUS.fullmatch(written):
            raise CellError(say("ambiguous_date"))
        raise CellError(say("not_date", forms=DATE_FORMS))
    if not 1 <= month <= 12:
        raise CellError(say("no_month", month=month))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        raise CellError(say("no_day", year=year, month=month, last=last)) from None


# --- numbers and yes/no -------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"(?P<n>[+-]?\d+)(年度?)?")  # a year may be written 2023年 or 2023年度


def number(value: Cell) -> float | int:
    """A number: a number cell, or text such as ``1.5``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CellError(say("not_number"))
    if isinstance(value, str):
        written = normal(value)
        if not _NUMBER.fullmatch(written):
            raise CellError(say("not_number"))
        value = float(written)
    if not math.isfinite(value):
        raise CellError(say("not_finite"))
    return value


def integer(value: Cell) -> int:
    """A whole number: a number cell with no fraction, or text such as ``2023`` (also ``2023年``, ``2023年度``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and (match := _INTEGER.fullmatch(normal(value))):
        return int(match["n"])
    raise CellError(say("not_whole"))


#: What a yes/no cell may hold (compared without case).
YES = ("是", "true", "yes", "y", "1")
NO = ("否", "false", "no", "n", "0")


def boolean(value: Cell) -> bool:
    """Yes or no: a TRUE/FALSE cell, 1/0, or text from ``YES`` / ``NO`` (是/否, true/false, yes/no)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        written = normal(value).lower()
        if written in YES:
            return True
        if written in NO:
            return False
    raise CellError(say("not_yes_no"))


# --- lists --------------------------------------------------------------------------------------------------

#: What separates the items of a list cell: 、 ， , ； ; and any white space (a full-width space included).
#: Runs of separators count as one; empty items are dropped.
LIST_SEPARATORS = re.compile(r"[、，,；;\s\u3000]+")


def items(value: Cell) -> list[str]:
    """The items of a list cell, e.g. the officers of an action: ``kq-scjg-01、kq-scjg-02``."""
    return [item for item in LIST_SEPARATORS.split(text(value)) if item]


# --- choices ------------------------------------------------------------------------------------------------

#: The Chinese names each choice may be written with; the first is the one written out (make_tabular.py).
ZH_NAMES: dict[type[StrEnum], dict[StrEnum, tuple[str, ...]]] = {
    Level: {
        Level.province: ("省级",),
        Level.city: ("市级",),
        Level.county: ("县级", "区级", "县区级", "县(区)级"),
        Level.township: ("乡镇街道", "乡镇", "街道", "乡镇(街道)"),
    },
    DepartmentKind: {
        DepartmentKind.enforcement: ("行政执法部门", "执法部门"),
        DepartmentKind.judicial_bureau: ("司法局", "司法行政部门"),
    },
    LeaveReason: {
        LeaveReason.transferred: ("调动",),
        LeaveReason.resigned: ("辞职",),
        LeaveReason.dismissed: ("辞退",),
        LeaveReason.retired: ("退休",),
        LeaveReason.other: ("其他", "其他原因"),
    },
    CertificateKind: {
        CertificateKind.enforcement: ("行政执法证", "行政执法证件", "执法证"),
        CertificateKind.police: ("人民警察证", "人民警察证件", "警察证"),
    },
    CertificateEventKind: {
        CertificateEventKind.suspended: ("暂扣",),
        CertificateEventKind.restored: ("发还",),
        CertificateEventKind.revoked: ("收回",),
        CertificateEventKind.cancelled: ("注销",),
        CertificateEventKind.lost: ("遗失",),
        CertificateEventKind.reissue_applied: ("申请补办",),
        CertificateEventKind.reissued: ("补办",),
    },
    TrainingCategory: {
        TrainingCategory.public_legal: ("公共法律知识",),
        TrainingCategory.professional: ("业务知识和行政执法技能", "业务知识", "行政执法技能"),
        TrainingCategory.political_theory: ("政治理论教育和党性教育", "政治理论", "党性教育"),
        TrainingCategory.other: ("其他",),
    },
    ActionKind: {
        ActionKind.penalty: ("行政处罚", "处罚"),
        ActionKind.licensing: ("行政许可", "许可"),
        ActionKind.inspection: ("行政检查", "检查"),
        ActionKind.coercion: ("行政强制", "强制"),
        ActionKind.levy: ("行政征收征用", "征收征用"),
        ActionKind.other: ("其他",),
    },
    FilingKind: {
        FilingKind.training_plan: ("培训计划", "年度培训计划", "年度行政执法人员培训计划"),
        FilingKind.problem_list: ("突出问题清单", "行政执法突出问题清单", "问题清单"),
        FilingKind.rectification_progress: ("整改情况",),
        FilingKind.enforcement_catalogue: ("行政执法事项目录", "执法事项目录"),
        FilingKind.progress_report: ("重点任务开展情况报告", "进展情况报告"),
        FilingKind.midterm_evaluation: ("中期评估",),
        FilingKind.final_evaluation: ("终期评估",),
        FilingKind.certificate_cleanup: ("行政执法证件清理", "证件清理"),
        FilingKind.street_items_evaluation: ("街道行政执法事项评估", "街道执法事项评估"),
        FilingKind.supervision_system: ("行政执法协调监督工作体系建成", "协调监督工作体系建成"),
        FilingKind.other: ("其他",),
    },
    AssessmentResult: {
        AssessmentResult.excellent: ("优秀",),
        AssessmentResult.passed: ("合格", "称职"),
        AssessmentResult.basic_pass: ("基本合格", "基本称职"),
        AssessmentResult.fail: ("不合格", "不称职"),
    },
    CertificateMeasure: {
        CertificateMeasure.none: ("无",),
        CertificateMeasure.suspended: ("暂扣",),
        CertificateMeasure.revoked: ("收回",),
        CertificateMeasure.cancelled: ("注销",),
    },
}


def _spelled(name: str) -> str:
    return "".join(normal(name).split()).lower()


_CHOICES: dict[type[StrEnum], dict[str, StrEnum]] = {
    kind: {key: member for member, names in names_of.items() for spelling in (member.value, *names)
           for key in (spelling, _spelled(spelling))}
    for kind, names_of in ZH_NAMES.items()
}


def zh_name(member: StrEnum) -> str:
    """The Chinese name a choice is written out with."""
    return ZH_NAMES[type(member)][member][0]


def choice(kind: type[StrEnum], value: Cell) -> str:
    """One of the choices of ``kind``, by its English value or one of its Chinese names."""
    choices = _CHOICES[kind]
    member = choices.get(value) if isinstance(value, str) else None  # as written: the usual case
    member = member or choices.get(_spelled(text(value)))
    if member is None:
        known = Message(", ".join(f"{names[0]} ({member.value})" for member, names in ZH_NAMES[kind].items()),
                        "、".join(f"{names[0]}({member.value})" for member, names in ZH_NAMES[kind].items()))
        raise CellError(say("not_choice", known=known))
    return member.value
