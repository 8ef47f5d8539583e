"""From the rows of tables to records: headers to fields, cells to values, rows to records, each validated.

Every problem is found in one pass and names its file, its sheet, its row and its column (the header as
written), with the value and the reason. A problem with a whole table (no header row, an unknown column, a
required column missing) stops that table: no row of it is read, whatever ``on_error`` says.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from ..errors import Problem
from ..messages import Message, got, say, validation_error
from ..models import Record, adapter
from .columns import EVENTS, LAYOUTS, Column, ColumnMap, Layout
from .values import Cell, CellError, is_empty, shown

Loc = tuple[str | int, ...]


def position(sheet: str | None, rows: tuple[int, ...]) -> str:
    """``row 5``, ``rows 5, 9``; in a workbook ``sheet 培训记录, row 5``."""
    where = f"row {rows[0]}" if len(rows) == 1 else "rows " + ", ".join(map(str, rows))
    return f"sheet {sheet}, {where}" if sheet is not None else where


def field_path(loc: Loc) -> str:
    """A field as the JSON form writes it: ``postings[0].end``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Place:
    """Where a value was written: file, sheet, rows, and the column's header as written."""

    file: str
    sheet: str | None
    rows: tuple[int, ...]
    header: str | None = None
    value: Cell = None

    @property
    def position(self) -> str:
        return position(self.sheet, self.rows)

    def problem(self, message: Message, record_id: str | None, loc: Loc = (), shown_value: bool = True) -> Problem:
        if shown_value and not is_empty(self.value):
            message = got(message, shown(self.value))
        return Problem.of(self.file, self.position, message, record_id, field_path(loc) or None, self.header)


@dataclass
class Table:
    """A sheet that holds one table, as read from its file."""

    file: str
    sheet: str | None  # None for a CSV file
    layout: Layout
    rows: list[tuple[int, tuple[Cell, ...]]]  # the header row first
    encoding: str | None = None


class Origin:
    """Where one record was written: its rows (and its certificate events' rows), cell by cell, found only when
    a problem needs it."""

    __slots__ = ("place", "_rows", "_events")

    def __init__(self, place: Place, rows: list[_Row], events: list[_Row] | None = None):
        self.place, self._rows, self._events = place, rows, events or []

    @property
    def rows(self) -> list[tuple[str, str | None, int]]:
        """(file, sheet, row) of every row the record was built from."""
        return [(row.file, row.sheet, row.number) for row in (*self._rows, *self._events)]

    def locate(self, loc: Loc) -> Place:
        """The cell a field's value came from; for a field in no one cell, the rows of the field or the record."""
        if not loc:
            return self.place
        name, index = loc[0], loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        if name in ("postings", "events"):
            rows = self._rows if name == "postings" else self._events
            first = "postings.start" if name == "postings" else "date"
            if index is not None and index < len(rows) and len(loc) > 2:
                path = f"postings.{loc[2]}" if name == "postings" else str(loc[2])
                return rows[index].place(path)
            if rows:
                return Place(rows[0].file, rows[0].sheet, tuple(r.number for r in rows), rows[0].place(first).header)
            return self.place
        path = str(name)
        for row in self._rows:  # a field of the record: from the first row that has it
            if path in row.values or path in row.bad:
                return row.place(path)
        return self._rows[0].place(path)


