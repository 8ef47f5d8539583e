"""Department obligations: problem lists, rectification, catalogues, progress reports, street-item evaluations,
the supervision system, certificate cleanups and pilot streets, at their boundaries.

The built-in packs do not carry these rules yet: each test pack extends a built-in locality pack with the
snippet proposed for it (``KUANGQU``, ``YUNCHENG``, ``YUANMOU`` below), so the packs behave as they will.
"""

import itertools

import pytest
from records import _make, department, filing, findings, pack_ruleset, run, summary

from compliance import RulesetError
from compliance.models import Department, EnforcementProblem

KUANGQU = """
# 二(三)9: "2024年3月底,各行政执法部门要梳理形成首批行政执法突出问题清单报区司法局备案".
[rules.problem-list-filed]
cite = "kuangqu"
due = "2024-03"
filed_with_judicial_bureau = true

# 二(三)10: 70% of the problems found rectified by the end of May 2024, all of them by the end of July.
[rules.problems-rectified]
cite = "kuangqu"
checkpoints = [
    { due = "2024-05", min_share = 0.7 },
    { due = "2024-07", min_share = 1.0 },
]

# 二(四)12: each enforcement department's catalogue of enforcement items, by the end of 2024.
[rules.enforcement-catalogue]
cite = "kuangqu"
due = "2024-12"

# 三(二): progress reports to the district judicial bureau (向区司法局报送) by 2024-07-22 and 2025-07-21.
[rules.progress-report]
cite = "kuangqu"
dues = ["2024-07-22", "2025-07-21"]
filed_with_judicial_bureau = true

# 二(六)18: the district judicial bureau evaluates the street enforcement items every year by the end of December:
# 2024 (the measures' first December) and 2025, the last year of their time in force.
[rules.street-items-evaluation]
cite = "kuangqu"
due = "--12"
levels = ["county"]

# 二(八)22: the city-district-street supervision system basically built by the end of 2024.
[rules.supervision-system]
cite = "kuangqu"
due = "2024-12"
levels = ["county"]

# 二(二)6: each enforcement department clears up its certificates every year (no month given: by 31 December):
# 2024 and 2025.
[rules.annual-certificate-cleanup]
cite = "kuangqu"
due = "--12"

# 二(六)19: "选定1-2个街道作为试点" (no day given: by the end of 2024).
[rules.pilot-sites]
cite = "kuangqu"
min_sites = 1
max_sites = 2
due = "2024-12"
"""

YUNCHENG = """
# 二(二)5: city-level departments, by 2024-02-29.
[rules.problem-list-filed]
cite = "yuncheng"
due = "2024-02"
levels = ["city"]

# 二(三)10: every level's departments, by the end of 2024.
[rules.enforcement-catalogue]
cite = "yuncheng"
due = "2024-12"

# 二(四)14: the city-county-township supervision system basically built by the end of 2024; the city judicial
# bureau answers for it.
[rules.supervision-system]
cite = "yuncheng"
due = "2024-12"
levels = ["city"]

# 二(三)12: each county (市、区) chooses 2 townships or streets as county pilots (no day given: by the end of 2024).
[rules.pilot-sites]
cite = "yuncheng"
min_sites = 2
due = "2024-12"
"""

YUANMOU = """
# 任务分工 一: "开展行政执法人员清理" — yearly (as RULES.md reads it; no month given: by 31 December): 2024 and
# 2025, the years of the task list's time in force.
[rules.annual-certificate-cleanup]
cite = "yuanmou"
due = "--12"
"""

BUILTIN = {"kuangqu": ("cn-shanxi-yangquan-kuangqu", KUANGQU), "yuncheng": ("cn-shanxi-yuncheng", YUNCHENG),
           "yuanmou": ("cn-yunnan-chuxiong-yuanmou", YUANMOU)}


@pytest.fixture
def packs(tmp_path_factory):
    """The test packs by locality: each a built-in pack plus its snippet, resolved once per test."""
    cache = {}

    def get(locality: str):
        if locality not in cache:
            parent, snippet = BUILTIN[locality]
            header = f'id = "test"\ntitle = "测试"\ntitle_en = "Test"\nextends = "{parent}"\n'
            cache[locality] = pack_ruleset(tmp_path_factory.mktemp(locality), header + snippet)
        return cache[locality]

    return get


