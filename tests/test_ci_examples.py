"""The CI examples (examples/ci) run as written: each `compliance` command of the GitHub workflow and of the
GitLab job, in a copy of the examples, exits as the job expects and leaves reports their consumers read."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml
from test_cli import compliance
from test_formats import SARIF_SCHEMA

EXAMPLES = Path(__file__).parent.parent / "examples"
CI_FILES = ["github-actions.yml", "gitlab-ci.yml"]


def commands(ci_file: str) -> list[list[str]]:
    """The ``compliance`` commands of a CI file, in order."""
    text = (EXAMPLES / "ci" / ci_file).read_text(encoding="utf-8")
    return [shlex.split(line) for line in re.findall(r"^\s*(?:- |run: |- run: )?(compliance .+)$", text, re.MULTILINE)]


@pytest.mark.parametrize("ci_file", CI_FILES)
def test_the_ci_example_lints_the_waivers_checks_and_fails_on_violations(ci_file, tmp_path):
    shutil.copytree(EXAMPLES / "kuangqu", tmp_path / "examples" / "kuangqu")
    shutil.copytree(EXAMPLES / "ci", tmp_path / "examples" / "ci")
    lint, run = commands(ci_file)
    assert lint[:3] == ["compliance", "waivers", "check"] and run[:2] == ["compliance", "check"]
    linted = compliance(*lint[1:], cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    checked = compliance(*run[1:], cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr  # the example breaks rules: the job fails
    sarif = json.loads((tmp_path / "compliance.sarif").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    assert not list(validator.iter_errors(sarif))
    results = sarif["runs"][0]["results"]
    assert [r["suppressions"][0]["status"] for r in results if "suppressions" in r] == ["accepted"]
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("examples/kuangqu/")
               for r in results)
    cases = [case for suite in JUnitXml.fromfile(str(tmp_path / "compliance-junit.xml")) for case in suite]
    assert len(cases) > len(results)
    assert (tmp_path / "compliance-summary.md").read_text(encoding="utf-8").startswith("## compliance")
    if ci_file == "github-actions.yml":
        assert checked.stdout.startswith("::error file=examples/kuangqu/")


def test_the_github_workflow_uploads_the_reports_whatever_the_outcome():
    workflow = (EXAMPLES / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    assert "github/codeql-action/upload-sarif@" in workflow and "sarif_file: compliance.sarif" in workflow
    assert workflow.count("if: always() && hashFiles(") == 3
    assert ">> \"$GITHUB_STEP_SUMMARY\"" in workflow
    assert "\t" not in workflow
    gitlab = (EXAMPLES / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8")
    assert "when: always" in gitlab and "junit: compliance-junit.xml" in gitlab and "\t" not in gitlab
