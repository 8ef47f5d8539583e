"""The README is the front door: its commands are the ones CI runs, and it lists every rule and pack."""

import shlex
from pathlib import Path

from compliance import get_plugins
from compliance.packs import Packs

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    command = "python -m pip install '.[test]' && python -m pytest"
    assert f"\n{command}\n" in README
    assert f"\n{command}\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_lists_every_rule_and_pack():
    plugins = get_plugins(entry_points=False)
    for rule_id in plugins.rules:
        assert f"| `{rule_id}` |" in README
    for pack_id in Packs(plugins).by_id:
        assert f"| `{pack_id}` |" in README


def test_the_text_report_sample_is_what_the_command_prints():
    from test_cli import compliance

    command = README.split("\n## The command\n", 1)[1].split("\n```text\n", 1)[1].split("\n```\n", 1)[0]
    first, *sample = command.splitlines()
    program, *args = shlex.split(first.removeprefix("$ "))
    assert program == "compliance"
    printed = iter(compliance(*args, cwd=ROOT).stdout.splitlines())
    for line in sample:  # in the order printed; "…" stands for lines left out
        if line != "…":
            assert line in printed, line
