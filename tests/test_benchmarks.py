"""The benchmark's generator, reference pass and runner, at a small scale. No timing here: see benchmarks/run.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from compliance import check, load_dataset, load_ruleset

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
PACK = "cn-shanxi-yangquan-kuangqu"
AS_OF = dt.date(2025, 3, 1)
OFFICERS = 300


def _module(name: str):
    """A script of benchmarks/, imported from its file (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _module("generate")


def _headline_report(data: Path):
    ruleset = load_ruleset(PACK)
    ruleset = dataclasses.replace(ruleset, rules=[r for r in ruleset.rules if r.id in _module("run").HEADLINE_RULES])
    return check(load_dataset(data), ruleset, AS_OF)


def _records(data: Path, collection: str) -> list[dict]:
    with open(data / f"{collection}.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "data"
    generate.generate(OFFICERS, out, seed=1)
    return out


@pytest.fixture(scope="module")
def report(data):
    return _headline_report(data)


def _files(directory: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(directory.glob("*.jsonl"))}


def test_the_generator_is_deterministic_for_a_seed_whatever_the_jobs(tmp_path):
    # 1,200 officers: more than a county of 20 departments, so streets and a second judicial bureau too
    generate.generate(1200, tmp_path / "a", seed=7)
    generate.generate(1200, tmp_path / "b", seed=7, jobs=2)
    generate.generate(120, tmp_path / "c", seed=7)
    generate.generate(120, tmp_path / "d", seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "c") != _files(tmp_path / "d")
    assert set(_files(tmp_path / "a")) == {f"{c}.jsonl" for c in generate.COLLECTIONS}
    departments = load_dataset(tmp_path / "a").departments
    assert {d.level.value for d in departments} == {"county", "township"}
    assert sum(d.department_kind.value == "judicial_bureau" for d in departments) == 2


def test_the_generated_records_load_and_the_whole_pack_runs(data):
    dataset = load_dataset(data)  # raises DatasetError on any invalid record or reference
    assert len(dataset.officers) == OFFICERS
    assert len(dataset.training_records) > 15 * OFFICERS
    report = check(dataset, PACK, AS_OF)
    assert report.failures == []


def test_each_headline_rule_is_broken(report):
    violations = {rule.rule: rule.violations for rule in report.rules}
    assert set(violations) == set(_module("run").HEADLINE_RULES)
    assert all(n > 0 for n in violations.values()), violations


def _violating(report, rule: str) -> set[tuple[str, str | None, str | None]]:
    return {(f.subject.id, f.subject.officer, f.period) for f in report.violations if f.rule == rule}


def test_actions_on_a_certificates_expiry_day_and_on_the_day_after(data, report):
    expiring = {(c["officer"], c["expires_on"]) for c in _records(data, "certificates") if "expires_on" in c}
    after = {(officer, (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()): day
             for officer, day in expiring}
    violating = _violating(report, "certificate-before-enforcement")
    on_the_day, the_day_after = set(), set()
    for action in _records(data, "actions"):
        for officer in action["officers"]:
            if (officer, action["date"]) in expiring:
                on_the_day.add((action["id"], officer))
            elif (officer, action["date"]) in after:
                the_day_after.add((action["id"], officer))
    assert on_the_day and not {(a, o, None) for a, o in on_the_day} & violating
    assert {(a, o, None) for a, o in the_day_after} & violating  # unless renewed that day


def test_29_5_public_legal_hours_break_the_rule_and_30_keep_it(data, report):
    hours = defaultdict(float)
    for record in _records(data, "training_records"):
        if record["date"].startswith("2024") and record["category"] == "public_legal":
            hours[record["officer"]] += record["hours"]
    whole_year = {o["id"] for o in _records(data, "officers")
                  if len(o["postings"]) == 1 and o["postings"][0]["start"] < "2024" and "end" not in o["postings"][0]}
    violating = {officer for officer, _, _ in _violating(report, "training-annual-hours")}
    short = {o for o in whole_year if hours[o] == 29.5}
    exact = {o for o in whole_year if hours[o] == 30.0}
    assert short and short <= violating
    assert exact - violating


def test_training_plans_on_the_deadline_the_day_after_and_the_leap_day(data, report):
    plans = [f for f in _records(data, "filings") if f["filing_kind"] == "training_plan"]
    violating = {department for department, _, _ in _violating(report, "training-plan-filed")}
    on_the_day = {f["department"] for f in plans if f["filed_on"] == "2025-02-28"}
    the_day_after = {f["department"] for f in plans if f["filed_on"] == "2025-03-01"}
    assert on_the_day and not on_the_day & violating
    assert the_day_after and the_day_after <= violating
    assert any(f["filed_on"] == "2024-02-29" for f in plans)
    assert any(f["filed_on"] > AS_OF.isoformat() for f in plans)  # filed after the day of the check


def test_the_reference_pass_finds_exactly_the_librarys_violations(data, report):
    pytest.importorskip("polars")
    reference = _module("reference")
    found = {tuple(row) for row in reference.violations(data, AS_OF).iter_rows()}
    library = {(f.rule, f.subject.id, f.subject.officer or "", f.period or "") for f in report.violations}
    assert found == library
    assert {rule for rule, *_ in found} == set(reference.HEADLINE_RULES)


def test_run_times_both_passes_and_prints_a_table_row(tmp_path, capsys):
    pytest.importorskip("polars")
    run = _module("run")
    code = run.main(["--officers", "150", "--runs", "1", "--jobs", "1", "--cache", str(tmp_path / "cache"),
                     "--keep", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    assert run.HEADER in out
    assert [line for line in out.splitlines() if line.startswith("| 150 |") and line.endswith("| yes |")]
    assert (tmp_path / "out" / "library-150.json").exists()
    assert run.library_violations(tmp_path / "out" / "library-150.json") == \
        run.reference_violations(tmp_path / "out" / "reference-150.jsonl")