_ids = itertools.count(1)


def bureau(id: str = "sfj", *, level: str = "county", locality: str | None = None) -> Department:
    return _make(Department, id=id, name=f"司法局 {id}", level=level, department_kind="judicial_bureau",
                 locality=locality)


def street(id: str, *, locality: str = "阳泉市矿区", pilot_since: str | None = None) -> Department:
    return _make(Department, id=id, name=f"街道 {id}", level="township", locality=locality, pilot_since=pilot_since)


def problem(found_on: str, rectified_on: str | None = None, *, department: str = "d1",
            id: str | None = None) -> EnforcementProblem:
    return _make(EnforcementProblem, id=id or f"P{next(_ids)}", department=department, found_on=found_on,
                 rectified_on=rectified_on)


def statuses(report, rule: str) -> dict:
    """(subject, period) -> status of the findings of one rule."""
    return {(f.subject.id, f.period): f.status.value for f in findings(report, rule)}


# --- the packs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("locality", "rules"), [
    ("kuangqu", {"problem-list-filed", "problems-rectified", "enforcement-catalogue", "progress-report",
                 "street-items-evaluation", "supervision-system", "annual-certificate-cleanup", "pilot-sites"}),
    ("yuncheng", {"problem-list-filed", "enforcement-catalogue", "supervision-system", "pilot-sites"}),
    ("yuanmou", {"annual-certificate-cleanup"}),
])
def test_each_snippet_configures_its_rules_with_the_locality_citation(packs, locality, rules):
    ruleset = packs(locality)
    configured = {r.id: r for r in ruleset.rules if r.id in rules}
    assert set(configured) == rules
    for rule in configured.values():
        assert rule.set_by["cite"] == "test"
        assert rule.citation == type(rule.rule).citations[locality]
        assert rule.effective == ruleset.effective  # in force with the locality's document


@pytest.mark.parametrize(("rule", "key", "value"), [
    ("problem-list-filed", "due", '"--03"'),  # a one-off obligation, not a yearly one
    ("enforcement-catalogue", "due", '"--12"'),
    ("supervision-system", "due", '"--12"'),
    ("progress-report", "dues", '["2024-07-22", "--07-21"]'),
    ("annual-certificate-cleanup", "due", '"2024-12"'),  # a yearly obligation, not a one-off one
    ("street-items-evaluation", "due", '"2024-12"'),
    ("problems-rectified", "checkpoints", '[{ due = "2024-05", min_share = 1.5 }]'),
    ("problems-rectified", "checkpoints", '[{ due = "2024-05", min_share = "70%" }]'),
    ("problems-rectified", "checkpoints", '[]'),
    ("pilot-sites", "max_sites", "0"),  # less than min_sites = 1
    ("pilot-sites", "due", '"--12"'),
])
def test_a_wrong_parameter_names_the_pack_and_the_key(tmp_path, rule, key, value):
    text = f'id = "test"\ntitle = "测试"\ntitle_en = "Test"\nextends = "cn"\n[rules.{rule}]\n{key} = {value}\n'
    with pytest.raises(RulesetError) as error:
        pack_ruleset(tmp_path, text)
    assert f"rules.{rule}" in str(error.value)


# --- problem-list-filed ------------------------------------------------------------------------------------

LIST = "problem-list-filed"


def kuangqu_list(packs, as_of: str, *filings):
    return run([department(), bureau(), *filings], as_of, packs("kuangqu"))


