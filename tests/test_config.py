"""Configuration: where it is found, how strictly it is read, and the ruleset it tailors (a new one, derived)."""

from __future__ import annotations

import dataclasses
import textwrap
import tomllib
from pathlib import Path

import pytest
from test_cli import EXAMPLE, KUANGQU, compliance

from compliance import get_plugins, load_ruleset
from compliance.config import CONFIGURATION, Settings, find_config, read_config, tailor
from compliance.errors import ConfigError
from compliance.report import FailLevel, Severity

PLUGINS = get_plugins(entry_points=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_nearest_compliance_toml_or_pyproject_with_a_table_is_found(tmp_path):
    write(tmp_path / "compliance.toml", 'ruleset = "cn"\n')
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.compliance]: passed over
    write(tmp_path / "a" / "b" / "pyproject.toml", '[tool.compliance]\nruleset = "cn-shanxi"\n')
    (tmp_path / "a" / "b" / "c").mkdir()
    assert find_config(tmp_path / "a") == tmp_path / "compliance.toml"
    assert find_config(tmp_path / "a" / "b" / "c") == tmp_path / "a" / "b" / "pyproject.toml"
    assert find_config(Path("/")) is None


def test_every_key_reads_and_paths_are_relative_to_the_file(tmp_path):
    file = write(tmp_path / "ci" / "pyproject.toml", """
        [tool.compliance]
        data = "records"
        ruleset = "cn-shanxi-yangquan-kuangqu"
        as-of = 2025-03-01
        warn-days = 10
        lang = "zh"
        format = "github"
        select = ["training-annual-hours", "training-plan-filed"]
        extend-select = ["pilot-sites"]
        ignore = ["training-plan-filed"]
        fail-level = "medium"
        waivers = "waivers.toml"
        baseline = "../baseline.json"

        [tool.compliance.severity]
        training-annual-hours = "medium"

        [tool.compliance.output]
        sarif = "out/compliance.sarif"
    """)
    settings = read_config(file, PLUGINS.rules)
    directory = tmp_path / "ci"
    assert settings.data == str(directory / "records") and settings.baseline == str(tmp_path / "baseline.json")
    assert settings.output == {"sarif": str(directory / "out/compliance.sarif")}
    assert settings.fail_level is FailLevel.medium and settings.severity == {"training-annual-hours": Severity.medium}
    assert (settings.as_of.isoformat(), settings.warn_days, settings.format) == ("2025-03-01", 10, "github")


@pytest.mark.parametrize(("text", "key", "message"), [
    ("colour = 'red'", "tool.compliance.colour", "unknown key"),
    ("ignore = ['no-such-rule']", "tool.compliance.ignore", "unknown rule 'no-such-rule'"),
    ("[tool.compliance.severity]\nno-such-rule = 'high'", "tool.compliance.severity", "unknown rule 'no-such-rule'"),
    ("[tool.compliance.severity]\npilot-sites = 'urgent'", "tool.compliance.severity.pilot-sites", "Input should be"),
    ("[tool.compliance.output]\nxml = 'out.xml'", "tool.compliance.output", "unknown format 'xml'"),
    ("warn-days = '30'", "tool.compliance.warn-days", "valid integer"),
    ("fail-level = 'critical'", "tool.compliance.fail-level", "Input should be"),
])
def test_an_unknown_key_rule_or_format_is_an_error_naming_it(tmp_path, text, key, message):
    file = write(tmp_path / "pyproject.toml", "[tool.compliance]\n" + text + "\n")
    with pytest.raises(ConfigError) as caught:
        read_config(file, PLUGINS.rules)
    assert f"{file}: key '{key}': " in str(caught.value) and message in str(caught.value)


def test_a_compliance_toml_has_no_table_prefix(tmp_path):
    file = write(tmp_path / "compliance.toml", "selekt = ['pilot-sites']\n")
    with pytest.raises(ConfigError, match="key 'selekt': unknown key"):
        read_config(file, PLUGINS.rules)


