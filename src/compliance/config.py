"""Configuration of ``compliance check``: ``[tool.compliance]`` in ``pyproject.toml`` or a ``compliance.toml``.

The file is found from the current directory upwards (the first directory with a ``compliance.toml``, or with
a ``pyproject.toml`` that has a ``[tool.compliance]`` table), or given with ``--config FILE``. Keys::

    data = "records"                 # the dataset (DATA on the command line)
    ruleset = "cn-shanxi-yangquan-kuangqu"
    as-of = 2025-03-01               # default: today in Asia/Shanghai
    covers = "2024-01-01..2024-12-31"    # the period the records cover (default: the ruleset's time in force to as-of)
    warn-days = 30
    lang = "zh"                      # of the text, markdown and github outputs
    format = "text"                  # what goes to standard output
    select = ["training-annual-hours"]   # only these rules (default: every rule of the ruleset)
    extend-select = ["pilot-sites"]  # and these, with their default parameters if the ruleset lacks them
    ignore = ["two-certified-officers"]  # not these
    fail-level = "low"               # high | medium | low | warning: the least finding that fails the run
    waivers = "waivers.toml"
    baseline = "compliance-baseline.json"
    jobs = 2                         # shard by shard, in 2 processes (JSON Lines only)

    [tool.compliance.severity]       # severity overrides, by rule
    training-plan-filed = "medium"

    [tool.compliance.output]         # further outputs, each to its own file
    sarif = "compliance.sarif"
    junit = "compliance-junit.xml"

Paths are relative to the file's directory. The command line overrides the file key by key (an ``--format
FORMAT=FILE`` replaces only that format's file). An unknown key, rule id or format is an error naming it.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError

from .engine import DEFAULT_WARN_DAYS
from .errors import ConfigError
from .formats import FORMATS
from .packs import DEFAULT, ConfiguredRule, Ruleset
from .plugins import Plugins
from .report import Coverage, FailLevel, Severity

CONFIG_FILE = "compliance.toml"
#: who set a rule's severity, or added a rule, in a ruleset the configuration tailored
CONFIGURATION = "(configuration)"

#: Severity and fail level are written as strings in the file; everything else is taken as TOML types it.
_Named = Strict(False)


class Settings(BaseModel):
    """Everything a check is run with, from the configuration file and the command line."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True,
                              alias_generator=lambda name: name.replace("_", "-"), populate_by_name=True)

    data: str | None = None
    ruleset: str | None = None
    as_of: dt.date | None = None
    #: the period the records cover: obligations outside it are not applicable, inside it an absence counts
    covers: Coverage | None = None
    warn_days: int = Field(DEFAULT_WARN_DAYS, ge=0)
    lang: str | None = Field(None, pattern="^(zh|en)$")
    format: str = "text"
    output: dict[str, str] = Field(default_factory=dict)
    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Annotated[Severity, _Named]] = Field(default_factory=dict)
    fail_level: Annotated[FailLevel, _Named] = FailLevel.low
    waivers: str | None = None
    baseline: str | None = None
    #: reading the data: the text encoding of CSV files (default: detected), what to do with bad records, and
    #: a column mapping file for tables
    encoding: str | None = None
    on_error: Literal["fail", "skip"] = "fail"
    columns: str | None = None
    #: check a directory of JSON Lines files shard by shard, in this many processes (see compliance.shards);
    #: None: in one process, the whole dataset in memory
    jobs: int | None = Field(None, ge=1)

    def override(self, **values: object) -> Settings:
        """These settings with each value given (not None) in place of the file's: the command line's."""
        return self.model_copy(update={key: value for key, value in values.items() if value is not None})

    def unknown_names(self, rules: Collection[str]) -> list[tuple[str, str]]:
        """(key, name) for each rule id or format name the settings give that is not known."""
        unknown = [(key, rule) for key in ("select", "extend_select", "ignore", "severity")
                   for rule in getattr(self, key) or () if rule not in rules]
        unknown += [(key, name) for key, names in (("format", [self.format]), ("output", self.output))
                    for name in names if name not in FORMATS]
        return unknown


