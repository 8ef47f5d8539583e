"""Annual assessment rules: every officer assessed each year, and what follows a failed assessment."""

from __future__ import annotations

from ..plugins import hookimpl


@hookimpl
def compliance_rules():
    return []
