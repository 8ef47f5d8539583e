"""Reading records from disk: JSON Lines, one JSON document, CSV files and Excel workbooks.

The forms a dataset may take:

- a directory with one file per collection: ``<collection>.jsonl`` (JSON Lines), ``<collection>.csv`` or
  ``<collection>.xlsx``, named in English or in Chinese (``行政执法人员.csv``), in any mix; a table of
  certificate status changes beside the certificates (``certificate_events.csv``, ``证件状态变化.xlsx``);
  and optionally ``columns.toml``, the column mapping of its tables;
- one JSON document ``{"departments": [...], ...}``;
- one Excel workbook with a sheet per collection (``行政执法人员``, ``培训记录``…).

How tables become records (headers, values, dates, nested postings and events) is in :mod:`compliance.tabular`.

Each JSON Lines file is validated in bulk from its bytes by pydantic-core (one ``validate_json`` call per file,
no Python JSON parsing on the way). Only when that fails is the file read again line by line, to name the line,
the record id and the field of every problem, all of them in one pass.

Every problem of a run is collected in one pass: invalid records, then unknown references and duplicate ids
(checked by :class:`~compliance.dataset.Dataset`). With ``on_error="fail"`` any problem raises
:class:`~compliance.load_summary.LoadError`; with ``"skip"`` the records at fault are left out, and so are the
records that refer to them, and the :class:`~compliance.load_summary.LoadSummary` lists each with its reasons.
A problem with a whole file (unreadable, not a known collection, no header row, an unknown column) fails the
load either way: there is no saying which of its records were lost.
"""

from __future__ import annotations

import codecs
import gc
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from pydantic import ConfigDict, TypeAdapter, ValidationError, create_model

from .dataset import Dataset
from .errors import DatasetError, Problem
from .frames import Frames, read_frames
from .load_summary import ON_ERROR, FileSummary, LeftOut, LoadError, LoadSummary, OnError
from .messages import Message, got, say, validation_error
from .models import RECORD_TYPES, Record
from .progress import Progress, by_file
from .report import Coverage
from .tabular import TABLE_FILES, ColumnMap, Sheet, Table, TableFile, UnreadableFile, build
from .tabular.columns import EVENTS, LAYOUTS
from .tabular.records import Origin

_BY_COLLECTION: dict[str, type[Record]] = {t.collection: t for t in RECORD_TYPES}
_LIST_ADAPTERS = {name: TypeAdapter(list[t]) for name, t in _BY_COLLECTION.items()}
_BOM = b"\xef\xbb\xbf"

#: The name of a directory's column mapping file, read when no other is given.
COLUMNS_FILE = "columns.toml"


class Loaded(NamedTuple):
    """A dataset and what its load read: ``dataset, summary = load(path)``."""

    dataset: Dataset
    summary: LoadSummary


def load_dataset(path: str | Path, encoding: str | None = None, on_error: OnError = "fail",
                 columns: str | Path | None = None) -> Dataset:
    """Read a dataset from a directory, a ``.json`` document or an ``.xlsx`` workbook (see the module).

    ``encoding`` is the text encoding of CSV files (default: detected, UTF-8 or GB18030); ``columns`` a column
    mapping file (default: the directory's ``columns.toml``, if there is one). With ``on_error="fail"`` any
    problem raises :class:`~compliance.errors.DatasetError` (a :class:`~compliance.load_summary.LoadError`)
    listing every invalid record, unknown reference and duplicate id, each with its file, line or row, record
    id, field and column; with ``"skip"`` the records at fault are left out: :func:`load` also says which.
    """
    return load(path, encoding=encoding, on_error=on_error, columns=columns).dataset


