"""Parameter types that several rules share, so that a pack writes them the same way for every rule."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, Strict

from .deadlines import Due
from .models import DepartmentKind, Level

# Packs give enum values as strings; the parameter models are otherwise strict.
LaxLevel = Annotated[Level, Strict(False)]
LaxDepartmentKind = Annotated[DepartmentKind, Strict(False)]


def _fixed(due: Due) -> Due:
    if due.recurring:
        raise ValueError(f"{due} recurs every year; give a fixed day or month, e.g. 2024-12")
    return due


def _yearly(due: Due) -> Due:
    if not due.recurring:
        raise ValueError(f"{due} is a fixed day; give a yearly one, e.g. --12 (the end of December every year)")
    return due


#: A due date that falls once (2024-12, 2024-07-22); a yearly one (--12) is an error.
FixedDue = Annotated[Due, AfterValidator(_fixed)]
#: A due date that recurs every year (--12, --07-22); a fixed one is an error.
YearlyDue = Annotated[Due, AfterValidator(_yearly)]
#: The parameters that say which departments file, shared by the filing rules.
Levels = Annotated[list[LaxLevel] | None, Field(description="Levels of the departments that file; empty: all.")]
DepartmentKinds = Annotated[list[LaxDepartmentKind], Field(description="Kinds of department that file.")]
FiledWithJudicialBureau = Annotated[bool, Field(
    description="Only a filing made with a judicial bureau (its filed_with names one) counts, e.g. 报区司法局备案."
)]
