"""Reading records from disk: a directory of JSON Lines files (one per collection) or one JSON document.

Each file is validated in bulk from its bytes by pydantic-core (one ``validate_json`` call per file, no Python
JSON parsing on the way). Only when that fails is the file read again line by line, to name the line, the
record id and the field of every problem, all of them in one pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ConfigDict, TypeAdapter, ValidationError, create_model

from .dataset import Dataset
from .errors import DatasetError, Problem
from .models import RECORD_TYPES, Record

_BY_COLLECTION: dict[str, type[Record]] = {t.collection: t for t in RECORD_TYPES}
_LIST_ADAPTERS = {name: TypeAdapter(list[t]) for name, t in _BY_COLLECTION.items()}
_BOM = b"\xef\xbb\xbf"


def load_dataset(path: str | Path) -> Dataset:
    """Read a dataset from a directory of ``<collection>.jsonl`` files, or from one ``.json`` document.

    Raises :class:`~compliance.errors.DatasetError` listing every invalid record, unknown reference and
    duplicate id, each with its file, line (or index), record id and field.
    """
    path = Path(path)
    if path.is_dir():
        return _load_directory(path)
    if path.is_file():
        return _load_document(path)
    raise DatasetError([Problem(str(path), "", "no such file or directory")])


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _record_id(raw: object) -> str | None:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return raw["id"]
    return None


def _message(error: dict) -> str:
    if error["type"] == "unexpected_keyword_argument":
        return "unknown field: the record format has no such field (see docs/fields.md)"
    if error["type"] in {"missing", "json_invalid"} or isinstance(error["input"], dict):
        return error["msg"]
    return f"{error['msg']} (got {error['input']!r})"


@dataclass
class _Collection:
    """The records read from one collection, where each stands, and what was rejected."""

    records: list[Record] = field(default_factory=list)
    #: where each record stands: its line number, or its index in a JSON document
    positions: Sequence[int] = field(default_factory=list)
    #: ids of the records that failed validation; None when the whole file could not be read
    rejected_ids: set[str] | None = field(default_factory=set)


def _validate_each(record_type: type[Record], file: str, items: Iterable[tuple[int, bytes]],
                   where: Callable[[int], str], problems: list[Problem]) -> _Collection:
    """Validate records one at a time, keeping the good ones and reporting every problem of the bad ones."""
    collection = _Collection(positions=[])
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
            for error in exc.errors():
                problems.append(Problem(file, where(position), _message(error), record_id,
                                        _field_path(error["loc"]) or None))
    return collection


def _dataset(collections: dict[str, _Collection], source: str, file_of: Callable[[str], str],
             where: Callable[[str, int], str], problems: list[Problem]) -> Dataset:
    """The dataset of the records that are valid; raises with every problem, record and reference alike."""
    try:
        dataset = Dataset(
            {name: c.records for name, c in collections.items()}, source=source,
            locate=lambda name, index: (file_of(name), where(name, collections[name].positions[index])),
            rejected={name: c.rejected_ids for name, c in collections.items()},
        )
    except DatasetError as exc:
        problems += exc.problems
    if problems:
        raise DatasetError(problems)
    return dataset


# --- a directory of JSON Lines files -----------------------------------------------------------------------


def _load_directory(directory: Path) -> Dataset:
    problems: list[Problem] = []
    collections: dict[str, _Collection] = {}
    known = ", ".join(f"{name}.jsonl" for name in _BY_COLLECTION)
    for file in sorted(directory.iterdir()):
        stem, suffix = file.name.partition(".")[0], file.suffix
        if suffix == ".jsonl" and stem in _BY_COLLECTION:
            collections[stem] = _read_jsonl(file, _BY_COLLECTION[stem], problems)
        elif suffix == ".jsonl":
            problems.append(Problem(str(file), "", f"not a known record file (expected one of: {known})"))
        elif stem.lower() in _BY_COLLECTION:
            problems.append(Problem(str(file), "", f"records are read from {stem.lower()}.jsonl (JSON Lines); "
                                                   f"rename the file or convert it"))
    if not collections and not problems:
        problems.append(Problem(str(directory), "", f"no record files in this directory (expected: {known})"))
    return _dataset(collections, str(directory), lambda name: str(directory / f"{name}.jsonl"), _line, problems)


def _line(collection: str, number: int) -> str:
    return f"line {number}"


def _read_jsonl(file: Path, record_type: type[Record], problems: list[Problem]) -> _Collection:
    data = file.read_bytes()
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    lines = data.split(b"\n")
    if lines and not lines[-1].strip():
        lines.pop()  # what follows the newline that ends the file
    positions: Sequence[int]
    if all(map(bytes.strip, lines)):
        positions = range(1, len(lines) + 1)  # no blank line: the record on line n is the n-th
    else:
        numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
        lines, positions = [line for _, line in numbered], [n for n, _ in numbered]
    try:
        records = _LIST_ADAPTERS[record_type.collection].validate_json(b"[" + b",".join(lines) + b"]")
    except ValidationError:
        records = None
    if records is not None and len(records) == len(lines):
        return _Collection(records, positions)
    # Slow path, only for a file that has problems: one line at a time, to report every one exactly.
    if (encoding_problem := _not_utf8(file, data)) is not None:
        problems.append(encoding_problem)
        return _Collection(rejected_ids=None)
    return _validate_each(record_type, str(file), zip(positions, lines), lambda n: _line(record_type.collection, n),
                          problems)


def _not_utf8(file: Path, data: bytes) -> Problem | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Problem(str(file), f"line {line}", "the file is not UTF-8 text (JSON Lines must be UTF-8); "
                                                  "save it as UTF-8")
    return None


# --- one JSON document -------------------------------------------------------------------------------------


def _load_document(file: Path) -> Dataset:
    if file.suffix == ".jsonl":
        raise DatasetError([Problem(str(file), "", "a .jsonl file holds one collection: pass the directory it is in")])
    return parse_document(file.read_bytes(), str(file))


def parse_document(data: bytes, name: str) -> Dataset:
    """A dataset from the bytes of one JSON document ``{"departments": [...], ...}``; ``name`` is used in errors."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        document = _DOCUMENT.model_validate_json(data)
        collections = {c: _Collection(records, range(len(records))) for c, records in document if records}
        return _dataset(collections, name, lambda _: name, _index, [])
    except ValidationError:
        pass
    # Slow path: one record at a time, to report every problem exactly.
    problems: list[Problem] = []
    try:
        raw = json.loads(data)
    except ValueError as exc:
        raise DatasetError([Problem(name, "", f"not valid JSON: {exc}")]) from None
    if not isinstance(raw, dict):
        raise DatasetError([Problem(name, "", "expected a JSON object with a list per record collection, "
                                              '{"departments": [...], "officers": [...], ...}')])
    collections = {}
    for collection, records in raw.items():
        if collection not in _BY_COLLECTION:
            known = ", ".join(_BY_COLLECTION)
            problems.append(Problem(name, collection, f"not a known record collection (expected: {known})"))
        elif not isinstance(records, list):
            problems.append(Problem(name, collection, "expected a list of records"))
        else:
            items = [(i, json.dumps(r).encode()) for i, r in enumerate(records)]
            collections[collection] = _validate_each(_BY_COLLECTION[collection], name, items,
                                                     lambda i, c=collection: _index(c, i), problems)
    return _dataset(collections, name, lambda _: name, _index, problems)


def _index(collection: str, index: int) -> str:
    return f"{collection}[{index}]"


_DOCUMENT = create_model(  # type: ignore[call-overload]
    "Document", __config__=ConfigDict(extra="forbid"), **{name: (list[t], []) for name, t in _BY_COLLECTION.items()}
)
