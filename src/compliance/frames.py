"""The records as columns: polars frames read straight from JSON Lines, and the questions rules ask of them.

Why: a province holds millions of records, and a pydantic object per record costs 2.9 µs before any rule runs
(docs/performance.md). The rules that read the big collections (actions, training records, certificates) and the
department figures work on these frames instead, so a check of a province reads every record once in polars and
builds no Python object per record (its findings are rows too, see :class:`~compliance.report.Findings`).

Reading is a fast path, not a second validator. :func:`read_frames` accepts a directory of JSON Lines files only
when every check the record models make holds, made on whole columns:

- types, strictly: polars refuses text for a number or a day, and the quotes in the file are counted against the
  text values, so a number or a list where text belongs is refused too;
- required fields, lengths, patterns and bounds, taken from the models' field metadata;
- the days, as ``YYYY-MM-DD`` and real;
- the models' cross-field checks (a posting ends after it starts, postings and certificate events in order,
  nothing after a cancellation, an officer named once on an action, a decision not before its filing);
- unknown or repeated keys and explicit nulls: polars passes them over, so the ``:`` in the file are counted
  against the keys and the colons the text values hold (those counted only when the file has more colons than
  keys);
- lists: read as their JSON text and decoded (polars's list reader is slow), so each list key is counted in the
  file where a list follows it, one for each list read (text or a number would decode to a list of one item);
- references to departments and officers, and duplicate ids.

On any doubt it returns None, and the loader reads the records one by one as before, for its exact messages: it
may refuse good data (and be slower), never accept bad data. The pydantic records stay the public types:
:class:`~compliance.dataset.Dataset` builds them from the files on first use, for the rules that read objects.

Frames are also built from records (:func:`frames_of`), for data read from tables or made in Python, with the
same columns, so a rule has one implementation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import annotated_types
import polars as pl

from .models import (
    RECORD_TYPES,
    REFERENCES,
    Certificate,
    CertificateEvent,
    CertificateEventKind,
    CertificateState,
    Officer,
    Part,
    Posting,
    Record,
    TrainingCategory,
    fields_of,
)
from .progress import by_file

if TYPE_CHECKING:
    from .progress import Progress

_BY_COLLECTION = {t.collection: t for t in RECORD_TYPES}
#: list fields of records whose items are parts: read into frames of their own, one row per item
_NESTED = {"postings": (Officer, Posting, "officer"), "events": (Certificate, CertificateEvent, "certificate")}
#: the frame of each nested list
NESTED_FRAMES = {"postings": "postings", "events": "certificate_events"}
_DAY = r"^\d{4}-\d{2}-\d{2}$"
#: the categories days are read into, apart from any others in the process: see :func:`_days`
_DAYS = pl.Categories("compliance.days")


# --- the columns of each record type ---------------------------------------------------------------------------


def _unwrap(annotation: object) -> tuple[object, bool]:
    """The type inside ``X | None``, and whether None is allowed."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _dtype(annotation: object) -> pl.DataType:
    """The polars type a field is read as. Days are read as categories (few, and strict: a number is refused)."""
    inner, _ = _unwrap(annotation)
    if typing.get_origin(inner) is list:
        return pl.List(_dtype(typing.get_args(inner)[0]))
    if inner is str:
        return pl.String()
    if inner is dt.date:
        return pl.Categorical(_DAYS)
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        return pl.Enum([member.value for member in inner])
    if isinstance(inner, type) and issubclass(inner, Part):
        return pl.Struct({name: _dtype(f.annotation) for name, f in fields_of(inner).items()})
    return {float: pl.Float64(), int: pl.Int64(), bool: pl.Boolean()}[inner]  # type: ignore[index]


@cache
def read_schema(record_type: type[Part]) -> dict[str, pl.DataType]:
    """The columns a record type is read into, by field."""
    return {name: _dtype(f.annotation) for name, f in fields_of(record_type).items()}


@cache
def _lists(record_type: type[Part]) -> dict[str, pl.DataType]:
    """The fields holding a list (of text, or of parts), and their types. The JSON reader is asked for them as
    text (the list's JSON, which polars writes again) and the text decoded: at 100k officers, polars's list
    reader took 0.9 s of CPU for the 10 MB of officers (their postings), and two thirds of the time of reading
    the actions (the officers on each); as text and decoded, a sixth to an eighth of that."""
    return {name: dtype for name, dtype in read_schema(record_type).items() if isinstance(dtype, pl.List)}


