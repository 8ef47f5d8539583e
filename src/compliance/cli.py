"""The ``compliance`` command.

Exit codes of ``compliance check``: 0 nothing fails at the fail level; 1 findings at or above it (not waived,
not in the baseline), unless ``--exit-zero``; 2 bad input, configuration or usage (the message says what and
where); 3 the run was incomplete because a rule raised (the report names it), whatever else.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import locale
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import TypeAdapter

from . import __version__
from .engine import DEFAULT_WARN_DAYS, today
from .errors import ComplianceError, DatasetError
from .formats import FORMATS
from .gate import load_settings, run_gate
from .labels import LABELS
from .load_summary import LoadError
from .loading import collector_paused
from .messages import position
from .models import RECORD_TYPES
from .packs import DEFAULT, Packs
from .plugins import Plugins, get_plugins
from .progress import bar
from .report import Coverage, FailLevel, Report
from .ruledoc import explain, in_force
from .terminal import COLOUR_CHOICES, ColourChoice, colour_choice
from .waivers import lint_waivers, read_waivers

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01") from None


def _coverage(value: str) -> Coverage:
    try:
        return Coverage.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _days(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days (0 or more)")
    return int(value)


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return int(value)


def _output(value: str) -> tuple[str, str | None]:
    name, equals, file = value.partition("=")
    if name not in FORMATS:
        raise argparse.ArgumentTypeError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
    if equals and not file:
        raise argparse.ArgumentTypeError(f"{value!r}: give a file after '=', e.g. {name}=report.{name}")
    return name, file or None


def _rule_ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _default_lang() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh" if (locale.getlocale()[0] or "").lower().startswith("zh") else "en"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compliance",
        description="Check law-enforcement records against the 2023-2025 enforcement-quality plan and its local packs.",
    )
    parser.add_argument("--version", action="version", version=f"compliance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "check", help="check a dataset against a rule pack",
        description="Exit codes: 0 nothing fails at the fail level, 1 findings at or above it, 2 bad input, "
                    "configuration or usage, 3 incomplete (a rule raised). Options not given are taken from "
                    "[tool.compliance] in pyproject.toml or from compliance.toml, found from here upwards.")
    run.add_argument("data", nargs="?", metavar="DATA",
                     help="a directory of <collection>.jsonl files, or one .json document")
    run.add_argument("--ruleset", metavar="ID", help="the pack to check against, e.g. cn-shanxi-yangquan-kuangqu")
    run.add_argument("--as-of", type=_date, metavar="DATE", help="check as of this day (default: today in Asia/Shanghai)")
    run.add_argument("--covers", type=_coverage, metavar="FIRST..LAST",
                     help="the period the records cover, e.g. 2024-01-01..2024-12-31: an obligation outside it is "
                          "not applicable, inside it a missing record is a violation (default: from the day the "
                          "ruleset's earliest rule took effect to the as-of day)")
    run.add_argument("--format", action="append", type=_output, metavar="FORMAT[=FILE]",
                     help=f"{', '.join(FORMATS)}: with =FILE, written to that file (repeat for several); "
                          "without, what goes to standard output (default text)")
    run.add_argument("--output", "-o", metavar="FILE", help="write the standard-output format to FILE instead")
    run.add_argument("--warn-days", type=_days, metavar="N",
                     help=f"warn about deadlines due within N days (default {DEFAULT_WARN_DAYS})")
    run.add_argument("--lang", choices=["zh", "en"], default=None, help="language of the messages (default: from the locale)")
    run.add_argument("--fail-level", choices=list(FailLevel),
                     help="the least finding that fails the run: a violation of that severity (high, medium, "
                          "low) or, with warning, also a deadline due soon (default low: every violation)")
    run.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail (not when incomplete)")
    run.add_argument("--select", type=_rule_ids, metavar="RULES", help="only these rules (comma-separated)")
    run.add_argument("--extend-select", type=_rule_ids, metavar="RULES", help="these rules too")
    run.add_argument("--ignore", type=_rule_ids, metavar="RULES", help="not these rules")
    run.add_argument("--waivers", metavar="FILE", help="a waiver file (TOML or JSON)")
    run.add_argument("--baseline", metavar="FILE", help="fail only on findings not in this baseline file")
    run.add_argument("--update-baseline", action="store_true", help="rewrite the baseline with today's findings")
    run.add_argument("--config", type=Path, metavar="FILE", help="the configuration file (default: found upwards)")
    run.add_argument("--encoding", metavar="ENC", help="the text encoding of CSV files (default: UTF-8 with or "
                                                       "without BOM, else GB18030, which covers GBK)")
    run.add_argument("--on-error", choices=["fail", "skip"], help="bad records: fail (default; nothing is checked, "
                                                                  "exit 2) or skip them and check the rest")
    run.add_argument("--columns", metavar="FILE", help="a column mapping file for CSV and Excel tables")
    run.add_argument("--jobs", type=_jobs, metavar="N",
                     help="check a directory of JSON Lines files shard by shard (whole localities of about 20,000 "
                          "officers each), in N processes: memory for the largest shard, not the whole dataset; the "
                          "report is the same")
    run.add_argument("--color", choices=COLOUR_CHOICES, default="auto",
                     help="colour the text report on standard output: auto (default) when it is a terminal and "
                          "NO_COLOR is not set, or FORCE_COLOR is; files are never coloured")
    run.add_argument("--no-progress", action="store_true",
                     help="no progress bar (drawn on standard error only when it is a terminal)")

    waivers = commands.add_parser("waivers", help="lint a waiver file")
    waivers.add_argument("action", choices=["check"])
    waivers.add_argument("file", metavar="FILE")
    waivers.add_argument("--as-of", type=_date, metavar="DATE", help="expired as of this day (default: today)")
    waivers.add_argument("--warn-days", type=_days, default=DEFAULT_WARN_DAYS, metavar="N",
                         help=f"note waivers that expire within N days (default {DEFAULT_WARN_DAYS})")

    rules = commands.add_parser("rules", help="list the rules and their sources, or explain one")
    rules.add_argument("--ruleset", metavar="ID", help="only the rules of this pack, as it configures them")
    rules.add_argument("--explain", metavar="RULE", help="what a rule checks, why, its parameters in each pack, "
                                                         "and examples that break and keep it")

    packs = commands.add_parser("rulesets", help="list the rule packs and their layering, or show one resolved")
    packs.add_argument("action", nargs="?", choices=["show"], help="show one pack resolved")
    packs.add_argument("pack", nargs="?", metavar="ID")

    schema = commands.add_parser("schema", help="print the JSON Schema of the input records")
    schema.add_argument("collection", nargs="?", choices=[t.collection for t in RECORD_TYPES],
                        help="one record collection (default: all)")
    return parser


def run() -> None:
    """The ``compliance`` command: :func:`main`, then out without freeing what it built, as mypy does. Freeing a
    province's frames piece by piece took half a second of a seven-second check at 100k officers; the system takes
    a process's memory back at once. The exit handlers still run, after the output is flushed; a failure to flush
    (a closed pipe) goes the usual way out, which reports it."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # before the configuration is read, messages follow --lang or the locale
    words = LABELS[getattr(args, "lang", None) or _default_lang()]
    try:
        if args.command == "schema":
            return _schema(args.collection)
        plugins = get_plugins()
        for failure in plugins.failures:
            print(f"{words.warning}: " + words.plugin_failed.format(
                entry_point=failure.entry_point, distribution=failure.distribution, error=failure.error),
                file=sys.stderr)
        if args.command == "check":
            # paused for the report's whole life, not only while it is built: the collection that follows a
            # pause walks every object made during it that is still alive (90k findings: a third of a second)
            with collector_paused():
                return _check(args, plugins)
        if args.command == "waivers":
            return _check_waivers(args, plugins)
        if args.command == "rules" and args.explain:
            if args.explain not in plugins.rules:
                raise ComplianceError(f"unknown rule {args.explain!r}; known: {', '.join(plugins.rules)}")
            print(explain(args.explain, plugins), end="")
            return EXIT_OK
        if args.command == "rules":
            return _rules(plugins, args.ruleset)
        if args.pack and args.action != "show":
            parser.error("write: compliance rulesets show ID")
        if args.action == "show":
            if not args.pack:
                parser.error("rulesets show needs a pack id")
            return _show_pack(Packs(plugins), args.pack)
        return _list_packs(Packs(plugins))
    except ComplianceError as exc:
        print(f"{words.error}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USAGE


def _check(args: argparse.Namespace, plugins: Plugins) -> int:
    settings = load_settings(plugins, args.config)
    outputs = args.format or []
    to_stdout = [name for name, file in outputs if file is None]
    if len(to_stdout) > 1:
        raise ComplianceError(f"only one format can go to standard output (got {', '.join(to_stdout)}); "
                              "write the others to files with --format FORMAT=FILE")
    settings = settings.override(
        data=args.data, ruleset=args.ruleset, as_of=args.as_of, covers=args.covers, warn_days=args.warn_days,
        lang=args.lang,
        select=args.select, extend_select=args.extend_select, ignore=args.ignore,
        fail_level=args.fail_level and FailLevel(args.fail_level), waivers=args.waivers, baseline=args.baseline,
        encoding=args.encoding, on_error=args.on_error, columns=args.columns, jobs=args.jobs,
        format=to_stdout[0] if to_stdout else None,
        output=settings.output | {name: file for name, file in outputs if file is not None},
    )
    for key, name in settings.unknown_names(plugins.rules):
        raise ComplianceError(f"--{key.replace('_', '-')}: unknown rule {name!r}; known: {', '.join(plugins.rules)}")
    lang = settings.lang or _default_lang()
    words = LABELS[lang]
    try:
        with bar(sys.stderr, words, enabled=not args.no_progress) as (loading, checking):
            report = run_gate(settings, plugins, update_baseline=args.update_baseline, loading=loading,
                              checking=checking)
    except DatasetError as exc:  # the records' problems, and what was read, in the language of the report
        summary = exc.summary if isinstance(exc, LoadError) else None
        exc.args = ("\n".join([exc.render(lang), *(summary.lines(lang) if summary else ())]),)
        raise
    if report.left_out:  # skipped records are never silent
        print(f"{words.warning}: " + words.left_out.format(count=len(report.left_out)), file=sys.stderr)
        for record in report.left_out:
            print(f"  {record.file}, {position(record.position, lang)}: {'; '.join(record.reasons_in(lang))}",
                  file=sys.stderr)
    _write(settings.format, report, args.output, lang, args.color)
    for name, file in settings.output.items():
        _write(name, report, file, lang, "never")
    if report.failures:
        if args.update_baseline:
            print(f"{words.warning}: " + words.baseline_not_updated.format(file=settings.baseline), file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_FINDINGS if report.fails and not args.exit_zero else EXIT_OK


def _write(format_name: str, report: Report, file: str | None, lang: str, colour: ColourChoice) -> None:
    """Write the report in one format to ``file`` (never in colour: a file is kept, and read with other tools), or
    to standard output, in colour as ``colour`` says (see :mod:`compliance.terminal`)."""
    if file is None:
        with colour_choice(colour):
            FORMATS[format_name](report, sys.stdout, lang)
        return
    try:
        Path(file).parent.mkdir(parents=True, exist_ok=True)
        with open(file, "w", encoding="utf-8") as out, colour_choice("never"):
            FORMATS[format_name](report, out, lang)
    except OSError as exc:
        raise ComplianceError(f"cannot write the {format_name} report to {file}: {exc.strerror or exc}") from None


def _check_waivers(args: argparse.Namespace, plugins: Plugins) -> int:
    waivers = read_waivers(Path(args.file), plugins.rules)
    as_of = args.as_of or today()
    problems, notes = lint_waivers(waivers, {rule_id: rule for rule_id, (rule, _) in plugins.rules.items()},
                                   as_of, args.warn_days)
    for line in problems:
        print(f"{args.file}: {line}")
    for line in notes:
        print(f"{args.file}: note: {line}")
    print(f"{args.file}: {len(waivers)} waiver(s), {len(problems)} problem(s), as of {as_of}")
    return EXIT_FINDINGS if problems else EXIT_OK


def _rules(plugins: Plugins, pack_id: str | None) -> int:
    if pack_id is None:
        for rule_id, (rule, origin) in plugins.rules.items():
            print(f"{rule_id}  {rule.title.zh} / {rule.title.en}  ({origin.distribution})")
            for key, citation in rule.citations.items():
                print(f"    {key}: {citation}  {citation.text}")
        return EXIT_OK
    ruleset = Packs(plugins).resolve(pack_id)
    print(f"{ruleset.id}: {ruleset.title} / {ruleset.title_en}")
    for configured in ruleset.rules:
        rule = configured.rule
        print(f"{rule.id}  {rule.title.zh} / {rule.title.en}  [{configured.severity.value}]")
        print(f"    {configured.citation.document} {configured.citation.number or ''} {configured.citation.item}")
        print(f"    「{configured.citation.text}」")
    return EXIT_OK


def _list_packs(packs: Packs) -> int:
    children: dict[str | None, list[str]] = {}
    for pack in packs.by_id.values():
        children.setdefault(pack.header.extends, []).append(pack.id)

    def show(parent: str | None, depth: int) -> None:
        for pack_id in sorted(children.get(parent, [])):
            header = packs.by_id[pack_id].header
            effective = f"in force {in_force(header.effective, header.until)}" if header.effective or header.until \
                else "in force as its parent"
            origin = packs.by_id[pack_id].origin.distribution
            print(f"{'  ' * depth}{pack_id}  {header.title} / {header.title_en}  ({effective}; {origin})")
            show(pack_id, depth + 1)

    show(None, 0)
    orphans = sorted(p for p in children if p is not None and p not in packs.by_id)
    for parent in orphans:
        print(f"(unknown parent {parent!r}): {', '.join(children[parent])}")
    return EXIT_OK


def _show_pack(packs: Packs, pack_id: str) -> int:
    ruleset = packs.resolve(pack_id)
    print(f"{ruleset.id}: {ruleset.title} / {ruleset.title_en}")
    print(f"chain: {' > '.join(ruleset.chain)}")
    print(f"in force: {in_force(ruleset.effective, ruleset.until)}")
    for configured in ruleset.rules:
        print(f"\n[{configured.id}]  stated by {configured.stated_by}, in force "
              f"{in_force(configured.effective, configured.until)}")
        sources = configured.set_by
        print(f"  severity = {configured.severity.value}  ({sources.get('severity', DEFAULT)})")
        print(f"  citation = {configured.citation}  ({sources.get('cite', sources.get('citation', DEFAULT))})")
        for name, value in configured.rule.params.model_dump(mode="json").items():
            print(f"  {name} = {json.dumps(value, ensure_ascii=False)}  ({sources[name]})")
    for rule_id, by in sorted(ruleset.disabled.items()):
        print(f"\n[{rule_id}]  switched off by {by}")
    return EXIT_OK


def _schema(collection: str | None) -> int:
    types = [t for t in RECORD_TYPES if collection in (None, t.collection)]
    schemas = {t.collection: TypeAdapter(t).json_schema() for t in types}
    print(json.dumps(schemas[collection] if collection else schemas, ensure_ascii=False, indent=2))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
