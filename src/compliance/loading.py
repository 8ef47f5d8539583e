"""Reading records from disk: a directory of JSON Lines files (one per collection) or one JSON document.

Each file is validated in bulk from its bytes by pydantic-core (one ``validate_json`` call per file, no Python
JSON parsing on the way). Only when that fails is the file read again line by line, to name the line, the
record id and the field of every problem, all of them in one pass.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, create_model

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
    if error["type"] in {"missing", "json_invalid"} or isinstance(error["input"], dict):
        return error["msg"]
    return f"{error['msg']} (got {error['input']!r})"


# --- a directory of JSON Lines files -----------------------------------------------------------------------


def _load_directory(directory: Path) -> Dataset:
    problems: list[Problem] = []
    collections: dict[str, list[Record]] = {}
    line_numbers: dict[str, list[int]] = {}
    for file in sorted(directory.glob("*.jsonl")):
        if file.stem not in _BY_COLLECTION:
            known = ", ".join(f"{name}.jsonl" for name in _BY_COLLECTION)
            problems.append(Problem(str(file), "", f"not a known record file (expected one of: {known})"))
            continue
        records, numbers, file_problems = _read_jsonl(file, _BY_COLLECTION[file.stem])
        collections[file.stem], line_numbers[file.stem] = records, numbers
        problems += file_problems
    if not collections and not problems:
        problems.append(Problem(str(directory), "", "no record files (*.jsonl) in this directory"))
    if problems:
        raise DatasetError(problems)

    def locate(collection: str, index: int) -> tuple[str, str]:
        return str(directory / f"{collection}.jsonl"), f"line {line_numbers[collection][index]}"

    return Dataset(collections, source=str(directory), locate=locate)


def _read_jsonl(file: Path, record_type: type[Record]) -> tuple[list[Record], list[int], list[Problem]]:
    data = file.read_bytes()
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    numbered = [(n, line) for n, line in enumerate(data.split(b"\n"), start=1) if line.strip()]
    numbers = [n for n, _ in numbered]
    try:
        records = _LIST_ADAPTERS[record_type.collection].validate_json(b"[" + b",".join(l for _, l in numbered) + b"]")
    except ValidationError:
        records = None
    if records is not None and len(records) == len(numbered):
        return records, numbers, []
    # Slow path, only for a file that has problems: one line at a time, to report every one exactly.
    problems: list[Problem] = []
    for n, line in numbered:
        try:
            record_type.model_validate_json(line)
        except ValidationError as exc:
            try:
                record_id = _record_id(json.loads(line))
            except ValueError:
                record_id = None
            for error in exc.errors():
                problems.append(Problem(str(file), f"line {n}", _message(error), record_id,
                                        _field_path(error["loc"]) or None))
    return [], numbers, problems


# --- one JSON document -------------------------------------------------------------------------------------


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid")


_DOCUMENT = create_model(  # type: ignore[call-overload]
    "Document", __base__=_Document, **{name: (list[t], []) for name, t in _BY_COLLECTION.items()}
)


def _load_document(file: Path) -> Dataset:
    data = file.read_bytes()
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        document = _DOCUMENT.model_validate_json(data)
    except ValidationError as exc:
        raw = _raw_document(data)
        problems = []
        for error in exc.errors():
            loc = error["loc"]
            if error["type"] == "extra_forbidden" and len(loc) == 1:
                known = ", ".join(_BY_COLLECTION)
                problems.append(Problem(str(file), str(loc[0]), f"not a known record collection (expected: {known})"))
                continue
            problems.append(Problem(str(file), _field_path(loc[:2]) or "", _message(error),
                                    _record_id(_raw_record(raw, loc)), _field_path(loc[2:]) or None))
        raise DatasetError(problems) from None
    collections = {name: getattr(document, name) for name in _BY_COLLECTION}
    return Dataset(collections, source=str(file), locate=lambda c, i: (str(file), f"{c}[{i}]"))


def _raw_record(raw: dict, loc: tuple) -> object:
    """The raw record an error location points into, if there is one: loc is (collection, index, ...)."""
    if len(loc) < 2 or not isinstance(loc[1], int):
        return None
    records = raw.get(loc[0])
    return records[loc[1]] if isinstance(records, list) and loc[1] < len(records) else None


def _raw_document(data: bytes) -> dict:
    try:
        raw = json.loads(data)
    except ValueError:
        return {}
    return raw if isinstance(raw, dict) else {}
