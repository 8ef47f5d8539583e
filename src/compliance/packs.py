"""Declarative rule packs: reading the TOML files and resolving a pack through its ``extends`` chain.

A pack file holds parameters and selection, never code::

    id = "cn-shanxi-yangquan-kuangqu"
    title = "山西省阳泉市矿区"
    title_en = "Kuangqu District, Yangquan, Shanxi"
    extends = "cn-shanxi"
    effective = 2024-03-20          # the day its document was issued
    until = 2025-12-31              # the last day it is in force (the three-year action ends with 2025)

    [rules.training-annual-hours]   # adds the rule, or tunes an inherited one
    cite = "kuangqu"                # which of the rule's citations applies here
    total_hours = 60

    [rules.two-certified-officers]
    enabled = false                 # switches an inherited rule off

Inside a rule's table these keys belong to the pack, the rest are the rule's parameters:
``enabled``, ``severity``, ``cite`` (a key of the rule's citations), ``citation`` (an inline citation table:
document, number, item, text), ``effective`` and ``until`` (days that override the pack's for this rule).

A rule takes effect on its own ``effective`` day if one is set down the chain, else on the effective day of
the pack that first states it: tuning a parameter further down does not restate the obligation. Its time in
force ends the same way, on its own ``until`` or on that of the pack that first states it (none: no end). A
yearly obligation recurs up to the year its time in force ends; an obligation that began after that day is not
applicable. An obligation that outlives a plan belongs to a pack without an end, such as the national one.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .citations import Citation
from .errors import RulesetError
from .plugins import Origin, Plugins
from .report import Severity
from .rule import Rule

PACK_KEYS = frozenset({"enabled", "severity", "cite", "citation", "effective", "until"})
DEFAULT = "default"


class PackHeader(BaseModel):
    """The top-level keys of a pack file."""

    model_config = ConfigDict(strict=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    title_en: str
    extends: str | None = None
    effective: dt.date | None = Field(None, description="Day the pack's document took effect; inherited if empty")
    until: dt.date | None = Field(None, description="Last day the pack's document is in force; inherited if empty, "
                                                    "none: no end")
    source: str | None = Field(None, description="The document the pack implements")
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Pack:
    header: PackHeader
    file: str
    origin: Origin

    @property
    def id(self) -> str:
        return self.header.id


def read_pack(file: Path | Traversable, origin: Origin) -> Pack:
    name = str(file)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesetError(name, None, f"not valid TOML: {exc}") from None
    try:
        header = PackHeader.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"])
        raise RulesetError(name, key or None, error["msg"]) from None
    return Pack(header, name, origin)


@dataclass(frozen=True)
class ConfiguredRule:
    """A rule as a resolved pack configures it."""

    rule: Rule
    severity: Severity
    citation: Citation
    effective: dt.date | None
    #: the last day the rule is in force; None: no end
    until: dt.date | None
    #: the pack that first states the rule in the chain
    stated_by: str
    #: for each parameter (and pack key), the pack that set its value, or "default"
    set_by: dict[str, str]
    #: the distribution that provides the rule's code
    provided_by: str = "compliance"

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class Ruleset:
    """A pack resolved through its chain: the rules it enables, configured."""

    id: str
    title: str
    title_en: str
    #: pack ids, root first
    chain: list[str]
    effective: dt.date | None
    until: dt.date | None
    rules: list[ConfiguredRule]
    #: rules switched off somewhere in the chain, and by which pack
    disabled: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_rule(cls, rule: Rule, effective: dt.date | None = None, until: dt.date | None = None) -> Ruleset:
        """A ruleset of one rule configured in code, in force from ``effective`` to ``until`` (None: whatever the
        date): for examples and tests."""
        configured = ConfiguredRule(rule, rule.severity, next(iter(rule.citations.values())), effective, until,
                                    "(code)", {}, "(registered in code)")
        return cls(rule.id, rule.title.zh, rule.title.en, [], effective, until, [configured])


class Packs:
    """Every pack that the plug-ins provide, by id."""

    def __init__(self, plugins: Plugins):
        self.plugins = plugins
        self.by_id: dict[str, Pack] = {}
        for file, origin in plugins.pack_files:
            pack = read_pack(file, origin)
            if pack.id in self.by_id:
                other = self.by_id[pack.id]
                raise RulesetError(pack.file, "id", f"pack {pack.id!r} is provided twice: by {other.origin} "
                                                    f"({other.file}) and by {origin} ({pack.file})")
            self.by_id[pack.id] = pack

    def chain(self, pack_id: str) -> list[Pack]:
        """The packs from the root down to ``pack_id``."""
        if pack_id not in self.by_id:
            raise RulesetError("(command line)", "ruleset", f"unknown pack {pack_id!r}; known: {', '.join(sorted(self.by_id))}")
        chain = [self.by_id[pack_id]]
        while (parent := chain[-1].header.extends) is not None:
            child = chain[-1]
            if parent not in self.by_id:
                raise RulesetError(child.file, "extends", f"unknown pack {parent!r}; known: {', '.join(sorted(self.by_id))}")
            if any(p.id == parent for p in chain):
                cycle = " -> ".join([p.id for p in chain] + [parent])
                raise RulesetError(child.file, "extends", f"extends cycle: {cycle}")
            chain.append(self.by_id[parent])
        return list(reversed(chain))

    def resolve(self, pack_id: str) -> Ruleset:
        chain = self.chain(pack_id)
        effective: dict[str, dt.date | None] = {}
        until: dict[str, dt.date | None] = {}
        values: dict[str, dict[str, Any]] = {}
        set_by: dict[str, dict[str, str]] = {}
        stated_by: dict[str, str] = {}
        files = {p.id: p.file for p in chain}
        parent_effective: dt.date | None = None
        parent_until: dt.date | None = None
        for pack in chain:
            parent_effective = effective[pack.id] = pack.header.effective or parent_effective
            parent_until = until[pack.id] = pack.header.until or parent_until
            if parent_effective is not None and parent_until is not None and parent_until < parent_effective:
                raise RulesetError(pack.file, "until", f"the pack ends on {parent_until}, before it takes effect "
                                                       f"on {parent_effective}")
            for rule_id, entry in pack.header.rules.items():
                if rule_id not in self.plugins.rules:
                    raise RulesetError(pack.file, f"rules.{rule_id}",
                                       f"unknown rule; known: {', '.join(self.plugins.rules)}")
                stated_by.setdefault(rule_id, pack.id)
                for key, value in entry.items():
                    values.setdefault(rule_id, {})[key] = value
                    set_by.setdefault(rule_id, {})[key] = pack.id
        configured, disabled = [], {}
        for rule_id in sorted(stated_by):
            rule_values, rule_set_by = values.get(rule_id, {}), set_by.get(rule_id, {})
            enabled = rule_values.get("enabled", True)
            if not isinstance(enabled, bool):
                raise RulesetError(files[rule_set_by["enabled"]], f"rules.{rule_id}.enabled", "must be true or false")
            if not enabled:
                disabled[rule_id] = rule_set_by["enabled"]
                continue
            configured.append(self._configure(rule_id, rule_values, rule_set_by, stated_by[rule_id], effective, until,
                                              files))
        head = chain[-1].header
        return Ruleset(head.id, head.title, head.title_en, [p.id for p in chain], effective[head.id], until[head.id],
                       configured, disabled)

    def _configure(self, rule_id: str, values: dict[str, Any], set_by: dict[str, str], stated_by: str,
                   effective: dict[str, dt.date | None], until: dict[str, dt.date | None],
                   files: dict[str, str]) -> ConfiguredRule:
        rule_class, origin = self.plugins.rules[rule_id]

        def fail(key: str, message: str) -> RulesetError:
            return RulesetError(files[set_by[key]], f"rules.{rule_id}.{key}", message)

        params = {k: v for k, v in values.items() if k not in PACK_KEYS}
        try:
            rule = rule_class(rule_class.Params.model_validate(params))
        except ValidationError as exc:
            error = exc.errors()[0]
            key = str(error["loc"][0]) if error["loc"] else next(iter(params), "")
            if key not in set_by:
                raise RulesetError(files[stated_by], f"rules.{rule_id}", error["msg"]) from None
            raise fail(key, f"{error['msg']} (got {error['input']!r})") from None
        try:
            severity = Severity(values.get("severity", rule_class.severity))
        except ValueError:
            raise fail("severity", f"must be one of {', '.join(Severity)}") from None
        if "citation" in values:
            try:
                citation = Citation.model_validate(values["citation"])
            except ValidationError as exc:
                raise fail("citation", str(exc.errors()[0]["msg"])) from None
        elif "cite" in values:
            if values["cite"] not in rule_class.citations:
                raise fail("cite", f"unknown citation {values['cite']!r}; the rule cites: {', '.join(rule_class.citations)}")
            citation = rule_class.citations[values["cite"]]
        else:
            citation = next(iter(rule_class.citations.values()))
        rule_effective = values.get("effective", effective[stated_by])
        if rule_effective is not None and not isinstance(rule_effective, dt.date):
            raise fail("effective", "must be a date, e.g. 2024-03-20")
        rule_until = values.get("until", until[stated_by])
        if rule_until is not None and not isinstance(rule_until, dt.date):
            raise fail("until", "must be a date, e.g. 2025-12-31")
        if rule_effective is not None and rule_until is not None and rule_until < rule_effective:
            raise fail("until" if "until" in values else "effective",
                       f"the rule's time in force ends on {rule_until}, before it begins on {rule_effective}")
        provenance = {name: set_by.get(name, DEFAULT) for name in rule_class.Params.model_fields}
        provenance |= {k: v for k, v in set_by.items() if k in PACK_KEYS}
        return ConfiguredRule(rule, severity, citation, rule_effective, rule_until, stated_by, provenance,
                              origin.distribution)