@pytest.mark.parametrize(("filed_on", "status", "days_late"), [
    ("2024-03-30", None, None),
    ("2024-03-31", None, None),  # "2024年3月底": the last day of March is on time
    ("2024-04-01", "violation", 1),
])
def test_kuangqu_problem_list_due_end_of_march(packs, filed_on, status, days_late):
    report = kuangqu_list(packs, "2024-06-30", filing("problem_list", filed_on, filed_with="sfj"))
    found = findings(report, LIST)
    assert [f.status.value for f in found] == ([status] if status else [])
    assert summary(report, LIST).passed == (0 if status else 1)
    if found:
        assert found[0].evidence["days_late"] == days_late
        assert found[0].subject.id == "d1" and found[0].period == "2024"
        assert "first list of prominent enforcement problems" in found[0].message.en
        assert "2024-03-31" in found[0].message.en and "首批行政执法突出问题清单" in found[0].message.zh


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2024-02-29", None, None),  # 31 days ahead: not due, not warned
    ("2024-03-01", "warning", {"days_left": 30}),
    ("2024-03-31", "warning", {"days_left": 0}),  # due today: not a violation yet
    ("2024-04-01", "violation", {"days_late": 1, "done_on": None}),  # missing, one day overdue
])
def test_missing_problem_list_around_the_deadline(packs, as_of, status, evidence):
    found = findings(kuangqu_list(packs, as_of), LIST)
    assert [f.status.value for f in found] == ([status] if status else [])
    if evidence:
        assert evidence.items() <= found[0].evidence.items()


def test_kuangqu_problem_list_must_go_to_the_judicial_bureau(packs):
    report = kuangqu_list(packs, "2024-06-30", filing("problem_list", "2024-03-20", filed_with="d1"),
                          filing("problem_list", "2024-03-25"))
    (finding,) = findings(report, LIST)
    assert finding.evidence["filing"] is None and finding.evidence["days_late"] == 91


def test_the_first_list_is_one_off_so_any_list_counts_and_the_earliest_decides(packs):
    report = kuangqu_list(packs, "2024-06-30", filing("problem_list", "2024-05-10", filed_with="sfj"),
                          filing("problem_list", "2024-03-29", period="首批", filed_with="sfj"))
    assert findings(report, LIST) == [] and summary(report, LIST).passed == 1


def test_a_problem_list_filed_after_the_as_of_day_is_not_seen(packs):
    (finding,) = findings(kuangqu_list(packs, "2024-04-03", filing("problem_list", "2024-04-05", filed_with="sfj")),
                          LIST)
    assert (finding.evidence["done_on"], finding.evidence["days_late"]) == (None, 3)


def test_judicial_bureaus_do_not_file_a_problem_list(packs):
    report = kuangqu_list(packs, "2024-06-30")
    assert {f.subject.id for f in findings(report, LIST)} == {"d1"}


@pytest.mark.parametrize(("filed_on", "violations"), [("2024-02-29", 0), ("2024-03-01", 1)])
def test_yuncheng_problem_list_due_on_the_leap_day_from_city_departments_only(packs, filed_on, violations):
    records = [department("city", level="city"), department("county", level="county"),
               filing("problem_list", filed_on, department="city")]  # filed with no one named: Yuncheng says none
    report = run(records, "2024-06-30", packs("yuncheng"))
    assert summary(report, LIST).violations == violations
    assert summary(report, LIST).passed == 1 - violations  # the county department is not a subject


# --- problems-rectified ------------------------------------------------------------------------------------

RECTIFIED = "problems-rectified"


def rectification(packs, as_of: str, *problems, departments=None):
    return run([*(departments or [department()]), *problems], as_of, packs("kuangqu"))


def may_report(packs, found: int, rectified: int):
    problems = [problem("2024-04-01", "2024-05-20") for _ in range(rectified)]
    problems += [problem("2024-04-01") for _ in range(found - rectified)]
    report = rectification(packs, "2024-06-01", *problems)
    return [f for f in findings(report, RECTIFIED) if f.period == "2024-05-31"], report


@pytest.mark.parametrize(("found", "rectified", "violations"), [
    (10, 7, 0),  # exactly 70%
    (10, 6, 1),
    (1000, 700, 0),
    (1000, 699, 1),  # 69.9%
    (3, 3, 0),
])
def test_seventy_percent_by_the_end_of_may_compared_exactly(packs, found, rectified, violations):
    may, _ = may_report(packs, found, rectified)
    assert len(may) == violations


