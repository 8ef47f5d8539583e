"""Rules about a locality's departments as a whole: pilot streets and townships."""

from __future__ import annotations

from ..plugins import hookimpl


@hookimpl
def compliance_rules():
    return []
