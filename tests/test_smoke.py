from compliance import get_plugins


def test_builtin_rules_register_through_the_hook():
    rules = get_plugins(entry_points=False).rules
    assert {"certificate-before-enforcement", "training-annual-hours", "training-plan-filed",
            "midterm-evaluation"} <= set(rules)