@pytest.mark.parametrize(("min_share", "found", "rectified", "violations"), [
    (0.55, 100, 55, 0),  # as floats 0.55 * 100 is 55.00000000000001, and 55 would fall short
    (0.55, 100, 54, 1),
    (0.28, 25, 7, 0),  # 0.28 * 25 is 7.000000000000001
    (0.28, 25, 6, 1),
])
def test_a_share_exactly_at_the_threshold_is_met_whatever_floats_say(tmp_path, min_share, found, rectified,
                                                                     violations):
    ruleset = pack_ruleset(tmp_path, f"""
        id = "test"
        title = "测试"
        title_en = "Test"
        extends = "cn-shanxi-yangquan-kuangqu"
        [rules.problems-rectified]
        checkpoints = [{{ due = "2024-05", min_share = {min_share} }}]
    """)
    problems = [problem("2024-04-01", "2024-05-20") for _ in range(rectified)]
    problems += [problem("2024-04-01") for _ in range(found - rectified)]
    report = run([department(), *problems], "2024-06-01", ruleset)
    assert (summary(report, RECTIFIED).violations, summary(report, RECTIFIED).passed) == (violations, 1 - violations)


def test_the_evidence_says_what_was_found_and_what_is_still_open(packs):
    problems = [problem("2024-04-01", "2024-05-01", id=f"R{n:02d}") for n in range(8)]
    problems += [problem("2024-04-02", id=f"O{n:02d}") for n in range(12)]
    report = rectification(packs, "2024-06-01", *problems)
    (finding,) = [f for f in findings(report, RECTIFIED) if f.period == "2024-05-31"]
    assert finding.subject.id == finding.department == "d1"
    evidence = finding.evidence
    assert (evidence["found"], evidence["rectified"], evidence["share"]) == (20, 8, 0.4)
    assert (evidence["required_share"], evidence["required_rectified"], evidence["open_count"]) == (0.7, 14, 12)
    assert evidence["open_problems"] == [f"O{n:02d}" for n in range(10)]  # the first ten
    assert evidence["deadline"] == "2024-05-31"
    assert "rectified 8 of the 20 problem(s) found by 2024-05-31 (40.0%)" in finding.message.en
    assert "70.0%" in finding.message.en and "at least 14" in finding.message.en
    assert "已整改 8 个" in finding.message.zh


def test_the_share_is_rounded_to_four_places(packs):
    may, _ = may_report(packs, 3, 2)
    assert may[0].evidence["share"] == 0.6667 and "66.7%" in may[0].message.en


@pytest.mark.parametrize(("rectified_on", "may", "july"), [
    ("2024-05-31", None, None),  # the checkpoint day itself is in time
    ("2024-06-01", "violation", None),  # too late for May, in time for July
    ("2024-07-31", "violation", None),
    ("2024-08-01", "violation", "violation"),
    (None, "violation", "violation"),
])
def test_a_rectification_counts_from_its_day(packs, rectified_on, may, july):
    report = rectification(packs, "2024-09-01", problem("2024-04-10", rectified_on))
    assert statuses(report, RECTIFIED) == {
        k: v for k, v in {("d1", "2024-05-31"): may, ("d1", "2024-07-31"): july}.items() if v}


def test_all_problems_by_the_end_of_july(packs):
    problems = [problem("2024-04-01", "2024-05-01") for _ in range(9)] + [problem("2024-04-01", "2024-08-02")]
    report = rectification(packs, "2024-08-01", *problems)
    (finding,) = findings(report, RECTIFIED)
    assert finding.period == "2024-07-31" and finding.evidence["share"] == 0.9
    assert finding.evidence["required_share"] == 1.0 and finding.evidence["required_rectified"] == 10
    assert summary(report, RECTIFIED).passed == 1  # 90% by May


def test_problems_found_after_a_checkpoint_do_not_count_toward_it(packs):
    problems = [problem("2024-05-31", "2024-05-31"), problem("2024-06-01"), problem("2024-06-15")]
    report = rectification(packs, "2024-08-15", *problems)
    assert statuses(report, RECTIFIED) == {("d1", "2024-07-31"): "violation"}
    assert findings(report, RECTIFIED)[0].evidence["found"] == 3


