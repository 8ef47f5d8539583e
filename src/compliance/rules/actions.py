"""Enforcement-action rules: how a case is decided (Administrative Penalty Law, 2021)."""

from __future__ import annotations

from ..plugins import hookimpl


@hookimpl
def compliance_rules():
    return []
