"""A locality's pack as its own package (examples/plugin-pack), and what happens when a plug-in is broken.

The rule of the example pack is tested in this process, from its source. The package itself is installed for
real, as a user installs it: ``pip install --no-deps --target DIR``, into a temporary directory, never into the
running environment; the ``compliance`` command then runs with ``PYTHONPATH=DIR`` and finds the plug-in by its
entry point, exactly as it would after ``pip install examples/plugin-pack``. So are a few throwaway
distributions that the tests write: one that fails to import, one that registers a rule id already taken, one
whose rule raises. Building each takes pip a few seconds, so every distribution is built once per module, all
in parallel, with one build backend for all.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import itertools
import json
import os
import re
import shutil
import string
import subprocess
import sys
import textwrap
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from records import certificate, department, findings, officer, plugins_with_packs, run, summary
from test_cli import command_env

from compliance import Report, get_plugins
from compliance.engine import check_example
from compliance.packs import Packs

EXAMPLES = Path(__file__).parent.parent / "examples"
PLUGIN_PACK = EXAMPLES / "plugin-pack"
KUANGQU_DATA = EXAMPLES / "kuangqu"
DIST, ENTRY_POINT, PACK = "compliance-pack-demo-county", "demo_county", "cn-shanxi-demo-county"
RULE = "certificate-renewed-before-expiry"
COMMAND = shutil.which("compliance", path=str(Path(sys.executable).parent)) or shutil.which("compliance")


# --- the example's rule, in this process -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def plugin():
    """The example's plug-in module, imported from its source tree (and forgotten afterwards)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(PLUGIN_PACK / "src"))
        yield importlib.import_module("compliance_pack_demo_county.plugin")
        for name in [m for m in sys.modules if m.split(".")[0] == "compliance_pack_demo_county"]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def demo(plugin):
    """The pack cn-shanxi-demo-county, resolved with the plug-in registered beside the built-ins."""
    return Packs(plugins_with_packs_of(plugin)).resolve(PACK)


def plugins_with_packs_of(plugin, directory: Path | None = None, *packs: str):
    """The built-ins and the example's plug-in, and the given pack files (TOML texts) written to ``directory``."""
    if directory is None:
        return get_plugins(entry_points=False, extra=[plugin])
    return plugins_with_packs(directory, *packs, extra=(plugin,))