@pytest.mark.parametrize(("as_of", "status", "days_left"), [
    ("2024-04-30", None, None),  # 31 days before the checkpoint: not due, not warned
    ("2024-05-01", "warning", 30),
    ("2024-05-31", "warning", 0),  # the checkpoint day: not passed yet
    ("2024-06-01", "violation", None),
])
def test_a_checkpoint_not_passed_yet_warns_only_when_near(packs, as_of, status, days_left):
    report = rectification(packs, as_of, problem("2024-03-25", "2024-04-10"), problem("2024-03-26"))
    may = [f for f in findings(report, RECTIFIED) if f.period == "2024-05-31"]
    assert [f.status.value for f in may] == ([status] if status else [])
    if days_left is not None:
        assert may[0].evidence["days_left"] == days_left
        assert f"due by 2024-05-31, in {days_left} day(s)" in may[0].message.en


def test_enough_rectified_before_the_checkpoint_is_not_judged_yet(packs):
    report = rectification(packs, "2024-05-20", problem("2024-03-25", "2024-04-10"))
    assert findings(report, RECTIFIED) == []
    assert summary(report, RECTIFIED).passed == 0
    assert summary(report, RECTIFIED).not_applicable == {"deadline not yet passed": 2}


def test_records_after_the_as_of_day_have_not_happened(packs):
    # rectified on 2024-05-25 and another problem found on 2024-05-26: neither has happened as of 2024-05-24
    report = rectification(packs, "2024-05-24", problem("2024-04-01", "2024-05-25"), problem("2024-05-26"),
                           problem("2024-04-02", "2024-04-20"))
    may = next(f for f in findings(report, RECTIFIED) if f.period == "2024-05-31")
    assert may.status.value == "warning"
    assert (may.evidence["found"], may.evidence["rectified"], may.evidence["days_left"]) == (2, 1, 7)


def test_a_department_that_found_no_problems_is_not_applicable(packs):
    report = rectification(packs, "2024-09-01", problem("2024-06-10", "2024-06-20", department="d2"),
                           departments=[department(), department("d2")])
    assert findings(report, RECTIFIED) == []
    assert summary(report, RECTIFIED).not_applicable == {"no problems found by the checkpoint": 3}
    assert summary(report, RECTIFIED).passed == 1  # d2, July


def test_each_department_is_judged_on_its_own_problems(packs):
    report = rectification(packs, "2024-06-01", problem("2024-04-01", "2024-05-02", department="d1"),
                           problem("2024-04-01", department="d2"), departments=[department(), department("d2")])
    assert statuses(report, RECTIFIED) == {("d2", "2024-05-31"): "violation"}


# --- enforcement-catalogue ---------------------------------------------------------------------------------

CATALOGUE = "enforcement-catalogue"


@pytest.mark.parametrize("locality", ["kuangqu", "yuncheng"])
@pytest.mark.parametrize(("filed_on", "days_late"), [("2024-12-30", None), ("2024-12-31", None), ("2025-01-01", 1),
                                                     (None, 31)])
def test_catalogue_due_end_of_2024(packs, locality, filed_on, days_late):
    records = [department(level="county"), department("city", level="city")]
    records += [filing("enforcement_catalogue", filed_on, department=d) for d in ("d1", "city") if filed_on]
    report = run(records, "2025-01-31", packs(locality))
    found = findings(report, CATALOGUE)
    assert [f.evidence["days_late"] for f in found] == ([days_late] * 2 if days_late else [])  # every level
    if found:
        assert "catalogue of enforcement items" in found[0].message.en


def test_a_revised_catalogue_does_not_make_the_first_one_late(packs):
    records = [department(), filing("enforcement_catalogue", "2025-03-01", period="2025"),
               filing("enforcement_catalogue", "2024-11-20", period="2024")]
    report = run(records, "2025-06-01", packs("kuangqu"))
    assert findings(report, CATALOGUE) == [] and summary(report, CATALOGUE).passed == 1


# --- progress-report ---------------------------------------------------------------------------------------

REPORT = "progress-report"


def progress(packs, as_of: str, *filings):
    return run([department(), bureau(), *filings], as_of, packs("kuangqu"))


