"""The built-in rules, one module per family. Each module is a plug-in: it hands its rules to the engine
through the ``compliance_rules`` hook, as a third-party pack does."""
