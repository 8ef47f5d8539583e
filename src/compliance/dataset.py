"""A dataset: the validated records of one run, their cross-references checked, and the indexes rules read.

Records are parsed once. The indexes (by officer, by department, by filing kind) are built once, on first use,
and every rule reads them; no rule scans the whole dataset for each subject.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from operator import attrgetter
from typing import Callable, Generic, TypeVar, overload

from .errors import DatasetError, Problem
from .frames import Frames, frames_of
from .messages import Message, positioned, say
from .models import (
    RECORD_TYPES,
    REFERENCES,
    Assessment,
    Certificate,
    Department,
    DepartmentKind,
    EnforcementAction,
    EnforcementProblem,
    Filing,
    FilingKind,
    Level,
    Officer,
    Record,
    TrainingRecord,
)
from .report import Coverage

R = TypeVar("R", bound=Record)

#: Tells where a record of a collection came from, by its index in that collection: (file, position).
Locator = Callable[[str, int], tuple[str, str]]


def _in_memory(collection: str, index: int) -> tuple[str, str]:
    return "<records>", f"{collection}[{index}]"


_REFERRED = {"departments": "department", "officers": "officer"}


def _values(record: Record, path: str) -> Iterator[tuple[str, str | None]]:
    """(field as a user reads it, value) for every value a reference path names in a record."""
    name, list_marker, item_field = path.partition("[]")
    if not list_marker:
        yield name, getattr(record, name)
        return
    for j, item in enumerate(getattr(record, name)):
        yield (f"{name}[{j}]{item_field}", getattr(item, item_field[1:]) if item_field else item)


def _referenced(records: Sequence[Record], path: str) -> set[str | None]:
    """Every value a reference path names in the records, fast for a plain field."""
    if "[]" not in path:
        return set(map(attrgetter(path), records)) - {None}
    return {value for record in records for _, value in _values(record, path)} - {None}


class _Records(Generic[R]):
    """A collection of a dataset: given when the dataset is built, or read from its files on first use."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, dataset: None, owner: type | None = None) -> _Records[R]: ...

    @overload
    def __get__(self, dataset: Dataset, owner: type | None = None) -> tuple[R, ...]: ...

    def __get__(self, dataset: Dataset | None, owner: type | None = None) -> tuple[R, ...] | _Records[R]:
        if dataset is None:
            return self
        records = dataset.__dict__.get(self.name)
        if records is None:
            records = dataset.__dict__[self.name] = tuple(dataset._read_records(self.name))
        return records


