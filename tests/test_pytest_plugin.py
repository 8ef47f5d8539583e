"""The pytest plug-in, run by pytest itself (pytester): the example data as tests, and the fixtures for pack
authors."""

from __future__ import annotations

import datetime as dt

import pytest
from test_cli import EXAMPLE, KUANGQU

from compliance import check, load_dataset, load_ruleset
from compliance.testing import assert_findings, describe, run_rule

pytest_plugins = ["pytester"]

AS_OF = "2025-03-01"


@pytest.fixture(scope="module")
def report():
    return check(load_dataset(EXAMPLE), KUANGQU, dt.date.fromisoformat(AS_OF))


def run_example(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("--compliance", str(EXAMPLE), "--compliance-ruleset", KUANGQU,
                              "--compliance-as-of", AS_OF, "-p", "no:cacheprovider", *args)


def failed_items(pytester: pytest.Pytester, *args: str) -> dict[str, str]:
    """The items that failed, by name, with their failure text."""
    recorded = pytester.inline_run("--compliance", str(EXAMPLE), "--compliance-ruleset", KUANGQU,
                                   "--compliance-as-of", AS_OF, "-p", "no:cacheprovider", *args)
    return {report.nodeid.rpartition("::")[2]: report.longreprtext for report in recorded.listoutcomes()[2]}


def test_the_example_data_shows_each_broken_rule_as_a_failing_test(pytester, report):
    result = run_example(pytester)
    broken = {f.rule for f in report.violations}
    result.assert_outcomes(failed=len(broken), passed=len(report.rules) - len(broken))
    failed = failed_items(pytester)
    assert set(failed) == broken
    plan = [f for f in report.violations if f.rule == "training-plan-filed"]
    assert failed["training-plan-filed"].splitlines()[:5] == [
        f"{len(plan)} finding(s) of training-plan-filed fail at level low (as of {AS_OF}, {KUANGQU}):",
        f"  {describe(plan[0])}  ({plan[0].department})",
        f"      {plan[0].message.zh}",
        f"      {plan[0].message.en}",
        f"      [{plan[0].citation}]",
    ]


def test_one_item_per_rule_and_department(pytester, report):
    result = run_example(pytester, "--compliance-per-department", "-q")
    departments = {d.department for d in report.departments}
    failing = {(f.rule, f.department) for f in report.violations}
    result.assert_outcomes(failed=len(failing), passed=len(report.rules) * len(departments) - len(failing))
    assert set(failed_items(pytester, "--compliance-per-department")) == {f"{r}[{d}]" for r, d in failing}


def test_items_are_selected_like_any_test(pytester):
    result = run_example(pytester, "-k", "pilot-sites or training-annual-hours")
    result.assert_outcomes(passed=1, failed=1)


def test_the_configuration_applies_as_it_does_to_the_command(pytester, report):
    (hours,) = {f.subject.id for f in report.violations if f.rule == "midterm-evaluation"}
    pytester.makefile(".toml", compliance='ignore = ["training-plan-filed"]\nwaivers = "waivers.toml"\n')
    pytester.makefile(".toml", waivers=f"""
        [[waiver]]
        rule = "midterm-evaluation"
        subject = {{ kind = "department", id = "{hours}" }}
        justification = "The evaluation was done by the city on the district's behalf"
        approved_by = "市司法局"
        expires_on = 2025-12-31
    """)
    result = run_example(pytester, "-k", "midterm or training-plan or pilot")
    result.assert_outcomes(passed=2)


def test_a_rule_with_no_subject_is_skipped_with_its_reasons(pytester):
    result = pytester.runpytest("--compliance", str(EXAMPLE), "--compliance-ruleset", KUANGQU,
                                "--compliance-as-of", "2024-01-01", "-k", "midterm", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*no subject to check: 2 deadline not yet passed*"])  # the mid-term and final


def test_data_that_cannot_be_checked_is_a_collection_error_naming_the_problem(pytester):
    result = pytester.runpytest("--compliance", "no/such/dir", "--compliance-ruleset", KUANGQU)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting no/such/dir*", "cannot check no/such/dir: 1 problem(s)*",
                                 "  no/such/dir: no such file or directory"])
    no_ruleset = pytester.runpytest("--compliance", str(EXAMPLE))
    no_ruleset.stdout.fnmatch_lines(["cannot check *: no ruleset: give --ruleset ID*"])


def test_without_the_option_the_plugin_adds_nothing(pytester):
    pytester.makepyfile("def test_one(): pass")
    pytester.runpytest().assert_outcomes(passed=1)


# --- for pack authors ---------------------------------------------------------------------------------------------

RECORDS = {
    "departments": [{"id": "d1", "name": "演示县市场监督管理局", "level": "county"}],
    "officers": [{"id": "o1", "name": "张三", "department": "d1", "postings": [{"start": "2020-01-01"}]}],
    "training_records": [{"id": "t1", "officer": "o1", "date": "2024-05-01", "hours": 20,
                          "category": "public_legal"}],
}


def test_run_rule_as_a_pack_configures_it_or_with_parameters():
    report = run_rule("training-annual-hours", RECORDS, AS_OF, pack=KUANGQU)
    assert_findings(report, ["violation training-annual-hours officer o1 2024"])
    assert [s.rule for s in report.rules] == ["training-annual-hours"]
    lenient = run_rule("training-annual-hours", RECORDS, AS_OF,
                       params={"total_hours": 20, "public_legal_hours": 20, "professional_hours": 0},
                       effective="2024-03-20")
    assert_findings(lenient, [])
    configured = next(r.rule for r in load_ruleset(KUANGQU).rules if r.id == "training-annual-hours")
    assert_findings(run_rule(configured, RECORDS, AS_OF, effective="2024-03-20"),
                    ["violation training-annual-hours officer o1 2024"])


def test_assert_findings_says_what_is_missing_and_what_is_unexpected():
    report = run_rule("training-annual-hours", RECORDS, AS_OF, pack=KUANGQU)
    with pytest.raises(AssertionError) as caught:
        assert_findings(report, ["violation training-annual-hours officer o2 2024"])
    assert str(caught.value).splitlines() == [
        "findings differ from those expected",
        "  missing:    violation training-annual-hours officer o2 2024",
        f"  unexpected: violation training-annual-hours officer o1 2024  ({report.findings[0].message.en})",
    ]


def test_the_fixtures_serve_a_pack_authors_tests(pytester):
    pytester.makepyfile(f"""
        from compliance.testing import assert_findings

        RECORDS = {RECORDS!r}

        def test_keeps(compliance_plugins, compliance_run_rule):
            assert "{KUANGQU}" in [p for p in __import__("compliance").packs.Packs(compliance_plugins).by_id]
            report = compliance_run_rule("training-annual-hours", RECORDS, "2025-03-01", pack="{KUANGQU}")
            assert_findings(report, ["violation training-annual-hours officer o1 2024"])

        def test_breaks(compliance_run_rule):
            report = compliance_run_rule("training-annual-hours", RECORDS, "2025-03-01", pack="{KUANGQU}")
            assert_findings(report, [])
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*unexpected: violation training-annual-hours officer o1 2024*"])