def test_tailoring_derives_a_new_ruleset_and_leaves_the_resolved_one_alone():
    ruleset = load_ruleset(KUANGQU)
    settings = Settings(ignore=["two-certified-officers"], severity={"training-plan-filed": Severity.low})
    tailored = tailor(ruleset, settings, PLUGINS)
    ids = [rule.id for rule in tailored.rules]
    assert "two-certified-officers" not in ids and len(ids) == len(ruleset.rules) - 1
    assert tailored.disabled["two-certified-officers"] == CONFIGURATION
    plan = next(rule for rule in tailored.rules if rule.id == "training-plan-filed")
    before = next(rule for rule in ruleset.rules if rule.id == "training-plan-filed")
    assert plan.severity is Severity.low and plan.set_by["severity"] == CONFIGURATION
    assert dataclasses.replace(plan, severity=before.severity, set_by=before.set_by) == before
    assert "two-certified-officers" in [rule.id for rule in ruleset.rules]  # the resolved ruleset is unchanged


def test_select_keeps_only_its_rules_and_extend_select_adds_with_defaults():
    ruleset = load_ruleset("cn")
    selected = tailor(ruleset, Settings(select=["decision-within-90-days"], extend_select=["pilot-sites"]), PLUGINS)
    assert [rule.id for rule in selected.rules] == ["decision-within-90-days", "pilot-sites"]
    pilot = selected.rules[1]
    assert (pilot.stated_by, pilot.effective) == (CONFIGURATION, ruleset.effective)
    assert set(pilot.set_by.values()) == {"default"}


def test_a_rule_whose_parameters_have_no_default_cannot_be_added_by_configuration():
    with pytest.raises(ConfigError, match="rule 'midterm-evaluation' has parameters with no default"):
        tailor(load_ruleset("cn"), Settings(extend_select=["midterm-evaluation"]), PLUGINS)


# --- the command with a configuration file ---------------------------------------------------------------------


def test_the_command_takes_its_settings_from_the_file_found_upwards(tmp_path):
    write(tmp_path / "compliance.toml", f"""
        data = "{EXAMPLE}"
        ruleset = "{KUANGQU}"
        as-of = 2025-03-01
        select = ["training-plan-filed"]
        [output]
        junit = "reports/junit.xml"
    """)
    (tmp_path / "sub").mkdir()
    result = compliance("check", cwd=tmp_path / "sub")
    assert result.returncode == 1, result.stderr
    assert "VIOLATION training-plan-filed" in result.stdout and "VIOLATION training-annual-hours" not in result.stdout
    assert (tmp_path / "reports" / "junit.xml").is_file()


def test_the_command_line_overrides_the_file(tmp_path):
    write(tmp_path / "compliance.toml", f"""
        ruleset = "{KUANGQU}"
        as-of = 2025-03-01
        select = ["training-plan-filed"]
        fail-level = "warning"
    """)
    result = compliance("check", str(EXAMPLE), "--select", "pilot-sites", "--fail-level", "low", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pilot-sites" in result.stdout and "training-plan-filed" not in result.stdout


def test_a_bad_configuration_exits_2_naming_the_file_and_key(tmp_path):
    file = write(tmp_path / "pyproject.toml", "[tool.compliance]\nignore = ['pilot-site']\n")
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{file}: key 'tool.compliance.ignore': unknown rule 'pilot-site'" in result.stderr
    explicit = compliance("check", str(EXAMPLE), "--config", str(write(tmp_path / "ci.toml", "x = 1\n")))
    assert explicit.returncode == 2 and "ci.toml: key 'x': unknown key" in explicit.stderr
    unknown = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, "--ignore", "nope")
    assert unknown.returncode == 2 and "--ignore: unknown rule 'nope'" in unknown.stderr


def test_the_readme_shows_every_key_and_its_example_reads():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("\n### Configuration\n")[1].split("```toml\n")[1].split("```")[0]
    table = tomllib.loads(example)["tool"]["compliance"]
    assert set(table) == {field.alias or name for name, field in Settings.model_fields.items()}
    assert Settings.model_validate(table).severity == {"training-plan-filed": Severity.medium}