def _is_day(annotation: object) -> bool:
    return _unwrap(annotation)[0] is dt.date


# --- the checks the models make, on columns --------------------------------------------------------------------


def _field_checks(record_type: type[Part]) -> list[pl.Expr]:
    """One expression per constraint of each field, true when every row keeps it."""
    checks = []
    for name, f in fields_of(record_type).items():
        column = pl.col(name)
        inner, nullable = _unwrap(f.annotation)
        if f.is_required():
            checks.append(column.is_not_null().all())
        if inner is dt.date:  # few distinct days: each checked once (in one order for both tests of a day)
            text = column.drop_nulls().unique(maintain_order=True).cast(pl.String)
            checks.append((text.str.contains(_DAY) & text.str.to_date("%Y-%m-%d", strict=False).is_not_null()).all())
        if typing.get_origin(inner) is list:
            checks.append((column.is_null() | ~column.list.eval(pl.element().is_null()).list.any()).all())
        for meta in f.metadata:
            limit = getattr(meta, "min_length", None)
            if limit is not None:
                size = column.str.len_chars() if inner is str else column.list.len()
                checks.append((size >= limit).all())
            if isinstance(meta, annotated_types.MaxLen) and inner is str:
                checks.append((column.str.len_chars() <= meta.max_length).all())
            if getattr(meta, "pattern", None) and inner is str:
                checks.append(column.str.contains(meta.pattern).all())
            if isinstance(meta, annotated_types.Gt):
                checks.append((column > meta.gt).all())
            if isinstance(meta, annotated_types.Ge):
                checks.append((column >= meta.ge).all())
            if isinstance(meta, annotated_types.Le):
                checks.append((column <= meta.le).all())
    return checks


def _not_before(later: str, earlier: str) -> pl.Expr:
    return (pl.col(later) >= pl.col(earlier)).fill_null(True)


def _shifted(column: str, record: str, rows: int = 1) -> pl.Expr:
    """``column`` in the row ``rows`` above (below, for a negative number) when that row belongs to the same
    ``record``, else null: a window's ``shift`` at a fraction of its cost (no grouping of the keys), for frames
    whose rows of a record stand together, in order (as :func:`_items` gives them, or sorted)."""
    return pl.when(pl.col(record) == pl.col(record).shift(rows)).then(pl.col(column).shift(rows))


#: The models' cross-field checks (their field validators), on the frames as :class:`Frames` holds them.
_CROSS_FIELD: dict[str, Callable[[pl.DataFrame], pl.Expr]] = {
    "postings": lambda f: pl.all_horizontal(
        _not_before("end", "start"),
        pl.col("left_reason").is_null() | pl.col("end").is_not_null(),
        # in order, and not overlapping: the posting before ended, before this one started
        (_shifted("end", "officer") < pl.col("start")).fill_null(pl.col("position") == 0),
    ),
    "certificate_events": lambda f: pl.all_horizontal(
        (pl.col("date") >= pl.col("issued_on")),
        (pl.col("date") >= _shifted("date", "certificate")).fill_null(True),
        # nothing follows a cancellation; only a cancellation follows a revocation
        ~_shifted("event", "certificate").cast(pl.String).is_in(["cancelled"]).fill_null(False),
        ~(_shifted("event", "certificate").cast(pl.String).eq("revoked").fill_null(False)
          & pl.col("event").cast(pl.String).ne("cancelled")),
    ),
    "certificates": lambda f: _not_before("expires_on", "issued_on"),
    "actions": lambda f: pl.all_horizontal(
        _not_before("decided_on", "filed_on"), pl.col("officers").list.n_unique() == pl.col("officers").list.len()),
    "problems": lambda f: _not_before("rectified_on", "found_on"),
}

def _frame_reference(collection: str, path: str, target: str) -> tuple[str, str, str]:
    """A reference of :data:`~compliance.models.REFERENCES` as (frame, column, collection referred to): a field of
    the items of a nested list is a column of that list's frame; a list of ids is a list column."""
    field, _, item = path.partition("[]")
    return (NESTED_FRAMES[field], item.removeprefix("."), target) if item else (collection, field, target)


_REFERENCES = tuple(_frame_reference(*reference) for reference in REFERENCES)


# --- reading ---------------------------------------------------------------------------------------------------


