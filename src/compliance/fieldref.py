"""The field reference of the input records (docs/fields.md), rendered from the pydantic models.

Every row comes from the models themselves (``fields_of``, annotations, ``json_schema_extra["zh"]``), so
the reference cannot drift from what the loader accepts. Regenerate the docs page after changing a model::

    python -m compliance.fieldref > docs/fields.md

``tests/test_fieldref.py`` fails while the page is out of date, or when a field lacks a description or a
Chinese term.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterator
from enum import Enum
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from .models import RECORD_TYPES, Part, fields_of

_SCALARS = {str: "string", dt.date: "date (YYYY-MM-DD)", float: "number", int: "integer", bool: "boolean"}

_INTRO = """\
The checker reads records in one of two forms: a directory with one [JSON Lines](https://jsonlines.org/) \
file per collection, named `<collection>.jsonl` (one record per line, e.g. `officers.jsonl`), or one JSON \
document with a list per collection, `{"departments": [...], "officers": [...], ...}`. Nested parts \
(postings, certificate events) are written inside their record, as lists of objects. Dates are written \
YYYY-MM-DD. Unknown fields and values of the wrong type are errors. `compliance schema` prints the JSON \
Schema of every collection."""


def zh(field: FieldInfo) -> str | None:
    """The field's Chinese term, from ``json_schema_extra["zh"]``."""
    extra = field.json_schema_extra
    return extra.get("zh") if isinstance(extra, dict) else None  # type: ignore[return-value]


def type_name(tp: Any) -> str:
    """A human-readable name of a field type; ``None`` in an optional type is left out (see "required")."""
    if get_origin(tp) is list:
        return f"list of {type_name(get_args(tp)[0])}"
    if get_origin(tp) in (Union, UnionType):  # e.g. ``dt.date | None``
        return " or ".join(type_name(a) for a in get_args(tp) if a is not type(None))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "one of: " + " | ".join(str(member.value) for member in tp)
    if isinstance(tp, type) and issubclass(tp, Part):
        return tp.__name__
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"no documented name for field type {tp!r}: add it to compliance.fieldref")


def _parts_in(tp: Any) -> Iterator[type[Part]]:
    if isinstance(tp, type) and issubclass(tp, Part):
        yield tp
    for arg in get_args(tp):
        yield from _parts_in(arg)


def sections() -> Iterator[tuple[str, type[Part]]]:
    """Every documented model with its section heading: each collection, then the parts nested in it."""

    def with_parts(heading: str, model: type[Part], path: str) -> Iterator[tuple[str, type[Part]]]:
        yield heading, model
        for name, field in fields_of(model).items():
            for part in _parts_in(field.annotation):
                yield from with_parts(f"{part.__name__} ({zh(field)}): `{path}.{name}[]`", part, f"{path}.{name}[]")

    for record in RECORD_TYPES:
        yield from with_parts(f"{record.collection} ({record.collection_zh})", record, record.collection)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(model: type[Part]) -> str:
    rows = ["| Field | Type | Required | Meaning | Chinese term |", "| --- | --- | --- | --- | --- |"]
    for name, field in fields_of(model).items():
        cells = [f"`{name}`", type_name(field.annotation), "yes" if field.is_required() else "no",
                 field.description or "", zh(field) or ""]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows)


def field_reference() -> str:
    """The whole Markdown field reference (the content of docs/fields.md)."""
    out = [
        "# Input records: field reference",
        "<!-- Generated from the models by `python -m compliance.fieldref > docs/fields.md`; do not edit. -->",
        _INTRO,
    ]
    for heading, model in sections():
        out += [f"## {heading}", inspect.cleandoc(model.__doc__ or ""), _table(model)]
    return "\n\n".join(out) + "\n"


if __name__ == "__main__":
    print(field_reference(), end="")
