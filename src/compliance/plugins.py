"""The plug-in manager and the registry of rules and packs from every plug-in.

Order, as in pluggy's own example: add the hook specifications, load third-party plug-ins from the
``compliance`` entry-point group, register the built-in plug-ins. Nothing happens at import time.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs
from .errors import PluginError

ENTRY_POINT_GROUP = "compliance"

hookimpl = pluggy.HookimplMarker("compliance")

#: The built-in plug-ins, registered exactly as a third-party plug-in is.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "compliance.rules.certificates",
    "compliance.rules.assessments",
    "compliance.rules.training",
    "compliance.rules.actions",
    "compliance.rules.filings",
    "compliance.rules.problems",
    "compliance.rules.departments",
    "compliance.rules.figures",
    "compliance.builtin_packs",
)


@dataclass(frozen=True)
class Origin:
    """Where a rule or pack came from: the plug-in's name and the distribution that installed it."""

    plugin: str
    distribution: str

    def __str__(self) -> str:
        return f"plug-in {self.plugin!r} from distribution {self.distribution!r}"


@dataclass(frozen=True)
class LoadFailure:
    """A plug-in that could not be loaded; the others still are."""

    entry_point: str
    distribution: str
    error: str


class Plugins:
    """Every plug-in's rules and packs, with their origins. Duplicate ids are errors naming both origins."""

    def __init__(self, manager: pluggy.PluginManager, origins: dict[str, Origin],
                 failures: list[LoadFailure]):
        self.manager = manager
        self.origins = origins
        self.failures = failures

    def _results(self, hook: Any) -> Iterator[tuple[Origin, Any]]:
        # One plug-in at a time, so that each result is attributed to the plug-in that returned it, and a
        # plug-in that raises is named rather than surfacing as a bare traceback.
        for impl in hook.get_hookimpls():
            origin = self.origins.get(impl.plugin_name, Origin(impl.plugin_name, "unknown"))
            try:
                items = list(impl.function() or ())
            except Exception as exc:
                raise PluginError(f"{origin} raised in {hook.name}: {type(exc).__name__}: {exc}") from exc
            for item in items:
                yield origin, item

    @cached_property
    def rules(self) -> dict[str, tuple[type, Origin]]:
        from .rule import Rule

        found: dict[str, tuple[type, Origin]] = {}
        for origin, rule in self._results(self.manager.hook.compliance_rules):
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise PluginError(f"{origin} returned {rule!r} from compliance_rules, which is not a Rule subclass")
            missing = [a for a in ("id", "title", "subject_kind", "citations", "messages") if not getattr(rule, a, None)]
            if missing:
                raise PluginError(f"{origin} returned rule class {rule.__name__}, which lacks {', '.join(missing)}")
            if rule.id in found:
                raise PluginError(f"rule {rule.id!r} is provided twice: by {found[rule.id][1]} and by {origin}")
            found[rule.id] = (rule, origin)
        return dict(sorted(found.items()))

    @cached_property
    def pack_files(self) -> list[tuple[Path | Traversable, Origin]]:
        files = []
        for origin, location in self._results(self.manager.hook.compliance_rulesets):
            if not (hasattr(location, "is_dir") and hasattr(location, "read_text")):
                raise PluginError(f"{origin} returned {location!r} from compliance_rulesets; expected a Path or "
                                  f"an importlib.resources Traversable")
            files += [(f, origin) for f in _toml_files(location)]
        return files


def _toml_files(location: Path | Traversable) -> Iterable[Path | Traversable]:
    if location.is_dir():
        return sorted((f for f in location.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [location]


def get_plugins(*, entry_points: bool = True, extra: Iterable[object] = ()) -> Plugins:
    """Build the plug-in manager: specs, then entry-point plug-ins (each guarded), then the built-ins.

    ``extra`` registers further plug-in objects (modules, classes, instances), e.g. in tests.
    """
    manager = pluggy.PluginManager("compliance")
    manager.add_hookspecs(hookspecs)
    origins: dict[str, Origin] = {}
    failures: list[LoadFailure] = []
    if entry_points:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist.name if ep.dist else "unknown"
            name = ep.name
            if name in origins:
                if origins[name].distribution == dist:
                    continue  # the same distribution seen twice on the path
                name = f"{ep.name} ({dist})"  # another distribution's plug-in of the same name: load it too
            try:
                plugin = ep.load()
                manager.register(plugin, name=name)
            except Exception as exc:  # one broken plug-in must not hide the others
                failures.append(LoadFailure(ep.name, dist, f"{type(exc).__name__}: {exc}"))
                continue
            origins[name] = Origin(ep.name, dist)
    for name in BUILTIN_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
        origins[name] = Origin(name, "compliance")
    for plugin in extra:
        name = manager.register(plugin)
        origins[name] = Origin(name, "(registered in code)")
    return Plugins(manager, origins, failures)
