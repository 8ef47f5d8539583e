"""Time the whole ``compliance check`` against the reference pass, on generated data, and check they agree.

    python benchmarks/run.py --officers 10000 100000 [--runs 3] [--jobs N] [--keep DIR] [--seed S]

For each size: generate the records (once; cached by size and seed under ``--cache``, regenerated when
generate.py's code changes), then, ``--runs`` times each, alternately:

- the library: ``compliance check DATA --ruleset cn-shanxi-yangquan-kuangqu --as-of 2025-03-01 --format json
  -o FILE`` restricted to the four headline rules (see :func:`library_command`), as a subprocess: parse,
  validate, evaluate, write the JSON report;
- the reference pass: ``python benchmarks/reference.py DATA --as-of 2025-03-01 -o FILE``, as a subprocess.

It reports the median wall time of each, records per second, peak memory (resident set size, from
``/usr/bin/time -v``, else from ``getrusage`` in a wrapper process), and the ratio library / reference: the
figure to track, as absolute times on shared machines drift. Then it compares the violations both found
(rule, subject, officer, period), prints a sample of any difference, and exits 1 if they differ. The output is
a Markdown table, a row per size, for docs/performance.md.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

PACK = "cn-shanxi-yangquan-kuangqu"
AS_OF = "2025-03-01"
HEADLINE_RULES = ("certificate-before-enforcement", "training-annual-hours", "training-plan-filed",
                  "midterm-evaluation")
TIME = "/usr/bin/time"

#: The check through the library's API, for a CLI without --select: the same steps as ``compliance check
#: --format json -o FILE``, with the pack's rules filtered to the headline ones.
_API_CHECK = """\
import dataclasses, datetime as dt, sys
from compliance import check, load_dataset, load_ruleset
data, output, as_of, pack, *rules = sys.argv[1:]
ruleset = load_ruleset(pack)
ruleset = dataclasses.replace(ruleset, rules=[r for r in ruleset.rules if r.id in rules])
report = check(load_dataset(data), ruleset, dt.date.fromisoformat(as_of))
with open(output, "w", encoding="utf-8") as out:
    out.write(report.model_dump_json(indent=2) + "\\n")
