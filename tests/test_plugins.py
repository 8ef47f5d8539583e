"""Built-ins are plug-ins like any other; clashes between plug-ins are errors naming both."""

import pytest

from compliance import PluginError, get_plugins, hookimpl
from compliance.plugins import BUILTIN_PLUGINS
from compliance.rules.training import TrainingAnnualHours


def test_builtin_rules_come_through_the_public_hook():
    plugins = get_plugins(entry_points=False)
    for rule_id, (rule, origin) in plugins.rules.items():
        assert origin.plugin in BUILTIN_PLUGINS and origin.distribution == "compliance"
        assert hasattr(__import__(origin.plugin, fromlist=["x"]), "compliance_rules")


class SameId(TrainingAnnualHours):
    """What it checks: the same as the built-in, under the same id."""


class Clash:
    @hookimpl
    def compliance_rules(self):
        return [SameId]


def test_a_rule_id_provided_twice_names_both_plugins():
    with pytest.raises(PluginError) as info:
        get_plugins(entry_points=False, extra=[Clash()]).rules
    message = str(info.value)
    assert "'training-annual-hours' is provided twice" in message
    assert "compliance.rules.training" in message and "(registered in code)" in message


class NotARule:
    @hookimpl
    def compliance_rules(self):
        return [object]


def test_a_plugin_returning_something_else_is_an_error():
    with pytest.raises(PluginError, match="not a Rule subclass"):
        get_plugins(entry_points=False, extra=[NotARule()]).rules
