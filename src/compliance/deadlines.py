"""Deadlines as the documents write them, and the verdict on a deadline as of a day.

"2月底前" is on or before the last day of February; "每年2月份" recurs every year; "7月22日前" is on or before
that day. A deadline is inclusive, and one that has not passed yet is not a violation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


def month_end(year: int, month: int) -> dt.date:
    """Last day of the month: ``month_end(2024, 2)`` is 2024-02-29."""
    return dt.date(year, month, 1) + relativedelta(day=31)


_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "fixed day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "fixed month end"),
    (re.compile(r"^--(\d{2})-(\d{2})$"), "yearly day"),
    (re.compile(r"^--(\d{2})$"), "yearly month end"),
)


@dataclass(frozen=True)
class Due:
    """When something is due, written as in ISO 8601 (and in packs):

    - ``2024-07-22``: on or before that day, once (7月22日前);
    - ``2024-02``: on or before the last day of that month, once (2024年2月底前);
    - ``--07-22``: on or before that day, every year;
    - ``--02``: on or before the last day of that month, every year (每年2月份, 每年2月底前).
    """

    month: int
    day: int | None  # None: the last day of the month
    year: int | None = None  # None: every year

    @classmethod
    def parse(cls, value: str | dt.date) -> Due:
        if isinstance(value, dt.date):
            return cls(value.month, value.day, value.year)
        for pattern, form in _FORMS:
            match = pattern.match(value)
            if not match:
                continue
            numbers = [int(g) for g in match.groups()]
            due = {
                "fixed day": lambda y, m, d: cls(m, d, y),
                "fixed month end": lambda y, m: cls(m, None, y),
                "yearly day": lambda m, d: cls(m, d),
                "yearly month end": lambda m: cls(m, None),
            }[form](*numbers)
            due.on(due.year or 2024)  # 2024 is a leap year, so --02-29 is allowed; raises on impossible days
            return due
        raise ValueError(f"{value!r} is not a due date: write 2024-07-22, 2024-02 (month end), --07-22 or --02 (yearly)")

    @property
    def recurring(self) -> bool:
        return self.year is None

    def on(self, year: int | None = None) -> dt.date:
        """The deadline in ``year`` (for a yearly one) or the one deadline (for a fixed one)."""
        year = self.year if self.year is not None else year
        if year is None:
            raise ValueError("a yearly deadline needs a year")
        if self.day is None:
            return month_end(year, self.month)
        if self.month == 2 and self.day == 29 and self.year is None:
            return month_end(year, 2)  # yearly "Feb 29" means the last day of February
        return dt.date(year, self.month, self.day)

    def __str__(self) -> str:
        prefix = f"{self.year:04d}-" if self.year is not None else "--"
        return f"{prefix}{self.month:02d}" + (f"-{self.day:02d}" if self.day is not None else "")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> Due:
            if isinstance(value, Due):
                return value
            if isinstance(value, str | dt.date):
                return cls.parse(value)
            raise ValueError(f"expected a due date such as 2024-07-22, 2024-02, --07-22 or --02, got {value!r}")

        return core_schema.no_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


class DeadlineStatus(StrEnum):
    on_time = "on_time"
    late = "late"  # done, but after the deadline
    missing = "missing"  # not done, and the deadline has passed
    due_soon = "due_soon"  # not done, due within the warning window
    not_due = "not_due"  # not done, the deadline is further off


@dataclass(frozen=True)
class DeadlineVerdict:
    status: DeadlineStatus
    deadline: dt.date
    done_on: dt.date | None
    #: days after the deadline it was done (late) or is still outstanding (missing)
    days_late: int | None = None
    #: days left until the deadline (due_soon, not_due)
    days_left: int | None = None

    def evidence(self) -> dict[str, Any]:
        out: dict[str, Any] = {"deadline": self.deadline.isoformat(),
                               "done_on": self.done_on.isoformat() if self.done_on else None}
        if self.days_late is not None:
            out["days_late"] = self.days_late
        if self.days_left is not None:
            out["days_left"] = self.days_left
        return out


def judge_deadline(deadline: dt.date, done_on: dt.date | None, as_of: dt.date, warn_days: int) -> DeadlineVerdict:
    """The verdict on something due on ``deadline`` (inclusive), done on ``done_on`` (None: not yet), as of a day.

    Anything done after ``as_of`` has not happened yet as of that day.
    """
    if done_on is not None and done_on > as_of:
        done_on = None
    if done_on is not None:
        if done_on <= deadline:
            return DeadlineVerdict(DeadlineStatus.on_time, deadline, done_on)
        return DeadlineVerdict(DeadlineStatus.late, deadline, done_on, days_late=(done_on - deadline).days)
    if as_of > deadline:
        return DeadlineVerdict(DeadlineStatus.missing, deadline, None, days_late=(as_of - deadline).days)
    days_left = (deadline - as_of).days
    status = DeadlineStatus.due_soon if days_left <= warn_days else DeadlineStatus.not_due
    return DeadlineVerdict(status, deadline, None, days_left=days_left)