@dataclass
class Built:
    """What the tables of a dataset hold, per collection, and what was wrong with them."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    origins: dict[str, list[Origin]] = field(default_factory=dict)
    #: ids of the records that were read but are not valid, per collection
    rejected_ids: dict[str, set[str]] = field(default_factory=dict)
    #: the records that are not valid, with the problems that leave them out
    rejected: list[tuple[str, Origin, str | None, list[Problem]]] = field(default_factory=list)
    #: problems of rows that make no record (an event of an unknown certificate), with (file, sheet, row)
    stray: list[tuple[Problem, tuple[str, str | None, int]]] = field(default_factory=list)
    #: problems with whole tables: nothing of such a table is read
    fatal: list[Problem] = field(default_factory=list)
    #: the tables that could not be read, by name
    failed: set[str] = field(default_factory=set)
    #: rows read, per (file, sheet)
    read: dict[tuple[str, str | None], int] = field(default_factory=dict)


# --- one table's header and rows -----------------------------------------------------------------------------


class _Row:
    """The values of one row, by column path, the cells they came from, and the problems of its cells."""

    __slots__ = ("number", "values", "cells", "columns", "problems", "bad", "file", "sheet")

    def __init__(self, table: Table, number: int, cells: tuple[Cell, ...], columns: dict[str, tuple[int, str]]):
        self.file, self.sheet, self.number, self.cells, self.columns = table.file, table.sheet, number, cells, columns
        self.values: dict[str, Any] = {}
        self.problems: list[Problem] = []
        #: the column paths whose cells could not be read
        self.bad: set[str] = set()

    def place(self, path: str) -> Place:
        """The cell of a column; for a column the table does not have, the row."""
        if path not in self.columns:
            return Place(self.file, self.sheet, (self.number,))
        index, header = self.columns[path]
        return Place(self.file, self.sheet, (self.number,), header,
                     self.cells[index] if index < len(self.cells) else None)


def _header(table: Table, columns: ColumnMap, fatal: list[Problem]) -> list[Column | bool | None] | None:
    """The column of each header cell (False: ignored; None: no header); None when the table cannot be read."""
    layout = table.layout
    number, cells = table.rows[0]
    where = position(table.sheet, (number,))
    headers = ["" if is_empty(c) else str(c).strip() for c in cells]
    found = [columns.column(layout, h) if h else None for h in headers]
    problems = []
    expected = "、".join(layout.columns[p].zh for p in layout.columns if layout.columns[p].required)
    if not any(isinstance(c, Column) for c in found):
        fatal.append(Problem.of(table.file, where, say("header_missing", name=layout.name, zh=layout.zh,
                                                       expected=expected)))
        return None
    seen: dict[str, str] = {}
    for header, column in zip(headers, found):
        if header and column is None:
            known = "、".join(c.zh for c in layout.columns.values())
            problems.append(Problem.of(table.file, where, say("unknown_column", name=layout.name, zh=layout.zh,
                                                              known=known), column=header))
        elif isinstance(column, Column):
            if column.path in seen:
                problems.append(Problem.of(table.file, where, say("second_column", path=column.path, zh=column.zh,
                                                                  other=seen[column.path]), column=header))
            seen.setdefault(column.path, header)
    for path, column in layout.columns.items():
        if column.required and path not in seen:
            names = "、".join(layout.headers_of(path)[:3])
            problems.append(Problem.of(table.file, f"sheet {table.sheet}" if table.sheet is not None else "",
                                       say("required_column", path=path, zh=column.zh, names=names), field=path))
    fatal += problems
    return None if problems else found


def _rows(table: Table, found: list[Column | bool | None]) -> Iterator[_Row]:
    number, header_cells = table.rows[0]
    headers = ["" if is_empty(c) else str(c).strip() for c in header_cells]
    mapped = [(i, column, headers[i]) for i, column in enumerate(found) if isinstance(column, Column)]
    unnamed = [i for i, column in enumerate(found) if column is None]
    where = {column.path: (i, header) for i, column, header in mapped}
    for number, cells in table.rows[1:]:
        width = len(cells)
        row = _Row(table, number, cells, where)
        for i in unnamed + list(range(len(found), width)):
            if i < width and not is_empty(cells[i]):
                row.problems.append(Problem.of(table.file, position(table.sheet, (number,)),
                                               say("no_header_value", number=i + 1, value=shown(cells[i]))))
        for i, column, header in mapped:
            cell = cells[i] if i < width else None
            if cell is None or cell == "" or is_empty(cell):
                continue
            try:
                row.values[column.path] = column.convert(cell)
            except CellError as exc:
                row.bad.add(column.path)
                place = Place(table.file, table.sheet, (number,), header, cell)
                row.problems.append(place.problem(exc.message, None, _loc(column.path, 0)))
        yield row


def _loc(path: str, index: int) -> Loc:
    """A column's field as pydantic names it: ``("name",)``, ``("postings", 2, "start")``."""
    part, _, name = path.partition(".")
    return (part, index, name) if name else (part,)


# --- rows to records ----------------------------------------------------------------------------------------


@dataclass
class _Group:
    """The rows of one record (several for an officer with several postings) or of one certificate's events."""

    table: Table
    rows: list[_Row] = field(default_factory=list)


def build(tables: list[Table], columns: ColumnMap) -> Built:
    """The records of every table; the certificate events table joins its certificates."""
    collecting = gc.isenabled()
    gc.disable()  # every row is kept: a collection would walk them all, again and again, for nothing
    try:
        return _build(tables, columns)
    finally:
        if collecting:
            gc.enable()


