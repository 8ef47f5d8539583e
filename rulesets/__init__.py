"""The built-in rule packs: declarative TOML files, no code. This file only makes the folder a package
so that it ships, and resolves, as compliance.rulesets."""
