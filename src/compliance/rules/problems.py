"""Rules over enforcement problems: how much of what was found has been rectified, by when."""

from __future__ import annotations

from ..plugins import hookimpl


@hookimpl
def compliance_rules():
    return []