def _build(tables: list[Table], columns: ColumnMap) -> Built:
    built = Built()
    groups: dict[str, list[_Group]] = {name: [] for name in LAYOUTS}
    events: dict[str, list[tuple[Table, _Row]]] = {}
    for table in tables:
        built.read[table.file, table.sheet] = len(table.rows) - 1 if table.rows else 0
        if not table.rows:
            continue
        found = _header(table, columns, built.fatal)
        if found is None:
            built.failed.add(table.layout.name)
            continue
        name = table.layout.name
        by_id: dict[str, _Group] = {}
        for row in _rows(table, found):
            key = row.values.get("certificate" if name == EVENTS else "id")
            if name == EVENTS:
                if key is None and "certificate" not in row.bad:
                    row.problems.append(row.place("certificate").problem(say("required_cell"), None))
                events.setdefault(key, []).append((table, row))
            elif name == "officers" and key is not None and key in by_id:
                by_id[key].rows.append(row)
            else:
                group = _Group(table, [row])
                groups[name].append(group)
                if key is not None:
                    by_id[key] = group
    for name, layout in LAYOUTS.items():
        if layout.record_type is None:
            continue
        built.records[name], built.origins[name], built.rejected_ids[name] = [], [], set()
        for group in groups[name]:
            _record(built, layout, group, events)
    for key, rows in events.items():  # the events whose certificate is not in any certificates table
        for table, row in rows:
            problems = row.problems or [row.place("certificate").problem(say("unknown_certificate", id=key), key,
                                                                          ("certificate",))]
            built.stray += [(p, (table.file, table.sheet, row.number)) for p in problems]
    return built


def _record(built: Built, layout: Layout, group: _Group, events: dict[str, list[tuple[Table, _Row]]]) -> None:
    table, rows, first = group.table, group.rows, group.rows[0]
    record_id = first.values.get("id")
    problems: list[Problem] = []
    bad: set[Loc] = set()
    own = [path for path, column in layout.columns.items() if column.part is None]
    officers = layout.name == "officers"
    problems = [_in_list(p, "postings", i) if officers else p for i, row in enumerate(rows) for p in row.problems]
    if len(rows) == 1:
        data = {path: first.values[path] for path in own if path in first.values}
        bad = {(path,) for path in first.bad}
    else:  # an officer's rows: the officer's own fields from the first row that has each, the same in the others
        data = {}
        for path in own:
            source = next((row for row in rows if path in row.values or path in row.bad), first)
            if path in source.values:
                data[path] = source.values[path]
            if path in source.bad:
                bad.add((path,))
            for later in rows:
                if later is not source and path in later.values and later.values[path] != data.get(path):
                    problems.append(later.place(path).problem(
                        say("differs", row=source.number, value=shown(source.place(path).value)),
                        record_id, (path,)))
    if officers:
        parts = [column for column in layout.columns.values() if column.part]
        data["postings"] = [{c.name: row.values[c.path] for c in parts if c.path in row.values} for row in rows]
        for i, row in enumerate(rows):
            bad |= {("postings", i, c.name) for c in parts if c.path in row.bad}
    event_rows = [row for _, row in events.pop(record_id, [])] if layout.name == "certificates" and \
        record_id is not None else []
    if event_rows:
        data["events"] = [{k: v for k, v in row.values.items() if k != "certificate"} for row in event_rows]
        for i, row in enumerate(event_rows):
            bad |= {("events", i, path) for path in row.bad}
            problems += [_in_list(p, "events", i) for p in row.problems]
    for path in [path for path, value in data.items() if value == []]:  # an empty list is no value
        del data[path]
    origin = Origin(Place(table.file, table.sheet, tuple(row.number for row in rows)), rows, event_rows)
    try:
        record = adapter(layout.record_type).validate_json(json.dumps(data))
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if any(loc[:len(b)] == b for b in bad):
                continue  # the cell's own problem is already reported
            place = origin.locate(loc)
            if error["type"] == "missing":
                message = say("required_cell" if place.header else "required")
            else:
                message = validation_error(error)
            problems.append(place.problem(message, record_id, loc, shown_value=len(place.rows) == 1))
        record = None
    if problems or record is None:
        order = {key: i for i, key in enumerate(origin.rows)}
        problems = sorted((_with_id(p, record_id) for p in problems),
                          key=lambda p: order.get(_first_row(p), len(order)))
        if record_id is not None:
            built.rejected_ids[layout.name].add(record_id)
        built.rejected.append((layout.name, origin, record_id, problems))
    else:
        built.records[layout.name].append(record)
        built.origins[layout.name].append(origin)


def _with_id(problem: Problem, record_id: str | None) -> Problem:
    if problem.record_id is None and record_id is not None:
        return replace(problem, record_id=record_id)
    return problem


def _in_list(problem: Problem, name: str, index: int) -> Problem:
    """A problem of a posting's or an event's cell, with the field as the JSON form names it."""
    field = problem.field
    if field and field.startswith(name + "[0]"):
        field = f"{name}[{index}]" + field[len(name) + 3:]
    elif field and name == "events" and field != "certificate":
        field = f"events[{index}].{field}"
    return replace(problem, field=field)


def _first_row(problem: Problem) -> tuple[str, str | None, int]:
    """(file, sheet, first row) of a problem's position, to keep a record's problems in the order of its rows."""
    match = _POSITION.fullmatch(problem.position)
    return (problem.file, match[1], int(match[2])) if match else (problem.file, None, 0)


_POSITION = re.compile(r"(?:sheet (.*), )?rows? (\d+)(?:, .*)?")