@pytest.mark.parametrize(("filed_on", "expected"), [
    ("2024-07-21", {}),
    ("2024-07-22", {}),  # "7月22日前": on or before 22 July
    ("2024-07-23", {("d1", "2024"): 1}),
])
def test_progress_report_due_22_july_2024(packs, filed_on, expected):
    report = progress(packs, "2024-12-31", filing("progress_report", filed_on, period="2024", filed_with="sfj"))
    assert {(f.subject.id, f.period): f.evidence["days_late"] for f in findings(report, REPORT)} == expected


@pytest.mark.parametrize(("filed_on", "violations"), [("2025-07-21", 0), ("2025-07-22", 1)])
def test_progress_report_due_21_july_2025(packs, filed_on, violations):
    report = progress(packs, "2025-12-31", filing("progress_report", "2024-07-10", period="2024", filed_with="sfj"),
                      filing("progress_report", filed_on, period="2025", filed_with="sfj"))
    assert summary(report, REPORT).violations == violations
    assert summary(report, REPORT).passed == 2 - violations


def test_a_report_counts_for_its_own_year_only(packs):
    report = progress(packs, "2025-08-01", filing("progress_report", "2024-07-10", filed_with="sfj"))
    (finding,) = findings(report, REPORT)
    assert (finding.period, finding.evidence["deadline"], finding.evidence["days_late"]) == ("2025", "2025-07-21", 11)
    assert finding.evidence["filing"] is None


def test_a_report_with_no_period_counts_for_the_year_it_was_filed(packs):
    report = progress(packs, "2024-12-31", filing("progress_report", "2024-08-02", filed_with="sfj"))
    (finding,) = findings(report, REPORT)
    assert (finding.period, finding.status.value, finding.evidence["days_late"]) == ("2024", "violation", 11)
    assert "filed its progress report on the key tasks on 2024-08-02" in finding.message.en


def test_a_progress_report_must_go_to_the_judicial_bureau(packs):
    report = progress(packs, "2024-12-31", filing("progress_report", "2024-07-10", period="2024"))
    assert statuses(report, REPORT) == {("d1", "2024"): "violation"}


def test_the_next_report_warns_when_near(packs):
    report = progress(packs, "2025-06-21", filing("progress_report", "2024-07-10", period="2024", filed_with="sfj"))
    assert statuses(report, REPORT) == {("d1", "2025"): "warning"}
    assert findings(report, REPORT)[0].evidence["days_left"] == 30


# --- street-items-evaluation -------------------------------------------------------------------------------

STREET = "street-items-evaluation"


@pytest.mark.parametrize(("filed_on", "expected"), [
    ("2024-12-31", {("sfj", "2025"): "violation"}),
    ("2025-01-01", {("sfj", "2024"): "violation"}),  # counts for 2025, the year it was filed in
])
def test_street_items_evaluated_every_year_by_the_end_of_december(packs, filed_on, expected):
    records = [bureau(), department(), filing("street_items_evaluation", filed_on, department="sfj")]
    report = run(records, "2026-03-01", packs("kuangqu"))
    assert statuses(report, STREET) == expected  # d1 is no judicial bureau; no 2026: the measures end with 2025


def test_a_late_evaluation_for_its_year_says_how_late(packs):
    records = [bureau(), filing("street_items_evaluation", "2025-01-06", department="sfj", period="2024")]
    report = run(records, "2025-03-01", packs("kuangqu"))
    (finding,) = findings(report, STREET)
    assert (finding.period, finding.evidence["days_late"]) == ("2024", 6)
    assert "evaluation of the enforcement items delegated to streets" in finding.message.en


def test_years_before_the_measures_took_effect_are_not_checked(tmp_path):
    # a yearly deadline recurs from the year the measures took effect (2024-03-20): that year's February deadline
    # had passed, so the engine sets it aside, and 2025's is checked
    ruleset = pack_ruleset(tmp_path, """
        id = "test"
        title = "测试"
        title_en = "Test"
        extends = "cn-shanxi-yangquan-kuangqu"
        [rules.street-items-evaluation]
        due = "--02"
    """)
    records = [bureau(), filing("street_items_evaluation", "2024-02-01", department="sfj", period="2024")]
    report = run(records, "2025-03-01", ruleset)
    assert summary(report, STREET).not_applicable == {
        "ended before the rule took effect on 2024-03-20 (cn-shanxi-yangquan-kuangqu)": 1}  # 2024
    assert statuses(report, STREET) == {("sfj", "2025"): "violation"}