class _Doubt(Exception):
    """Something the columns cannot tell apart from a problem: the records go the exact way."""


def _tally(frame: pl.DataFrame, record_type: type[Part]) -> pl.LazyFrame:
    """A plan for one row: how many keys the rows of a frame were written with (each field that is not null),
    how many ``"`` its values were written with (the quotes around each text, day and enumeration value and
    inside the text), and whether every row keeps each check of :func:`_field_checks` (``check0``, ``check1``...).
    The colons inside the text are counted apart, and only where needed (:func:`_text_colons`)."""
    keys, quotes = [], [pl.lit(0, pl.Int64), *_in_text(record_type, '"', around_item=2)]
    for name, f in fields_of(record_type).items():
        present = pl.col(name).is_not_null().sum().cast(pl.Int64)
        keys.append(present)
        inner = _unwrap(f.annotation)[0]
        if inner is str or inner is dt.date or isinstance(inner, type) and issubclass(inner, StrEnum):
            quotes.append(2 * present)
    checks = [check.alias(f"check{n}") for n, check in enumerate(_field_checks(record_type))]
    return frame.lazy().select(keys=pl.sum_horizontal(keys), quotes=pl.sum_horizontal(quotes), *checks)


def _text_colons(frame: pl.DataFrame, record_type: type[Part]) -> pl.LazyFrame:
    """A plan for one number: the ``:`` inside the text values of a frame (text fields and lists of text)."""
    return frame.lazy().select(colons=pl.sum_horizontal(pl.lit(0, pl.Int64), *_in_text(record_type, ":")))


def _in_text(record_type: type[Part], mark: str, around_item: int = 0) -> list[pl.Expr]:
    """For each text field and list of text of a record type, how often ``mark`` stands inside its values, and
    ``around_item`` more for each item of a list (the quotes around it)."""
    counts = []
    for name, f in fields_of(record_type).items():
        inner = _unwrap(f.annotation)[0]
        if inner is str:
            counts.append(pl.col(name).cast(pl.String).str.count_matches(mark, literal=True).sum().cast(pl.Int64))
        elif inner == list[str]:
            items = pl.col(name).list.eval(pl.element().cast(pl.String).str.count_matches(mark, literal=True)
                                           + around_item)
            counts.append(items.list.sum().sum().cast(pl.Int64))
    return counts


def _items(frame: pl.DataFrame, field: str, key: str) -> pl.DataFrame:
    """The items of a list field, a row each: the record's id as ``key``, the item (a struct, null where the list
    held a null) and its ``position`` in the list."""
    # the positions are exploded beside the items: numbering the rows of each record after (a window) cost 0.1 s
    # for the postings of 100k officers, this 0.007 s
    return (frame.select(pl.col("id").alias(key), pl.col(field), position=pl.int_ranges(pl.col(field).list.len()))
            .explode(field, "position", keep_nulls=False))


#: the size of the pieces :func:`_marks` reads
_PIECE = 1 << 24
_COLON, _QUOTE = ord(":"), ord('"')


class _Marks(typing.NamedTuple):
    """What :func:`_marks` counts in a file."""

    colons: int
    quotes: int
    #: whether the file holds a ``\\u00`` escape
    escaped: bool
    #: how often each of the patterns asked for occurs
    patterns: tuple[int, ...]


def _marks(file: Path, patterns: Sequence[bytes] = ()) -> _Marks:
    """The ``:`` and ``"`` in a file, whether it holds a ``\\u00`` escape (see :func:`_read_file`), and how often
    each of ``patterns`` occurs. Read in pieces into one buffer: a whole file of 600 MB, read at once, cost a third
    of the time again in page faults, and its memory. numpy counts a byte in a piece at memory speed, a third of
    the time of ``bytes.translate`` and ``count`` (0.35 s for the 584 MB of training records at 100k officers,
    against 0.8-1.0 s)."""
    import numpy  # here, on the counting thread: its 0.1 s import overlaps polars reading, and no other use waits

    colons = quotes = 0
    escaped, carry = False, b""
    found = [0] * len(patterns)
    overlap = max([4, *map(len, patterns)]) - 1
    buffer = bytearray(_PIECE)
    with file.open("rb", buffering=0) as data:
        while size := data.readinto(buffer):
            piece = buffer if size == len(buffer) else buffer[:size]
            marks = numpy.frombuffer(piece, numpy.uint8)
            colons += int(numpy.count_nonzero(marks == _COLON))
            quotes += int(numpy.count_nonzero(marks == _QUOTE))
            # most files hold no backslash at all: one byte is found much faster than four
            escaped = escaped or _straddling(carry, piece, b"\\u00") or b"\\" in piece and b"\\u00" in piece
            for n, pattern in enumerate(patterns):
                found[n] += piece.count(pattern) + _straddling(carry, piece, pattern)
            carry = (carry + piece[-overlap:])[-overlap:]  # pieces may be shorter than a pattern (in tests)
    return _Marks(colons, quotes, escaped, tuple(found))


