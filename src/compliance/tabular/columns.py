"""Which table holds which records, and which column is which field: the built-in names and a mapping file.

A table (a CSV file, or a sheet of a workbook) holds one collection, flat: one record a row, except that

- an officer's row carries one posting (到岗日期, 离岗日期, 离岗原因, 任职部门): several rows with the same
  人员编号 are several postings of one officer, in the order of the rows;
- a certificate's status changes are rows of their own table, ``certificate_events`` (证件状态变化), each
  naming its certificate by 执法证号;
- a list field (an action's 执法人员, a training's 学习文件) is one cell, its items separated as
  :data:`~compliance.tabular.values.LIST_SEPARATORS` says.

A column is named by its field (``name``, ``postings.start``), by the field's Chinese term in the models
(姓名, 到岗日期), or by one of the synonyms in :data:`SYNONYMS`. A mapping file (TOML) adds headers, or
overrides these, per table, and may name sheets and files::

    [sheets]                 # a file stem or sheet name -> the table it holds
    "执法人员名单" = "officers"

    [officers]               # a header as written -> the field; false: ignore the column
    "工号" = "id"
    "联系电话" = false
"""

from __future__ import annotations

import datetime as dt
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import DatasetError, Problem
from ..messages import say
from ..models import RECORD_TYPES, Certificate, CertificateEvent, Officer, Posting, Record, fields_of
from . import values
from .values import Cell, normal

#: The table of certificate status changes, which has no collection of its own in the JSON form.
EVENTS = "certificate_events"
EVENTS_ZH = "证件状态变化"

#: Headers that name no field and are ignored in every table: a row number.
IGNORED = ("序号",)

#: Headers beside each field's own Chinese term (docs/fields.md), by table and field.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "departments": {"id": ("编号", "单位编号"), "name": ("单位名称", "名称"), "level": ("行政层级",),
                    "department_kind": ("部门类型",), "locality": ("地区",), "parent": ("上级部门编号",)},
    "officers": {"id": ("编号", "执法人员编号"), "department": ("部门", "部门编号", "所在部门"),
                 "postings.start": ("上岗日期",)},
    "certificates": {"id": ("证号", "证件号码", "证件编号", "执法证件号码"), "officer": ("持证人编号", "人员编号"),
                     "certificate_kind": ("证件类型", "证件种类"), "exam_passed_on": ("考试合格日期",),
                     "expires_on": ("有效期截止日期", "到期日期")},
    EVENTS: {"certificate": ("证号", "证件号码", "证件编号"), "event": ("状态变化", "变化事项"),
             "published_on": ("网站公布日期",)},
    "training_records": {"id": ("编号",), "officer": ("人员编号", "参训人员编号"), "hours": ("培训学时",),
                         "category": ("类别",), "title": ("培训名称", "课程名称"), "rotation": ("是否全员轮训",)},
    "actions": {"id": ("编号", "案号"), "action_kind": ("执法类型",), "major_decision": ("是否重大执法决定",)},
    "filings": {"period": ("年度",)},
    "assessments": {"officer": ("人员编号",), "year": ("考核年度",)},
    "problems": {"id": ("编号",), "found_on": ("发现日期",)},
}

#: File stems and sheet names beside each table's own name and Chinese name.
TABLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "departments": ("部门", "执法部门"),
    "officers": ("执法人员",),
    "certificates": ("执法证件",),
    EVENTS: ("证件状态", "执法证件状态变化"),
    "actions": ("执法行为", "案件"),
}


@dataclass(frozen=True)
class Column:
    """One field a table's column may fill."""

    path: str  # ``name``; ``postings.start`` for a posting's field in the officers table
    zh: str
    required: bool
    convert: Callable[[Cell], Any]

    @property
    def part(self) -> str | None:
        """The nested list the field belongs to (``postings``), or None for the record's own field."""
        return self.path.partition(".")[0] if "." in self.path else None

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


@dataclass(frozen=True)
class Layout:
    """A table: the collection it holds, its columns, and the headers they are known by."""

    name: str
    zh: str
    record_type: type[Record] | None  # None for the certificate events
    columns: dict[str, Column]
    headers: dict[str, str]  # built-in header (as compared) -> column path

    def headers_of(self, path: str) -> list[str]:
        """The built-in headers of a column, its Chinese term first."""
        return [h for h, p in self.headers.items() if p == path]


def _converter(annotation: Any) -> Callable[[Cell], Any]:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if typing.get_origin(annotation) is list and typing.get_args(annotation) == (str,):
        return values.items
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return partial(values.choice, annotation)
    converters: dict[Any, Callable[[Cell], Any]] = {str: values.text, dt.date: values.date, float: values.number,
                                                    int: values.integer, bool: values.boolean}
    return converters[annotation]


