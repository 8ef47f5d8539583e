import pytest
from records import action, certificate, department, findings, officer, run, summary

RULE = "certificate-before-enforcement"


def verdict(cert, action_day: str, as_of: str = "2025-06-01"):
    report = run([department(), officer(), *([cert] if cert else []), action(action_day, id="A1")], as_of)
    found = findings(report, RULE)
    return (found[0].evidence["state"] if found else "pass"), summary(report, RULE)


@pytest.mark.parametrize(("day", "expected"), [
    ("2023-12-31", "not_yet_issued"),  # the day before issue
    ("2024-01-01", "pass"),  # the day of issue
    ("2024-12-31", "pass"),  # the expiry day is still valid
    ("2025-01-01", "expired"),  # the day after expiry
])
def test_validity_runs_from_issue_day_to_expiry_day_inclusive(day, expected):
    state, _ = verdict(certificate(issued_on="2024-01-01", expires_on="2024-12-31"), day)
    assert state == expected


@pytest.mark.parametrize(("day", "expected"), [
    ("2024-03-09", "pass"),
    ("2024-03-10", "suspended"),  # an event counts from its own day
    ("2024-04-30", "suspended"),
    ("2024-05-01", "pass"),  # restored that day
])
def test_suspension_covers_event_day_until_restored(day, expected):
    cert = certificate(issued_on="2024-01-01", events=[("2024-03-10", "suspended"), ("2024-05-01", "restored")])
    assert verdict(cert, day)[0] == expected


@pytest.mark.parametrize(("events", "day", "expected"), [
    ([("2024-06-01", "lost"), ("2024-06-20", "reissued")], "2024-06-10", "lost"),
    ([("2024-06-01", "lost"), ("2024-06-20", "reissued")], "2024-06-20", "pass"),
    ([("2024-06-01", "revoked")], "2024-06-01", "revoked"),
    ([("2024-06-01", "revoked"), ("2024-06-05", "cancelled")], "2024-07-01", "cancelled"),
])
def test_lost_revoked_and_cancelled_certificates_are_not_valid(events, day, expected):
    assert verdict(certificate(issued_on="2024-01-01", events=events), day)[0] == expected


def test_no_certificate_at_all():
    state, counts = verdict(None, "2024-06-01")
    assert state == "no certificate"
    assert counts.violations == 1


def test_a_valid_second_certificate_suffices():
    records = [department(), officer(),
               certificate(id="old", issued_on="2019-01-01", expires_on="2023-12-31"),
               certificate(id="new", issued_on="2024-01-01", expires_on="2028-12-31"),
               action("2024-06-01")]
    assert findings(run(records, "2025-01-01"), RULE) == []


def test_one_finding_per_action_and_uncertified_officer():
    records = [department(), officer("o1"), officer("o2"), officer("o3"), certificate("o3"),
               action("2024-06-01", ["o1", "o2", "o3"], id="A1"), action("2024-06-02", ["o1"], id="A2")]
    report = run(records, "2025-01-01")
    got = sorted((f.subject.id, f.subject.officer) for f in findings(report, RULE))
    assert got == [("A1", "o1"), ("A1", "o2"), ("A2", "o1")]
    assert summary(report, RULE).passed == 1


def test_evidence_names_the_certificate_and_its_state_on_the_day():
    report = run([department(), officer(), certificate(id="C9", issued_on="2020-01-01", expires_on="2024-06-30"),
                  action("2024-07-15", id="A1")], "2025-01-01")
    (finding,) = findings(report, RULE)
    assert finding.evidence["certificate"] == "C9"
    assert finding.evidence["state"] == "expired"
    assert finding.evidence["expires_on"] == "2024-06-30"
    assert finding.subject.officer == "o1"
    assert "expired" in finding.message.en and "证件已过期" in finding.message.zh


def test_an_action_after_the_as_of_day_has_not_happened_yet():
    report = run([department(), officer(), action("2024-07-15")], "2024-07-14")
    assert findings(report, RULE) == []
    assert summary(report, RULE).passed == summary(report, RULE).violations == 0


def test_an_action_before_the_law_took_effect_is_not_applicable():
    report = run([department(), officer(), action("2021-07-14"), action("2021-07-15")], "2022-01-01")
    counts = summary(report, RULE)
    assert counts.violations == 1  # on 2021-07-15, the day the revised law took effect
    assert list(counts.not_applicable.values()) == [1]
    assert "2021-07-15" in next(iter(counts.not_applicable))
