"""Rule documentation, generated from the rules themselves: ``compliance rules --explain ID`` prints a rule's page,
and ``python -m compliance.ruledoc docs/rules`` writes one page per rule and an index of the rules per pack.

A page says what the rule checks (its docstring), why (every citation: document, 文号, item, original sentence),
its parameters with their value in each pack, and an example that breaks it and one that keeps it, with the
finding the example really produces (the examples are run while the page is written).
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticUndefined

from .deadlines import Due
from .engine import check_example
from .packs import ConfiguredRule, Packs, Ruleset
from .plugins import Plugins, get_plugins
from .rule import Checks, Example, Rule


def _schema_type(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        return _schema_type(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "enum" in schema:
        return "one of " + " \\| ".join(map(str, schema["enum"]))
    if "anyOf" in schema:
        kinds = [_schema_type(s, defs) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds) + (" (optional)" if len(kinds) < len(schema["anyOf"]) else "")
    if schema.get("type") == "array":
        return "list of " + _schema_type(schema.get("items", {}), defs)
    if schema.get("format") == "date":
        return "date"
    if "properties" in schema:
        return "table (" + ", ".join(schema["properties"]) + ")"
    return {"string": "string", "number": "number", "integer": "integer", "boolean": "true or false"}.get(
        schema.get("type", ""), "value")


def in_force(effective: dt.date | None, until: dt.date | None) -> str:
    """A time in force as the docs and the command line write it: ``2024-03-20 to 2025-12-31``."""
    if effective is None and until is None:
        return "always"
    if effective is None:
        return f"until {until}"
    return f"{effective}" + (f" to {until}" if until else "")


def schedule(configured: ConfiguredRule) -> str:
    """Which deadlines or years a rule checks as a pack configures it, and why: its time in force."""
    rule, effective, until = configured.rule, configured.effective, configured.until
    why = f"the rule is in force {in_force(effective, until)} (stated by `{configured.stated_by}`)"
    if rule.checks is Checks.years:
        if effective is None:
            return f"every year in post, each once it has ended: {why}"
        years = f"{effective.year} to {until.year}" if until else f"{effective.year} and every year after"
        return f"the years {years}, each once it has ended: {why}"
    if rule.checks is Checks.events:
        return f"each event of its time in force: {why}"
    days = []
    for due in _dues(configured.rule.params):
        if not due.recurring:
            late = effective is not None and due.on() < effective
            days.append(f"{due.on()}" + (" (before the rule took effect: not checked)" if late else ""))
        elif effective is None:
            days.append(f"{due} every year, from the first year of the records' coverage")
        else:
            first = effective.year if due.on(effective.year) >= effective else effective.year + 1
            if until is None:
                days.append(f"{due.on(first)} and {due} every year after")
            else:
                days.append(", ".join(str(due.on(year)) for year in range(first, until.year + 1)) or "none")
    return f"{'; '.join(days)}: {why}"


def _dues(value: Any) -> Iterator[Due]:
    """The due days in a rule's parameters, however nested."""
    if isinstance(value, Due):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _dues(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _dues(item)


def _value(value: Any, annotation: Any = Any) -> str:
    return json.dumps(TypeAdapter(annotation).dump_python(value, mode="json"), ensure_ascii=False)


def _example(rule: type[Rule], example: Example, heading: str) -> list[str]:
    report = check_example(rule, example)
    lines = [f"## {heading}", "", f"Checked as of {example.as_of}"
             + (f", with parameters `{_value(dict(example.params))}`" if example.params else "")
             + (f", the rule in force from {example.effective}" if example.effective else "")
             + (f" to {example.until}" if example.until else "") + ":", "", "```json"]
    collections = [f"  {json.dumps(c)}: {json.dumps(r, ensure_ascii=False)}" for c, r in example.records.items()]
    lines += ["{", ",\n".join(collections), "}", "```", ""]
    if report.violations:
        lines += [f"{len(report.violations)} violation(s):", ""]
        lines += [f"- {f.message.zh}<br>{f.message.en}" for f in report.violations]
    else:
        lines.append(f"No violation; {report.rules[0].passed} subject(s) pass.")
    return lines + [""]


def explain(rule_id: str, plugins: Plugins, rulesets: dict[str, Ruleset] | None = None) -> str:
    """The Markdown page of one rule."""
    rule, origin = plugins.rules[rule_id]
    rulesets = rulesets if rulesets is not None else _resolve_all(plugins)
    summary, _, body = inspect.cleandoc(rule.__doc__ or "").partition("\n")
    lines = [f"# `{rule.id}`: {rule.title.zh} / {rule.title.en}", "", summary.strip(), "",
             f"Provided by {origin.distribution}. Default severity: {rule.severity.value}.", "",
             "## What it checks", "", body.strip().removeprefix("What it checks:").strip(), "", "## Legal basis", ""]
    for key, citation in rule.citations.items():
        number = f" {citation.number}" if citation.number else ""
        lines.append(f"- `{key}`: {citation.document}{number} {citation.item}: 「{citation.text}」")
    lines += ["", "## Parameters", ""]
    schema = rule.Params.model_json_schema()
    fields = rule.Params.model_fields
    if fields:
        lines += ["| parameter | type | default | meaning |", "| --- | --- | --- | --- |"]
        for name, field in fields.items():
            default = "required" if field.default is PydanticUndefined and field.default_factory is None else (
                _value(field.get_default(call_default_factory=True), field.annotation))
            kind = _schema_type(schema["properties"][name], schema.get("$defs", {}))
            if Due in getattr(field.annotation, "__args__", (field.annotation,)):
                kind = kind.replace("string", "due date (2024-07-22, 2024-02, --07-22 or --02)")
            lines.append(f"| `{name}` | {kind} | `{default}` | {field.description or ''} |")
    else:
        lines.append("None.")
    lines += ["", "### In each pack", ""]
    in_packs = {pack_id: next((c for c in ruleset.rules if c.id == rule_id), None)
                for pack_id, ruleset in rulesets.items()}
    if not any(in_packs.values()):
        lines.append("No pack enables it; a pack adds it with a `[rules." + rule_id + "]` table.")
    else:
        lines += ["| pack | checks | cites | " + " | ".join(f"`{n}`" for n in fields) + " |",
                  "| --- | --- | --- | " + " | ".join("---" for _ in fields) + " |"]
        for pack_id, configured in in_packs.items():
            if configured is None:
                off = rulesets[pack_id].disabled.get(rule_id)
                lines.append(f"| `{pack_id}` | " + (f"switched off by `{off}`" if off else "not in this pack")
                             + " |" + " |" * (len(fields) + 1))
                continue
            values = configured.rule.params.model_dump(mode="json")
            lines.append(f"| `{pack_id}` | {schedule(configured)} | {configured.citation} | "
                         + " | ".join(f"`{json.dumps(values[n], ensure_ascii=False)}`" for n in fields) + " |")
    lines.append("")
    lines += _example(rule, rule.example_breaks, "Example that breaks it")
    lines += _example(rule, rule.example_keeps, "Example that keeps it")
    return "\n".join(lines).rstrip() + "\n"


def index(plugins: Plugins, rulesets: dict[str, Ruleset]) -> str:
    """The index page: every rule, and the rules of each pack."""
    lines = ["# Rules", "", "<!-- Generated by `python -m compliance.ruledoc docs/rules`; do not edit. -->", "",
             "| rule | what | sources |", "| --- | --- | --- |"]
    for rule_id, (rule, _) in plugins.rules.items():
        sources = "; ".join(str(c) for c in rule.citations.values())
        lines.append(f"| [`{rule_id}`]({rule_id}.md) | {rule.title.zh} / {rule.title.en} | {sources} |")
    lines += ["", "## Rules per pack", ""]
    for pack_id, ruleset in rulesets.items():
        lines += [f"### `{pack_id}`: {ruleset.title} / {ruleset.title_en}", "",
                  f"Chain: {' > '.join(ruleset.chain)}; in force {in_force(ruleset.effective, ruleset.until)}.", ""]
        lines += [f"- [`{c.id}`]({c.id}.md) ({c.citation})" for c in ruleset.rules]
        lines += [f"- ~~`{rule_id}`~~ switched off by `{by}`" for rule_id, by in ruleset.disabled.items()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _resolve_all(plugins: Plugins) -> dict[str, Ruleset]:
    packs = Packs(plugins)
    return {pack_id: packs.resolve(pack_id) for pack_id in sorted(packs.by_id)}


def pages(plugins: Plugins) -> dict[str, str]:
    """Every page of the rule docs, by file name."""
    rulesets = _resolve_all(plugins)
    out = {"README.md": index(plugins, rulesets)}
    out |= {f"{rule_id}.md": explain(rule_id, plugins, rulesets) for rule_id in plugins.rules}
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    target.mkdir(parents=True, exist_ok=True)
    for name, text in pages(get_plugins(entry_points=False)).items():
        (target / name).write_text(text, encoding="utf-8")
