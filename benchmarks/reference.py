"""The reference pass: the four headline rules of the Kuangqu pack as one short polars query.

    python benchmarks/reference.py DATA [--as-of 2025-03-01] [-o FILE]

reads the JSON Lines collections in DATA (lazily, ``scan_ndjson``) and writes the violations of
certificate-before-enforcement, training-annual-hours, training-plan-filed and midterm-evaluation as of the day,
one JSON object a line: ``{"rule", "subject", "officer", "period"}`` (officer and period "" where the finding has
none). It is what a hand-written columnar pass costs, the practical limit for a Python tool; ``run.py`` times it
beside ``compliance check`` and asserts that both find the same violations.

It does not validate the records: it expects data that ``compliance check`` accepts. Its semantics are the
library's for ``cn-shanxi-yangquan-kuangqu`` (parameters below), rule by rule:

- certificate-before-enforcement (in force from 2021-07-15, stated by ``cn``): every action dated on or before
  the as-of day, and every officer on it, is a violation unless one of the officer's certificates was issued on
  or before the action's day, has not expired (the expiry day is valid), and is not suspended, revoked,
  cancelled or lost that day: the last event that changes the state dated on or before the day (events count
  from their own day; ``reissue_applied`` changes nothing) must not be one of those four.
- training-annual-hours (60/30/30, ``partial_year = "prorate"``): each officer in post any day of a year that
  has ended (31 December before the as-of day) and that ended on or after 2024-03-20, from the first year of
  the records on; hours dated on or before the as-of day, political theory not counted, ``other`` counted in
  the total only, rounded to 2 places; each requirement times days in post / days in the year, rounded to 0.1.
- training-plan-filed (``due = "--02"``, ``last_year = 2025``): each enforcement department, each year from
  the first year of the records to 2025 whose end of February is on or after 2024-03-20 and before the as-of
  day, without a training plan for that year (its period, or with none the year it was filed in) filed on or
  before that day (a later one is late, one after the as-of day not yet seen: both are violations).
- midterm-evaluation (``2024-08`` / ``2025-08``, county level): each county-level judicial bureau without a
  mid-term (final) evaluation filed on or before the end of August 2024 (2025), once that day has passed.

The first year of the records is the earliest year among training days, action days, filing days, assessment
years and days problems were found, as in ``Dataset.period``; records after the as-of day are later than any
before it, so only those on or before it are needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import polars as pl

AS_OF = dt.date(2025, 3, 1)
#: The Kuangqu pack, resolved (``compliance rulesets show cn-shanxi-yangquan-kuangqu``).
PACK_EFFECTIVE = dt.date(2024, 3, 20)
CERTIFICATE_RULE_EFFECTIVE = dt.date(2021, 7, 15)  # stated by cn; Kuangqu only picks the citation
TOTAL_HOURS, PUBLIC_LEGAL_HOURS, PROFESSIONAL_HOURS = 60.0, 30.0, 30.0
PLAN_DUE_MONTH, PLAN_LAST_YEAR = 2, 2025
EVALUATIONS = [("midterm", "midterm_evaluation", dt.date(2024, 8, 31)),
               ("final", "final_evaluation", dt.date(2025, 8, 31))]
EVALUATION_LEVELS = ["county"]

HEADLINE_RULES = ("certificate-before-enforcement", "training-annual-hours", "training-plan-filed",
                  "midterm-evaluation")
INVALIDATING = ["suspended", "revoked", "cancelled", "lost"]
STATE_CHANGING = [*INVALIDATING, "restored", "reissued"]

# Days are read as text and turned into dates where they are compared with other days (ISO text compares as the
# days do); ids as categories where they are joined, training categories as an enumeration: polars's JSON
# reader is faster that way.
_DAY = pl.String
SCHEMAS = {
    "departments": {"id": pl.String, "level": pl.String, "department_kind": pl.String},
    "officers": {"id": pl.String, "postings": pl.List(pl.Struct({"start": _DAY, "end": _DAY}))},
    "certificates": {"id": pl.String, "officer": pl.Categorical, "issued_on": _DAY, "expires_on": _DAY,
                     "events": pl.List(pl.Struct({"date": _DAY, "event": pl.String}))},
    "training_records": {"officer": pl.String, "date": _DAY, "hours": pl.Float64,
                         "category": pl.Enum(["public_legal", "professional", "political_theory", "other"])},
    "actions": {"id": pl.String, "officers": pl.List(pl.Categorical), "date": _DAY},
    "filings": {"department": pl.String, "filing_kind": pl.String, "period": pl.String, "filed_on": _DAY},
    "assessments": {"year": pl.Int64},
    "problems": {"found_on": _DAY},
}
#: the day columns turned into dates on reading (nested ones are turned where they are unnested)
DAYS = {"certificates": ["issued_on", "expires_on"], "filings": ["filed_on"], "problems": ["found_on"]}
KEY = ["rule", "subject", "officer", "period"]
NONE = pl.DataFrame(schema={k: pl.String for k in KEY})


def scan(data: Path, collection: str) -> pl.LazyFrame:
    """The collection's columns the rules read; an empty frame when the file is absent."""
    file = data / f"{collection}.jsonl"
    schema = SCHEMAS[collection]
    frame = pl.scan_ndjson(file, schema=schema) if file.exists() else pl.LazyFrame(schema=schema)
    return frame.with_columns(dates(*DAYS.get(collection, [])))