sys.exit(3 if report.failures else 1 if report.violations else 0)
"""

_check_help: str | None = None


def _cli_options() -> str:
    """The help text of ``compliance check``, to see which options this version has."""
    global _check_help
    if _check_help is None:
        done = subprocess.run([sys.executable, "-m", "compliance", "check", "--help"], capture_output=True, text=True)
        _check_help = done.stdout
    return _check_help


def library_command(data: Path, report: Path, as_of: str = AS_OF, jobs: int | None = None) -> list[str]:
    """The command that runs the library's whole check of ``data``, headline rules only, writing the JSON report.

    With a CLI that has ``--select`` (rule ids, comma-separated) it is ``compliance check ... --select``, and
    ``--jobs`` is passed on where the CLI has it; otherwise the same steps through the API (``-c``).
    """
    options = _cli_options()
    if re.search(r"--select\b", options):
        command = [sys.executable, "-m", "compliance", "check", str(data), "--ruleset", PACK, "--as-of", as_of,
                   "--format", "json", "-o", str(report), "--select", ",".join(HEADLINE_RULES)]
        if jobs and re.search(r"--jobs\b", options):
            command += ["--jobs", str(jobs)]
        return command
    return [sys.executable, "-c", _API_CHECK, str(data), str(report), as_of, PACK, *HEADLINE_RULES]


def reference_command(data: Path, output: Path, as_of: str = AS_OF) -> list[str]:
    return [sys.executable, str(HERE / "reference.py"), str(data), "--as-of", as_of, "-o", str(output)]


# --- measuring ---------------------------------------------------------------------------------------------

#: Compiles the installed library's bytecode, as ``pip install`` does. From a checkout (``pip install -e``) with
#: PYTHONDONTWRITEBYTECODE set, every module changed since its bytecode was last written is compiled again on
#: every run: 0.17 s of each run here, which a user's installation never pays.
_COMPILE = "import compileall, compliance, pathlib; compileall.compile_dir(pathlib.Path(compliance.__file__).parent, quiet=1)"

_RUSAGE_WRAPPER = """\
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"User time (seconds): {usage.ru_utime}", file=sys.stderr)
print(f"System time (seconds): {usage.ru_stime}", file=sys.stderr)
print(f"Maximum resident set size (kbytes): {usage.ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


@dataclass
class Run:
    seconds: float  # wall time
    cpu: float  # user and system time, all threads: less sensitive than wall time to other loads on the machine
    peak_rss: int  # bytes


def measure(command: list[str], ok_codes: tuple[int, ...] = (0, 1), cwd: Path | None = None) -> Run:
    """Run ``command`` (in ``cwd``), timing its wall time and reading its CPU time and peak resident set size."""
    if os.access(TIME, os.X_OK):
        wrapped = [TIME, "-v", *command]
    else:
        wrapped = [sys.executable, "-c", _RUSAGE_WRAPPER, *command]
    started = time.perf_counter()
    done = subprocess.run(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd)
    seconds = time.perf_counter() - started
    if done.returncode not in ok_codes:
        raise SystemExit(f"failed (exit {done.returncode}): {' '.join(command[:3])} ...\n{done.stderr[-3000:]}")
    def figure(label: str) -> float:
        match = re.search(rf"{re.escape(label)}: ([\d.]+)", done.stderr)
        return float(match.group(1)) if match else 0.0

    return Run(seconds, figure("User time (seconds)") + figure("System time (seconds)"),
               int(figure("Maximum resident set size (kbytes)")) * 1024)


# --- data --------------------------------------------------------------------------------------------------


def generator_fingerprint() -> str:
    """A hash of generate.py's code, comments, docstrings and layout left out: cached data is made again when the
    code changes, not when its words do."""
    tree = ast.parse((HERE / "generate.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()[:16]


def dataset(officers: int, seed: int, cache: Path, jobs: int) -> tuple[Path, dict]:
    """The generated records for ``officers`` and ``seed``, made once and kept under ``cache``."""
    fingerprint = generator_fingerprint()
    home = cache / f"officers-{officers}-seed-{seed}"
    data, manifest_file = home / "data", home / "manifest.json"
    if manifest_file.exists():
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("generator") == fingerprint and data.is_dir():
            return data, manifest
    shutil.rmtree(home, ignore_errors=True)
    print(f"generating {officers:,} officers (seed {seed}) into {data} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    counts = generate.generate(officers, data, seed, jobs)
    manifest = {"officers": officers, "seed": seed, "generator": fingerprint, "counts": counts,
                "records": sum(counts.values()),
                "bytes": sum(f.stat().st_size for f in data.glob("*.jsonl")),
                "seconds": round(time.perf_counter() - started, 1)}
    manifest_file.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"  {manifest['records']:,} records, {manifest['bytes'] / 1e9:.2f} GB in {manifest['seconds']} s",
          file=sys.stderr)
    return data, manifest


# --- comparing ---------------------------------------------------------------------------------------------

Key = tuple[str, str, str, str]


def _load_json(path: Path):
    try:
        import orjson
    except ImportError:
        return json.loads(path.read_bytes())
    return orjson.loads(path.read_bytes())


def library_violations(report: Path) -> set[Key]:
    """The headline rules' violations in the library's JSON report."""
    document = _load_json(report)
    if document.get("failures"):
        raise SystemExit(f"the library's run is incomplete: {[f['rule'] for f in document['failures']]}")
    return {(f["rule"], f["subject"]["id"], f["subject"].get("officer") or "", f.get("period") or "")
            for f in document["findings"] if f["status"] == "violation" and f["rule"] in HEADLINE_RULES}


def reference_violations(output: Path) -> set[Key]:
    with open(output, encoding="utf-8") as lines:
        return {(v["rule"], v["subject"], v["officer"] or "", v["period"] or "")
                for v in map(json.loads, lines) if v}


def by_rule(keys: set[Key]) -> str:
    return ", ".join(f"{rule} {sum(1 for k in keys if k[0] == rule)}" for rule in HEADLINE_RULES)


def differences(library: set[Key], reference: set[Key], sample: int = 10) -> str:
    """A report of what only one side found, with a sample of each; empty when both agree."""
    if library == reference:
        return ""
    out = [f"library:   {len(library)} ({by_rule(library)})", f"reference: {len(reference)} ({by_rule(reference)})"]
    for name, only in (("only the library", library - reference), ("only the reference", reference - library)):
        if only:
            out.append(f"{name} ({len(only)}, {by_rule(only)}):")
            out += [f"  {key}" for key in sorted(only)[:sample]]
    return "\n".join(out)


# --- the table ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 2**20:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, {platform.system()}"


HEADER = ("| officers | records | JSON Lines | library wall | CPU | records/s | peak RSS "
          "| reference wall | CPU | records/s | peak RSS | library / reference wall | CPU | violations | same |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")


def row(manifest: dict, library: list[Run], reference: list[Run], violations: int, same: bool) -> str:
    """One row of the table: medians of the wall and CPU times, the largest peak RSS."""
    records = manifest["records"]

    def cells(runs: list[Run]) -> tuple[float, float, str]:
        wall, cpu = statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs)
        return wall, cpu, (f"{wall:.1f} s | {cpu:.1f} s | {records / wall / 1e3:,.0f} k "
                           f"| {max(r.peak_rss for r in runs) / 2**30:.2f} GiB")

    lib_wall, lib_cpu, lib_cells = cells(library)
    ref_wall, ref_cpu, ref_cells = cells(reference)
    return (f"| {manifest['officers']:,} | {records / 1e6:.2f} M | {manifest['bytes'] / 1e9:.2f} GB "
            f"| {lib_cells} | {ref_cells} | {lib_wall / ref_wall:.1f} | {lib_cpu / ref_cpu:.1f} "
            f"| {violations:,} | {'yes' if same else 'NO'} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officers", type=int, nargs="+", required=True, metavar="N", help="sizes to run")
    parser.add_argument("--runs", type=int, default=3, help="runs of each pass per size (the median is reported)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes: for generating the data, and for the library if its CLI has --jobs")
    parser.add_argument("--keep", metavar="DIR", help="keep the reports and the reference's output in DIR")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=AS_OF, metavar="YYYY-MM-DD")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache", metavar="DIR",
                        help="where generated data is kept (default benchmarks/.cache)")
    args = parser.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="compliance-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    work, cache = work.resolve(), args.cache.resolve()  # the passes run in the work directory
    rows, agree = [], True
    subprocess.run([sys.executable, "-c", _COMPILE], check=True)
    try:
        for officers in args.officers:
            data, manifest = dataset(officers, args.seed, cache, args.jobs or os.cpu_count() or 1)
            report, found = work / f"library-{officers}.json", work / f"reference-{officers}.jsonl"
            library_runs, reference_runs = [], []
            for n in range(1, args.runs + 1):
                # in the work directory, away from any compliance configuration ([tool.compliance]) above here
                library_runs.append(measure(library_command(data, report, args.as_of, args.jobs), cwd=work))
                reference_runs.append(measure(reference_command(data, found, args.as_of), ok_codes=(0,), cwd=work))
                lib, ref = library_runs[-1], reference_runs[-1]
                print(f"{officers:,} officers, run {n}: library {lib.seconds:.1f} s (CPU {lib.cpu:.1f} s), "
                      f"reference {ref.seconds:.1f} s (CPU {ref.cpu:.1f} s)", file=sys.stderr, flush=True)
            library, reference = library_violations(report), reference_violations(found)
            diff = differences(library, reference)
            if diff:
                agree = False
                print(f"\nThe library and the reference disagree at {officers:,} officers:\n{diff}\n", file=sys.stderr)
            rows.append(row(manifest, library_runs, reference_runs, len(library), not diff))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nMachine: {machine()}. As of {args.as_of}, pack {PACK}, headline rules only; median of {args.runs} "
          f"run(s); command: python benchmarks/run.py --officers {' '.join(map(str, args.officers))} "
          f"--runs {args.runs}{f' --jobs {args.jobs}' if args.jobs else ''}\n")
    print(HEADER)
    print("\n".join(rows))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
