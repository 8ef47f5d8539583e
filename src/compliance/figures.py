"""Department figures that annual rule-of-law reports quote ("共有34人拥有执法证,持有率达70%"): the
certificate holding rate, officers trained to the hours and average hours, and the share of actions carried out
by certified officers only.

They are computed for every report, per department, as of the check's day: the holding rate on that day; the
training and action figures over the last calendar year that has ended. They are figures, not verdicts; the
``department-figures`` rule turns the ones a pack sets a floor for into violations.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from .dataset import Dataset
from .frames import HOURS_COLUMNS, rounded
from .report import DepartmentFigures, HoursBin
from .rules.training import _COUNTED_COLUMNS, TrainingAnnualHoursParams

#: "Trained to the hours" means the hours the plans state (60, of which 30 and 30), as the rule's defaults hold.
_HOURS = TrainingAnnualHoursParams()
#: Lower edges of the training hours bins: 10 hours wide, so 30 and 60 fall on edges; 90 and more in one bin.
_HOURS_EDGES = tuple(range(0, 100, 10))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def department_figures(dataset: Dataset, as_of: dt.date) -> list[DepartmentFigures]:
    """The figures of every department, in id order."""
    frames = dataset.frames
    year = as_of.year - 1
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    department = frames.officers.lazy().select(officer="id", department="department")
    # officers in post on the day, and whether each holds a valid certificate
    in_post = frames.certified(frames.in_post_on(as_of).with_columns(day=pl.lit(as_of)))
    holding = (in_post.join(department, on="officer").group_by("department")
               .agg(in_post=pl.len(), certified=pl.col("certified").sum()))
    # officers in post any day of the last ended year, and their counted hours that year
    trained = (
        # the hours up to the as-of day, asked for by the training rules too, hold the year's (it has ended)
        frames.days_in_post([year]).join(frames.hours_by_year(as_of), on=["officer", "year"], how="left")
        .with_columns(pl.col(HOURS_COLUMNS).fill_null(0.0)).join(department, on="officer")
        .with_columns(total=pl.sum_horizontal(_COUNTED_COLUMNS))
        .with_columns(rounded("total", 2), rounded("public_legal", 2), rounded("professional", 2))
        .with_columns(bin=(pl.col("total") // 10).clip(0, len(_HOURS_EDGES) - 1).cast(pl.Int32),
                      trained=(pl.col("total") >= _HOURS.total_hours)
                      & (pl.col("public_legal") >= _HOURS.public_legal_hours)
                      & (pl.col("professional") >= _HOURS.professional_hours))
        .group_by("department")
        .agg(in_year=pl.len(), trained=pl.col("trained").sum(), hours=pl.col("total").sum(),
             bins=pl.col("bin").value_counts())
    )
    # actions dated in that year, and whether every officer on each held a valid certificate that day (the
    # year has ended: its actions are among those up to the as-of day, which the certificate rule asks for too)
    acted = (
        frames.action_officers(as_of).filter(pl.col("day").is_between(first, last))
        .group_by("action", "department").agg(pl.col("certified").all())
        .group_by("department").agg(actions=pl.len(), by_certified=pl.col("certified").sum())
    )
    figures = (
        frames.departments.lazy().select(department="id", name="name").sort(pl.col("department").cast(pl.String))
        .join(holding, on="department", how="left", maintain_order="left")
        .join(trained, on="department", how="left", maintain_order="left")
        .join(acted, on="department", how="left", maintain_order="left")
        .with_columns(pl.col("department", "name").cast(pl.String))
        .collect()
    )
    out = []
    for d in figures.iter_rows(named=True):
        in_post_count, certified, in_year = d["in_post"] or 0, d["certified"] or 0, d["in_year"] or 0
        officers_by_bin = {b["bin"]: b["count"] for b in d["bins"] or ()}
        out.append(DepartmentFigures(
            department=d["department"], name=d["name"], officers_in_post=in_post_count, certified=certified,
            certificate_holding_rate=_share(certified, in_post_count), year=year, officers_in_year=in_year,
            trained_to_hours=d["trained"] or 0, share_trained=_share(d["trained"] or 0, in_year),
            average_hours=round(d["hours"] / in_year, 2) if in_year else None,
            hours_distribution=[HoursBin(low=low, high=high, officers=officers_by_bin.get(i, 0)) for i, (low, high)
                                in enumerate(zip(_HOURS_EDGES, (*_HOURS_EDGES[1:], None)))],
            actions=d["actions"] or 0, actions_by_certified=d["by_certified"] or 0,
            share_actions_certified=_share(d["by_certified"] or 0, d["actions"] or 0),
        ))
    return out
