"""The engine: evaluate a dataset against a resolved ruleset as of a day, and return a report."""

from __future__ import annotations

import datetime as dt
import json
import traceback
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from string import Formatter

import polars as pl

from . import __version__
from .dataset import Dataset
from .loading import collector_paused, parse_document
from .packs import ConfiguredRule, Packs, Ruleset
from .plugins import Plugins, get_plugins
from .progress import Progress, steps
from .report import (
    Coverage,
    FailLevel,
    Finding,
    Findings,
    Report,
    RuleFailure,
    RuleSummary,
    Status,
    Subject,
    SubjectKind,
)
from .rule import Context, Example, Outcome, Rule, SubjectRef

#: China has kept UTC+8 all year since 1991; a fixed offset needs no time-zone database.
CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")

DEFAULT_WARN_DAYS = 30


def today() -> dt.date:
    """Today in Asia/Shanghai, the default as-of day."""
    return dt.datetime.now(CHINA_STANDARD_TIME).date()


@dataclass(frozen=True)
class ShardScope:
    """What the check of one shard of a larger dataset takes from the whole (see :mod:`compliance.shards`)."""

    #: the ids of the subjects of each kind the shard owns, a column each (frame rules filter their outcomes
    #: with it); the outcomes for the others, copies, are counted in the shard that owns them
    owned: Mapping[SubjectKind, pl.Series]
    #: the owned ids of each kind as a set, made the first time a rule over objects asks (see :meth:`owns`)
    _sets: dict[SubjectKind, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def owns(self, subject: SubjectRef) -> bool:
        if subject.kind not in self._sets:
            self._sets[subject.kind] = frozenset(self.owned[subject.kind])
        return subject.id in self._sets[subject.kind]


def load_ruleset(pack_id: str, plugins: Plugins | None = None) -> Ruleset:
    """Resolve the pack ``pack_id`` from the installed plug-ins (built-ins included)."""
    return Packs(plugins or get_plugins()).resolve(pack_id)


def check(dataset: Dataset, ruleset: Ruleset | str, as_of: dt.date | None = None, *,
          warn_days: int = DEFAULT_WARN_DAYS, covers: Coverage | None = None, progress: Progress | None = None,
          shard: ShardScope | None = None) -> Report:
    """Check ``dataset`` against ``ruleset`` (a resolved :class:`Ruleset` or a pack id) as of ``as_of``.

    ``as_of`` defaults to today in Asia/Shanghai. Records dated after ``as_of`` have not happened yet.
    A deadline due within ``warn_days`` days and not met yet is a warning. ``covers`` is the period the records
    cover (default: what the dataset says, else from 1 January of the year the ruleset's earliest rule took
    effect to ``as_of``): an obligation outside it is not applicable, and inside it the absence of a record is
    a violation. ``progress`` is
    told as each rule is taken in hand (see :mod:`compliance.progress`): the rules over objects first, evaluated in turn, while the
    rules over frames run on two threads. With ``shard``, the dataset is one shard of a larger one:
    only the outcomes and department figures of the subjects it owns are reported.
    """
    if isinstance(ruleset, str):
        ruleset = load_ruleset(ruleset)
    as_of = as_of or today()
    covers = covers or dataset.covers or default_coverage(ruleset, as_of)
    context = Context(dataset, as_of, warn_days, covers)
    outcomes: dict[int, tuple[RuleSummary, pl.DataFrame] | RuleFailure] = {}
    with collector_paused():
        # The rules over frames run on threads, two at once, while the rules over objects run here: polars lets go
        # of the GIL, and one query alone leaves a core idle part of the time (sorts, group-bys kept in order,
        # the Python between its collects). At 100k officers the four headline rules took 2.0 s one after the
        # other and 1.5 s so (docs/performance.md).
        dataset.frames  # built here once, not by two threads at a time: the figures read them in any case
        rules = list(enumerate(ruleset.rules))
        pool = ThreadPoolExecutor(_RULE_THREADS, thread_name_prefix="compliance-rule")
        try:
            evaluating = {n: pool.submit(_attempt, configured, context, shard)
                          for n, configured in rules if configured.rule.reads_frames()}
            # the report's department figures are polars queries too, and ask what the rules ask (kept, see
            # Frames._once)
            figuring = pool.submit(lambda: context.department_figures)
            # the rules over objects first, while those over frames run: the progress names each rule as it is in hand
            in_order = [r for r in rules if r[0] not in evaluating] + [r for r in rules if r[0] in evaluating]
            for n, configured in steps(in_order, progress, lambda rule: rule[1].id):
                outcomes[n] = evaluating[n].result() if n in evaluating else _attempt(configured, context, shard)
            figures = [f for f in figuring.result().values()
                       if shard is None or shard.owns(SubjectRef(SubjectKind.department, f.department))]
        finally:
            pool.shutdown(cancel_futures=True)
        evaluated = [outcomes[n] for n, _ in rules]
        return Report(
            tool_version=__version__, ruleset=ruleset.id, ruleset_chain=ruleset.chain, as_of=as_of,
            warn_days=warn_days, covers=covers, dataset=dataset.source, record_counts=dataset.counts(),
            rules=[e[0] for e in evaluated if not isinstance(e, RuleFailure)],
            findings=Findings.of_rows(*(e[1] for e in evaluated if not isinstance(e, RuleFailure))),
            failures=[e for e in evaluated if isinstance(e, RuleFailure)], departments=figures,
        )


def default_coverage(ruleset: Ruleset, as_of: dt.date) -> Coverage:
    """The records' coverage a check assumes where none is given: the years of the ruleset's time in force up
    to the as-of day, from 1 January of the year its earliest rule took effect (none: from the start), so that
    the first year a yearly obligation is checked for is covered whole."""
    days = [configured.effective for configured in ruleset.rules]
    first = None if not days or None in days else min(days)  # type: ignore[type-var]
    return Coverage(first=first and dt.date(min(first, as_of).year, 1, 1), last=as_of)


def check_example(rule: type[Rule], example: Example) -> Report:
    """Run one rule, configured with the example's parameters, over the example's records."""
    dataset = parse_document(json.dumps(example.records).encode(), f"<example of {rule.id}>")
    ruleset = Ruleset.of_rule(rule(rule.Params.model_validate(example.params)),
                              dt.date.fromisoformat(example.effective) if example.effective else None,
                              dt.date.fromisoformat(example.until) if example.until else None)
    return check(dataset, ruleset, dt.date.fromisoformat(example.as_of))


#: how many rules over frames are evaluated at once (see :func:`check`)
_RULE_THREADS = 2


def _attempt(configured: ConfiguredRule, context: Context,
             shard: ShardScope | None) -> tuple[RuleSummary, pl.DataFrame] | RuleFailure:
    """:func:`_evaluate`, or the failure of a broken rule: it is reported, and the run marked incomplete."""
    try:
        return _evaluate(configured, context, shard)
    except Exception as exc:
        return RuleFailure(rule=configured.id, distribution=configured.provided_by,
                           error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())


class _Bounds:
    """Which outcomes of one rule the engine makes not applicable, and why: an obligation outside the rule's time
    in force (ended before it took effect, began after it ended), one outside the records' coverage, and a
    finding over a period the coverage holds only in part (the records that would answer it may lie outside).
    Written once, for outcomes as objects and as frames."""

    def __init__(self, configured: ConfiguredRule, context: Context):
        self.effective, self.until = configured.effective, configured.until
        self.first, self.last = context.covers.bounds(context.as_of)
        self.before_effect = f"ended before the rule took effect on {self.effective} ({configured.stated_by})"
        self.after_force = f"began after the rule's time in force ended on {self.until} ({configured.stated_by})"
        self.outside = f"outside the records' coverage {context.covers}"
        self.partly = f"only partly within the records' coverage {context.covers}"

    def reason(self, outcome: Outcome) -> str | None:
        """Why the engine makes ``outcome`` not applicable; None: it stands as the rule gave it."""
        ends, starts = outcome.ends_on, outcome.starts_on or outcome.ends_on
        if self.effective is not None and ends < self.effective:
            return self.before_effect
        if self.until is not None and starts > self.until:
            return self.after_force
        if (self.first is not None and ends < self.first) or (self.last is not None and starts > self.last):
            return self.outside
        if outcome.status in _FOUND and ((self.first is not None and starts < self.first)
                                         or (self.last is not None and ends > self.last)):
            return self.partly
        return None

    def reason_expr(self) -> pl.Expr:
        """:meth:`reason` over a frame of outcomes."""
        ends, starts = pl.col("ends_on"), pl.coalesce("starts_on", "ends_on")
        never = pl.lit(False)
        found = pl.col("status").is_in([s.value for s in _FOUND])
        return (
            pl.when(ends < self.effective if self.effective is not None else never).then(pl.lit(self.before_effect))
            .when(starts > self.until if self.until is not None else never).then(pl.lit(self.after_force))
            .when((ends < self.first if self.first is not None else never)
                  | (starts > self.last if self.last is not None else never)).then(pl.lit(self.outside))
            .when(found & ((starts < self.first if self.first is not None else never)
                           | (ends > self.last if self.last is not None else never))).then(pl.lit(self.partly))
            .otherwise(pl.lit(None, pl.String))
        )


_FOUND = (Status.violation, Status.warning)


def _evaluate(configured: ConfiguredRule, context: Context,
              shard: ShardScope | None = None) -> tuple[RuleSummary, pl.DataFrame]:
    """How one rule fared, and the rows of its findings (:data:`~compliance.report.FINDING_ROWS`), in any order:
    the report orders all the rules' findings at once."""
    rule = configured.rule
    context = context.for_rule(configured.effective, configured.until)
    bounds = _Bounds(configured, context)
    if rule.reads_frames():
        return _evaluate_frame(configured, context, shard, bounds)
    counts: Counter[Status] = Counter()
    not_applicable: Counter[str] = Counter()
    findings: list[Finding] = []
    for outcome in rule.evaluate(context):
        if shard is not None and not shard.owns(outcome.subject):
            continue  # a copy: counted in the shard that owns the subject
        status = outcome.status
        if (reason := bounds.reason(outcome)) is not None:
            status, outcome.reason = Status.not_applicable, reason
        counts[status] += 1
        if status is Status.not_applicable:
            not_applicable[outcome.reason or "not applicable"] += 1
        elif status in _FOUND:
            findings.append(_finding(configured, status, outcome.subject, outcome.department, outcome.period,
                                     outcome.message, outcome.evidence))
    return _summary(configured, counts, not_applicable), Findings(findings).rows


def _evaluate_frame(configured: ConfiguredRule, context: Context, shard: ShardScope | None,
                    bounds: _Bounds) -> tuple[RuleSummary, pl.DataFrame]:
    """As :func:`_evaluate`, for a rule that gives its outcomes as a frame: counted, and the findings written as
    JSON, in polars."""
    rule = configured.rule
    outcomes = rule.evaluate_frames(context).lazy().with_columns(engine_reason=bounds.reason_expr())
    outcomes = outcomes.with_columns(
        status=pl.when(pl.col("engine_reason").is_not_null()).then(pl.lit(Status.not_applicable.value))
        .otherwise("status"),
        reason=pl.coalesce("engine_reason", "reason")).drop("engine_reason")
    if shard is not None:  # copies are counted in the shard that owns the subject
        outcomes = outcomes.filter(pl.col("subject").is_in(shard.owned[rule.subject_kind].implode()))
    # counted and the findings picked in one run of the plan: the outcomes (two million at 100k officers, most
    # of them passes) are never held whole
    counted, found = pl.collect_all([
        outcomes.group_by("status", "reason").len(),
        outcomes.filter(pl.col("status").is_in([s.value for s in _FOUND])),
    ])
    counted = counted.rows()
    counts = Counter({Status(status): 0 for status, _, _ in counted})
    not_applicable: Counter[str] = Counter()
    for status, reason, n in counted:
        counts[Status(status)] += n
        if status == Status.not_applicable.value:
            not_applicable[reason or "not applicable"] += n
    return _summary(configured, counts, not_applicable), _finding_rows(configured, found)


def _finding_rows(configured: ConfiguredRule, found: pl.DataFrame) -> pl.DataFrame:
    """The rows of the findings of ``found`` (see :data:`~compliance.report.FINDING_ROWS`), each with its JSON as
    pydantic writes a :class:`Finding`, made by polars: the rule's constants (id, severity, subject kind,
    citation) written once."""
    rule, severity = configured.rule, configured.severity
    if found.height and (found["message"].null_count() or found["evidence"].null_count()):
        raise ValueError(f"{rule.id}: a violation or warning outcome without a message or evidence")
    head = pl.struct(
        rule=pl.lit(rule.id), severity=pl.lit(severity.value), status="status",
        subject=pl.struct(kind=pl.lit(rule.subject_kind.value), id="subject", officer="officer"),
        department="department", period="period", message=pl.struct("zh", "en"),
    ).struct.json_encode()
    evidence = pl.col("evidence").struct.json_encode() if isinstance(found.schema.get("evidence"), pl.Struct) \
        else pl.lit("{}")
    tail = (',"citation":' + configured.citation.__pydantic_serializer__.to_json(configured.citation).decode()
            + ',"waiver":null,"waived":false,"baseline":null}')
    return _with_messages(rule, found).select(
        "department", rule=pl.lit(rule.id), kind=pl.lit(rule.subject_kind.value), subject="subject",
        officer="officer", period="period",
        level=pl.when(pl.col("status") == Status.violation.value).then(pl.lit(severity.value))
        .otherwise(pl.lit(FailLevel.warning.value)),
        excused=pl.lit(False),
        json=pl.concat_str(head.str.head(-1), pl.lit(',"evidence":'), evidence, pl.lit(tail)),
    )


def _with_messages(rule: Rule, found: pl.DataFrame) -> pl.DataFrame:
    """``found`` with its messages (``zh``, ``en``): written by polars where it writes every value as Python's
    ``format`` would (text, whole numbers, and decimals written without an exponent), by
    :meth:`Rule.format_message` for the others."""
    evidence = found.schema.get("evidence")
    fields = {f.name: f.dtype for f in evidence.fields} if isinstance(evidence, pl.Struct) else {}
    languages = {"zh": pl.lit(None, pl.String), "en": pl.lit(None, pl.String)}
    for key in found["message"].unique().drop_nulls():
        template = rule.messages[key]
        for lang in languages:
            parts = list(Formatter().parse(getattr(template, lang)))
            names = [name for _, name, _, _ in parts if name is not None]
            if any(spec or conversion or "{" in literal or "}" in literal for literal, name, spec, conversion in parts
                   ) or not all(
                    name in fields and (fields[name] == pl.String or fields[name].is_integer()
                                        or fields[name] == pl.Float64) for name in names):
                continue
            values = [pl.col("evidence").struct.field(name) for name in names]
            plain = pl.all_horizontal(
                v.is_not_null() & (v.abs().is_between(1e-4, 1e16, closed="left") | (v == 0))
                if fields[name] == pl.Float64 else v.is_not_null() for name, v in zip(names, values))
            text = pl.format("".join(literal + ("{}" if name is not None else "") for literal, name, _, _ in parts),
                             *values) if values else pl.lit("".join(literal for literal, _, _, _ in parts))
            languages[lang] = pl.when((pl.col("message") == key) & plain).then(text).otherwise(languages[lang])
    found = found.with_columns(**languages)
    unwritten = found.select((pl.col("zh").is_null() | pl.col("en").is_null()).arg_true()).to_series()
    if unwritten.len():
        texts = [rule.format_message(key, evidence or {}) for key, evidence
                 in found[unwritten].select("message", "evidence").iter_rows()]
        found = found.with_columns(zh=found["zh"].scatter(unwritten, [t.zh for t in texts]),
                                   en=found["en"].scatter(unwritten, [t.en for t in texts]))
    return found


def _finding(configured: ConfiguredRule, status: Status, subject: SubjectRef, department: str | None,
             period: str | None, message: str | None, evidence: dict) -> Finding:
    rule = configured.rule
    assert message is not None, f"{rule.id}: a {status.value} outcome without a message"
    return Finding(
        rule=rule.id, severity=configured.severity, status=status, subject=Subject(**subject._asdict()),
        department=department, period=period, message=rule.format_message(message, evidence),
        evidence=evidence, citation=configured.citation,
    )


def _summary(configured: ConfiguredRule, counts: Counter[Status], not_applicable: Counter[str]) -> RuleSummary:
    rule = configured.rule
    return RuleSummary(
        rule=rule.id, title=rule.title, severity=configured.severity, citation=configured.citation,
        effective=configured.effective, until=configured.until, violations=counts[Status.violation], warnings=counts[Status.warning],
        passed=counts[Status.passed], not_applicable=dict(sorted(not_applicable.items())),
    )