def dates(*columns: str) -> list[pl.Expr]:
    return [pl.col(c).str.to_date("%Y-%m-%d") for c in columns]


def violations(data: str | Path, as_of: dt.date = AS_OF) -> pl.DataFrame:
    """The headline rules' violations in ``data`` as of ``as_of``: rule, subject, officer, period (sorted)."""
    data, day = Path(data), as_of.isoformat()
    # Read what the rules need, the big collections reduced on the way (polars runs the scans in parallel).
    hours = (
        scan(data, "training_records").filter(pl.col("date") <= day)
        .group_by("officer", year=pl.col("date").str.slice(0, 4).cast(pl.Int32))
        .agg(**{category: pl.when(pl.col("category") == category).then("hours").otherwise(0.0).sum()
                for category in ("public_legal", "professional", "other")})
    )
    pairs = (
        scan(data, "actions").filter(pl.col("date") <= day).explode("officers")
        .select(action="id", officer="officers", date=dates("date")[0])
    )
    hours, pairs, certificates, officers, departments, filings, assessments, problems = pl.collect_all([
        hours, pairs, scan(data, "certificates"), scan(data, "officers"), scan(data, "departments"),
        scan(data, "filings"), scan(data, "assessments"), scan(data, "problems"),
    ])
    starts = [hours["year"].min(), pairs["date"].dt.year().min(),
              filings.filter(pl.col("filed_on") <= as_of)["filed_on"].dt.year().min(),
              assessments["year"].min(), problems.filter(pl.col("found_on") <= as_of)["found_on"].dt.year().min()]
    first_year = min([as_of.year, *(y for y in starts if y is not None)])
    departments = departments.with_columns(pl.col("department_kind").fill_null("enforcement"))
    found = pl.collect_all([
        _certificate_before_enforcement(pairs.lazy(), certificates.lazy()),
        _training_annual_hours(hours.lazy(), officers.lazy(), first_year, as_of),
        _training_plan_filed(departments.lazy(), filings.lazy(), first_year, as_of),
        _midterm_evaluation(departments.lazy(), filings.lazy(), as_of),
    ])
    return pl.concat(found).unique().sort(KEY)


def _certificate_before_enforcement(pairs: pl.LazyFrame, certificates: pl.LazyFrame) -> pl.LazyFrame:
    pairs = pairs.filter(pl.col("date") >= CERTIFICATE_RULE_EFFECTIVE).with_row_index("pair")
    # Days a certificate is not valid because of an event: from an event that leaves it suspended, revoked,
    # cancelled or lost, to the next event that changes its state (exclusive; none: for good).
    blocked_from = (
        certificates.select(certificate="id", event="events").explode("event").unnest("event")
        .filter(pl.col("event").is_in(STATE_CHANGING)).with_columns(dates("date"))
        .with_columns(until=pl.col("date").shift(-1).over("certificate"))
        .filter(pl.col("event").is_in(INVALIDATING))
        .select("certificate", since="date", until="until")
    )
    # Each action and officer, with each certificate of the officer's issued and not expired on the day ...
    held = (
        pairs.select("pair", "officer", "date")
        .join(certificates.select("officer", certificate="id", issued_on="issued_on", expires_on="expires_on"),
              on="officer")
        .filter(pl.col("issued_on") <= pl.col("date"),
                pl.col("expires_on").is_null() | (pl.col("date") <= pl.col("expires_on")))
        .select("pair", "certificate", "date")
    )
    # ... but for those suspended, revoked, cancelled or lost that day.
    blocked = (
        held.join(blocked_from, on="certificate")
        .filter(pl.col("since") <= pl.col("date"), pl.col("until").is_null() | (pl.col("date") < pl.col("until")))
    )
    valid = held.join(blocked, on=["pair", "certificate"], how="anti").select("pair").unique()
    return (
        pairs.join(valid, on="pair", how="anti")
        .select(rule=pl.lit("certificate-before-enforcement"), subject="action",
                officer=pl.col("officer").cast(pl.String), period=pl.lit(""))
    )