def test_the_snippets_start_the_yearly_obligations_in_2024_whatever_the_data(packs):
    # data that starts in 2025 still owes the 2024 cleanup and evaluation
    records = [bureau(), department(), filing("certificate_cleanup", "2025-02-01", period="2025"),
               filing("street_items_evaluation", "2025-02-01", department="sfj", period="2025")]
    report = run(records, "2025-03-01", packs("kuangqu"))
    assert statuses(report, CLEANUP) == {("d1", "2024"): "violation"}
    assert statuses(report, STREET) == {("sfj", "2024"): "violation"}
    assert statuses(run(records, "2025-03-01", packs("yuanmou")), CLEANUP) == {("d1", "2024"): "violation"}


def test_only_the_district_judicial_bureau_evaluates(packs):
    records = [bureau(), bureau("city-sfj", level="city")]
    report = run(records, "2025-01-15", packs("kuangqu"))
    assert statuses(report, STREET) == {("sfj", "2024"): "violation"}


# --- supervision-system ------------------------------------------------------------------------------------

SUPERVISION = "supervision-system"


@pytest.mark.parametrize(("locality", "level"), [("kuangqu", "county"), ("yuncheng", "city")])
@pytest.mark.parametrize(("filed_on", "days_late"), [("2024-12-31", None), ("2025-01-01", 1)])
def test_supervision_system_built_by_the_end_of_2024(packs, locality, level, filed_on, days_late):
    other = "city" if level == "county" else "county"
    records = [bureau(level=level), bureau("other", level=other), department(level=level),
               filing("supervision_system", filed_on, department="sfj")]
    report = run(records, "2025-02-01", packs(locality))
    assert {(f.subject.id, f.evidence["days_late"]) for f in findings(report, SUPERVISION)} == (
        {("sfj", days_late)} if days_late else set())
    assert summary(report, SUPERVISION).passed == (0 if days_late else 1)  # one bureau, of the pack's level


# --- annual-certificate-cleanup ----------------------------------------------------------------------------

CLEANUP = "annual-certificate-cleanup"


@pytest.mark.parametrize("locality", ["kuangqu", "yuanmou"])
@pytest.mark.parametrize(("filed_on", "expected"), [
    ("2024-12-31", {}),
    ("2025-01-01", {("d1", "2024"): ("violation", 1)}),  # filed for 2024, one day late
])
def test_certificate_cleanup_every_year_by_31_december(packs, locality, filed_on, expected):
    records = [department(), filing("certificate_cleanup", filed_on, period="2024"),
               filing("certificate_cleanup", "2025-10-01", period="2025")]
    report = run(records, "2026-06-01", packs(locality))
    assert {(f.subject.id, f.period): (f.status.value, f.evidence["days_late"])
            for f in findings(report, CLEANUP)} == expected


def test_a_cleanup_with_no_period_is_for_the_year_it_was_done(packs):
    report = run([department(), filing("certificate_cleanup", "2025-01-02")], "2025-01-10", packs("kuangqu"))
    (finding,) = findings(report, CLEANUP)
    assert (finding.period, finding.evidence["days_late"], finding.evidence["filing"]) == ("2024", 10, None)
    assert "yearly certificate clean-up" in finding.message.en


@pytest.mark.parametrize(("as_of", "status"), [("2024-11-30", None), ("2024-12-01", "warning")])
def test_a_cleanup_due_this_month_is_a_warning(packs, as_of, status):
    report = run([department(), filing("training_plan", "2024-01-05")], as_of, packs("yuanmou"))
    assert [f.status.value for f in findings(report, CLEANUP)] == ([status] if status else [])


# --- pilot-sites -------------------------------------------------------------------------------------------

PILOTS = "pilot-sites"


def kuangqu_pilots(packs, as_of: str, *streets):
    return run([bureau(locality="阳泉市矿区"), *streets], as_of, packs("kuangqu"))


