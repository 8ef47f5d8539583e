"""Department figures that annual rule-of-law reports quote ("共有34人拥有执法证,持有率达70%"): the
certificate holding rate, officers trained to the hours and average hours, and the share of actions carried out
by certified officers only.

They are computed for every report, per department, as of the check's day: the holding rate on that day; the
training and action figures over the last calendar year that has ended. They are figures, not verdicts; the
``department-figures`` rule turns the ones a pack sets a floor for into violations.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict

from .dataset import Dataset
from .models import CertificateState, TrainingCategory
from .report import DepartmentFigures, HoursBin
from .rules.training import _COUNTED, TrainingAnnualHoursParams, _hours_by_year

#: "Trained to the hours" means the hours the plans state (60, of which 30 and 30), as the rule's defaults hold.
_HOURS = TrainingAnnualHoursParams()
#: Lower edges of the training hours bins: 10 hours wide, so 30 and 60 fall on edges; 90 and more in one bin.
_HOURS_EDGES = tuple(range(0, 100, 10))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _distribution(totals: list[float]) -> list[HoursBin]:
    officers = [0] * len(_HOURS_EDGES)
    for total in totals:
        officers[bisect_right(_HOURS_EDGES, total) - 1] += 1
    return [HoursBin(low=low, high=high, officers=n)
            for low, high, n in zip(_HOURS_EDGES, (*_HOURS_EDGES[1:], None), officers)]


def _certified_on(dataset: Dataset, officer: str, day: dt.date) -> bool:
    return any(c.state_on(day) is CertificateState.valid for c in dataset.certificates_by_officer.get(officer, ()))


def department_figures(dataset: Dataset, as_of: dt.date) -> list[DepartmentFigures]:
    """The figures of every department, in id order."""
    year = as_of.year - 1
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_post: dict[str, int] = defaultdict(int)
    certified: dict[str, int] = defaultdict(int)
    in_year: dict[str, int] = defaultdict(int)
    trained: dict[str, int] = defaultdict(int)
    hours: dict[str, float] = defaultdict(float)
    totals: dict[str, list[float]] = defaultdict(list)
    for officer in dataset.officers:
        department = officer.department
        if officer.days_in_post(as_of, as_of):
            in_post[department] += 1
            certified[department] += _certified_on(dataset, officer.id, as_of)
        if officer.days_in_post(first, last):
            in_year[department] += 1
            by_category = _hours_by_year(dataset.training_by_officer.get(officer.id, ()), last).get(year, {})
            total = round(sum(by_category.get(c, 0.0) for c in _COUNTED), 2)
            hours[department] += total
            totals[department].append(total)
            trained[department] += (
                total >= _HOURS.total_hours
                and round(by_category.get(TrainingCategory.public_legal, 0.0), 2) >= _HOURS.public_legal_hours
                and round(by_category.get(TrainingCategory.professional, 0.0), 2) >= _HOURS.professional_hours
            )
    actions: dict[str, int] = defaultdict(int)
    by_certified: dict[str, int] = defaultdict(int)
    for action in dataset.actions:
        if first <= action.date <= last:
            actions[action.department] += 1
            by_certified[action.department] += all(_certified_on(dataset, o, action.date) for o in action.officers)
    return [
        DepartmentFigures(
            department=d.id, name=d.name, officers_in_post=in_post[d.id], certified=certified[d.id],
            certificate_holding_rate=_share(certified[d.id], in_post[d.id]), year=year,
            officers_in_year=in_year[d.id], trained_to_hours=trained[d.id],
            share_trained=_share(trained[d.id], in_year[d.id]),
            average_hours=round(hours[d.id] / in_year[d.id], 2) if in_year[d.id] else None,
            hours_distribution=_distribution(totals[d.id]),
            actions=actions[d.id], actions_by_certified=by_certified[d.id],
            share_actions_certified=_share(by_certified[d.id], actions[d.id]),
        )
        for d in sorted(dataset.departments, key=lambda d: d.id)
    ]