def _training_annual_hours(hours: pl.LazyFrame, officers: pl.LazyFrame, first_year: int,
                           as_of: dt.date) -> pl.LazyFrame:
    years = [y for y in range(first_year, as_of.year + 1) if PACK_EFFECTIVE <= dt.date(y, 12, 31) < as_of]
    if not years:
        return NONE.lazy()
    year_frame = pl.LazyFrame({"year": years}, schema={"year": pl.Int32}).with_columns(
        first=pl.date(pl.col("year"), 1, 1), last=pl.date(pl.col("year"), 12, 31))
    in_post = (
        officers.select(officer="id", posting="postings").explode("posting").unnest("posting")
        .with_columns(dates("start", "end")).join(year_frame, how="cross")
        .with_columns(days=((pl.min_horizontal(pl.col("end").fill_null(pl.col("last")), "last")
                             - pl.max_horizontal("start", "first")).dt.total_days() + 1).clip(lower_bound=0))
        .group_by("officer", "year", "first", "last").agg(pl.col("days").sum())
        .filter(pl.col("days") > 0)
    )
    share = pl.col("days") / ((pl.col("last") - pl.col("first")).dt.total_days() + 1)
    counted = ["public_legal", "professional", "other"]
    return (
        in_post.join(hours, on=["officer", "year"], how="left")
        .with_columns(pl.col(counted).fill_null(0.0))
        .filter(
            ((pl.col("public_legal") + pl.col("professional") + pl.col("other")).round(2)
             < (TOTAL_HOURS * share).round(1))
            | (pl.col("public_legal").round(2) < (PUBLIC_LEGAL_HOURS * share).round(1))
            | (pl.col("professional").round(2) < (PROFESSIONAL_HOURS * share).round(1))
        )
        .select(rule=pl.lit("training-annual-hours"), subject="officer", officer=pl.lit(""),
                period=pl.col("year").cast(pl.String))
    )


def _training_plan_filed(departments: pl.LazyFrame, filings: pl.LazyFrame, first_year: int,
                         as_of: dt.date) -> pl.LazyFrame:
    deadlines = [(str(y), dt.date(y, PLAN_DUE_MONTH + 1, 1) - dt.timedelta(days=1))
                 for y in range(first_year, min(as_of.year, PLAN_LAST_YEAR) + 1)]
    deadlines = [(y, d) for y, d in deadlines if PACK_EFFECTIVE <= d < as_of]
    if not deadlines:
        return NONE.lazy()
    due = pl.LazyFrame({"year": [y for y, _ in deadlines], "deadline": [d for _, d in deadlines]})
    on_time = (
        filings.filter(pl.col("filing_kind") == "training_plan")
        .with_columns(year=pl.col("period").fill_null(pl.col("filed_on").dt.year().cast(pl.String)))
        .join(due, on="year").filter(pl.col("filed_on") <= pl.col("deadline"))
        .select("department", "year").unique()
    )
    return (
        departments.filter(pl.col("department_kind") == "enforcement").select(department="id")
        .join(due, how="cross").join(on_time, on=["department", "year"], how="anti")
        .select(rule=pl.lit("training-plan-filed"), subject="department", officer=pl.lit(""), period="year")
    )


def _midterm_evaluation(departments: pl.LazyFrame, filings: pl.LazyFrame, as_of: dt.date) -> pl.LazyFrame:
    bureaus = departments.filter(pl.col("department_kind") == "judicial_bureau",
                                 pl.col("level").is_in(EVALUATION_LEVELS))
    found = [
        bureaus.join(filings.filter(pl.col("filing_kind") == kind, pl.col("filed_on") <= deadline),
                     left_on="id", right_on="department", how="anti")
        .select(rule=pl.lit("midterm-evaluation"), subject="id", officer=pl.lit(""), period=pl.lit(stage))
        for stage, kind, deadline in EVALUATIONS if PACK_EFFECTIVE <= deadline < as_of
    ]
    return pl.concat(found) if found else NONE.lazy()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", metavar="DATA", help="a directory of <collection>.jsonl files")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF, metavar="YYYY-MM-DD")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the violations here (default: stdout)")
    args = parser.parse_args(argv)
    found = violations(args.data, args.as_of)
    if args.output:
        found.write_ndjson(args.output)
    else:
        sys.stdout.write(found.write_ndjson())
    print(f"{found.height} violation(s): " + ", ".join(
        f"{rule} {n}" for rule, n in found.group_by("rule").len().sort("rule").iter_rows()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