def load(path: str | Path, *, encoding: str | None = None, on_error: OnError = "fail",
         columns: str | Path | None = None, progress: Progress | None = None) -> Loaded:
    """As :func:`load_dataset`, and the :class:`~compliance.load_summary.LoadSummary` of what was read.
    ``progress`` is told before each file is read (see :mod:`compliance.progress`)."""
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {ON_ERROR}, not {on_error!r}")
    path = Path(path)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise LoadError([Problem.of(str(path), "", say("unknown_encoding", encoding=encoding))]) from None
    if columns is None and path.is_dir() and (path / COLUMNS_FILE).is_file():
        columns = path / COLUMNS_FILE
    with collector_paused():
        frames = read_frames(path, progress) if path.is_dir() and columns is None else None
        if frames is not None:
            return _of_frames(path, frames)
    reading = _Reading(str(path), encoding, on_error, ColumnMap.from_toml(columns) if columns else ColumnMap())
    with collector_paused():
        if path.is_dir():
            reading.directory(path, progress)
        elif path.is_file():
            for file in by_file([path], progress):
                reading.file(file)
        else:
            raise LoadError([Problem.of(str(path), "", say("no_such_path"))])
        return reading.finish()


def _of_frames(directory: Path, frames: Frames) -> Loaded:
    """A dataset of JSON Lines files read as frames: every record valid, its objects built when asked for."""
    files = {name: directory / f"{name}.jsonl" for name in _BY_COLLECTION}
    files = {name: file for name, file in files.items() if file.exists()}

    def read_records(name: str) -> list[Record]:
        if name not in files:
            return []
        reading = _Reading(str(directory), None, "fail", ColumnMap())
        with collector_paused():
            records = reading.jsonl(files[name], _BY_COLLECTION[name]).records
        if reading.problems:  # the frames were checked as the models check: a difference is a bug here
            raise AssertionError(f"{files[name]} read as frames, refused as records: {reading.problems[0]}")
        return records

    counts = frames.counts()
    summary = LoadSummary(str(directory), "fail", tuple(
        FileSummary(str(file), None, name, None, counts[name], counts[name], 0)
        for name, file in sorted(files.items(), key=lambda item: item[1].name)), (), ())
    return Loaded(Dataset.of_frames(frames, read_records, source=str(directory)), summary)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records or findings are built. They hold no reference cycles, so
    it finds nothing in them; but each full collection walks every object alive, which made a third of the load's
    CPU time at 100k officers (30.4 s against 18.7 s paused), and four fifths of the time to build 85k findings
    (2.5 s against 0.5 s). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_document(data: bytes, name: str) -> Dataset:
    """A dataset from the bytes of one JSON document ``{"departments": [...], ...}``; ``name`` is used in errors."""
    reading = _Reading(name, None, "fail", ColumnMap())
    reading.document(data, name)
    return reading.finish().dataset


def _record_id(raw: object) -> str | None:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return raw["id"]
    return None


