"""The records the checker reads: departments, officers, certificates, training, actions, filings, assessments.

These pydantic dataclasses are the public record types and the source of the published JSON Schema
(`compliance schema`). Validation is strict: unknown fields, wrong types and impossible values are errors,
never coerced. Every field carries its Chinese term in ``json_schema_extra["zh"]`` so that the field
reference in the docs and the schema say what each column is called in the source documents.

They are pydantic *dataclasses with slots* rather than ``BaseModel``s because a province holds millions of
records: validated from JSON they take a fifth of the memory and less than half the time (measured on 300k
training records: 82 MB and 2.9 µs a record, against 377 MB and 6.3 µs). Build one from JSON with
``Officer.from_json(...)``, or in Python with keyword arguments (strict: dates as ``datetime.date``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, ClassVar, Self

from pydantic import ConfigDict, Field, TypeAdapter, ValidationInfo, field_validator
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo

from .messages import Invalid, say


def _field(zh: str, description: str, **kwargs):
    return Field(description=description, json_schema_extra={"zh": zh}, **kwargs)


def _not_before(earlier: str) -> Any:
    """A field validator: the field's value, where given, is not before the value of the field ``earlier``."""

    def check(cls: type, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        other = info.data.get(earlier)
        if value is not None and other is not None and value < other:
            raise Invalid(say("before", field=info.field_name, value=value, earlier=earlier, other=other))
        return value

    return classmethod(check)


RecordId = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^\S(.*\S)?$")]


#: Records and their parts: strict, closed, immutable, slotted; fields by keyword.
_record = dataclass(slots=True, frozen=True, kw_only=True, config=ConfigDict(strict=True, extra="forbid"))


class Part:
    """Base of records and their parts."""

    __slots__ = ()

    @classmethod
    def from_json(cls, data: str | bytes) -> Self:
        """Validate one record from its JSON text."""
        return adapter(cls).validate_json(data)


@cache
def adapter(record_type: type) -> TypeAdapter:
    """The (cached) validator of a record type."""
    return TypeAdapter(record_type)


def fields_of(record_type: type) -> dict[str, FieldInfo]:
    """The fields of a record type, in order, with their descriptions and Chinese terms."""
    return record_type.__pydantic_fields__  # type: ignore[attr-defined]


class Record(Part):
    """A record of one kind, read from its own collection."""

    #: the collection it is read from: the file stem (``officers.jsonl``) and the key in a single JSON document
    collection: ClassVar[str]
    #: the collection's Chinese name
    collection_zh: ClassVar[str]

    __slots__ = ()


# --- departments -------------------------------------------------------------------------------------------


class Level(StrEnum):
    """Administrative level of a department (行政层级)."""

    province = "province"  # 省级
    city = "city"  # 市级
    county = "county"  # 县级 (county, district 区, county-level city)
    township = "township"  # 乡镇、街道


class DepartmentKind(StrEnum):
    enforcement = "enforcement"  # 行政执法部门
    judicial_bureau = "judicial_bureau"  # 司法局 / 司法行政部门: coordinates the plan


@_record
class Department(Record):
    """A department that enforces law (行政执法部门), or the judicial bureau that coordinates the plan."""

    collection: ClassVar[str] = "departments"
    collection_zh: ClassVar[str] = "行政执法部门"

    id: RecordId = _field("部门编号", "Unique id of the department.")
    name: str = _field("部门名称", "Full name, e.g. 阳泉市矿区市场监督管理局.", min_length=1)
    level: Level = _field("层级", "Administrative level: province, city, county (also district), township (also street).")
    department_kind: DepartmentKind = _field(
        "部门类别",
        "enforcement for an enforcement department; judicial_bureau for the judicial administration bureau "
        "(司法局) that coordinates the plan.",
        default=DepartmentKind.enforcement,
    )
    locality: str | None = _field("所属地区", "The locality it belongs to, e.g. 阳泉市矿区.", default=None)
    parent: str | None = _field("上级部门", "Id of the supervising department, if it is in the data.", default=None)
    pilot_since: dt.date | None = _field(
        "试点日期", "For a township or street: the day it was chosen as an enforcement pilot (规范化试点).",
        default=None,
    )


# --- officers ----------------------------------------------------------------------------------------------


class LeaveReason(StrEnum):
    """Why an officer left the enforcement post (离开执法岗位的原因)."""

    transferred = "transferred"  # 调动
    resigned = "resigned"  # 辞职
    dismissed = "dismissed"  # 辞退
    retired = "retired"  # 退休
    other = "other"  # 其他原因


@_record
class Posting(Part):
    """One continuous period in an enforcement post (在岗期间); both ends inclusive."""

    start: dt.date = _field("到岗日期", "First day in the enforcement post.")
    end: dt.date | None = _field("离岗日期", "Last day in the post; empty while still in post.", default=None)
    left_reason: LeaveReason | None = _field(
        "离岗原因", "Why the officer left: transferred, resigned, dismissed, retired, other.", default=None
    )
    department: str | None = _field(
        "任职部门", "Department of this posting, if not the officer's current department.", default=None
    )

    _ends_after_start = field_validator("end")(_not_before("start"))

    @field_validator("left_reason")
    @classmethod
    def _left_when_ended(cls, reason: LeaveReason | None, info: ValidationInfo) -> LeaveReason | None:
        if reason is not None and info.data.get("end") is None and "end" in info.data:
            raise Invalid(say("reason_without_end"))
        return reason


@_record
class Officer(Record):
    """An administrative law-enforcement officer (行政执法人员)."""

    collection: ClassVar[str] = "officers"
    collection_zh: ClassVar[str] = "行政执法人员"

    id: RecordId = _field("人员编号", "Unique id of the officer (not the certificate number).")
    name: str = _field("姓名", "Full name.", min_length=1)
    department: str = _field("所属部门", "Id of the officer's department.")
    postings: list[Posting] = _field(
        "在岗情况", "Periods in an enforcement post, oldest first, not overlapping.", min_length=1
    )

    @field_validator("postings")
    @classmethod
    def _postings_in_order(cls, postings: list[Posting]) -> list[Posting]:
        for before, after in zip(postings, postings[1:]):
            if before.end is None or after.start <= before.end:
                raise Invalid(say("postings_out_of_order", first=before.start, second=after.start))
        return postings

    def department_on(self, day: dt.date) -> str | None:
        """The department the officer served in on ``day`` (the posting's, else the current one), or None when
        the officer was not in post that day."""
        for posting in self.postings:
            if posting.start <= day and (posting.end is None or day <= posting.end):
                return posting.department or self.department
        return None

    def in_post_on(self, day: dt.date) -> bool:
        return self.department_on(day) is not None

    def days_in_post(self, first: dt.date, last: dt.date) -> int:
        """Days in post between ``first`` and ``last``, both inclusive."""
        total = 0
        for p in self.postings:
            start, end = max(p.start, first), min(p.end or last, last)
            if start <= end:
                total += (end - start).days + 1
        return total


# --- certificates ------------------------------------------------------------------------------------------


class CertificateEventKind(StrEnum):
    """What happened to a certificate on a day (证件状态变化)."""

    suspended = "suspended"  # 暂扣
    restored = "restored"  # 发还 (a suspension ends)
    revoked = "revoked"  # 收回
    cancelled = "cancelled"  # 注销
    lost = "lost"  # 遗失 (reported lost to the officer's department)
    reissue_applied = "reissue_applied"  # 申请补办 (does not change the state)
    reissued = "reissued"  # 补办


class CertificateState(StrEnum):
    """The state of a certificate on a given day."""

    valid = "valid"
    not_yet_issued = "not_yet_issued"
    expired = "expired"
    suspended = "suspended"
    revoked = "revoked"
    cancelled = "cancelled"
    lost = "lost"


#: What may follow an event that ends a certificate for good: a revoked (收回) certificate may still be
#: cancelled (注销), as the documents require ("收回并注销"); nothing follows cancellation.
_MAY_FOLLOW = {
    CertificateEventKind.revoked: frozenset({CertificateEventKind.cancelled}),
    CertificateEventKind.cancelled: frozenset(),
}
_STATE_AFTER = {
    CertificateEventKind.suspended: CertificateState.suspended,
    CertificateEventKind.restored: CertificateState.valid,
    CertificateEventKind.revoked: CertificateState.revoked,
    CertificateEventKind.cancelled: CertificateState.cancelled,
    CertificateEventKind.lost: CertificateState.lost,
    CertificateEventKind.reissued: CertificateState.valid,
}


@_record
class CertificateEvent(Part):
    """A status change of a certificate, in force from its date on (that day included)."""

    date: dt.date = _field("日期", "The day the change took effect.")
    event: CertificateEventKind = _field(
        "事项", "suspended 暂扣, restored 发还, revoked 收回, cancelled 注销, lost 遗失, reissued 补办."
    )
    note: str | None = _field("备注", "Free text, e.g. the decision number.", default=None)
    published_on: dt.date | None = _field(
        "公布日期", "Day the change was published on the government website (政府网站公布), where it was.",
        default=None,
    )


class CertificateKind(StrEnum):
    """Which certificate an officer enforces with (证件类别)."""

    enforcement = "enforcement"  # 行政执法证: the enforcement-certificate rules govern it
    police = "police"  # 人民警察证: "人民警察证件的管理使用按照人民警察法的规定执行"


@_record
class Certificate(Record):
    """A certificate an officer enforces with: an administrative law-enforcement certificate (行政执法证件), or a
    people's police card (人民警察证), which the People's Police Law governs."""

    collection: ClassVar[str] = "certificates"
    collection_zh: ClassVar[str] = "行政执法证件"

    id: RecordId = _field("执法证号", "Certificate number.")
    officer: str = _field("持证人", "Id of the officer who holds it.")
    certificate_kind: CertificateKind = _field(
        "证件类别",
        "enforcement for an administrative law-enforcement certificate (行政执法证); police for a people's police "
        "card (人民警察证), whose management and use the People's Police Law governs.",
        default=CertificateKind.enforcement,
    )
    issued_by: str | None = _field("发证机关", "The issuing body.", default=None)
    issued_on: dt.date = _field("发证日期", "Day of issue; valid from this day.")
    exam_passed_on: dt.date | None = _field(
        "资格考试合格日期", "Day the holder passed the enforcement qualification exam (行政执法资格考试).", default=None
    )
    expires_on: dt.date | None = _field(
        "有效期至", "Last day of validity (inclusive); empty for no expiry.", default=None
    )
    events: list[CertificateEvent] = _field(
        "状态变化", "Status changes, oldest first.", default_factory=list
    )

    _expires_after_issue = field_validator("expires_on")(_not_before("issued_on"))

    @field_validator("events")
    @classmethod
    def _events_in_order(cls, events: list[CertificateEvent], info: ValidationInfo) -> list[CertificateEvent]:
        issued_on = info.data.get("issued_on")
        previous: CertificateEvent | None = None
        for event in events:
            if issued_on is not None and event.date < issued_on:
                raise Invalid(say("event_before_issue", event=event.event, date=event.date, issued_on=issued_on))
            if previous is not None:
                if event.date < previous.date:
                    raise Invalid(say("events_out_of_order", first=previous.date, second=event.date))
                if previous.event in _MAY_FOLLOW and event.event not in _MAY_FOLLOW[previous.event]:
                    raise Invalid(say("event_after_final", event=event.event, date=event.date,
                                      previous=previous.event))
            previous = event
        return events

    def state_on(self, day: dt.date) -> CertificateState:
        """The certificate's state on ``day``: an event counts from its own date, expiry after its last day."""
        if day < self.issued_on:
            return CertificateState.not_yet_issued
        state = CertificateState.valid
        for event in self.events:
            if event.date > day:
                break
            state = _STATE_AFTER.get(event.event, state)
        if state is CertificateState.valid and self.expires_on is not None and day > self.expires_on:
            return CertificateState.expired
        return state


# --- training ----------------------------------------------------------------------------------------------


class TrainingCategory(StrEnum):
    """Category of a training record (培训类别)."""

    public_legal = "public_legal"  # 公共法律知识
    professional = "professional"  # 业务知识和行政执法技能
    political_theory = "political_theory"  # 政治理论教育和党性教育
    other = "other"  # 其他


@_record
class TrainingRecord(Record):
    """Hours of training one officer received on one day (培训记录)."""

    collection: ClassVar[str] = "training_records"
    collection_zh: ClassVar[str] = "培训记录"

    id: RecordId = _field("记录编号", "Unique id of the record.")
    officer: str = _field("参训人员", "Id of the officer trained.")
    date: dt.date = _field("培训日期", "Day of the training (the last day, for a course over several days).")
    hours: float = _field("学时", "Hours credited; may be fractional (e.g. 1.5).", gt=0, le=1000, allow_inf_nan=False)
    category: TrainingCategory = _field(
        "培训类别",
        "public_legal 公共法律知识, professional 业务知识和行政执法技能, "
        "political_theory 政治理论教育和党性教育, other 其他.",
    )
    title: str | None = _field("培训内容", "Course title.", default=None)
    rotation: bool = _field("全员轮训", "Whether it was part of the department's full rotation training.", default=False)
    documents: list[str] = _field(
        "学习文件", "Documents the course taught, by number, e.g. 国办发〔2023〕27号.", default_factory=list
    )


# --- enforcement actions -----------------------------------------------------------------------------------


class ActionKind(StrEnum):
    penalty = "penalty"  # 行政处罚
    licensing = "licensing"  # 行政许可
    inspection = "inspection"  # 行政检查
    coercion = "coercion"  # 行政强制
    levy = "levy"  # 行政征收征用
    other = "other"  # 其他


@_record
class EnforcementAction(Record):
    """An enforcement action or case (行政执法行为 / 案件)."""

    collection: ClassVar[str] = "actions"
    collection_zh: ClassVar[str] = "行政执法行为"

    id: RecordId = _field("案件编号", "Unique id of the action or case.")
    department: str = _field("执法部门", "Id of the department that acted.")
    action_kind: ActionKind = _field(
        "执法类别", "penalty 处罚, licensing 许可, inspection 检查, coercion 强制, levy 征收征用, other."
    )
    officers: list[str] = _field("执法人员", "Ids of the officers who carried it out.", min_length=1)
    date: dt.date = _field("执法日期", "Day the action was carried out (for a case: the day of the decision).")
    filed_on: dt.date | None = _field("立案日期", "Day the case was filed.", default=None)
    decided_on: dt.date | None = _field("决定日期", "Day of the decision.", default=None)
    major_decision: bool = _field("重大执法决定", "Whether it is a major enforcement decision.", default=False)
    legal_review_on: dt.date | None = _field("法制审核日期", "Day of the legal review.", default=None)

    @field_validator("officers")
    @classmethod
    def _officers_once(cls, officers: list[str]) -> list[str]:
        if len(set(officers)) != len(officers):
            raise Invalid(say("officer_twice"))
        return officers

    _decided_after_filing = field_validator("decided_on")(_not_before("filed_on"))


# --- filings -----------------------------------------------------------------------------------------------


class FilingKind(StrEnum):
    """What a department submitted (报送/备案事项)."""

    training_plan = "training_plan"  # 年度行政执法人员培训计划
    problem_list = "problem_list"  # 行政执法突出问题清单
    rectification_progress = "rectification_progress"  # 整改情况
    enforcement_catalogue = "enforcement_catalogue"  # 行政执法事项目录
    progress_report = "progress_report"  # 重点任务开展情况报告
    midterm_evaluation = "midterm_evaluation"  # 中期评估
    final_evaluation = "final_evaluation"  # 终期评估
    certificate_cleanup = "certificate_cleanup"  # 行政执法证件清理
    street_items_evaluation = "street_items_evaluation"  # 街道行政执法事项评估
    supervision_system = "supervision_system"  # 行政执法协调监督工作体系建成
    other = "other"


@_record
class Filing(Record):
    """A dated submission by a department (报送、备案), e.g. its annual training plan."""

    collection: ClassVar[str] = "filings"
    collection_zh: ClassVar[str] = "报送事项"

    id: RecordId = _field("编号", "Unique id of the filing.")
    department: str = _field("报送部门", "Id of the department that filed (or completed) it.")
    filing_kind: FilingKind = _field("事项类别", "What was filed, e.g. training_plan 培训计划.")
    period: str | None = _field(
        "所属期间", "The period it is for, e.g. 2024 for the 2024 training plan.", default=None
    )
    filed_on: dt.date = _field("报送日期", "Day it was filed or completed.")
    filed_with: str | None = _field("报送对象", "Id of the department it was filed with.", default=None)


# --- annual assessments ------------------------------------------------------------------------------------


class AssessmentResult(StrEnum):
    excellent = "excellent"  # 优秀
    passed = "pass"  # 合格 / 称职
    basic_pass = "basic_pass"  # 基本合格
    fail = "fail"  # 不合格


class CertificateMeasure(StrEnum):
    none = "none"
    suspended = "suspended"  # 暂扣
    revoked = "revoked"  # 收回
    cancelled = "cancelled"  # 注销


@_record
class Assessment(Record):
    """An officer's annual assessment (年度考核)."""

    collection: ClassVar[str] = "assessments"
    collection_zh: ClassVar[str] = "年度考核"

    id: RecordId = _field("编号", "Unique id of the assessment.")
    officer: str = _field("被考核人", "Id of the officer assessed.")
    year: int = _field("年度", "The year assessed.", ge=1990, le=2100)
    assessed_on: dt.date | None = _field(
        "考核日期", "Day the assessment was completed; empty when not recorded (then it counts as on time).",
        default=None,
    )
    result: AssessmentResult = _field("考核结果", "excellent 优秀, pass 合格, basic_pass 基本合格, fail 不合格.")
    certificate_measure: CertificateMeasure = _field(
        "证件处理", "What was done to the certificate: none, suspended, revoked, cancelled.",
        default=CertificateMeasure.none,
    )


# --- enforcement problems ----------------------------------------------------------------------------------


@_record
class EnforcementProblem(Record):
    """A prominent enforcement problem found in the special campaign (行政执法突出问题), and its rectification."""

    collection: ClassVar[str] = "problems"
    collection_zh: ClassVar[str] = "突出问题"

    id: RecordId = _field("问题编号", "Unique id of the problem.")
    department: str = _field("责任部门", "Id of the department that found it and must rectify it.")
    found_on: dt.date = _field("排查日期", "Day the problem was found (排查).")
    description: str | None = _field("问题描述", "What the problem is.", default=None)
    rectified_on: dt.date | None = _field("整改完成日期", "Day it was rectified; empty while open.", default=None)

    _rectified_after_found = field_validator("rectified_on")(_not_before("found_on"))


#: Every record kind read from input, in reading order (referenced kinds first).
RECORD_TYPES: tuple[type[Record], ...] = (
    Department,
    Officer,
    Certificate,
    TrainingRecord,
    EnforcementAction,
    Filing,
    Assessment,
    EnforcementProblem,
)


#: The references between records: (collection, field, collection referred to). ``name[]`` is every item of
#: a list field, ``name[].field`` that field of every item.
REFERENCES = (
    ("departments", "parent", "departments"),
    ("officers", "department", "departments"),
    ("officers", "postings[].department", "departments"),
    ("certificates", "officer", "officers"),
    ("training_records", "officer", "officers"),
    ("actions", "department", "departments"),
    ("actions", "officers[]", "officers"),
    ("filings", "department", "departments"),
    ("filings", "filed_with", "departments"),
    ("assessments", "officer", "officers"),
    ("problems", "department", "departments"),
)
