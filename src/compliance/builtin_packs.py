"""The built-in rule packs (the ``rulesets/`` directory of the repository), provided through the same hook as
any plug-in pack."""

from importlib.resources import files

from .plugins import hookimpl


@hookimpl
def compliance_rulesets():
    return [files("compliance.rulesets")]