def _straddling(carry: bytes, piece: bytes | bytearray, pattern: bytes) -> int:
    """How often ``pattern`` occurs across the end of the last piece (``carry``, its last bytes) and the start
    of this one: the window of ``len(pattern) - 1`` bytes either side holds exactly those occurrences."""
    edge = len(pattern) - 1
    return (carry[-edge:] + piece[:edge]).count(pattern) if edge and carry else 0


class _Read(typing.NamedTuple):
    """What a file must hold, as polars read it, for :func:`_punctuation` to hold it against the file."""

    file: Path
    #: the file's size and time of change before it was read
    stamp: tuple[int, int]
    #: how many lists polars read in each list field
    lists: dict[str, int]
    #: the file's marks (:func:`_marks`), counted in the background; None for an empty file
    marks: Future[_Marks] | None


def _stamp(file: Path) -> tuple[int, int]:
    status = file.stat()
    return status.st_size, status.st_mtime_ns


def _read_file(file: Path, record_type: type[Record], counting: Executor
               ) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], _Read]:
    """One collection's file as a frame, its nested lists as frames of their own, and what the file must hold
    (its punctuation is counted by ``counting``, see :func:`_punctuation`); raises _Doubt."""
    stamp = _stamp(file)
    with file.open("rb") as start:
        head = start.read(64)
    if head.startswith(b"\xef\xbb\xbf"):
        raise _Doubt(f"{file}: a byte order mark")  # rare: the exact path strips it
    if not head.strip() and stamp[0] <= len(head):
        return pl.DataFrame(schema=read_schema(record_type)), {}, _Read(file, stamp, {}, None)
    lists = _lists(record_type)
    marks = counting.submit(_marks, file, [_list_key(name) for name in lists])
    try:
        frame = pl.read_ndjson(file, schema={name: pl.String() if name in lists else dtype
                                             for name, dtype in read_schema(record_type).items()})
        frame = frame.with_columns(pl.col(name).str.json_decode(dtype) for name, dtype in lists.items())
    except Exception as exc:  # polars says what it could not read; the exact path says it better
        raise _Doubt(f"{file}: {exc}") from None
    nested: dict[str, pl.DataFrame] = {}
    for name, (owner, _, key) in _NESTED.items():
        if owner is record_type:
            items = _items(frame, name, key)
            if items[name].null_count():
                raise _Doubt(f"{file}: a null {name} item")
            nested[name] = items.unnest(name)
    return frame, nested, _Read(file, stamp, {name: frame[name].is_not_null().sum() for name in lists}, marks)


def _punctuation(read: _Read) -> tuple[int, int]:
    """The ``:`` and ``"`` in a file read (see :func:`_read_frames` for what they must be), once counted; raises _Doubt
    when the file changed while it was read, or holds what the counts cannot tell apart."""
    if read.marks is None:
        return 0, 0
    colons, quotes, escaped, found = read.marks.result()
    if _stamp(read.file) != read.stamp:
        raise _Doubt(f"{read.file}: changed while it was read")
    if escaped:  # escaped as \u, a colon or a quote would go uncounted
        raise _Doubt(f"{read.file}: a \\u00 escape")
    for (name, lists_read), written in zip(read.lists.items(), found, strict=True):
        # Read as text, any value would pass for a list: text, a number or true decode to a list of one item.
        # Each list stands in the file right after its key (one space allowed, as Python's json writes it).
        if written != lists_read and written + _marks(read.file, [_list_key(name, " ")]).patterns[0] != lists_read:
            raise _Doubt(f"{read.file}: {name} that is not a list")
    return colons, quotes


def _list_key(name: str, space: str = "") -> bytes:
    """A key as the file writes it when its value is a list. Not found in text: a quote in text is escaped."""
    return f'"{name}":{space}['.encode()