class Dataset:
    """The records of one run. Build it with :func:`compliance.load_dataset` or :meth:`Dataset.from_records`.

    Its collections are tuples of records (``dataset.officers``); :attr:`frames` holds the same records as
    polars frames, for the rules that read whole columns. A dataset read from JSON Lines is read into frames,
    and its records are built from the files only when something asks for them.
    """

    departments: _Records[Department] = _Records()
    officers: _Records[Officer] = _Records()
    certificates: _Records[Certificate] = _Records()
    training_records: _Records[TrainingRecord] = _Records()
    actions: _Records[EnforcementAction] = _Records()
    filings: _Records[Filing] = _Records()
    assessments: _Records[Assessment] = _Records()
    problems: _Records[EnforcementProblem] = _Records()

    def __init__(self, collections: Mapping[str, Sequence[Record]], *, source: str = "<records>",
                 locate: Locator = _in_memory, rejected: Mapping[str, set[str] | None] | None = None,
                 covers: Coverage | None = None):
        """``locate`` says where each record came from, for error messages; ``rejected`` holds, per collection,
        the ids of records that were read but failed validation, so that references to them are not reported
        a second time as unknown (None: the whole collection could not be read, so no reference to it is).
        ``covers`` is the period the records cover where their source says it (a JSON document's ``covers``)."""
        unknown = set(collections) - {t.collection for t in RECORD_TYPES}
        if unknown:
            raise ValueError(f"unknown record collections: {sorted(unknown)}")
        self.source = source
        self.covers = covers
        for record_type in RECORD_TYPES:
            self.__dict__[record_type.collection] = tuple(collections.get(record_type.collection, ()))
        problems = self._check_references(locate, rejected or {})
        if problems:
            raise DatasetError(problems)

    @classmethod
    def of_frames(cls, frames: Frames, read_records: Callable[[str], Sequence[Record]], *,
                  source: str = "<records>") -> Dataset:
        """A dataset of frames already checked (:func:`compliance.frames.read_frames`); ``read_records(name)``
        reads the records of a collection when they are first asked for."""
        dataset = cls.__new__(cls)
        dataset.source, dataset.covers = source, None
        dataset.__dict__["frames"] = frames
        dataset._read_records = read_records  # type: ignore[method-assign]
        return dataset

    def _read_records(self, collection: str) -> Sequence[Record]:
        raise AssertionError(f"{collection} were neither given nor read")  # every collection is set in __init__

    @cached_property
    def frames(self) -> Frames:
        """The records as polars frames (see :mod:`compliance.frames`)."""
        return frames_of({t.collection: self._collection(t.collection) for t in RECORD_TYPES})

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> Dataset:
        """A dataset from records built in Python, of any kinds in any order."""
        collections: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            collections[record.collection].append(record)
        return cls(collections)

    def counts(self) -> dict[str, int]:
        return self.frames.counts()

    def _collection(self, name: str) -> tuple[Record, ...]:
        return getattr(self, name)

    # --- reference checks ----------------------------------------------------------------------------------

    def _check_references(self, locate: Locator, rejected: Mapping[str, set[str] | None]) -> list[Problem]:
        problems: list[Problem] = []

        def report(collection: str, index: int, record: Record, field: str, message: Message) -> None:
            file, position = locate(collection, index)
            problems.append(Problem.of(file, position, message, getattr(record, "id", None), field))

        for record_type in RECORD_TYPES:
            records = self._collection(record_type.collection)
            if len(set(map(attrgetter("id"), records))) == len(records):
                continue  # no duplicate: the usual case, decided with one set
            seen: dict[str, int] = {}
            for index, record in enumerate(records):
                if record.id in seen:
                    first = locate(record_type.collection, seen[record.id])[1]
                    report(record_type.collection, index, record, "id", say("duplicate_id", first=positioned(first)))
                else:
                    seen[record.id] = index

        known = {name: self._known_ids(name, rejected) for name in ("departments", "officers")}
        for collection, path, target in REFERENCES:
            records, ids = self._collection(collection), known[target]
            if ids is None or _referenced(records, path) <= ids:
                continue  # the usual case, decided with one set operation
            for index, record in enumerate(records):
                for field, value in _values(record, path):
                    if value is not None and value not in ids:
                        report(collection, index, record, field, say("unknown_reference", kind=say(_REFERRED[target]), id=value))
        return problems

    def _known_ids(self, collection: str, rejected: Mapping[str, set[str] | None]) -> set[str] | None:
        """Ids a reference may name: the valid records' and the rejected ones' (None: the file was unreadable)."""
        if collection in rejected and rejected[collection] is None:
            return None
        return {r.id for r in self._collection(collection)} | (rejected.get(collection) or set())

    def departments_where(self, levels: Iterable[Level] | None, kinds: Iterable[DepartmentKind]) -> Iterator[Department]:
        """The departments of the given kinds, and of the given levels (None or empty: every level)."""
        levels, kinds = set(levels or ()), set(kinds)
        for department in self.departments:
            if department.department_kind in kinds and (not levels or department.level in levels):
                yield department

    # --- indexes -------------------------------------------------------------------------------------------

    @cached_property
    def department_by_id(self) -> dict[str, Department]:
        return {d.id: d for d in self.departments}

    @cached_property
    def officer_by_id(self) -> dict[str, Officer]:
        return {o.id: o for o in self.officers}

    @cached_property
    def certificates_by_officer(self) -> dict[str, list[Certificate]]:
        index: dict[str, list[Certificate]] = defaultdict(list)
        for c in sorted(self.certificates, key=lambda c: (c.issued_on, c.id)):
            index[c.officer].append(c)
        return index

    @cached_property
    def training_by_officer(self) -> dict[str, list[TrainingRecord]]:
        """Each officer's training records, oldest first."""
        index: dict[str, list[TrainingRecord]] = defaultdict(list)
        for t in sorted(self.training_records, key=lambda t: (t.date, t.id)):
            index[t.officer].append(t)
        return index

    @cached_property
    def filings_by_department(self) -> dict[tuple[str, FilingKind], list[Filing]]:
        """Filings by (department, kind), earliest first."""
        index: dict[tuple[str, FilingKind], list[Filing]] = defaultdict(list)
        for f in sorted(self.filings, key=lambda f: (f.filed_on, f.id)):
            index[f.department, f.filing_kind].append(f)
        return index

    @cached_property
    def assessments_by_officer(self) -> dict[str, list[Assessment]]:
        index: dict[str, list[Assessment]] = defaultdict(list)
        for a in sorted(self.assessments, key=lambda a: (a.year, a.id)):
            index[a.officer].append(a)
        return index

    @cached_property
    def problems_by_department(self) -> dict[str, list[EnforcementProblem]]:
        """Each department's enforcement problems, earliest found first."""
        index: dict[str, list[EnforcementProblem]] = defaultdict(list)
        for p in sorted(self.problems, key=lambda p: (p.found_on, p.id)):
            index[p.department].append(p)
        return index

    @cached_property
    def actions_by_officer(self) -> dict[str, list[EnforcementAction]]:
        """Each officer's actions, earliest first."""
        index: dict[str, list[EnforcementAction]] = defaultdict(list)
        for a in sorted(self.actions, key=lambda a: (a.date, a.id)):
            for officer in a.officers:
                index[officer].append(a)
        return index