def _message(error: dict) -> Message:
    message = validation_error(error)
    if error["type"] in {"missing", "json_invalid", "unexpected_keyword_argument"} or isinstance(error["input"], dict):
        return message
    return got(message, repr(error["input"]))


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _loc(field_path: str) -> tuple[str | int, ...]:
    """The inverse of :func:`_field_path`: ``postings[0].end`` -> ``("postings", 0, "end")``."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field_path))


@dataclass
class _Collection:
    """The records read from one collection, where each stands, and what was rejected."""

    records: list[Record] = field(default_factory=list)
    #: where each record stands: its line number, or its index in a JSON document
    positions: Sequence[int] = field(default_factory=list)
    #: ids of the records that failed validation; None when the whole file could not be read
    rejected_ids: set[str] | None = field(default_factory=set)
    file: str = ""
    #: a position as a user reads it
    where: Callable[[int], str] = str
    #: for records read from tables: where each record was written, cell by cell (positions are then unused)
    origins: list[Origin] | None = None

    def locate(self, index: int) -> tuple[str, str]:
        if self.origins is not None:
            place = self.origins[index].place
            return place.file, place.position
        return self.file, self.where(self.positions[index])

    def rows(self, index: int, collection: str) -> list[tuple[str, str | None, str, str]]:
        """Each row (line, document record) a record was read from: (file, sheet, table, position)."""
        if self.origins is not None:
            return [(file, sheet, "", str(number)) for file, sheet, number in self.origins[index].rows]
        return [(self.file, None, collection, self.where(self.positions[index]))]

    def without(self, indexes: set[int]) -> None:
        keep = [i for i in range(len(self.records)) if i not in indexes]
        self.records = [self.records[i] for i in keep]
        if self.origins is not None:
            self.origins = [self.origins[i] for i in keep]
        else:
            self.positions = [self.positions[i] for i in keep]


def _validate_each(record_type: type[Record], file: str, items: Iterable[tuple[int, bytes]],
                   where: Callable[[int], str], problems: list[Problem], left_out: list[LeftOut]) -> _Collection:
    """Validate records one at a time, keeping the good ones and reporting every problem of the bad ones."""
    collection = _Collection(positions=[], file=file, where=where)
    for position, raw in items:
        try:
            collection.records.append(record_type.from_json(raw))
            collection.positions.append(position)  # type: ignore[attr-defined]
        except ValidationError as exc:
            try:
                record_id = _record_id(json.loads(raw))
            except ValueError:
                record_id = None
            if record_id is not None:
                collection.rejected_ids.add(record_id)  # type: ignore[union-attr]
            found = [Problem.of(file, where(position), _message(error), record_id, _field_path(error["loc"]) or None)
                     for error in exc.errors()]
            problems += found
            left_out.append(LeftOut(record_type.collection, record_id, file, where(position), tuple(found)))
    return collection


class _Reading:
    """One load: the files read so far, their records, and every problem found."""

    def __init__(self, source: str, encoding: str | None, on_error: OnError, columns: ColumnMap):
        self.source, self.encoding, self.on_error, self.columns = source, encoding, on_error, columns
        self.collections: dict[str, _Collection] = {}
        self.tables: list[Table] = []
        self.problems: list[Problem] = []
        #: problems with a whole file: they fail the load whatever on_error says
        self.fatal: list[Problem] = []
        self.left_out: list[LeftOut] = []
        #: rows of the records left out, per (file, sheet, table); see _Collection.rows
        self.left_rows: set[tuple[str, str | None, str, str]] = set()
        #: per file (and sheet, and collection): [encoding, rows read]
        self.read: dict[tuple[str, str | None, str], list] = {}
        #: which file holds each collection, to report a second one
        self.claimed: dict[str, str] = {}
        #: the collections whose file or table could not be read: no reference to them can be checked
        self.unreadable: set[str] = set()
        #: the period the records cover, where a JSON document says it
        self.covers: Coverage | None = None

    def fail(self, file: str, message: Message, position: str = "") -> None:
        problem = Problem.of(file, position, message)
        self.problems.append(problem)
        self.fatal.append(problem)

    # --- the forms of input ----------------------------------------------------------------------------------

    def directory(self, directory: Path, progress: Progress | None = None) -> None:
        known = ", ".join(f"{name}.jsonl" for name in _BY_COLLECTION)
        found = False
        for file in by_file(sorted(directory.iterdir()), progress):
            stem, suffix = file.name.partition(".")[0], file.suffix.lower()
            reader = _reader(suffix)
            table = self.columns.table(stem)
            if file.name == COLUMNS_FILE or file.name.startswith("~$"):
                continue  # the column mapping; the lock file Office keeps beside a workbook that is open
            if file.suffix == ".jsonl" and stem in _BY_COLLECTION:
                if self.claim(stem, file):
                    self.collections[stem] = self.jsonl(file, _BY_COLLECTION[stem])
            elif file.suffix == ".jsonl":
                self.fail(str(file), say("not_record_file", known=known))
            elif reader is not None and table is not None:
                if self.claim(table.name, file):
                    self.table_file(file, reader, table.name)
            elif reader is not None:
                tables = ", ".join(f"{name} ({layout.zh})" for name, layout in LAYOUTS.items())
                self.fail(str(file), say("not_table_file", tables=tables))
            elif table is not None:
                forms = say("tables_only" if table.name == EVENTS else "any_form", name=table.name)
                self.fail(str(file), say("wrong_form", forms=forms))
            else:
                continue
            found = True
        if not found:
            self.fail(str(directory), say("no_record_files", known=known))

    def claim(self, collection: str, file: Path) -> bool:
        if collection in self.claimed:
            self.fail(str(file), say("second_file", collection=collection, other=Path(self.claimed[collection]).name))
            return False
        self.claimed[collection] = str(file)
        return True

    def file(self, file: Path) -> None:
        suffix = file.suffix.lower()
        if suffix == ".jsonl":
            raise LoadError([Problem.of(str(file), "", say("jsonl_file"))])
        reader = _reader(suffix)
        if reader is None:
            self.document(file.read_bytes(), str(file))
            return
        table = self.columns.table(file.name.partition(".")[0])
        read = self.sheets(file, reader)
        if read is None:
            return
        sheets, encoding = read
        if suffix == ".xlsx" and (table is None or any(self.columns.table(s.name or "") for s in sheets)):
            self.workbook(file, sheets)
        elif table is not None:
            self.add_table(file, sheets, encoding, table.name)
        else:
            self.fail(str(file), say("not_csv_record_file"))

    def jsonl(self, file: Path, record_type: type[Record]) -> _Collection:
        data = file.read_bytes()
        if data.startswith(_BOM):
            data = data[len(_BOM):]
        body = data.rstrip()
        count = body.count(b"\n") + 1 if body else 0
        # Fast path: the lines joined by commas are a JSON array, made in one pass; a blank line or a line with
        # two records fails here or gives a different count, and goes the slow way, which numbers every line.
        try:
            records = _LIST_ADAPTERS[record_type.collection].validate_json(b"[" + body.replace(b"\n", b",") + b"]")
        except ValidationError:
            records = None
        if records is not None and len(records) == count:
            self.read[str(file), None, record_type.collection] = [None, count]
            return _Collection(records, range(1, count + 1), file=str(file), where=_line)
        lines = data.split(b"\n")
        if lines and not lines[-1].strip():
            lines.pop()  # what follows the newline that ends the file
        numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
        lines, positions = [line for _, line in numbered], [n for n, _ in numbered]
        self.read[str(file), None, record_type.collection] = [None, len(lines)]
        # Slow path, only for a file that has problems: one line at a time, to report every one exactly.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            self.fail(str(file), say("not_utf8"), _line(line))
            return _Collection(rejected_ids=None, file=str(file), where=_line)
        return self.validate(record_type, str(file), zip(positions, lines), _line)

    def document(self, data: bytes, name: str) -> None:
        if data.startswith(_BOM):
            data = data[len(_BOM):]
        try:
            document = _DOCUMENT.model_validate_json(data)
        except ValidationError:
            pass
        else:
            self.covers = document.covers
            for collection, records in document:
                if collection != _COVERS and records:
                    self.collections[collection] = _Collection(records, range(len(records)), file=name,
                                                               where=lambda i, c=collection: _index(c, i))
                    self.read[name, None, collection] = [None, len(records)]
            return
        # Slow path: one record at a time, to report every problem exactly.
        try:
            raw = json.loads(data)
        except ValueError as exc:
            raise LoadError([Problem.of(name, "", say("not_json", error=exc))]) from None
        if not isinstance(raw, dict):
            raise LoadError([Problem.of(name, "", say("not_document"))])
        for collection, records in raw.items():
            if collection == _COVERS:
                try:
                    self.covers = Coverage.model_validate(records)
                except ValidationError as exc:
                    self.fail(name, say("not_coverage", error=exc.errors()[0]["msg"].removeprefix("Value error, ")),
                              _COVERS)
            elif collection not in _BY_COLLECTION:
                known = ", ".join(_BY_COLLECTION)
                self.fail(name, say("unknown_collection", known=known), collection)
            elif not isinstance(records, list):
                self.fail(name, say("not_list"), collection)
            else:
                self.read[name, None, collection] = [None, len(records)]
                items = [(i, json.dumps(r).encode()) for i, r in enumerate(records)]
                self.collections[collection] = self.validate(_BY_COLLECTION[collection], name, items,
                                                             lambda i, c=collection: _index(c, i))

    def validate(self, record_type: type[Record], file: str, items: Iterable[tuple[int, bytes]],
                 where: Callable[[int], str]) -> _Collection:
        first = len(self.left_out)
        collection = _validate_each(record_type, file, items, where, self.problems, self.left_out)
        self.left_rows |= {(file, None, record_type.collection, left.position) for left in self.left_out[first:]}
        return collection

    def sheets(self, file: Path, reader: TableFile) -> tuple[list[Sheet], str | None] | None:
        try:
            return reader.read(file, self.encoding)
        except UnreadableFile as exc:
            self.fail(str(file), exc.message)
            return None

    def table_file(self, file: Path, reader: TableFile, name: str) -> None:
        read = self.sheets(file, reader)
        if read is None:
            self.unreadable.add(name)
        else:
            self.add_table(file, *read, name)

    def add_table(self, file: Path, sheets: list[Sheet], encoding: str | None, name: str) -> None:
        """A file that holds one table: the sheet named after it, else its only sheet with rows."""
        sheet = next((s for s in sheets if s.name is not None and self.columns.table(s.name) is LAYOUTS[name]),
                     None)
        filled = [s for s in sheets if s.rows]
        if sheet is None and len(filled) > 1:
            names = ", ".join(s.name for s in filled)
            self.fail(str(file), say("which_sheet", name=name, count=len(filled), names=names, zh=LAYOUTS[name].zh))
            return
        sheet = sheet or (filled[0] if filled else sheets[0] if sheets else None)
        if sheet is None or not sheet.rows:
            self.fail(str(file), say("no_header_in_sheet", sheet=sheet.name) if sheet and sheet.name else
                      say("no_header"))
            self.unreadable.add(name)
            return
        self.add(Table(str(file), sheet.name, LAYOUTS[name], sheet.rows, encoding))

    def workbook(self, file: Path, sheets: list[Sheet]) -> None:
        """A workbook with a sheet per collection; empty sheets are passed over, an unknown sheet is an error."""
        seen: dict[str, str] = {}
        for sheet in sheets:
            table = self.columns.table(sheet.name)
            if not sheet.rows:
                continue
            if table is None:
                assert sheet.name is not None
                tables = ", ".join(f"{layout.zh} ({name})" for name, layout in LAYOUTS.items())
                self.fail(str(file), say("unknown_sheet", tables=tables), f"sheet {sheet.name}")
            elif table.name in seen:
                self.fail(str(file), say("second_sheet", name=table.name, other=seen[table.name]),
                          f"sheet {sheet.name}")
            else:
                seen[table.name] = sheet.name or ""
                self.add(Table(str(file), sheet.name, table, sheet.rows))
        if not seen and not self.fatal:
            self.fail(str(file), say("no_sheet"))

    def add(self, table: Table) -> None:
        self.tables.append(table)
        self.read[table.file, table.sheet, table.layout.name] = [table.encoding, max(len(table.rows) - 1, 0)]

    # --- the dataset -----------------------------------------------------------------------------------------

    def finish(self) -> Loaded:
        if self.tables:
            self.add_tables()
        dataset = self.skip() if self.on_error == "skip" and not self.fatal else self.dataset()
        summary = self.summary()
        if self.fatal or (self.on_error == "fail" and self.problems):
            raise LoadError(self.problems, summary)
        assert dataset is not None
        return Loaded(dataset, summary)

    def add_tables(self) -> None:
        built = build(self.tables, self.columns)
        self.problems += built.fatal
        self.fatal += built.fatal
        self.unreadable |= built.failed
        for name, records in built.records.items():
            if any(t.layout.name == name for t in self.tables):
                self.collections[name] = _Collection(records, rejected_ids=built.rejected_ids[name],
                                                     origins=built.origins[name])
        table_of = {(t.file, t.sheet): t.layout.name for t in self.tables}
        order = {(t.file, t.sheet): i for i, t in enumerate(self.tables)}
        left: list[tuple[tuple[int, int], LeftOut, set]] = []
        for collection, origin, record_id, problems in built.rejected:
            place = origin.place
            left.append(((order[place.file, place.sheet], place.rows[0]),
                         LeftOut(collection, record_id, place.file, place.position, tuple(problems)),
                         {(f, s, table_of[f, s], str(n)) for f, s, n in origin.rows}))
        for problem, (file, sheet, number) in built.stray:
            left.append(((order[file, sheet], number), LeftOut(EVENTS, problem.record_id, file, problem.position,
                                                               (problem,)), {(file, sheet, EVENTS, str(number))}))
        for _, left_out, rows in sorted(left, key=lambda item: item[0]):  # in the order of the tables and rows
            self.problems += left_out.problems
            self.left_out.append(left_out)
            self.left_rows |= rows

    def dataset(self) -> Dataset | None:
        """The dataset of the valid records, or None: the problems of references and ids join the others."""
        rejected = {name: c.rejected_ids for name, c in self.collections.items()}
        rejected |= {name: None for name in self.unreadable}
        try:
            return Dataset({name: c.records for name, c in self.collections.items()}, source=self.source,
                           locate=lambda name, index: self.collections[name].locate(index), rejected=rejected,
                           covers=self.covers)
        except DatasetError as exc:
            records = self.records()
            for problem in exc.problems:
                self.problems.append(self.in_cells(problem, records))
                if (problem.file, problem.position) in records:
                    name, index = records[problem.file, problem.position]
                    self.left_rows |= set(self.collections[name].rows(index, name))
            return None

    def skip(self) -> Dataset:
        """The dataset without the records at fault, nor those that refer to a record left out."""
        left_ids = {name: set(c.rejected_ids or ()) for name, c in self.collections.items()}
        while True:
            try:
                return Dataset({name: c.records for name, c in self.collections.items()}, source=self.source,
                               locate=lambda name, index: self.collections[name].locate(index), covers=self.covers)
            except DatasetError as exc:
                records = self.records()
                dropped: dict[tuple[str, int], list[Problem]] = {}
                for problem in exc.problems:  # each names a record of the dataset: the one at fault
                    key = records[problem.file, problem.position]
                    dropped.setdefault(key, []).append(self.in_cells(self.why(problem, left_ids), records))
                for (name, index), problems in dropped.items():
                    collection = self.collections[name]
                    file, position = collection.locate(index)
                    record_id = collection.records[index].id
                    left_ids.setdefault(name, set()).add(record_id)
                    self.problems += problems
                    self.left_out.append(LeftOut(name, record_id, file, position, tuple(problems)))
                    self.left_rows |= set(collection.rows(index, name))
                for name in {name for name, _ in dropped}:
                    self.collections[name].without({i for n, i in dropped if n == name})

    def records(self) -> dict[tuple[str, str], tuple[str, int]]:
        """(collection, index) of each record, by where it is written as a Dataset's problems name it."""
        return {c.locate(i): (name, i) for name, c in self.collections.items() for i in range(len(c.records))}

    @staticmethod
    def why(problem: Problem, left_ids: dict[str, set[str]]) -> Problem:
        """A reference to a record that is left out says so, rather than calling it unknown."""
        for kind, collection in (("officer", "officers"), ("department", "departments")):
            for record_id in left_ids.get(collection, ()):
                if problem.message == say("unknown_reference", kind=say(kind), id=record_id).en:
                    return Problem.of(problem.file, problem.position,
                                      say("left_out_reference", kind=say(kind), id=record_id), problem.record_id,
                                      problem.field)
        return problem

    def in_cells(self, problem: Problem, records: dict[tuple[str, str], tuple[str, int]]) -> Problem:
        """A problem of a record read from a table, located at its cell: row and column."""
        name, index = records.get((problem.file, problem.position), ("", -1))
        origins = self.collections[name].origins if name else None
        if origins is None:
            return problem
        place = origins[index].locate(_loc(problem.field or ""))
        return replace(problem, file=place.file, position=place.position, column=place.header)

    def summary(self) -> LoadSummary:
        tables = {(file, sheet): table for file, sheet, table in self.read}
        rejected: dict[tuple[str, str | None, str], int] = {}
        for file, sheet, table, _ in self.left_rows:
            key = (file, sheet, table or tables.get((file, sheet), ""))
            rejected[key] = rejected.get(key, 0) + 1
        files = tuple(
            FileSummary(file, sheet, collection, encoding, read, read - rejected.get((file, sheet, collection), 0),
                        rejected.get((file, sheet, collection), 0))
            for (file, sheet, collection), (encoding, read) in self.read.items()
        )
        return LoadSummary(self.source, self.on_error, files, tuple(self.left_out), tuple(self.problems))


def _reader(suffix: str) -> TableFile | None:
    return next((reader for reader in TABLE_FILES if suffix in reader.suffixes), None)


def _line(number: int) -> str:
    return f"line {number}"


def _index(collection: str, index: int) -> str:
    return f"{collection}[{index}]"


#: The key of a JSON document that says what period its records cover (see :class:`Coverage`).
_COVERS = "covers"
_DOCUMENT = create_model(  # type: ignore[call-overload]
    "Document", __config__=ConfigDict(extra="forbid"), **{name: (list[t], []) for name, t in _BY_COLLECTION.items()},
    **{_COVERS: (Coverage | None, None)},
)