def _normalized(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_the_rule_is_written_as_the_built_in_ones_are(plugin):
    rule = plugin.CertificateRenewedBeforeExpiry
    assert rule.id == RULE and rule.__doc__ and "What it checks:" in rule.__doc__ and "Subject:" in rule.__doc__
    assert all(field.description for field in rule.Params.model_fields.values())
    for key, text in rule.messages.items():
        zh, en = ({f.removesuffix("_zh") for _, f, _, _ in string.Formatter().parse(t) if f} for t in (text.zh, text.en))
        assert zh == en, key
        assert not re.search(r"[\u4e00-\u9fff]", text.en), key
    breaks, keeps = check_example(rule, rule.example_breaks), check_example(rule, rule.example_keeps)
    assert breaks.failures == keeps.failures == []
    assert len(breaks.violations) == rule.example_breaks.violations > 0
    assert len(keeps.violations) == rule.example_keeps.violations == 0 and keeps.rules[0].passed > 0


def test_every_citation_quotes_the_county_measures_word_for_word(plugin, demo):
    measures = _normalized((PLUGIN_PACK / "sources" / "demo-county-measures.txt").read_text(encoding="utf-8"))
    citations = [*plugin.CertificateRenewedBeforeExpiry.citations.values(), *(c.citation for c in demo.rules)]
    county = [c for c in citations if c.number == plugin.DEMO_COUNTY_MEASURES.number]
    assert {c.item for c in county} == {"二(一)2", "二(二)3"}  # the pack's inline citation and the rule's own
    for citation in county:
        assert citation.document == plugin.DEMO_COUNTY_MEASURES.title
        assert _normalized(citation.text) in measures, citation.item


def renewal_case(renewed_on: str | None, as_of: str, *, issued_on="2020-07-01", expires_on="2025-06-30", ruleset=None,
                 end: str | None = None, events=(), renewal_expires: str | None = "2030-06-29"):
    """One officer, one certificate expiring on ``expires_on``, and perhaps a new one issued on ``renewed_on``."""
    records = [department(), officer(start="2019-01-01", end=end, left_reason="retired" if end else None),
               certificate(id="OLD", issued_on=issued_on, expires_on=expires_on, events=list(events))]
    if renewed_on:
        records.append(certificate(id="NEW", issued_on=renewed_on, expires_on=renewal_expires))
    report = run(records, as_of, ruleset)
    return [f for f in findings(report, RULE) if f.subject.id == "OLD"], report


@pytest.mark.parametrize(("renewed_on", "days_late"), [
    ("2025-05-30", None),
    ("2025-05-31", None),  # 30 days before the last valid day 2025-06-30: the deadline itself is on time
    ("2025-06-01", 1),
    ("2025-07-02", 32),  # after the old one expired
])
def test_renewal_is_due_30_days_before_the_last_valid_day(demo, renewed_on, days_late):
    found, report = renewal_case(renewed_on, "2025-12-31", ruleset=demo)
    assert [f.status.value for f in found] == (["violation"] if days_late else [])
    if days_late:
        assert found[0].evidence | {"days_late": days_late} == found[0].evidence
        assert found[0].evidence["renewed_by"] == "NEW" and found[0].evidence["done_on"] == renewed_on
        assert f"renewed on {renewed_on} (certificate NEW), {days_late} day(s) after the deadline 2025-05-31" \
            in found[0].message.en
    else:
        assert summary(report, RULE).passed == 1


@pytest.mark.parametrize(("as_of", "status", "evidence"), [
    ("2025-04-30", None, None),  # 31 days ahead: not due, not warned
    ("2025-05-01", "warning", {"days_left": 30}),
    ("2025-05-31", "warning", {"days_left": 0}),  # due today: not a violation yet
    ("2025-06-01", "violation", {"days_late": 1}),
])
def test_missing_renewal_around_the_deadline(demo, as_of, status, evidence):
    found, report = renewal_case(None, as_of, ruleset=demo)
    assert [f.status.value for f in found] == ([status] if status else [])
    if evidence:
        assert evidence.items() <= found[0].evidence.items()
    else:
        assert summary(report, RULE).not_applicable == {"deadline not yet passed": 1}


def test_what_a_user_sees_of_a_missing_renewal(demo):
    found, _ = renewal_case(None, "2025-07-10", ruleset=demo)
    assert found[0].evidence == {
        "certificate": "OLD", "officer": "o1", "officer_name": "姓名o1", "issued_on": "2020-07-01",
        "expires_on": "2025-06-30", "renew_before_days": 30, "renewed_by": None, "deadline": "2025-05-31",
        "done_on": None, "days_late": 40,
        "required": "a new certificate issued by 2025-05-31, 30 day(s) before 2025-06-30",
    }
    assert found[0].message.zh == ("执法人员 o1(姓名o1)的行政执法证件 OLD 有效期至 2025-06-30,"
                                   "应于 2025-05-31 前换发新证,已逾期 40 天仍未换证。")
    assert found[0].citation.number == "演示县政办发〔2024〕1号" and found[0].citation.item == "二(二)3"
    assert found[0].department == "d1" and found[0].subject.kind.value == "certificate"


def test_a_certificate_issued_after_the_as_of_day_is_not_seen(demo):
    found, _ = renewal_case("2025-06-05", "2025-06-03", ruleset=demo)
    assert found[0].evidence["days_late"] == 3
    assert found[0].evidence["done_on"] is None and found[0].evidence["renewed_by"] is None


@pytest.mark.parametrize(("renewed_on", "renewal_expires", "renewed"), [
    ("2025-05-01", "2025-06-30", False),  # not valid beyond the old one's expiry: not a renewal
    ("2025-05-01", "2025-07-01", True),
    ("2025-05-01", None, True),  # a certificate without expiry is valid beyond it
    ("2020-07-01", "2030-06-29", False),  # issued the same day as the old one, not after it
])
def test_what_counts_as_a_renewal(demo, renewed_on, renewal_expires, renewed):
    found, report = renewal_case(renewed_on, "2025-12-31", ruleset=demo, renewal_expires=renewal_expires)
    assert [f.evidence["renewed_by"] for f in found] == ([] if renewed else [None])


@pytest.mark.parametrize(("case", "reason"), [
    ({"events": [("2025-05-31", "revoked")]}, "revoked or cancelled by the renewal deadline"),
    ({"events": [("2025-05-31", "cancelled")]}, "revoked or cancelled by the renewal deadline"),
    ({"events": [("2025-06-01", "revoked")]}, None),  # revoked after the deadline: it was due before that
    ({"events": [("2025-05-01", "suspended")]}, None),  # a suspended certificate is still renewed
    ({"end": "2025-05-30"}, "holder not in an enforcement post on the renewal deadline"),
    ({"end": "2025-05-31"}, None),  # still in post on the deadline day
    ({"issued_on": "2025-06-01"}, "valid for fewer days than the renewal notice"),
    ({"issued_on": "2025-05-31"}, None),  # issued on its own renewal deadline: due that very day
])
def test_when_there_is_nothing_to_renew(demo, case, reason):
    found, report = renewal_case(None, "2025-12-31", ruleset=demo, **case)
    if reason:
        assert found == [] and summary(report, RULE).not_applicable == {reason: 1}
    else:
        assert [f.status.value for f in found] == ["violation"]


def test_a_certificate_without_expiry_is_not_a_subject(demo):
    report = run([department(), officer(), certificate(issued_on="2020-01-01")], "2025-12-31", demo)
    rule = summary(report, RULE)
    assert (rule.violations, rule.warnings, rule.passed, rule.not_applicable) == (0, 0, 0, {})


def test_deadlines_before_the_county_measures_are_not_applicable(demo):
    # The measures took effect 2024-04-01: a renewal due on 2024-03-31 is not theirs to check, one due that day is.
    before, report = renewal_case(None, "2024-12-31", ruleset=demo, expires_on="2024-04-30")
    assert before == [] and summary(report, RULE).not_applicable == {
        "ended before the rule took effect on 2024-04-01 (cn-shanxi-demo-county)": 1}
    on_the_day, _ = renewal_case(None, "2024-12-31", ruleset=demo, expires_on="2024-05-01")
    assert [f.evidence["deadline"] for f in on_the_day] == ["2024-04-01"]


def test_a_lower_pack_tunes_the_notice(plugin, tmp_path):
    ruleset = Packs(plugins_with_packs_of(plugin, tmp_path, f"""
        id = "test"
        title = "测试"
        title_en = "Test"
        extends = "{PACK}"

        [rules.{RULE}]
        renew_before_days = 0
        """)).resolve("test")
    on_expiry_day, _ = renewal_case("2025-06-30", "2025-12-31", ruleset=ruleset)
    day_after, _ = renewal_case("2025-07-01", "2025-12-31", ruleset=ruleset)
    assert on_expiry_day == [] and [f.evidence["days_late"] for f in day_after] == [1]


# --- the package, installed for real ---------------------------------------------------------------------------


def pip_install(project: Path, target: Path, build_env: dict[str, str]) -> Path:
    """``pip install --no-deps --target target project``: nothing touches the running environment."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
               "--disable-pip-version-check", "--target", str(target), str(project)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=build_env)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return target


def build_environment(root: Path) -> dict[str, str]:
    """The environment pip builds in: this one, if its setuptools builds wheels by itself (it does from 70.1 on,
    or with the wheel package beside it); else this one with a recent setuptools put on the path, fetched once
    into ``root`` rather than once per build as pip's build isolation would."""
    try:
        version = importlib.metadata.version("setuptools")
        major, minor = (int(part) for part in re.findall(r"\d+", version)[:2])
    except importlib.metadata.PackageNotFoundError:
        major, minor = 0, 0
    has_wheel = any(d.metadata["Name"] == "wheel" for d in importlib.metadata.distributions())
    if (major, minor) >= (70, 1) or (has_wheel and major >= 61):
        return dict(os.environ)
    backend = root / "build-backend"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target",
               str(backend), "setuptools>=70.1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return dict(os.environ) | {"PYTHONPATH": str(backend)}


def throwaway(root: Path, name: str, package: str, files: dict[str, str]) -> Path:
    """A tiny distribution ``name`` with one package whose files are ``files``, registered as plug-in
    ``package``; returns its project directory."""
    project = root / name
    (project / package).mkdir(parents=True)
    (project / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "{name}"
        version = "0.0.1"
        dependencies = ["compliance"]

        [project.entry-points.compliance]
        {package} = "{package}"

        [tool.setuptools]
        packages = ["{package}"]

        [tool.setuptools.package-data]
        {package} = ["*.toml"]
        """), encoding="utf-8")
    for file, text in files.items():
        (project / package / file).write_text(textwrap.dedent(text), encoding="utf-8")
    return project


def rule_module(rule_id: str, evaluate: str) -> str:
    """A plug-in module with one rule, ``rule_id``, whose ``evaluate`` body is ``evaluate``, and its packs."""
    return f'''\
        from importlib.resources import files

        from compliance import Citation, Rule, Text, hookimpl
        from compliance.report import SubjectKind


        class ThrowawayRule(Rule):
            """A rule for a test.

            What it checks: nothing a locality asks for.
            """

            id = "{rule_id}"
            title = Text(zh="测试规则", en="A rule for a test")
            subject_kind = SubjectKind.department
            citations = {{"test": Citation(document="《测试文件》", item="一", text="测试。")}}
            messages = {{"x": Text(zh="测试。", en="A test.")}}

            def evaluate(self, context):
                {evaluate}


        @hookimpl
        def compliance_rules():
            return [ThrowawayRule]


        @hookimpl
        def compliance_rulesets():
            return [files(__name__)]
        '''


#: The throwaway distributions: name -> (plug-in package, its files).
THROWAWAYS = {
    # (a) a plug-in whose module raises on import
    "compliance-pack-broken": ("broken_pack", {
        "__init__.py": 'raise RuntimeError("this plug-in is broken on purpose")\n',
    }),
    # (b) a plug-in that registers the id of the example's rule
    "compliance-pack-copycat": ("copycat_pack", {
        "__init__.py": rule_module(RULE, "return iter(())"),
    }),
    # (c) a plug-in whose rule raises while it evaluates, with a pack that layers on the example's
    "compliance-pack-faulty": ("faulty_pack", {
        "__init__.py": rule_module("always-raises", 'raise RuntimeError("the county register is unreachable")'),
        "faulty.toml": f"""\
            id = "cn-shanxi-demo-county-faulty"
            title = "演示县(故障测试)"
            title_en = "Demo County, with a faulty rule"
            extends = "{PACK}"

            [rules.always-raises]
            """,
    }),
    # a plug-in whose entry point has the example's name
    "compliance-pack-namesake": (ENTRY_POINT, {
        "__init__.py": rule_module("namesake-rule", "return iter(())"),
        "namesake.toml": """\
            id = "cn-namesake"
            title = "同名插件"
            title_en = "Namesake"
            extends = "cn"
            """,
    }),
    # a plug-in that imports but whose compliance_rules hook raises
    "compliance-pack-hook-raises": ("hook_raises_pack", {
        "__init__.py": """\
            from compliance import hookimpl


            @hookimpl
            def compliance_rules():
                raise RuntimeError("cannot list my rules")
            """,
    }),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Every distribution installed, each into its own directory: the example package (from a copy, so that
    the build leaves nothing in the checkout) and the throwaways. Built in parallel."""
    root = tmp_path_factory.mktemp("plugin-packs")
    projects = {DIST: shutil.copytree(PLUGIN_PACK, root / DIST, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__"))}
    for name, (package, files) in THROWAWAYS.items():
        projects[name] = throwaway(root, name, package, files)
    build_env = build_environment(root)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        sites = pool.map(lambda name: pip_install(projects[name], root / "sites" / name, build_env), projects)
        return dict(zip(projects, sites))


def compliance(sites: dict[str, Path], *args: str, dists: tuple[str, ...] = (DIST,)) -> subprocess.CompletedProcess:
    """The installed compliance command, with the given distributions' directories on its path."""
    assert COMMAND, "the compliance command is not installed"
    env = command_env(*(str(sites[d]) for d in dists))
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, timeout=120, env=env)


def test_the_package_ships_its_plugin_and_pack(sites):
    site = sites[DIST]
    assert (site / "compliance_pack_demo_county" / "rulesets" / f"{PACK}.toml").is_file()
    entry_points = next(site.glob("compliance_pack_demo_county-*.dist-info")) / "entry_points.txt"
    assert f"{ENTRY_POINT} = compliance_pack_demo_county.plugin" in entry_points.read_text(encoding="utf-8")


def test_rulesets_lists_the_pack_under_its_parent_with_its_distribution(sites):
    result = compliance(sites, "rulesets")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    parent = next(i for i, line in enumerate(lines) if line.startswith("  cn-shanxi  "))
    children = list(itertools.takewhile(lambda line: line.startswith("    "), lines[parent + 1:]))
    line = next(line for line in children if line.startswith(f"    {PACK}  "))
    assert "山西省示例市演示县 / Demo County, Example City, Shanxi (fictional)" in line
    assert line.endswith(f"(in force 2024-04-01; {DIST})")


def test_without_the_package_there_is_no_such_pack(sites):
    result = compliance(sites, "rulesets", dists=())
    assert result.returncode == 0 and PACK not in result.stdout


def test_rules_lists_the_plugin_rule_with_its_citation(sites):
    result = compliance(sites, "rules", "--ruleset", PACK)
    assert result.returncode == 0 and result.stderr == ""
    block = result.stdout.split(f"\n{RULE}  ", 1)[1].split("\n")[:3]
    assert block[0] == "执法证件到期前换证 / Certificate renewed before it expires  [high]"
    assert block[1].split() == ["《示例市演示县提升行政执法质量三年行动实施措施》", "演示县政办发〔2024〕1号", "二(二)3"]
    assert block[2] == "    「行政执法证件有效期届满30日前，持证人所在部门应当为其申请换发新证，严禁持过期证件从事行政执法工作。」"
    every_rule = compliance(sites, "rules")
    assert f"{RULE}  执法证件到期前换证 / Certificate renewed before it expires  ({DIST})" in every_rule.stdout


def test_show_names_the_pack_that_set_each_parameter(sites):
    result = compliance(sites, "rulesets", "show", PACK)
    assert result.returncode == 0 and result.stderr == ""
    assert "chain: cn > cn-shanxi > cn-shanxi-demo-county\nin force: 2024-04-01" in result.stdout
    hours = result.stdout.split("[training-annual-hours]", 1)[1].split("\n\n")[0]
    assert f"  total_hours = 72.0  ({PACK})" in hours  # the built-in rule's default is 60
    assert f"  citation = 演示县政办发〔2024〕1号 二(一)2  ({PACK})" in hours
    assert '  partial_year = "prorate"  (default)' in hours
    renewal = result.stdout.split(f"[{RULE}]", 1)[1].split("\n\n")[0]
    assert f"stated by {PACK}, in force 2024-04-01" in renewal
    assert f"  renew_before_days = 30  ({PACK})" in renewal


def test_check_with_the_pack_finds_what_the_plugin_rule_finds(sites):
    text = compliance(sites, "check", str(KUANGQU_DATA), "--ruleset", PACK, "--as-of", "2025-03-01", "--lang", "en")
    assert text.returncode == 1 and text.stderr == ""
    # the example's kq-scjg-03 holds a certificate that expired on 2024-06-30 and was never renewed
    expired = next(json.loads(line) for line in (KUANGQU_DATA / "certificates.jsonl").read_text("utf-8").splitlines()
                   if json.loads(line)["officer"] == "kq-scjg-03")
    officer = next(json.loads(line) for line in (KUANGQU_DATA / "officers.jsonl").read_text("utf-8").splitlines()
                   if json.loads(line)["id"] == "kq-scjg-03")
    # under its department, with the evidence keys the plug-in wrote beside those the report knows by name
    scjg = text.stdout.split("  阳泉市矿区市场监督管理局 (kq-scjg)\n", 1)[1].split("\n  阳泉市", 1)[0]
    assert (f"    VIOLATION {RULE}  certificate {expired['id']}\n"
            f"      The enforcement certificate {expired['id']} of officer kq-scjg-03 ({officer['name']}), valid "
            "until 2024-06-30, was due for renewal by 2024-05-31 and has not been renewed: 274 day(s) overdue.\n"
            f"      evidence: certificate {expired['id']} · issued on 2019-07-01 · expires on 2024-06-30 · "
            "renew_before_days 30 · renewed_by — · due 2024-05-31 · done on — · days late 274\n"
            "      source: 演示县政办发〔2024〕1号 二(二)3\n") in scjg
    report = Report.model_validate_json(compliance(
        sites, "check", str(KUANGQU_DATA), "--ruleset", PACK, "--as-of", "2025-03-01", "--format", "json").stdout)
    assert report.ruleset_chain == ["cn", "cn-shanxi", PACK] and report.failures == []
    assert [f.subject.id for f in report.violations if f.rule == RULE] == [expired["id"]]
    hours = [f for f in report.violations if f.rule == "training-annual-hours"]
    whole_years = [f for f in hours if f.evidence["days_in_post"] == f.evidence["days_in_year"]]
    assert whole_years and {f.evidence["required_total"] for f in whole_years} == {72.0}  # the pack's, not 60


def test_a_plugin_that_fails_to_import_is_reported_and_the_others_still_load(sites):
    broken = ("compliance-pack-broken",)
    result = compliance(sites, "rulesets", dists=(DIST, *broken))
    assert result.returncode == 0
    assert f"    {PACK}  " in result.stdout
    assert result.stderr == ("warning: plug-in 'broken_pack' from 'compliance-pack-broken' failed to load: "
                             "RuntimeError: this plug-in is broken on purpose\n")
    checked = compliance(sites, "check", str(KUANGQU_DATA), "--ruleset", PACK, "--as-of", "2025-03-01",
                         dists=(DIST, *broken))
    assert checked.returncode == 1 and f"VIOLATION {RULE}" in checked.stdout
    assert "'compliance-pack-broken' failed to load" in checked.stderr


def test_a_rule_id_registered_by_two_distributions_is_an_error_naming_both(sites):
    dists = (DIST, "compliance-pack-copycat")
    for args in (("rules",), ("check", str(KUANGQU_DATA), "--ruleset", PACK, "--as-of", "2025-03-01")):
        result = compliance(sites, *args, dists=dists)
        assert result.returncode == 2 and result.stdout == "", args
        assert result.stderr.startswith(f"error: rule '{RULE}' is provided twice: by plug-in "), args
        assert f"plug-in '{ENTRY_POINT}' from distribution '{DIST}'" in result.stderr
        assert "plug-in 'copycat_pack' from distribution 'compliance-pack-copycat'" in result.stderr


def test_a_plugin_rule_that_raises_makes_the_run_incomplete_and_is_named(sites, tmp_path):
    (tmp_path / "departments.jsonl").write_text('{"id": "d1", "name": "演示县市场监督管理局", "level": "county"}\n',
                                                encoding="utf-8")
    result = compliance(sites, "check", str(tmp_path), "--ruleset", "cn-shanxi-demo-county-faulty",
                        "--as-of", "2025-03-01", "--format", "json", dists=(DIST, "compliance-pack-faulty"))
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)
    assert [(f["rule"], f["error"]) for f in report["failures"]] == [
        ("always-raises", "RuntimeError: the county register is unreachable")]
    assert report["failures"][0]["distribution"] == "compliance-pack-faulty"
    assert "in evaluate" in report["failures"][0]["traceback"]
    assert {RULE, "training-annual-hours"} <= {r["rule"] for r in report["rules"]}  # the other rules still ran


def test_an_incomplete_run_exits_3_even_with_exit_zero_and_says_so_in_every_format(sites, tmp_path):
    (tmp_path / "departments.jsonl").write_text('{"id": "d1", "name": "演示县市场监督管理局", "level": "county"}\n',
                                                encoding="utf-8")
    result = compliance(sites, "check", str(tmp_path), "--ruleset", "cn-shanxi-demo-county-faulty",
                        "--as-of", "2025-03-01", "--exit-zero", "--format", "github",
                        "--format", f"sarif={tmp_path / 'report.sarif'}", dists=(DIST, "compliance-pack-faulty"))
    assert result.returncode == 3, result.stderr
    assert "::error title=always-raises raised::RuntimeError: the county register is unreachable" in result.stdout
    sarif = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_two_distributions_with_the_same_entry_point_name_are_both_loaded_or_named(sites):
    result = compliance(sites, "rulesets", dists=(DIST, "compliance-pack-namesake"))
    assert result.returncode == 0, result.stderr
    assert f"    {PACK}  " in result.stdout and "  cn-namesake  " in result.stdout  # both loaded


def test_a_plugin_whose_hook_raises_is_named_and_does_not_look_like_violations(sites):
    result = compliance(sites, "rules", dists=(DIST, "compliance-pack-hook-raises"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "compliance-pack-hook-raises" in result.stderr and "raised in compliance_rules" in result.stderr