def _dates() -> pl.Series:
    """The date of each day the categories hold, in the order of their numbers: each parsed once, where a frame's
    rows take theirs by number (see :func:`_days`). Not strict: a day that is not one is refused by the field
    checks, which run later."""
    return _DAYS.to_series().str.to_date("%Y-%m-%d", strict=False)


def _days(frame: pl.DataFrame, record_type: type[Part], dates: pl.Series) -> pl.DataFrame:
    """The day columns, read as categories, as dates: each row takes its day's date from ``dates`` (of
    :func:`_dates`, made after the frame was read whole) by the category's number, a tenth of the time of
    replacing each distinct day by its date."""
    names = [name for name, f in fields_of(record_type).items() if _is_day(f.annotation)]
    return frame.with_columns(dates.gather(frame.get_column(name).to_physical()).alias(name) for name in names)


def read_frames(directory: Path, progress: Progress | None = None) -> Frames | None:
    """The frames of a directory of JSON Lines files, or None when the records must be read one by one: any
    other file in it, or any doubt that every record is valid (see the module). ``progress`` is told before each
    file is read."""
    files = sorted(directory.iterdir())
    if not files or any(p.suffix != ".jsonl" or p.stem not in _BY_COLLECTION for p in files):
        return None
    # Each file's punctuation is counted in a second thread while polars reads the files and checks their
    # columns (polars lets go of the GIL): the count fills the time polars leaves a core idle, and is only
    # waited for at the end.
    counting = ThreadPoolExecutor(1, thread_name_prefix="compliance-marks")
    try:
        return _read_frames(files, progress, counting)
    except _Doubt:
        return None
    finally:
        counting.shutdown(cancel_futures=True)


def _read_frames(files: Sequence[Path], progress: Progress | None, counting: Executor) -> Frames | None:
    read, tallies = {}, []
    for file in by_file(files, progress):
        record_type = _BY_COLLECTION[file.stem]
        frame, nested, written = _read_file(file, record_type, counting)
        parts = [(frame, record_type)]
        for name, items in nested.items():
            parts.append((items.drop(_NESTED[name][2], "position"), _NESTED[name][1]))
            read[NESTED_FRAMES[name]] = items
        tallies.append((written, parts))
        read[file.stem] = frame.drop(*(n for n in _NESTED if n in frame.columns))
    frames = Frames.of(read)
    # every file's tallies and checks, and the checks across frames, in one parallel run
    consistency = frames.consistency()
    answers = iter(pl.collect_all([_tally(*part) for _, parts in tallies for part in parts] + consistency))
    for written, parts in tallies:
        counted = [next(answers).row(0, named=True) for _ in parts]
        keys = sum(c.pop("keys") for c in counted)
        colons, quotes = _punctuation(written)
        # Each key stands in the file as "key": and each text as "text", with its own quotes (escaped as \")
        # and colons. Fewer quotes: a number or a list read as text.
        if quotes != 2 * keys + sum(c.pop("quotes") for c in counted):
            return None
        # More colons: a key the models do not have, a key twice, or a null polars passes over. Each text value
        # read is a value of its own in the file, and its colons are the file's (a list or object read as text
        # is written again with as many; an escaped colon is a doubt, see _punctuation): so the file has at
        # least as many colons as the keys and the colons of the text read, and one no more than its keys has
        # none in its text, which need not be counted (the colons of a province's text took 0.07 s).
        if colons != keys and colons != keys + sum(
                plan.item() for plan in pl.collect_all([_text_colons(*part) for part in parts])):
            return None
        if not all(ok for c in counted for ok in c.values()):
            return None  # a value a model refuses
    return frames if all(answer.item() for answer in answers) else None


# --- the frames ------------------------------------------------------------------------------------------------


def _part_schema(part: type[Part], key: str) -> dict[str, pl.DataType]:
    return {key: pl.String(), "position": pl.Int64(), **read_schema(part)}


#: the part type of each nested frame, and the column naming its record
_PART_FRAMES = {NESTED_FRAMES[field]: (part, key) for field, (_, part, key) in _NESTED.items()}


def _schema(name: str) -> dict[str, pl.DataType]:
    """The columns of a frame as read, before days become dates."""
    if name in _PART_FRAMES:
        return _part_schema(*_PART_FRAMES[name])
    return {k: v for k, v in read_schema(_BY_COLLECTION[name]).items() if k not in _NESTED}