def find_config(start: Path) -> Path | None:
    """The configuration file for ``start``: in it or the nearest directory above it with one."""
    for directory in (start, *start.parents):
        if (directory / CONFIG_FILE).is_file():
            return directory / CONFIG_FILE
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "compliance" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def read_config(file: Path, rules: Collection[str]) -> Settings:
    """The settings in ``file`` (a ``pyproject.toml``'s ``[tool.compliance]`` table, or a whole
    ``compliance.toml``), paths made relative to the current directory; ``rules`` are the known rule ids."""
    data = _read_toml(file)
    prefix = ""
    if file.name == "pyproject.toml":
        prefix = "tool.compliance."
        data = data.get("tool", {}).get("compliance")
        if not isinstance(data, dict):
            raise ConfigError(str(file), None, "no [tool.compliance] table")
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = prefix + ".".join(str(part) for part in error["loc"])
        message = "unknown key" if error["type"] == "extra_forbidden" else f"{error['msg']} (got {error['input']!r})"
        raise ConfigError(str(file), key, message) from None
    for key, name in settings.unknown_names(rules):
        known = list(FORMATS) if key in ("format", "output") else sorted(rules)
        raise ConfigError(str(file), prefix + key.replace("_", "-"),
                          f"unknown {'format' if key in ('format', 'output') else 'rule'} {name!r}; "
                          f"known: {', '.join(known)}")
    base = file.parent

    def near(path: str | None) -> str | None:
        return None if path is None else os.path.normpath(base / path)

    return settings.model_copy(update={
        "data": near(settings.data), "waivers": near(settings.waivers), "baseline": near(settings.baseline),
        "columns": near(settings.columns),
        "output": {name: near(path) for name, path in settings.output.items()},
    })


def _read_toml(file: Path) -> dict:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(file), None, f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(str(file), None, exc.strerror or str(exc)) from None


def tailor(ruleset: Ruleset, settings: Settings, plugins: Plugins) -> Ruleset:
    """``ruleset`` as the settings select its rules and grade their severity, as a new ruleset. A rule selected
    that the ruleset does not configure (or switched off) comes with its default parameters, in force from the
    ruleset's effective day."""
    configured = {rule.id: rule for rule in ruleset.rules}
    chosen = set(configured) if settings.select is None else set(settings.select)
    chosen = (chosen | set(settings.extend_select)) - set(settings.ignore)
    rules = []
    for rule_id in sorted(chosen):
        rule = configured.get(rule_id) or _with_defaults(rule_id, ruleset, plugins)
        if rule_id in settings.severity:
            rule = replace(rule, severity=settings.severity[rule_id], set_by=rule.set_by | {"severity": CONFIGURATION})
        rules.append(rule)
    disabled = {rule_id: by for rule_id, by in ruleset.disabled.items() if rule_id not in chosen}
    disabled |= {rule_id: CONFIGURATION for rule_id in configured if rule_id not in chosen}
    return replace(ruleset, rules=rules, disabled=disabled)


def _with_defaults(rule_id: str, ruleset: Ruleset, plugins: Plugins) -> ConfiguredRule:
    rule_class, origin = plugins.rules[rule_id]
    try:
        rule = rule_class()
    except ValidationError as exc:
        missing = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
        raise ConfigError(CONFIGURATION, "select", f"rule {rule_id!r} has parameters with no default ({missing}): "
                                                   "enable it in a pack that sets them") from None
    return ConfiguredRule(rule, rule_class.severity, next(iter(rule_class.citations.values())), ruleset.effective,
                          ruleset.until, CONFIGURATION, {name: DEFAULT for name in rule_class.Params.model_fields},
                          origin.distribution)
