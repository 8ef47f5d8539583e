"""Small builders for test records. Records go through JSON validation, exactly as they do from a file."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

from compliance import (
    Certificate,
    Dataset,
    Department,
    EnforcementAction,
    Filing,
    Officer,
    Report,
    TrainingRecord,
    check,
    get_plugins,
    hookimpl,
)
from compliance.packs import Packs, Ruleset
from compliance.plugins import Plugins
from compliance.report import Finding, RuleSummary


def write_jsonl(directory: Path, **collections: list[dict]) -> Path:
    """Each collection's records as a JSON Lines file in ``directory``, as an export holds them."""
    for name, rows in collections.items():
        (directory / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                                 encoding="utf-8")
    return directory


def _make(model: type, **fields: Any):
    return model.from_json(json.dumps({k: v for k, v in fields.items() if v is not None}))


def department(id: str = "d1", *, level: str = "county", kind: str = "enforcement", name: str | None = None) -> Department:
    return _make(Department, id=id, name=name or f"部门 {id}", level=level, department_kind=kind)


def officer(id: str = "o1", *, department: str = "d1", start: str = "2020-01-01", end: str | None = None,
            left_reason: str | None = None) -> Officer:
    posting = {"start": start, "end": end, "left_reason": left_reason}
    return _make(Officer, id=id, name=f"姓名{id}", department=department,
                 postings=[{k: v for k, v in posting.items() if v is not None}])


def certificate(officer: str = "o1", *, id: str | None = None, issued_on: str = "2020-01-01",
                expires_on: str | None = None, events: list[tuple[str, str]] = ()) -> Certificate:
    return _make(Certificate, id=id or f"C-{officer}", officer=officer, issued_on=issued_on, expires_on=expires_on,
                 events=[{"date": d, "event": e} for d, e in events])


_counter = iter(range(1, 10**9))


def training(date: str, hours: float, category: str, *, officer: str = "o1") -> TrainingRecord:
    return _make(TrainingRecord, id=f"T{next(_counter)}", officer=officer, date=date, hours=hours, category=category)


def action(date: str, officers: list[str] = ("o1",), *, id: str | None = None, department: str = "d1",
           kind: str = "inspection") -> EnforcementAction:
    return _make(EnforcementAction, id=id or f"A{next(_counter)}", department=department, action_kind=kind,
                 officers=list(officers), date=date)


def filing(kind: str, filed_on: str, *, department: str = "d1", period: str | None = None,
           filed_with: str | None = None) -> Filing:
    return _make(Filing, id=f"F{next(_counter)}", department=department, filing_kind=kind, filed_on=filed_on,
                 period=period, filed_with=filed_with)


class _PackDirectory:
    """A plug-in that provides the packs in one directory, as a locality's package would."""

    def __init__(self, directory: Path):
        self.directory = directory

    @hookimpl
    def compliance_rulesets(self):
        return [self.directory]


def plugins_with_packs(directory: Path, *packs: str, extra: tuple = ()) -> Plugins:
    """The built-in plug-ins, the ``extra`` ones, and the given pack files (TOML texts) written to ``directory``."""
    for n, text in enumerate(packs):
        (directory / f"pack{n}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return get_plugins(entry_points=False, extra=[_PackDirectory(directory), *extra])


def pack_ruleset(directory: Path, *packs: str, pack_id: str = "test") -> Ruleset:
    return Packs(plugins_with_packs(directory, *packs)).resolve(pack_id)


def run(records: list, as_of: str, ruleset: Any = "cn-shanxi-yangquan-kuangqu", *, warn_days: int = 30) -> Report:
    return check(Dataset.from_records(records), ruleset, dt.date.fromisoformat(as_of), warn_days=warn_days)


def findings(report: Report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


def summary(report: Report, rule: str) -> RuleSummary:
    return next(s for s in report.rules if s.rule == rule)
