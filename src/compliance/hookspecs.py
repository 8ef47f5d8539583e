"""The hooks of compliance, all in one place.

A plug-in is a module (or any object) with functions marked ``@compliance.hookimpl`` whose names are the hooks
below. The built-in rules and packs are plug-ins too, registered through these very hooks (see
:data:`compliance.plugins.BUILTIN_PLUGINS`); anything they do, a third-party pack can do.

Third-party plug-ins are found through the ``compliance`` entry-point group::

    [project.entry-points.compliance]
    my_county = "my_county_pack.plugin"
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

import pluggy

hookspec = pluggy.HookspecMarker("compliance")


# --- rules ---------------------------------------------------------------------------------------------------


@hookspec
def compliance_rules() -> Iterable[type]:
    """Return the rule classes this plug-in provides (subclasses of :class:`compliance.Rule`).

    Called once per plug-in when the plug-in manager is first used, before any pack is resolved. Every plug-in's
    result is collected; a rule id provided twice is an error naming both plug-ins.
    """


# --- rule packs ----------------------------------------------------------------------------------------------


@hookspec
def compliance_rulesets() -> Iterable[Path | Traversable]:
    """Return the declarative rule packs this plug-in provides: ``.toml`` files, or directories holding them.

    Called once per plug-in when the packs are first listed or resolved. A pack may ``extends`` a pack from any
    plug-in. A pack id provided twice is an error naming both plug-ins.
    """