def _columns(model: type, prefix: str = "", skip: tuple[str, ...] = ()) -> dict[str, Column]:
    return {
        prefix + name: Column(prefix + name, (field.json_schema_extra or {})["zh"], field.is_required(),  # type: ignore[index]
                              _converter(field.annotation))
        for name, field in fields_of(model).items() if name not in skip
    }


def _layouts() -> dict[str, Layout]:
    tables: dict[str, tuple[str, type[Record] | None, dict[str, Column]]] = {}
    for record_type in RECORD_TYPES:
        skip = {Officer: ("postings",), Certificate: ("events",)}.get(record_type, ())
        columns = _columns(record_type, skip=skip)
        if record_type is Officer:
            columns |= _columns(Posting, prefix="postings.")
        tables[record_type.collection] = (record_type.collection_zh, record_type, columns)
        if record_type is Certificate:
            certificate = Column("certificate", "执法证号", True, values.text)
            tables[EVENTS] = (EVENTS_ZH, None, {"certificate": certificate, **_columns(CertificateEvent)})
    layouts = {}
    for name, (zh, record_type, columns) in tables.items():
        headers: dict[str, str] = {}
        for path, column in columns.items():
            for header in (column.zh, *SYNONYMS.get(name, {}).get(path, ()), path):
                headers.setdefault(spelled(header), path)
            if column.part and column.name not in columns:
                headers.setdefault(spelled(column.name), path)  # ``start`` for ``postings.start``
        layouts[name] = Layout(name, zh, record_type, columns, headers)
    return layouts


def spelled(header: str) -> str:
    """A header or a table name as compared: NFKC, no spaces, no case, no ``*`` marking a required column."""
    return "".join(normal(header).split()).strip("*").lower()


#: Every table, by name, in reading order.
LAYOUTS: dict[str, Layout] = _layouts()


class ColumnMap:
    """The built-in names of tables and columns, with a mapping file's additions and overrides."""

    def __init__(self, columns: Mapping[str, Mapping[str, str | bool]] | None = None,
                 sheets: Mapping[str, str] | None = None, file: str | None = None):
        self.file = file
        self.tables: dict[str, str] = {}
        for name, layout in LAYOUTS.items():
            for spelling in (name, layout.zh, *TABLE_SYNONYMS.get(name, ())):
                self.tables[spelled(spelling)] = name
        self.tables |= {spelled(sheet): name for sheet, name in (sheets or {}).items()}
        self.overrides = {name: {spelled(h): p for h, p in headers.items()} for name, headers in (columns or {}).items()}

    @classmethod
    def from_toml(cls, path: str | Path) -> ColumnMap:
        """Read a mapping file; every problem in it (an unknown table or field) raises one :class:`DatasetError`."""
        file = str(path)
        try:
            document = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise DatasetError([Problem.of(file, "", say("mapping_unreadable", error=exc.strerror or exc))]) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DatasetError([Problem.of(file, "", say("mapping_not_toml", error=exc))]) from None
        problems: list[Problem] = []
        sheets = document.pop("sheets", {})
        known = ", ".join(LAYOUTS)
        if not isinstance(sheets, dict):
            problems.append(Problem.of(file, "sheets", say("mapping_sheets")))
            sheets = {}
        for sheet, name in sheets.items():
            if name not in LAYOUTS:
                problems.append(Problem.of(file, f"sheets.{sheet}", say("mapping_unknown_table", name=name, known=known)))
        columns: dict[str, dict[str, str | bool]] = {}
        for name, headers in document.items():
            if name not in LAYOUTS:
                problems.append(Problem.of(file, name, say("mapping_unknown_section", known=known)))
                continue
            if not isinstance(headers, dict):
                problems.append(Problem.of(file, name, say("mapping_not_table")))
                continue
            for header, path in headers.items():
                if path is not False and path not in LAYOUTS[name].columns:
                    fields = ", ".join(LAYOUTS[name].columns)
                    problems.append(Problem.of(file, f"{name}.{header}",
                                               say("mapping_unknown_field", path=path, name=name, fields=fields)))
            columns[name] = headers
        if problems:
            raise DatasetError(problems)
        return cls(columns, sheets, file)

    def table(self, name: str) -> Layout | None:
        """The table a file stem or a sheet name holds, or None."""
        found = self.tables.get(spelled(name))
        return LAYOUTS[found] if found else None

    def column(self, layout: Layout, header: str) -> Column | None | bool:
        """The column a header names; False when the header is to be ignored; None when it is unknown."""
        key = spelled(header)
        if key in self.overrides.get(layout.name, {}):
            path = self.overrides[layout.name][key]
            return False if path is False else layout.columns[path]  # type: ignore[index]
        if key in layout.headers:
            return layout.columns[layout.headers[key]]
        if key in map(spelled, IGNORED):
            return False
        return None
