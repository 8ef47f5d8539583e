"""Checking a dataset too large for one process's memory, shard by shard, in parallel processes or on a cluster.

A shard is the records of one or more whole localities (县, 区): their departments, the officers who serve or
served in them, their certificates, training and assessments, and the departments' actions, filings and problems.
A locality is the natural cut: the rules that look across departments (pilot sites, filings ``filed_with`` the
judicial bureau) look within one, and an officer rarely crosses one. A department with no ``locality`` goes with
its ``parent``'s, or forms one with its parent-less ancestor. Localities are packed into shards of about
:data:`_SHARD_OFFICERS` officers (a larger locality is a shard of its own), and into at least ``pieces`` shards,
so that each worker takes several: each shard costs a start, and a shard's memory grows with its records.

:func:`partition` reads a directory of JSON Lines files line by line and writes each line, unchanged, into the
shards it belongs to. A record belongs to one shard, its owner, and is copied into others where a record there
refers to it, so that every shard holds every record its own records refer to:

- an officer into the shard of each department of his postings, and into the shard of each action he took part
  in, with his certificates, training records and assessments (they follow their officer everywhere);
- a department into every shard that holds a record referring to it (an officer's posting, a filing's
  ``filed_with``, a department's ``parent``), with its parents.

The departments and officers are placed first, in this process; then the other files are cut into slices of
lines (128 MB at most), routed by parallel tasks (:func:`route_slice`: in polars, or line by line where a line
might be read otherwise than the loader reads it), each writing a part of each shard; a shard's parts are joined
when it is checked. What the partition keeps in memory is the departments (a few tens of thousands in a country)
and one entry per officer: the shards he is in. That map is the one structure that grows with the whole dataset
(about 150 bytes an officer, and a copy of it, as frames, in each worker that routes slices); beside it, 8 bytes
per record, a hash of its id, to find ids used twice in different shards. Every other structure holds one slice
or one shard at most: the memory of the partition and of each worker grows with the largest shard, not with the
country.
The main process then holds the merged report, which grows with the findings (a row each, about 1 KB of JSON).

Each shard is then checked on its own (:func:`check_shard`) with the normal loader (every record validated) and
the normal engine, told which subjects the shard owns: the outcomes for the others, which are copies, are
dropped there and counted where they are owned. An officer (and a certificate, through its holder) is owned by the
shard of his ``department``, a department by its own, an action by its department's. Every rule judges a subject
from the records of that subject and of the records they refer to (an officer's certificates and training, a
department's officers, filings and problems, the townships of a bureau's locality), all of which are in the
owner's shard, so an owned subject's outcome in its shard is its outcome in the whole. Which years are checked
comes from the ruleset and the records' coverage, never from the records, so every shard checks the same years.

:func:`merge` joins the shards' results into the report one process would have made: findings in the engine's
order, counts per rule summed, department figures in id order, record counts from the partition (each record
once). Problems with the input name the original file and line (each shard keeps the line number of each of its
lines), each reported once, by the shard that owns its line, as the loader would have found it there: that shard
holds everything the record refers to. They, and the records left out with ``on_error="skip"``, are listed by
file and line, where the loader lists validation problems before those of references: the same ones, in
another order. An id used twice in different shards is found by a hash of every id, and every line of that id
is copied into each of those shards, so that the one owning a later line finds the earlier one as the loader
would. A line that is not UTF-8 or a ``.jsonl`` file that is not a known collection is reported as the loader
reports it, alone, before any shard is checked.

:func:`check_sharded` does all three, mapping the tasks with a :data:`Mapper`: in this process, over a
:class:`concurrent.futures.ProcessPoolExecutor` (``jobs``), or on a cluster (see :mod:`compliance.distributed`).
The shards are written under a temporary directory, or under one given, which every worker must see; they are
removed after. As with any use of :mod:`multiprocessing`, a script that runs it with ``jobs`` above 1 does so
under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import heapq
import itertools
import json
import multiprocessing
import re
import shutil
import tempfile
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from . import __version__
from .dataset import Dataset
from .engine import DEFAULT_WARN_DAYS, ShardScope, check, default_coverage, load_ruleset, today
from .errors import ComplianceError, Problem
from .load_summary import FileSummary, LeftOut, LoadError, LoadSummary, OnError
from .loading import COLUMNS_FILE, load
from .messages import positioned, say
from .models import RECORD_TYPES, Department
from .packs import Ruleset
from .report import Coverage, Findings, Report, RuleFailure, RuleSummary, SubjectKind
from .tabular import TABLE_FILES, ColumnMap

try:  # orjson parses a line several times faster than json; routing a record needs a few of its fields
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - orjson is optional (the bench extra has it)
    _fast_loads = json.loads

COLLECTIONS = tuple(t.collection for t in RECORD_TYPES)
#: the collections whose records follow their officer into every shard he is in
_OFFICERS_RECORDS = ("certificates", "training_records", "assessments")
#: the collections routed in slices, in the order they are routed: the actions first, as an action brings its
#: officers into its shard, and the officers are written before the records that follow them
_SLICED = ("actions", "certificates", "training_records", "assessments", "filings", "problems")

#: The flag, in a shard's record of line numbers, of a line that is a copy: another shard owns it.
_COPY = 1 << 63
_BOM = b"\xef\xbb\xbf"
#: A slice of a file is at least this large: smaller ones cost more to start than they save.
_SLICE = 4 << 20
#: and at most this large: a slice is routed in memory, where it takes about three times its size
_SLICE_MAX = 128 << 20
#: A shard holds the localities of about this many officers, or one locality larger than that: a shard's check
#: holds its records in memory (about 0.35 GiB for 20,000 officers with 20 training records and 10 actions a
#: year each), and each shard costs a start (about 0.2 s: a locality of 1,000 officers takes as long again)
_SHARD_OFFICERS = 20_000
_LINE = re.compile(r"line (\d+)")
#: the message of a duplicate id (see :mod:`compliance.dataset`), whose line is the shard's
_FIRST_USED = re.compile(r"duplicate id, first used at (line \d+)")


class NotShardable(ComplianceError):
    """The input is not a directory of JSON Lines files, the only form the sharded check reads."""


# --- reading -----------------------------------------------------------------------------------------------


def _lines(file: str, start: int = 0, stop: int | None = None, first: int = 1) -> Iterator[tuple[int, bytes, Any]]:
    """(line number, line, its JSON value, or None if it is not JSON) for each line that is not blank between the
    byte offsets ``start`` (a line's start, numbered ``first``) and ``stop``, numbered as the loader numbers them
    and each ending with a newline. A line that is not UTF-8 makes the whole file unreadable, as for the loader."""
    with open(file, "rb") as lines:
        lines.seek(start)
        at = start
        for number, line in enumerate(lines, start=first):
            if stop is not None and at >= stop:
                return
            at += len(line)
            try:
                value = _fast_loads(line)
            except ValueError:  # rare: a blank line, a byte-order mark, a line that is not JSON
                if number == 1 and line.startswith(_BOM):
                    line = line[len(_BOM):]
                if not line.strip():
                    continue
                value = _slow_parse(file, number, line)
            yield number, line if line[-1:] == b"\n" else line + b"\n", value


def _slow_parse(file: str, number: int, line: bytes) -> Any:
    try:
        return json.loads(line)  # what orjson refuses and json takes (NaN, lone surrogates) is routed as well
    except UnicodeDecodeError:
        raise LoadError([Problem.of(file, f"line {number}", say("not_utf8"))]) from None
    except ValueError:
        return None  # not JSON: the loader of the shard it goes to says why


def _text(value: Any, name: str) -> str | None:
    """A string field of a parsed record, or None where the record is not an object or the field not a string."""
    found = value.get(name) if type(value) is dict else None
    return found if type(found) is str else None


def _texts(value: Any, name: str, item: str | None = None) -> list[str]:
    """The strings of a list field (``item``: that field of each object of the list)."""
    found = value.get(name) if type(value) is dict else None
    if type(found) is not list:
        return []
    if item is not None:
        found = [entry.get(item) if type(entry) is dict else None for entry in found]
    return [entry for entry in found if type(entry) is str]


def record_files(path: Path) -> dict[str, Path]:
    """The JSON Lines file of each collection in the directory ``path``, in the loader's order.

    Raises :class:`NotShardable` for anything else the loader reads (tables, a JSON document), and the loader's
    :class:`~compliance.load_summary.LoadError` for a ``.jsonl`` file that is not a known collection."""
    if not path.exists():
        raise LoadError([Problem.of(str(path), "", say("no_such_path"))])
    if not path.is_dir():
        raise NotShardable(f"{path}: the sharded check (--jobs) reads a directory of JSON Lines files; check "
                           f"anything else without --jobs")
    files: dict[str, Path] = {}
    unknown = []
    columns = ColumnMap()
    for file in sorted(path.iterdir()):
        stem = file.name.partition(".")[0]
        if file.name == COLUMNS_FILE or file.name.startswith("~$"):
            continue
        if file.suffix == ".jsonl" and stem in COLLECTIONS:
            files[stem] = file
        elif file.suffix == ".jsonl":
            unknown.append(file)
        elif any(file.suffix.lower() in reader.suffixes for reader in TABLE_FILES) or columns.table(stem):
            raise NotShardable(f"{file}: the sharded check (--jobs) reads JSON Lines files only; check tables "
                               f"without --jobs")
    if unknown:
        known = ", ".join(f"{name}.jsonl" for name in COLLECTIONS)
        raise LoadError([Problem.of(str(file), "", say("not_record_file", known=known)) for file in unknown])
    if not files:
        raise NotShardable(f"{path}: no JSON Lines record files (expected: "
                           f"{', '.join(f'{name}.jsonl' for name in COLLECTIONS)})")
    return files


def _slices(file: Path, pieces: int) -> list[tuple[int, int, int]]:
    """(start, stop, number of the first line) of ``pieces`` slices of about the same size, cut after a newline,
    none smaller than :data:`_SLICE` nor larger than :data:`_SLICE_MAX`: one pass counting newlines, at the speed
    of reading."""
    size = file.stat().st_size
    pieces = max(1, min(pieces, size // _SLICE), -(-size // _SLICE_MAX))
    cuts, lines, at = [(0, 1)], 0, 0
    targets = [size * k // pieces for k in range(1, pieces)]
    with open(file, "rb") as data:
        while targets and (chunk := data.read(4 << 20)):
            while targets and targets[0] < at + len(chunk):
                end = chunk.find(b"\n", max(targets[0] - at, 0))
                if end < 0:
                    break  # the line goes on into the next chunk: cut after it
                cuts.append((at + end + 1, lines + chunk.count(b"\n", 0, end + 1) + 1))
                targets = [t for t in targets if t > at + end]
            lines += chunk.count(b"\n")
            at += len(chunk)
            if targets and targets[0] < at:
                targets[0] = at
    cuts = [cut for n, cut in enumerate(cuts) if n == 0 or cut[0] < size]
    return [(start, stop, first) for (start, first), (stop, _) in zip(cuts, [*cuts[1:], (size, 0)])]


# --- where records go ----------------------------------------------------------------------------------------


@dataclass
class _Routes:
    """Where each department and officer goes: what a slice's router needs, written for the workers."""

    #: the shard of each department
    shard_of: dict[str, int] = field(default_factory=dict)
    #: per officer: his home shard (his department's), or a tuple of it and the others he is in
    officers: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    #: the shard of records that name no known department or officer: they are wrong, and its loader says how
    #: (the last shard, made only when there are such records)
    unplaced: int = 0

    def department_shard(self, department_id: str | None) -> int:
        return self.shard_of.get(department_id, self.unplaced) if department_id is not None else self.unplaced

    def officer_shards(self, officer_id: str | None) -> tuple[int, ...]:
        """The officer's shards, his home first; the unplaced shard for an officer not in the records."""
        places = self.officers.get(officer_id, self.unplaced) if officer_id is not None else self.unplaced
        return (places,) if type(places) is int else places

    def join(self, officer_id: str, home: int | None, shards: Iterable[int]) -> None:
        """Add shards to an officer's; ``home`` is his home shard if he has none yet (None: he is not an officer
        of the records, and the reference to him is reported where it is made)."""
        known = self.officers.get(officer_id, home)
        if known is None:
            return
        places = (known,) if type(known) is int else known
        added = tuple(shard for shard in dict.fromkeys(shards) if shard not in places)
        self.officers[officer_id] = places + added if added else known

    def route(self, collection: str, value: Any) -> tuple[int, ...]:
        """The shards a record of a sliced collection goes into, its owner's first."""
        if collection in _OFFICERS_RECORDS:
            return self.officer_shards(_text(value, "officer"))
        return (self.department_shard(_text(value, "department")),)

    def frames(self) -> dict[str, pl.DataFrame]:
        """The routes as frames, by the field that routes a record: ``department`` (department, shard, copy) and
        ``officer`` (officer, shard, copy: a row for each of his shards, his home's first and not a copy)."""
        officers, shards, copies = [], [], []
        for officer_id, places in self.officers.items():
            for n, shard in enumerate((places,) if type(places) is int else places):
                officers.append(officer_id)
                shards.append(shard)
                copies.append(n > 0)
        return {
            "department": pl.DataFrame({"department": list(self.shard_of), "shard": list(self.shard_of.values()),
                                        "copy": False}, schema={"department": pl.String, "shard": pl.Int32,
                                                                "copy": pl.Boolean}),
            "officer": pl.DataFrame({"officer": officers, "shard": shards, "copy": copies},
                                    schema={"officer": pl.String, "shard": pl.Int32, "copy": pl.Boolean}),
        }

    @classmethod
    def of_frames(cls, frames: dict[str, pl.DataFrame], unplaced: int) -> _Routes:
        officers = {officer_id: shards[0] if len(shards) == 1 else tuple(shards) for officer_id, shards
                    in frames["officer"].group_by("officer", maintain_order=True).agg("shard").iter_rows()}
        return cls(dict(frames["department"].select("department", "shard").iter_rows()), officers, unplaced)

    def write(self, routes: str) -> None:
        """Write the routes for the workers: ``<routes>.<field>.arrow``, each frame of :meth:`frames`."""
        for name, frame in self.frames().items():
            frame.write_ipc(f"{routes}.{name}.arrow")


@functools.lru_cache(maxsize=1)  # a worker routes many slices with the same routes; cleared to check a shard
def _route_frames(routes: str) -> dict[str, pl.DataFrame]:
    """The routes a :meth:`_Routes.write` wrote."""
    return {name: pl.read_ipc(f"{routes}.{name}.arrow") for name in ("department", "officer")}


@functools.lru_cache(maxsize=1)
def _routes(routes: str, unplaced: int) -> _Routes:
    """The routes as :meth:`_Routes.write` wrote them, as dictionaries for the line-by-line router."""
    return _Routes.of_frames(_route_frames(routes), unplaced)


def _id_hashes(ids: pl.Series) -> pl.Series:
    """A hash of each id, the same in every process (``hash`` of a text is salted per process) that runs the
    same version of polars (see :class:`Routed`)."""
    return ids.hash(seed=0)


class _Part:
    """The lines of one slice (or of the departments, or officers) bound for each shard, held and appended in
    batches to ``<directory>/<shard>`` (the lines) and ``<shard>.lines`` (their numbers, flagged if a copy)."""

    #: lines held before they are written: about 40 MB of training records
    BATCH = 1 << 18

    def __init__(self, directory: Path, shards: int):
        self.directory = directory
        self.lines: list[list[bytes]] = [[] for _ in range(shards)]
        self.numbers = [array("Q") for _ in range(shards)]
        self.written: set[int] = set()

    def flush(self) -> None:
        for shard, held in enumerate(self.lines):
            if held:
                _append(self.directory, shard, b"".join(held), self.numbers[shard])
                held.clear()
                del self.numbers[shard][:]
                self.written.add(shard)


def _append(directory: Path, shard: int, lines: bytes | pl.DataFrame, numbers: array) -> None:
    """Append lines (each ending with a newline, or a frame of one column of lines without) and their numbers
    to a shard's part in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{shard:05d}", "ab") as out:
        if isinstance(lines, pl.DataFrame):  # written by polars, as they are: no header, no quotes added
            lines.write_csv(out, include_header=False, quote_style="never")
        else:
            out.write(lines)
    with open(directory / f"{shard:05d}.lines", "ab") as out:
        numbers.tofile(out)


def _insert(file: Path, lines: list[tuple[int, bytes]]) -> None:
    """Add (number, line) pairs to a part, each in its place by original line number."""
    numbers, kept = array("Q"), []
    if file.exists():
        kept = [line + b"\n" for line in file.read_bytes().split(b"\n")[:-1]]
        numbers.frombytes(Path(f"{file}.lines").read_bytes())
    merged = sorted([*zip(numbers, kept), *lines], key=lambda item: item[0] & ~_COPY)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(b"".join(line for _, line in merged))
    Path(f"{file}.lines").write_bytes(array("Q", [number for number, _ in merged]).tobytes())


# --- routing a slice -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SliceTask:
    """A range of lines of one collection's file, to route into the shards' parts under ``output``."""

    collection: str
    file: str
    start: int
    stop: int
    #: the number of its first line
    first: int
    output: str
    #: where the routes are (see :meth:`_Routes.write`)
    routes: str
    #: the shard of lines that name no known department or officer
    unplaced: int


@dataclass(frozen=True)
class Routed:
    """What a slice's router saw: records read, a hash of each id, and what other records need."""

    read: int
    #: the hashes of its ids (:func:`_id_hashes`), and the version of polars that hashed them: the hashes of
    #: another version are not comparable
    ids: pl.Series
    hashed_by: str
    #: the shards it wrote lines for
    shards: set[int]
    #: actions: per officer, the shards of his actions
    joins: dict[str, set[int]]
    #: filings: per shard, the departments filed with
    referred: dict[int, set[str]]


def route_slice(task: SliceTask) -> Routed:
    """Write each record of a slice into its shards: an action, filing or problem into its department's, a
    certificate, training record or assessment into each of its officer's, owned by his home's.

    The slice is routed in polars (:func:`_route_columns`), else line by line (:func:`_route_lines`) where it
    holds a line that polars might read otherwise than the loader does."""
    with open(task.file, "rb") as file:
        file.seek(task.start)
        data = file.read(task.stop - task.start)
    routed = _route_columns(task, data)
    return routed if routed is not None else _route_lines(task)


#: The fields a slice's router reads, besides the one that routes: the references that bring records into other
#: shards.
_ROUTED_FIELDS: dict[str, dict[str, pl.DataType]] = {
    "actions": {"officers": pl.List(pl.String())}, "filings": {"filed_with": pl.String()},
}


def _route_columns(task: SliceTask, data: bytes) -> Routed | None:
    """:func:`route_slice` in polars, about twice as fast as line by line; None where a line might be
    read otherwise than the loader reads it:

    - where a line may not be cut as a line of the loader is: a byte-order mark, a carriage return, bytes
      that are not UTF-8 or a control character that polars's line reader takes as a column separator (the
      line count must be the newline count);
    - a line that is not an object, or with a field of another shape than the router reads;
    - a routing field (the id, the department or officer, the officers of an action, ``filed_with``) written
      otherwise than once as ``"name":`` where it is given: where it is written twice, polars takes the
      first and the loader the last.

    A routing field of the wrong type that polars takes as text (a number where the department belongs) routes
    the line as that text, where the line-by-line router sends it to the unplaced shard: the record is not
    valid either way, the shard that owns its line reports why, and the copies it makes elsewhere are not
    owned (see the module)."""
    if data.startswith(_BOM) or b"\r" in data:
        return None
    collection = task.collection
    key = "officer" if collection in _OFFICERS_RECORDS else "department"
    fields = {"id": pl.String(), key: pl.String(), **_ROUTED_FIELDS.get(collection, {})}
    once = [pl.col("line").str.count_matches(f'"{name}":', literal=True) == pl.col(name).is_not_null()
            for name in ("id", key, "officers", "filed_with") if name in fields]
    try:
        lines = pl.read_csv(data, has_header=False, separator="\x1f", quote_char=None, schema={"line": pl.String})
        if lines.height != data.count(b"\n") + (not data.endswith(b"\n")):
            return None
        records = (lines.lazy().with_row_index("number", offset=task.first).filter(pl.col("line").is_not_null())
                   .with_columns(pl.col("line").str.json_decode(pl.Struct(fields)).alias("record"))
                   .unnest("record").collect())  # lazy: eagerly, after the row index, it decodes on one thread
        if not records.select(pl.all_horizontal(once).all()).item():
            return None
    except pl.exceptions.PolarsError:
        return None
    routes = _route_frames(task.routes)
    placed = (records.join(routes[key], on=key, how="left", maintain_order="left")
              .with_columns(pl.col("shard").fill_null(task.unplaced), pl.col("copy").fill_null(False)))
    parts = placed.select(
        "shard", "line", number=pl.col("number").cast(pl.UInt64) | pl.when("copy").then(_COPY).otherwise(0))
    written = set()
    for (shard,), part in parts.partition_by("shard", as_dict=True, maintain_order=True).items():
        _append(Path(task.output), shard, part.select("line"), array("Q", part["number"].to_list()))
        written.add(shard)
    joins: dict[str, set[int]] = {}
    referred: dict[int, set[str]] = {}
    if "officers" in fields:  # an officer who acts outside his shards joins this one
        acted = placed.select(pl.col("officers").alias("officer"), "shard").explode("officer").unique()
        elsewhere = (acted.join(routes["officer"], on=["officer", "shard"], how="anti")
                     .join(routes["officer"], on="officer", how="semi"))
        joins = {officer: set(shards) for officer, shards in elsewhere.group_by("officer").agg("shard").iter_rows()}
    if "filed_with" in fields:
        departments = placed.select("shard", "filed_with").drop_nulls().group_by("shard").agg("filed_with")
        referred = {shard: set(filed_with) for shard, filed_with in departments.iter_rows()}
    return Routed(records.height, _id_hashes(records["id"].drop_nulls()), pl.__version__, written, joins, referred)


def _route_lines(task: SliceTask) -> Routed:
    """:func:`route_slice` line by line, as the loader reads the lines. This loop sees every line of a slice
    polars does not route, so it is written for speed: one lookup routes a line."""
    routes = _routes(task.routes, task.unplaced)
    collection = task.collection
    part = _Part(Path(task.output), routes.unplaced + 1)
    lines, numbers = part.lines, part.numbers
    key, places = ("officer", routes.officers) if collection in _OFFICERS_RECORDS else ("department", routes.shard_of)
    actions, filings = collection == "actions", collection == "filings"
    unplaced, officers_of = routes.unplaced, routes.officers
    read, flush_at = 0, _Part.BATCH
    ids: list[str] = []
    joins: dict[str, set[int]] = defaultdict(set)
    referred: dict[int, set[str]] = defaultdict(set)
    for number, line, value in _lines(task.file, task.start, task.stop, task.first):
        record = value if type(value) is dict else {}
        route = record.get(key)
        shard = places.get(route, unplaced) if type(route) is str else unplaced
        if type(shard) is int:
            lines[shard].append(line)
            numbers[shard].append(number)
        else:  # an officer in several shards: his home owns the line, the others hold copies
            lines[shard[0]].append(line)
            numbers[shard[0]].append(number)
            for copy in shard[1:]:
                lines[copy].append(line)
                numbers[copy].append(number | _COPY)
        record_id = record.get("id")
        if type(record_id) is str:
            ids.append(record_id)
        if actions and type(officers := record.get("officers")) is list:
            for officer_id in officers:  # an officer who acts outside his shards joins this one
                his = officers_of.get(officer_id) if type(officer_id) is str else None
                if his is not None and his != shard and (type(his) is int or shard not in his):
                    joins[officer_id].add(shard)
        elif filings and type(filed_with := record.get("filed_with")) is str:
            referred[shard].add(filed_with)
        read += 1
        if read == flush_at:
            part.flush()
            flush_at += part.BATCH
    part.flush()
    return Routed(read, _id_hashes(pl.Series(ids, dtype=pl.String)), pl.__version__, part.written, dict(joins),
                  dict(referred))


# --- the partition -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shard:
    """One shard: its parts, where its dataset directory is joined from them, and the departments it owns."""

    name: str
    #: per collection, the parts (files of lines, each beside its ``.lines``), in the order of the original file
    parts: dict[str, tuple[str, ...]]
    #: where the parts are joined: ``<collection>.jsonl`` files, read by the normal loader
    records: str
    #: the original line number of each line of each file (``<collection>``: 8 bytes a line, native order)
    origins: str
    departments: tuple[str, ...]
    #: bytes of records, to check the largest shards first
    size: int


@dataclass(frozen=True)
class Partition:
    """A dataset cut into shards on disk, and what the whole holds."""

    source: str
    #: the original file of each collection
    files: dict[str, str]
    #: records read per collection (lines that are not blank)
    read: dict[str, int]
    shards: tuple[Shard, ...]


T = TypeVar("T")
R = TypeVar("R")

#: How tasks are run: ``mapper(function, tasks)`` gives each task's result, in the tasks' order.
Mapper = Callable[[Callable[[T], R], list[T]], Iterable[R]]


class _Partitioning:
    """One partition: the routes, what the slices saw, and where the parts are."""

    def __init__(self, files: dict[str, Path], root: Path, pieces: int):
        self.files, self.root, self.pieces = files, root, pieces
        self.routes = _Routes()
        self.read: dict[str, int] = dict.fromkeys(files, 0)
        #: per collection: the hashes of the ids of the records, a series for each slice
        self.ids: dict[str, list[pl.Series]] = {}
        #: the department lines (number, line, id) and the departments each id names as parent
        self.department_lines: list[tuple[int, bytes, str | None]] = []
        #: the locality of each department (a number; see :meth:`place_departments`)
        self.locality_of: dict[str, int] = {}
        self.parents: dict[str, set[str]] = defaultdict(set)
        #: per shard: the departments its records refer to
        self.referred: dict[int, set[str]] = defaultdict(set)
        #: per collection: its slices (task, and the shards it wrote lines for)
        self.slices: dict[str, list[tuple[SliceTask, set[int]]]] = {}

    def lines(self, collection: str, count: bool = True) -> Iterator[tuple[int, bytes, Any]]:
        """The lines of a collection's file (none if it has none), counted as read unless ``count`` is False."""
        if collection not in self.files:
            return
        for item in _lines(str(self.files[collection])):
            self.read[collection] += count
            yield item

    def place_departments(self) -> None:
        """Read the departments, and give each id its shard. A department's place comes from its first valid
        line (the one the loader keeps), else its first line; all lines of an id go where it goes."""
        chosen: dict[str, tuple[str | None, str | None, bool]] = {}
        for number, line, value in self.lines("departments"):
            department_id = _text(value, "id")
            self.department_lines.append((number, line, department_id))
            if department_id is None:
                continue
            parent = _text(value, "parent")
            if parent is not None:
                self.parents[department_id].add(parent)
            if department_id not in chosen or not chosen[department_id][2]:
                try:
                    valid = Department.from_json(line) is not None
                except ValueError:
                    valid = False
                if department_id not in chosen or valid:
                    chosen[department_id] = (_text(value, "locality"), parent, valid)
        key_of: dict[str, tuple[int, str]] = {}
        for department_id in chosen:
            seen, current = [], department_id
            while True:
                locality, parent, _ = chosen[current]
                seen.append(current)
                if locality is not None:
                    key_of[department_id] = (0, locality)
                    break
                if parent is None or parent not in chosen or parent in seen:
                    key_of[department_id] = (1, current)  # alone, with the departments below it with no locality
                    break
                current = parent
        index = {key: n for n, key in enumerate(sorted(set(key_of.values())))}
        self.locality_of = {department_id: index[key] for department_id, key in key_of.items()}

    def place_localities(self) -> None:
        """Give each locality its shard: localities packed into shards of about :data:`_SHARD_OFFICERS` officers,
        and into ``pieces`` shards at least, so that each worker takes several (a locality is never cut)."""
        sizes = Counter(self.locality_of.values())  # a department counts as an officer: some have none
        sizes.update(self.locality_of.get(_text(value, "department"))
                     for _, _, value in self.lines("officers", count=False))
        weights = [sizes[n] for n in range(len(set(self.locality_of.values())))]
        count = min(len(weights), max(self.pieces, -(-sum(weights) // _SHARD_OFFICERS)))
        shard_of = _pack(weights, count)
        self.routes.shard_of = {department_id: shard_of[n] for department_id, n in self.locality_of.items()}
        self.routes.unplaced = count

    def place_officers(self) -> None:
        routes = self.routes
        for _, _, value in self.lines("officers", count=False):  # counted when they are written
            officer_id = _text(value, "id")
            if officer_id is not None:
                postings = [routes.shard_of[d] for d in _texts(value, "postings", "department")
                            if d in routes.shard_of]
                routes.join(officer_id, routes.department_shard(_text(value, "department")), postings)

    def route(self, collections: Iterable[str], mapper: Mapper) -> None:
        """Route the collections' files, in slices, with the routes as they are now."""
        routes = str(self.root / f"routes-{len(self.slices)}")
        self.routes.write(routes)
        tasks = [SliceTask(collection, str(self.files[collection]), start, stop, first,
                           str(self.root / "parts" / f"{collection}-{n:04d}"), routes, self.routes.unplaced)
                 for collection in collections if collection in self.files
                 for n, (start, stop, first) in enumerate(_slices(self.files[collection], self.pieces))]
        for task, routed in zip(tasks, list(mapper(route_slice, tasks))):  # all routed before the routes change
            self.slices.setdefault(task.collection, []).append((task, routed.shards))
            self.read[task.collection] += routed.read
            if routed.hashed_by != pl.__version__:
                raise ComplianceError(f"a worker runs polars {routed.hashed_by}, this process {pl.__version__}: "
                                      "the ids they hash cannot be compared; run the same version everywhere")
            self.ids.setdefault(task.collection, []).append(routed.ids)
            for officer_id, shards in routed.joins.items():
                self.routes.join(officer_id, None, sorted(shards))
            for shard, departments in routed.referred.items():
                self.referred[shard] |= departments

    def write(self, collection: str, lines: Iterable[tuple[int, bytes, tuple[int, ...], set[str]]]) -> None:
        """Write (number, line, shards with the owner's first, departments referred to) as one slice."""
        part = _Part(self.root / "parts" / f"{collection}-0000", self.routes.unplaced + 1)
        for n, (number, line, shards, departments) in enumerate(lines, start=1):
            for shard in shards:
                part.lines[shard].append(line)
                part.numbers[shard].append(number if shard == shards[0] else number | _COPY)
                self.referred[shard] |= departments
            if n % part.BATCH == 0:
                part.flush()
        part.flush()
        task = SliceTask(collection, str(self.files[collection]), 0, 0, 1, str(part.directory), "", 0)
        self.slices[collection] = [(task, part.written)]

    def officers(self) -> Iterator[tuple[int, bytes, tuple[int, ...], set[str]]]:
        """Each officer line, with its shards (the owner: the shard of the department it names), and the
        departments it refers to."""
        routes = self.routes
        for number, line, value in self.lines("officers"):
            officer_id = _text(value, "id")
            departments = [_text(value, "department"), *_texts(value, "postings", "department")]
            owner = routes.department_shard(departments[0])
            shards = routes.officer_shards(officer_id) if officer_id is not None else (owner,)
            yield number, line, (owner, *(s for s in shards if s != owner)), {d for d in departments if d}

    def departments(self) -> Iterator[tuple[int, bytes, tuple[int, ...], set[str]]]:
        """Each department line, with its shards: its own, and every other whose records refer to it or to a
        department below it."""
        shard_of = self.routes.shard_of
        for department_id, parents in self.parents.items():
            self.referred[shard_of[department_id]].update(parents)
        copies: dict[str, set[int]] = defaultdict(set)
        for shard, referred in self.referred.items():
            waiting = [d for d in referred if d in shard_of]
            while waiting:
                department_id = waiting.pop()
                if shard_of[department_id] == shard or shard in copies[department_id]:
                    continue
                copies[department_id].add(shard)
                waiting += [p for p in self.parents.get(department_id, ()) if p in shard_of]
        for number, line, department_id in self.department_lines:
            owner = self.routes.department_shard(department_id)
            yield number, line, (owner, *sorted(copies.get(department_id, ()))), set()

    def gather_repeated(self, collection: str) -> None:
        """Put every line of an id used more than once into every shard that holds one of them, as copies where
        they are not owned, so that the shard that owns a later one finds it used before, as the loader would
        in the whole. Rare: it reads the collection again, and rewrites only the parts it adds lines to."""
        hashes = pl.concat(self.ids.get(collection, [])).sort()
        found = set(hashes.filter(hashes == hashes.shift(1)))  # sorted: a hash used twice is next to itself
        if not found:
            return
        groups: dict[str, list[tuple[int, bytes, tuple[int, ...]]]] = defaultdict(list)
        read = self.lines(collection, count=False)
        while batch := list(itertools.islice(read, _Part.BATCH)):  # hashed a batch at a time, as the slices were
            ids = pl.Series([_text(value, "id") for _, _, value in batch], dtype=pl.String)
            for (number, line, value), record_id, hashed in zip(batch, ids, _id_hashes(ids)):
                if record_id is not None and hashed in found:
                    groups[record_id].append((number, line, self.routes.route(collection, value)))
        slices = self.slices[collection]
        firsts = [task.first for task, _ in slices]
        added: dict[tuple[int, int], list[tuple[int, bytes]]] = defaultdict(list)
        for lines in groups.values():
            shards = {shard for *_, route in lines for shard in route}
            for number, line, route in lines:
                for shard in shards.difference(route):
                    added[bisect_right(firsts, number) - 1, shard].append((number | _COPY, line))
        for (n, shard), lines in added.items():
            task, written = slices[n]
            _insert(Path(task.output) / f"{shard:05d}", lines)
            written.add(shard)

    def shards(self) -> tuple[Shard, ...]:
        owned: dict[int, list[str]] = defaultdict(list)
        for department_id, shard in self.routes.shard_of.items():
            owned[shard].append(department_id)
        parts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for collection, slices in self.slices.items():
            for task, written in slices:
                for shard in written:
                    parts[shard][collection].append(str(Path(task.output) / f"{shard:05d}"))
        if not parts:  # no record at all: one shard of empty files, checked as the loader checks them
            parts[0] = defaultdict(list, {collection: [] for collection in self.files})
        return tuple(
            Shard(f"{n:05d}", {c: tuple(files) for c, files in parts[n].items()},
                  str(self.root / "shards" / f"{n:05d}" / "records"), str(self.root / "shards" / f"{n:05d}" / "origins"),
                  tuple(sorted(owned[n])), sum(Path(f).stat().st_size for files in parts[n].values() for f in files))
            for n in sorted(parts)
        )


def partition(path: str | Path, directory: str | Path, mapper: Mapper | None = None, pieces: int = 1) -> Partition:
    """Cut the dataset in the directory ``path`` into shards under ``directory`` (see the module), routing
    slices of its files (about ``pieces`` of each large file) with ``mapper`` (default: in this process)."""
    path, root = Path(path), Path(directory)
    mapper = mapper or _in_process
    cutting = _Partitioning(record_files(path), root, pieces)
    cutting.place_departments()
    cutting.place_localities()
    cutting.place_officers()
    cutting.route(["actions"], mapper)  # an action brings its officers into its shard
    if "officers" in cutting.files:
        cutting.write("officers", cutting.officers())
    cutting.route([c for c in _SLICED if c != "actions"], mapper)
    if "departments" in cutting.files:
        cutting.write("departments", cutting.departments())
    for collection in cutting.ids:
        cutting.gather_repeated(collection)
    return Partition(str(path), {name: str(file) for name, file in cutting.files.items()}, cutting.read,
                     cutting.shards())


def _pack(sizes: list[int], count: int) -> list[int]:
    """The shard of each of ``sizes`` in ``count`` shards of about the same size: the largest first, each into
    the smallest shard so far (the lowest numbered of equals, so the same sizes give the same shards)."""
    loads = [(0, shard) for shard in range(count)]
    shard_of = [0] * len(sizes)
    for n in sorted(range(len(sizes)), key=lambda n: -sizes[n]):
        load, shard = heapq.heappop(loads)
        shard_of[n] = shard
        heapq.heappush(loads, (load + sizes[n], shard))
    return shard_of


def _in_process(function: Callable[[T], R], tasks: list[T]) -> Iterable[R]:
    return map(function, tasks)


# --- checking a shard ----------------------------------------------------------------------------------------


def owned(dataset: Dataset, departments: frozenset[str]) -> dict[SubjectKind, pl.Series]:
    """The ids of the subjects of each kind a shard owns (:attr:`compliance.engine.ShardScope.owned`): its
    departments, their officers (by ``department``) and actions, and those officers' certificates."""
    frames = dataset.frames

    def ids(frame: pl.DataFrame, column: str, owners: pl.Series) -> pl.Series:
        return frame.filter(pl.col(column).cast(pl.String).is_in(owners.implode()))["id"].cast(pl.String)

    owning = pl.Series(sorted(departments), dtype=pl.String)
    officers = ids(frames.officers, "department", owning)
    return {SubjectKind.department: owning, SubjectKind.officer: officers,
            SubjectKind.action: ids(frames.actions, "department", owning),
            SubjectKind.certificate: ids(frames.certificates, "officer", officers)}


@dataclass(frozen=True)
class ShardTask:
    """Everything a worker needs to check one shard: picklable, and small."""

    shard: Shard
    #: the original file of each collection, to name in problems
    files: dict[str, str]
    ruleset: Ruleset
    as_of: dt.date
    warn_days: int
    on_error: OnError
    #: the period the records cover (see :class:`compliance.report.Coverage`)
    covers: Coverage | None


@dataclass(frozen=True)
class ShardResult:
    """What a shard found: its report (None if its records have problems and ``on_error`` is fail; pickled, its
    findings as rows), and the problems and records left out of the lines it owns, in the original files."""

    report: Report | None
    problems: tuple[Problem, ...] = ()
    left_out: tuple[LeftOut, ...] = ()


class _Origins:
    """Where a shard's lines come from: the original file and line, and whether the shard owns the line."""

    def __init__(self, shard: Shard, files: dict[str, str]):
        self.shard, self.files = shard, files
        self.numbers: dict[str, array] = {}

    def line(self, collection: str, position: str) -> tuple[str, bool]:
        """(original position, owned) of a position in the shard's file of the collection."""
        found = _LINE.fullmatch(position)
        if found is None:
            return position, True
        if collection not in self.numbers:
            numbers = self.numbers[collection] = array("Q")
            numbers.frombytes((Path(self.shard.origins) / collection).read_bytes())
        number = self.numbers[collection][int(found.group(1)) - 1]
        return f"line {number & ~_COPY}", not number & _COPY

    def problem(self, problem: Problem) -> Problem | None:
        """The problem in the original file, or None where the shard does not own its line."""
        collection = Path(problem.file).name.partition(".")[0]
        if collection not in self.files:
            return problem  # not about a line
        position, owned = self.line(collection, problem.position)
        if not owned:
            return None
        moved = replace(problem, file=self.files[collection], position=position)
        first = _FIRST_USED.fullmatch(problem.message)
        if first is None:
            return moved
        message = say("duplicate_id", first=positioned(self.line(collection, first.group(1))[0]))
        return replace(moved, message=message.en, message_zh=message.zh)

    def left_out(self, record: LeftOut) -> LeftOut | None:
        position, owned = self.line(record.collection, record.position)
        if not owned:
            return None
        problems = tuple(p for p in map(self.problem, record.problems) if p is not None)
        return replace(record, file=self.files[record.collection], position=position, problems=problems)

    def summary(self, summary: LoadSummary | None, problems: Iterable[Problem]) -> dict[str, tuple]:
        left_out = summary.left_out if summary is not None else ()
        return {"problems": tuple(p for p in map(self.problem, problems) if p is not None),
                "left_out": tuple(x for x in map(self.left_out, left_out) if x is not None)}


def _join(shard: Shard) -> None:
    """Join a shard's parts into its dataset directory, and its line numbers into its origins."""
    records, origins = Path(shard.records), Path(shard.origins)
    records.mkdir(parents=True)
    origins.mkdir(parents=True)
    for collection, parts in shard.parts.items():
        with open(records / f"{collection}.jsonl", "wb") as lines, open(origins / collection, "wb") as numbers:
            for part in parts:
                with open(part, "rb") as data:
                    shutil.copyfileobj(data, lines, 1 << 22)
                with open(f"{part}.lines", "rb") as data:
                    shutil.copyfileobj(data, numbers, 1 << 22)


def check_shard(task: ShardTask) -> ShardResult:
    """Join one shard, load it with the normal loader and check it, counting only the subjects it owns."""
    _routes.cache_clear()  # a worker that routed slices needs its memory for the shard now
    _route_frames.cache_clear()
    _join(task.shard)
    origins = _Origins(task.shard, task.files)
    try:
        dataset, summary = load(task.shard.records, on_error=task.on_error)
        scope = ShardScope(owned(dataset, frozenset(task.shard.departments)))
        report = check(dataset, task.ruleset, task.as_of, warn_days=task.warn_days, covers=task.covers, shard=scope)
    except LoadError as exc:
        return ShardResult(None, **origins.summary(exc.summary, exc.problems))
    finally:
        # checked (rules may read records from the files): only the origins may be needed again
        shutil.rmtree(task.shard.records, ignore_errors=True)
    return ShardResult(report, **origins.summary(summary, summary.problems))


# --- merging -----------------------------------------------------------------------------------------------


def _where(partition: Partition) -> Callable[[str, str], tuple[int, int]]:
    """A sort key of (file, position): the collection files in the loader's order, then by line."""
    order = {file: n for n, file in enumerate(partition.files.values())}

    def key(file: str, position: str) -> tuple[int, int]:
        found = _LINE.fullmatch(position)
        return order.get(file, -1), int(found.group(1)) if found else 0

    return key


def _summary(partition: Partition, on_error: OnError, results: list[ShardResult]) -> LoadSummary:
    """The load summary of the whole: the files with their counts, every problem and record left out once."""
    where = _where(partition)
    problems = sorted(dict.fromkeys(p for r in results for p in r.problems), key=lambda p: where(p.file, p.position))
    left_out = sorted((x for r in results for x in r.left_out), key=lambda x: where(x.file, x.position))
    rejected = Counter(file for file, position in {(p.file, p.position) for p in problems if p.position}
                       | {(x.file, x.position) for x in left_out})
    files = tuple(FileSummary(file, None, collection, None, partition.read[collection],
                              partition.read[collection] - rejected[file], rejected[file])
                  for collection, file in partition.files.items())
    return LoadSummary(partition.source, on_error, files, tuple(left_out), tuple(problems))


def merge(partition: Partition, results: list[ShardResult], ruleset: Ruleset,
          as_of: dt.date, warn_days: int, on_error: OnError, covers: Coverage | None = None) -> tuple[Report, LoadSummary]:
    """The report and load summary of the whole from its shards' results, in the
    order of the shards, as one process would have made them.

    Raises the loader's :class:`~compliance.load_summary.LoadError` when ``on_error`` is fail and a shard found
    problems, with every problem of every shard."""
    summary = _summary(partition, on_error, results)
    if on_error == "fail" and summary.problems:
        raise LoadError(list(summary.problems), summary)
    reports = [result.report for result in results]
    if None in reports:  # a shard fails only on a problem that the shard owning its line reports
        raise AssertionError("a shard found problems that no shard reports")
    failures: dict[str, RuleFailure] = {}
    for report in reports:
        for failure in report.failures:
            failures.setdefault(failure.rule, failure)
    rules: list[RuleSummary] = []
    for configured in ruleset.rules:
        if configured.id in failures:
            continue  # a rule that raised in one shard has no complete count: the run is incomplete
        parts = [s for report in reports for s in report.rules if s.rule == configured.id]
        not_applicable: Counter[str] = Counter()
        for part in parts:
            not_applicable.update(part.not_applicable)
        rules.append(parts[0].model_copy(update={
            "violations": sum(s.violations for s in parts), "warnings": sum(s.warnings for s in parts),
            "passed": sum(s.passed for s in parts), "not_applicable": dict(sorted(not_applicable.items())),
        }))
    findings = Findings.of_rows(*(report.findings.rows.filter(~pl.col("rule").is_in(list(failures)))
                                  for report in reports))
    left_out = Counter(x.collection for x in summary.left_out)
    report = Report(
        tool_version=__version__, ruleset=ruleset.id, ruleset_chain=ruleset.chain, as_of=as_of,
        warn_days=warn_days, covers=covers or default_coverage(ruleset, as_of), dataset=partition.source,
        record_counts={c: partition.read.get(c, 0) - left_out[c] for c in COLLECTIONS},
        rules=rules, findings=findings, failures=[failures[r.id] for r in ruleset.rules if r.id in failures],
        departments=sorted((d for report in reports for d in report.departments), key=lambda d: d.department),
    )
    return report, summary


# --- the whole run -----------------------------------------------------------------------------------------


@contextmanager
def process_pool(jobs: int) -> Iterator[Mapper]:
    """A mapper over ``jobs`` processes (this one for 1). The workers start from a fresh interpreter (forkserver,
    else spawn), not as copies of this process, which holds the partition's routes."""
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, not {jobs}")
    if jobs == 1:
        yield _in_process
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        yield pool.map


def _check(tasks: list[ShardTask], mapper: Mapper) -> list[ShardResult]:
    """Each shard's result, taken as it comes (while the workers check the next shards), in the order
    of the tasks. The tasks are given the largest first, so that no worker starts a large one when the others
    are done. The reports read are kept from the garbage collector's sight (``gc.freeze``) until the merge: they
    live till then, and each collection would walk all of them again (a fifth of the time of a check in one
    process, measured at 100,000 officers)."""
    order = sorted(range(len(tasks)), key=lambda n: tasks[n].shard.size, reverse=True)
    results: list[ShardResult] = [None] * len(tasks)  # type: ignore[list-item]
    try:
        for n, result in zip(order, mapper(check_shard, [tasks[n] for n in order])):
            results[n] = result
            gc.freeze()
    finally:
        gc.unfreeze()
    return results


def check_sharded(path: str | Path, ruleset: Ruleset | str, as_of: dt.date | None = None, *,
                  warn_days: int = DEFAULT_WARN_DAYS, covers: Coverage | None = None, on_error: OnError = "fail",
                  jobs: int = 1, mapper: Mapper | None = None,
                  directory: str | Path | None = None) -> tuple[Report, LoadSummary]:
    """Check the JSON Lines directory ``path`` shard by shard: the report and load summary that
    :func:`compliance.engine.check` and :func:`compliance.loading.load` give for the whole, with the memory of
    the largest shard. The work runs in ``jobs`` processes, or with ``mapper`` (e.g. on a cluster, see
    :mod:`compliance.distributed`: ``jobs`` then says how many workers to cut work for); the shards are written
    under ``directory`` (default: a temporary directory), which every worker must see, and removed after.

    Raises :class:`NotShardable` for input that is not a directory of JSON Lines files, and the loader's
    :class:`~compliance.load_summary.LoadError` for bad input with ``on_error="fail"``."""
    if isinstance(ruleset, str):
        ruleset = load_ruleset(ruleset)
    as_of = as_of or today()
    workspace = Path(tempfile.mkdtemp(prefix="compliance-shards-", dir=directory))
    try:
        with process_pool(jobs) if mapper is None else nullcontext(mapper) as run:
            # slices of a few per worker: a worker that finishes early takes another
            parts = partition(path, workspace, run, pieces=1 if jobs == 1 else 4 * jobs)

            covers = covers or default_coverage(ruleset, as_of)
            results = _check([ShardTask(s, parts.files, ruleset, as_of, warn_days, on_error, covers)
                              for s in parts.shards], run)
        return merge(parts, results, ruleset, as_of, warn_days, on_error, covers)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