@pytest.mark.parametrize(("pilots", "message"), [
    (0, "too_few"), (1, None), (2, None), (3, "too_many"),
])
def test_kuangqu_chooses_one_or_two_streets(packs, pilots, message):
    streets = [street(f"s{n}", pilot_since="2024-06-01") for n in range(pilots)] + [street("s9")]
    report = kuangqu_pilots(packs, "2025-01-01", *streets)
    found = findings(report, PILOTS)
    assert [f.status.value for f in found] == (["violation"] if message else [])
    if found:
        evidence = found[0].evidence
        assert (evidence["count"], evidence["pilots"], evidence["min_sites"], evidence["max_sites"]) == (
            pilots, [f"s{n}" for n in range(pilots)], 1, 2)
        assert found[0].subject.id == "sfj" and evidence["locality"] == "阳泉市矿区"
        assert ("fewer than the 1 required" if message == "too_few" else "more than the 2 set") in found[0].message.en


@pytest.mark.parametrize(("pilot_since", "violations"), [("2024-12-31", 0), ("2025-01-01", 1)])
def test_a_pilot_chosen_after_the_due_day_does_not_count(packs, pilot_since, violations):
    report = kuangqu_pilots(packs, "2025-03-01", street("s1", pilot_since=pilot_since))
    assert summary(report, PILOTS).violations == violations
    if violations:
        assert findings(report, PILOTS)[0].evidence["chosen_after_deadline"] == ["s1"]


@pytest.mark.parametrize(("as_of", "status"), [
    ("2024-11-30", None),  # 31 days before the due day: not warned
    ("2024-12-01", "warning"),
    ("2024-12-31", "warning"),
    ("2025-01-01", "violation"),
])
def test_too_few_pilots_before_the_due_day(packs, as_of, status):
    report = kuangqu_pilots(packs, as_of, street("s1", pilot_since="2025-01-05"))  # after every as-of day here
    assert [f.status.value for f in findings(report, PILOTS)] == ([status] if status else [])
    if status == "warning":
        assert findings(report, PILOTS)[0].evidence["count"] == 0


def test_too_many_pilots_are_judged_on_the_due_day(packs):
    streets = [street(f"s{n}", pilot_since="2024-06-01") for n in range(3)]
    assert findings(kuangqu_pilots(packs, "2024-12-15", *streets), PILOTS) == []
    assert summary(kuangqu_pilots(packs, "2025-01-01", *streets), PILOTS).violations == 1


def test_yuncheng_two_pilots_in_each_county(packs):
    records = [bureau("city-sfj", level="city", locality="运城市"),
               bureau("rc-sfj", locality="芮城县"), bureau("yj-sfj", locality="永济市"),
               street("rc1", locality="芮城县", pilot_since="2024-05-01"),
               street("rc2", locality="芮城县", pilot_since="2024-09-01"),
               street("rc3", locality="芮城县", pilot_since="2024-10-01"),  # more than 2 is no breach in Yuncheng
               street("yj1", locality="永济市", pilot_since="2024-05-01"),
               street("yj2", locality="芮城县")]  # not a pilot
    report = run(records, "2025-01-15", packs("yuncheng"))
    (finding,) = findings(report, PILOTS)
    assert (finding.subject.id, finding.evidence["count"], finding.evidence["pilots"]) == ("yj-sfj", 1, ["yj1"])
    assert "fewer than the 2 required" in finding.message.en and "永济市" in finding.message.zh
    assert summary(report, PILOTS).passed == 1  # 芮城县; the city bureau is not a subject


def test_a_bureau_with_no_locality_is_not_applicable(packs):
    report = run([bureau(), street("s1", pilot_since="2024-06-01")], "2025-01-15", packs("kuangqu"))
    assert findings(report, PILOTS) == []
    assert summary(report, PILOTS).not_applicable == {"judicial bureau has no locality": 1}


def test_a_pilot_chosen_after_the_as_of_day_is_not_seen(packs):
    report = kuangqu_pilots(packs, "2024-12-20", street("s1", pilot_since="2024-12-22"))
    (finding,) = findings(report, PILOTS)
    assert (finding.status.value, finding.evidence["count"], finding.evidence["days_left"]) == ("warning", 0, 11)
