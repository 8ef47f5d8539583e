"""Waiver files: reading them strictly, applying them to a report, and linting them."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from records import department, officer, run, training

from compliance import get_plugins
from compliance.errors import ConfigError
from compliance.report import FailLevel, Status, Subject, Waiver, WaiverState
from compliance.waivers import WaiverFileError, apply_waivers, lint_waivers, read_waivers

RULES = get_plugins(entry_points=False).rules
HOURS = "training-annual-hours"


def write(tmp_path, text: str, name: str = "waivers.toml"):
    file = tmp_path / name
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    return file


def waiver(subject_id: str = "o1", *, expires_on: str = "2025-06-30", period: str | None = None, rule: str = HOURS):
    return Waiver(rule=rule, subject=Subject(kind="officer", id=subject_id), period=period,
                  justification="On sick leave most of 2024", approved_by="区司法局",
                  expires_on=dt.date.fromisoformat(expires_on))


@pytest.fixture(scope="module")
def report():
    """Two officers each trained too little in 2024 (and in 2025, checked once it ends)."""
    records = [department(), officer("o1"), officer("o2"), training("2024-06-01", 10, "public_legal", officer="o1"),
               training("2024-06-01", 10, "public_legal", officer="o2")]
    report = run(records, "2025-03-01")
    assert {f.subject.id for f in report.violations if f.rule == HOURS} == {"o1", "o2"}
    return report


def test_toml_and_json_waiver_files_read_alike(tmp_path):
    toml = write(tmp_path, """
        [[waiver]]
        rule = "training-annual-hours"
        subject = { kind = "officer", id = "o1" }
        period = "2024"
        justification = "On sick leave most of 2024"
        approved_by = "区司法局"
        expires_on = 2025-06-30
        risk = "an officer enforced with less training"
    """)
    entry = {"rule": HOURS, "subject": {"kind": "officer", "id": "o1"}, "period": "2024",
             "justification": "On sick leave most of 2024", "approved_by": "区司法局", "expires_on": "2025-06-30",
             "risk": "an officer enforced with less training"}
    as_json = tmp_path / "waivers.json"
    as_json.write_text(json.dumps({"waiver": [entry]}), encoding="utf-8")
    assert read_waivers(toml, RULES) == read_waivers(as_json, RULES)
    assert read_waivers(toml, RULES)[0].expires_on == dt.date(2025, 6, 30)


def test_every_problem_of_a_waiver_file_is_named_at_once(tmp_path):
    file = write(tmp_path, """
        [[waiver]]
        rule = "training-annual-hours"
        subject = { kind = "officer", id = "o1" }
        justification = "   "
        approved_by = "区司法局"
        expires_on = 2025-06-30

        [[waiver]]
        rule = "no-such-rule"
        subject = { kind = "person", id = "o1" }
        approved_by = "区司法局"
        expires_on = "someday"
        colour = "red"
    """)
    with pytest.raises(WaiverFileError) as caught:
        read_waivers(file, RULES)
    text = str(caught.value)
    assert f"{file}, waiver 1, field 'justification': String should match pattern" in text
    assert f"{file}, waiver 2, field 'subject.kind'" in text
    assert f"{file}, waiver 2, field 'justification': Field required" in text
    assert f"{file}, waiver 2, field 'colour': unknown key" in text
    assert f"{file}, waiver 2, field 'expires_on'" in text


def test_an_unknown_rule_is_named(tmp_path):
    file = write(tmp_path, """
        [[waiver]]
        rule = "no-such-rule"
        subject = { kind = "officer", id = "o1" }
        justification = "x"
        approved_by = "y"
        expires_on = 2025-06-30
    """)
    with pytest.raises(WaiverFileError, match="waiver 1, field 'rule': unknown rule 'no-such-rule'"):
        read_waivers(file, RULES)


@pytest.mark.parametrize(("text", "message"), [
    ("waiver = 3", "not a waiver file"),
    ("[[waiver]\n", "not a waiver file (TOML"),
    ("[[waivers]]\nrule = 'x'", "not a waiver file"),
])
def test_a_file_that_is_no_waiver_file_is_an_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        read_waivers(write(tmp_path, text), RULES)


def test_a_waived_finding_stays_in_the_report_marked_waived_with_its_status(report):
    waived = apply_waivers(report, [waiver("o1")])
    (finding,) = [f for f in waived.findings if f.waived]
    assert (finding.rule, finding.subject.id, finding.status) == (HOURS, "o1", Status.violation)
    assert finding.waiver.justification == "On sick leave most of 2024"
    assert len(waived.findings) == len(report.findings)
    assert finding not in waived.failing and len(waived.failing) == len(report.failing) - 1
    assert [(u.state, u.findings) for u in waived.waivers] == [(WaiverState.active, 1)]


def test_an_expired_waiver_no_longer_applies_and_says_so(report):
    waived = apply_waivers(report, [waiver("o1", expires_on="2025-02-28")])
    (finding,) = [f for f in waived.findings if f.waiver is not None]
    assert not finding.waived and finding in waived.failing
    assert finding.standing == "its waiver expired on 2025-02-28"
    assert waived.waivers[0].state is WaiverState.expired and waived.stale_waivers == waived.waivers
    on_its_last_day = apply_waivers(report, [waiver("o1", expires_on="2025-03-01")])
    assert [f.waived for f in on_its_last_day.findings if f.waiver] == [True]


def test_a_waiver_that_matches_nothing_is_unused(report):
    waived = apply_waivers(report, [waiver("nobody"), waiver("o2", period="2023")])
    assert [u.state for u in waived.waivers] == [WaiverState.unused, WaiverState.unused]
    assert "matches no finding" in str(waived.waivers[0])
    assert waived.findings == report.findings


def test_a_period_narrows_a_waiver_and_the_longest_running_waiver_counts(report):
    waived = apply_waivers(report, [waiver("o2", period="2024", expires_on="2025-01-01"),
                                    waiver("o2", expires_on="2025-12-31")])
    (finding,) = [f for f in waived.findings if f.waiver is not None]
    assert finding.waived and finding.waiver.expires_on == dt.date(2025, 12, 31)
    assert [u.findings for u in waived.waivers] == [1, 1]
    assert [u.state for u in waived.waivers] == [WaiverState.expired, WaiverState.active]


def test_a_waived_warning_does_not_fail_even_at_fail_level_warning():
    records = [department(), officer(), training("2024-06-01", 10, "public_legal")]
    report = run(records, "2024-12-20").model_copy(update={"fail_level": FailLevel.warning})
    (warning,) = [f for f in report.findings if f.rule == HOURS]
    assert warning.status is Status.warning and warning in report.failing
    waived = apply_waivers(report, [Waiver(rule=HOURS, subject=warning.subject, justification="x", approved_by="y",
                                           expires_on=dt.date(2025, 1, 31))])
    assert warning.fingerprint not in {f.fingerprint for f in waived.failing}


def test_lint_names_waivers_that_cannot_apply_and_notes_those_expiring_soon():
    waivers = [
        waiver("o1", expires_on="2025-03-10"),
        waiver("o1", expires_on="2025-12-31"),
        waiver("o2", expires_on="2025-01-31"),
        Waiver(rule="training-plan-filed", subject=Subject(kind="officer", id="o3"), justification="x",
               approved_by="y", expires_on=dt.date(2025, 12, 31)),
    ]
    rules = {rule_id: rule for rule_id, (rule, _) in RULES.items()}
    problems, notes = lint_waivers(waivers, rules, dt.date(2025, 3, 1), warn_days=30)
    assert problems == [
        "waiver 2 (training-annual-hours on officer o1): waives the same findings as waiver 1",
        "waiver 3 (training-annual-hours on officer o2): expired on 2025-01-31",
        "waiver 4 (training-plan-filed on officer o3): the rule's subjects are departments, not officers",
    ]
    assert notes == ["waiver 1 (training-annual-hours on officer o1): expires on 2025-03-10, in 9 day(s)"]