def _type_of(name: str) -> type[Part]:
    return _PART_FRAMES[name][0] if name in _PART_FRAMES else _BY_COLLECTION[name]


#: the columns of :meth:`Frames.hours_by_year`: one per training category
HOURS_COLUMNS = [category.value for category in TrainingCategory]

FRAME_NAMES = (*_BY_COLLECTION, *NESTED_FRAMES.values())


@dataclass(frozen=True)
class Frames:
    """Every collection as a frame: a column per field (days as dates, defaults filled in),
    and the nested lists as frames of their own: ``postings`` (``officer``, ``position``, the posting's fields)
    and ``certificate_events`` (``certificate``, ``position``, the event's fields), in their records' order."""

    departments: pl.DataFrame
    officers: pl.DataFrame
    certificates: pl.DataFrame
    training_records: pl.DataFrame
    actions: pl.DataFrame
    filings: pl.DataFrame
    assessments: pl.DataFrame
    problems: pl.DataFrame
    postings: pl.DataFrame
    certificate_events: pl.DataFrame
    #: answers kept for the next rule that asks (see :meth:`_once`), each as it is computed
    _kept: dict[object, Future[pl.DataFrame]] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    _keeping: threading.Lock = dataclasses.field(default_factory=threading.Lock, compare=False, repr=False)

    @classmethod
    def of(cls, read: Mapping[str, pl.DataFrame]) -> Frames:
        """Frames from the columns as read (text and days as categories); absent collections are empty."""
        # once for every frame: polars lists the categories in a loop in Python, and they are the process's
        dates, frames = _dates(), {}
        for name in FRAME_NAMES:
            frame = read.get(name)
            if frame is None:
                frame = pl.DataFrame(schema=_schema(name))
            record_type = _type_of(name)
            # a field left out takes its default (null in the file is refused when read)
            defaults = {n: f.default for n, f in fields_of(record_type).items()
                        if n in frame.columns and isinstance(f.default, str | bool | int | float)}
            frame = frame.with_columns(pl.col(n).fill_null(pl.lit(str(v) if isinstance(v, StrEnum) else v))
                                       .cast(frame.schema[n]) for n, v in defaults.items())
            frames[name] = _days(frame, record_type, dates)
        frames["certificate_events"] = frames["certificate_events"].join(
            frames["certificates"].select(certificate="id", issued_on="issued_on"), on="certificate", how="left",
            maintain_order="left")
        return cls(**frames)

    def consistency(self) -> list[pl.LazyFrame]:
        """Plans of one boolean each, all true when cross-field orders, references and ids hold (checked once
        the days are dates)."""
        plans = [getattr(self, name).lazy().select(check(getattr(self, name)).all())
                 for name, check in _CROSS_FIELD.items()]
        # ids compared by their hashes, sorted, five times faster than as text and twice as fast as counting the
        # distinct hashes: two ids with one hash are a doubt
        plans += [getattr(self, name).lazy().select(hash=pl.col("id").hash().sort())
                  .select(~(pl.col("hash") == pl.col("hash").shift(1)).any()) for name in _BY_COLLECTION]
        for name, column, target in _REFERENCES:
            values = getattr(self, name).lazy().select(pl.col(column).alias("id"))
            if getattr(self, name).schema[column] == pl.List(pl.String()):
                values = values.explode("id")
            known = getattr(self, target).get_column("id").cast(pl.String).implode()
            plans.append(values.select(pl.col("id").cast(pl.String).is_in(known).all()))  # nulls are skipped
        return plans

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).height for name in _BY_COLLECTION}

    # --- what rules and figures ask ------------------------------------------------------------------------
    # Each answer is a lazy plan: a rule joins several and collects once, so that polars optimises the whole
    # query (an eager group-by with conditional sums took two to three times as long).

    def days_in_post(self, years: Sequence[int]) -> pl.LazyFrame:
        """(officer, year, first, last, days_in_post, days_in_year) for each officer in post any day of each of
        ``years`` (``first`` and ``last`` its first and last day): days in post between 1 January and 31
        December, both inclusive (see :meth:`Officer.days_in_post`)."""
        calendar = pl.LazyFrame({"year": list(years)}, schema={"year": pl.Int32}).with_columns(
            first=pl.date(pl.col("year"), 1, 1), last=pl.date(pl.col("year"), 12, 31))
        return (
            self.postings.lazy().select("officer", "start", "end").join(calendar, how="cross")
            .with_columns(days=((pl.min_horizontal(pl.col("end").fill_null(pl.col("last")), "last")
                                 - pl.max_horizontal("start", "first")).dt.total_days() + 1).clip(lower_bound=0))
            .group_by("officer", "year", "first", "last")
            .agg(days_in_post=pl.col("days").sum())
            .filter(pl.col("days_in_post") > 0)
            .with_columns(days_in_year=(pl.col("last") - pl.col("first")).dt.total_days() + 1)
        )

    def in_post_on(self, day: dt.date) -> pl.LazyFrame:
        """The ids (``officer``) of the officers in post on ``day``."""
        return (self.postings.lazy().filter(pl.col("start") <= day, pl.col("end").is_null() | (pl.col("end") >= day))
                .select("officer").unique())

    def hours_by_year(self, up_to: dt.date) -> pl.LazyFrame:
        """(officer, year, one column of hours per training category) for training dated on or before ``up_to``.
        Computed once per day and kept: the training rules and the department figures all ask for it."""
        return self._once(("hours_by_year", up_to), lambda: (
            self.training_records.lazy().filter(pl.col("date") <= up_to)
            .group_by("officer", year=pl.col("date").dt.year())
            .agg(pl.when(pl.col("category") == category).then("hours").otherwise(0.0).sum().alias(category)
                 for category in HOURS_COLUMNS)
        ))

    def state_spans(self) -> pl.LazyFrame:
        """(officer, certificate, state, since, until) for each span of days a certificate stays in one state, as
        :meth:`Certificate.state_on` gives it: from its issue, or an event that changes its state, to the day
        before the next such event; a valid span stops at the expiry, and an expired span follows it. Both ends
        inclusive, ``until`` null for no end. Days before the issue are in no span (not yet issued)."""

        def spans() -> pl.LazyFrame:
            changes = pl.concat([
                self.certificates.lazy().select(certificate="id", position=pl.lit(-1, pl.Int64), since="issued_on",
                                                state=pl.lit(CertificateState.valid.value)),
                self.certificate_events.lazy().filter(pl.col("event").cast(pl.String).is_in(list(_STATE_AFTER)))
                .select("certificate", "position", since="date",
                        state=pl.col("event").cast(pl.String).replace_strict(_STATE_AFTER)),
            ]).sort("certificate", "position")
            day = pl.duration(days=1)
            spans = (changes.with_columns(until=_shifted("since", "certificate", -1) - day)
                     .join(self.certificates.lazy().select(certificate="id", officer="officer", expires_on="expires_on"),
                           on="certificate"))
            expiring = (pl.col("state") == CertificateState.valid.value) & pl.col("expires_on").is_not_null()
            return pl.concat([
                spans.with_columns(until=pl.when(expiring).then(pl.min_horizontal("until", "expires_on"))
                                   .otherwise("until")),
                spans.filter(expiring).with_columns(state=pl.lit(CertificateState.expired.value),
                                                    since=pl.max_horizontal("since", pl.col("expires_on") + day)),
            ]).filter(pl.col("until").is_null() | (pl.col("until") >= pl.col("since"))).select(
                "officer", "certificate", "state", "since", "until")

        return self._once("state_spans", spans)

    def certificate_states(self, days: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
        """For each distinct ``officer`` and ``day`` of ``days`` and each certificate of the officer: ``officer``,
        ``day``, ``certificate``, ``issued_on``, ``expires_on`` and ``state``, the certificate's state that day
        (see :meth:`state_spans`). An officer with no certificate has a row of nulls (state null). Keyed by
        officer and day, not by position: a lazy plan need not keep the order of its rows."""
        key = ["officer", "day", "certificate"]
        held = days.lazy().select("officer", "day").unique().join(
            self.certificates.lazy().select("officer", certificate="id", issued_on="issued_on",
                                            expires_on="expires_on"), on="officer", how="left")
        spanned = (held.select(key).join(self.state_spans().drop("officer"), on="certificate")
                   .filter(_within_span).select(*key, "state"))
        return held.join(spanned, on=key, how="left").with_columns(
            state=pl.when(pl.col("certificate").is_not_null())
            .then(pl.col("state").fill_null(pl.lit(CertificateState.not_yet_issued.value))))

    def certified(self, days: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
        """``days`` (an ``officer`` and a ``day`` column, and any others) with ``certified``: whether the officer
        holds a certificate valid that day, in the order of ``days``."""
        rows = days.lazy().collect()  # collected: one order for both uses of the rows
        valid = (
            rows.lazy().select("officer", "day").with_row_index("row")
            .join(self.state_spans().filter(pl.col("state") == CertificateState.valid.value), on="officer")
            .filter(_within_span).select("row").collect()
        )
        # each row found in a valid span is flagged by its number: no set of rows is built
        flags = pl.repeat(False, rows.height, eager=True).scatter(valid["row"], True)
        return rows.lazy().with_columns(certified=flags)

    def action_officers(self, up_to: dt.date) -> pl.LazyFrame:
        """(action, department, action_kind, officer, day, certified) for each action dated on or before
        ``up_to`` and each officer on it: whether the officer held a valid certificate on the action's day.
        Computed once per day and kept: the certificate rule and the department figures both ask for it."""
        return self._once(("action_officers", up_to), lambda: self.certified(
            self.actions.lazy().filter(pl.col("date") <= up_to)
            .select(action="id", department="department", action_kind="action_kind", officer="officers",
                    day="date").explode("officer")))

    def _once(self, key: object, plan: Callable[[], pl.LazyFrame]) -> pl.LazyFrame:
        """The answer ``plan`` gives, collected the first time ``key`` is asked for and kept. Rules are evaluated
        on several threads (see :func:`compliance.engine.check`): one that asks while another collects waits for
        that answer rather than computing it again."""
        with self._keeping:
            kept = self._kept.get(key)
            first = kept is None
            if first:
                kept = self._kept[key] = Future()
        if first:
            try:
                kept.set_result(plan().collect())
            except BaseException as exc:
                kept.set_exception(exc)
                raise
        return kept.result().lazy()


#: a ``day`` within a span of :meth:`Frames.state_spans`
_within_span = (pl.col("since") <= pl.col("day")) & (pl.col("until").is_null() | (pl.col("day") <= pl.col("until")))

#: The state a certificate is in from an event on (``reissue_applied`` changes nothing), as in the models.
_STATE_AFTER = {
    CertificateEventKind.suspended.value: CertificateState.suspended.value,
    CertificateEventKind.restored.value: CertificateState.valid.value,
    CertificateEventKind.revoked.value: CertificateState.revoked.value,
    CertificateEventKind.cancelled.value: CertificateState.cancelled.value,
    CertificateEventKind.lost.value: CertificateState.lost.value,
    CertificateEventKind.reissued.value: CertificateState.valid.value,
}


def frames_of(collections: Mapping[str, Sequence[Record]]) -> Frames:
    """Frames from records already validated (read from tables, a JSON document, or made in Python)."""
    read: dict[str, pl.DataFrame] = {}
    for name, records in collections.items():
        record_type = _BY_COLLECTION[name]
        schema = read_schema(record_type)
        rows = [{field: _plain(getattr(r, field)) for field in schema} for r in records]
        frame = pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
        for field, (owner, part, key) in _NESTED.items():
            if owner is record_type:
                read[NESTED_FRAMES[field]] = (
                    _items(frame, field, key).unnest(field).select(_part_schema(part, key).keys())
                    if frame.height else pl.DataFrame(schema=_part_schema(part, key)))
                frame = frame.drop(field)
        read[name] = frame
    return Frames.of(read)


def _plain(value: object) -> object:
    """A field's value as the JSON reader gives it: days as text, parts as dicts."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Part):
        return {f: _plain(getattr(value, f)) for f in fields_of(type(value))}
    return value


def rounded(column: str, decimals: int) -> pl.Expr:
    """``column`` rounded as Python's ``round`` rounds: the float's exact value, halves to even. polars rounds
    2.675 to 2.68 where Python gives 2.67 (2.675 is 2.67499999... as a float), so the values within a hair of
    a half are rounded in Python, the others in polars."""

    def round_series(values: pl.Series) -> pl.Series:
        scaled = values * 10**decimals
        near_half = ((scaled - scaled.floor() - 0.5).abs() < 1e-6).fill_null(False)
        out = values.round(decimals)
        if near_half.any():
            where = near_half.arg_true()
            out = out.scatter(where, [round(v, decimals) for v in values.gather(where).to_list()])
        return out

    return pl.col(column).map_batches(round_series, return_dtype=pl.Float64)
