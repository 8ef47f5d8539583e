"""Baselines: findings known by their fingerprint (rule, subject, period), new ones failing, fixed ones dropping
out, and a file that is replaced whole."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from records import department, officer, run, training

from compliance.baseline import compare, read_baseline, write_baseline
from compliance.errors import ConfigError
from compliance.packs import Ruleset
from compliance.report import BaselineState, Status, Subject, Waiver
from compliance.rules.training import TrainingAnnualHours
from compliance.waivers import apply_waivers

HOURS = "training-annual-hours"


def hours(officers: list[str], as_of: str = "2025-03-01", *, hours_2023: float = 60.0):
    """Each officer trained 10 hours in 2024; ``hours_2023`` each in 2023 (30 public legal, the rest professional)."""
    records = [department()] + [officer(o) for o in officers]
    for o in officers:
        records += [training("2024-06-01", 10, "public_legal", officer=o),
                    training("2023-06-01", 30, "public_legal", officer=o),
                    training("2023-06-02", hours_2023 - 30, "professional", officer=o)]
    return run(records, as_of, Ruleset.of_rule(TrainingAnnualHours(), dt.date(2023, 1, 1)))


def test_the_fingerprint_is_rule_subject_and_period_not_the_wording():
    report = hours(["o1"], hours_2023=40)
    o1 = [f for f in report.findings if f.rule == HOURS]
    assert [f.period for f in o1] == ["2023", "2024"]
    assert o1[0].fingerprint != o1[1].fingerprint  # one officer, two years: two findings
    reworded = o1[0].model_copy(update={"evidence": {}, "message": o1[1].message})
    assert reworded.fingerprint == o1[0].fingerprint
    other = o1[0].model_copy(update={"subject": Subject(kind="officer", id="o2")})
    assert other.fingerprint != o1[0].fingerprint


def test_a_run_against_its_own_baseline_fails_on_nothing(tmp_path):
    report = hours(["o1", "o2"])
    file = tmp_path / "baseline.json"
    baseline = write_baseline(file, report)
    assert len(baseline.findings) == len(report.findings)
    compared = compare(report, read_baseline(file), file)
    assert {f.baseline for f in compared.findings} == {BaselineState.unchanged}
    assert compared.failing == [] and compared.baseline.fixed == []
    assert report.fails and not compared.fails
    assert len(compared.violations) == len(report.violations)  # known findings stay in the report


def test_new_findings_fail_and_fixed_ones_are_reported(tmp_path):
    file = tmp_path / "baseline.json"
    write_baseline(file, hours(["o1", "o2"]))
    later = compare(hours(["o2", "o3"]), read_baseline(file), file)
    failing = {(f.rule, f.subject.id) for f in later.failing}
    assert (HOURS, "o3") in failing and (HOURS, "o2") not in failing
    assert [(e.rule, e.subject.id) for e in later.baseline.fixed if e.rule == HOURS] == [(HOURS, "o1")]


def test_a_warning_that_became_a_violation_is_updated_and_fails(tmp_path):
    file = tmp_path / "baseline.json"
    before = hours(["o1"], "2024-12-20")
    (warning,) = [f for f in before.findings if f.rule == HOURS]
    assert warning.status is Status.warning
    write_baseline(file, before)
    after = compare(hours(["o1"], "2025-01-02"), read_baseline(file), file)
    (finding,) = [f for f in after.findings if f.rule == HOURS]
    assert (finding.status, finding.baseline) == (Status.violation, BaselineState.updated)
    assert finding in after.failing


def test_waived_findings_are_not_recorded(tmp_path):
    report = hours(["o1", "o2"])
    waived = apply_waivers(report, [Waiver(rule=HOURS, subject=Subject(kind="officer", id="o1"), justification="x",
                                           approved_by="y", expires_on=dt.date(2025, 12, 31))])
    baseline = write_baseline(tmp_path / "baseline.json", waived)
    assert (HOURS, "o1") not in {(e.rule, e.subject.id) for e in baseline.findings}
    assert (HOURS, "o2") in {(e.rule, e.subject.id) for e in baseline.findings}


def test_the_file_is_replaced_whole_and_sorted_for_review(tmp_path):
    file = tmp_path / "baseline.json"
    file.write_text("old", encoding="utf-8")
    write_baseline(file, hours(["o2", "o1"]))
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1" and data["as_of"] == "2025-03-01"
    keys = [(e["rule"], e["subject"]["id"], e["period"]) for e in data["findings"]]
    assert keys == sorted(keys)
    assert os.listdir(tmp_path) == ["baseline.json"]


def test_a_write_that_fails_leaves_the_old_baseline(tmp_path, monkeypatch):
    file = tmp_path / "baseline.json"
    write_baseline(file, hours(["o1"]))
    before = file.read_text(encoding="utf-8")

    def broken(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        write_baseline(file, hours(["o1", "o2"]))
    assert file.read_text(encoding="utf-8") == before
    assert os.listdir(tmp_path) == ["baseline.json"]


def test_a_missing_or_broken_baseline_is_named(tmp_path):
    with pytest.raises(ConfigError, match="no such baseline file; write it with --update-baseline"):
        read_baseline(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"ruleset": "x", "as_of": "2025-01-01", "findings": [{"rule": 1}]}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.json: key 'findings.0.fingerprint'"):
        read_baseline(broken)


def test_an_incomplete_run_leaves_the_baseline_as_it_was(tmp_path):
    from records import plugins_with_packs
    from test_cli import EXAMPLE
    from test_engine import ExplodingPlugin

    from compliance.config import Settings
    from compliance.gate import run_gate

    pack = 'id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn"\n[rules.explodes]\n'
    plugins = plugins_with_packs(tmp_path, pack, extra=(ExplodingPlugin(),))
    file = tmp_path / "baseline.json"
    settings = Settings(data=str(EXAMPLE), ruleset="test", as_of=dt.date(2025, 3, 1), baseline=str(file))
    report = run_gate(settings, plugins, update_baseline=True)
    assert report.failures and not file.exists()  # a rule that raised has no findings to record
    file.write_text('{"ruleset": "test", "as_of": "2025-01-01", "findings": []}', encoding="utf-8")
    report = run_gate(settings, plugins, update_baseline=True)
    assert report.failures and json.loads(file.read_text(encoding="utf-8"))["as_of"] == "2025-01-01"
    assert {f.baseline for f in report.findings} == {BaselineState.new}
