"""Using compliance as a library: load the example records, check them as of a day, read the findings.

    python examples/use_the_library.py
"""

import datetime as dt
from collections import Counter
from pathlib import Path

from compliance import Status, check, load_dataset, load_ruleset

dataset = load_dataset(Path(__file__).parent / "kuangqu")
ruleset = load_ruleset("cn-shanxi-yangquan-kuangqu")
report = check(dataset, ruleset, as_of=dt.date(2025, 3, 1))

print(f"{ruleset.title} ({' > '.join(ruleset.chain)}), as of {report.as_of}")
for summary in report.rules:
    print(f"  {summary.rule}: {summary.violations} violation(s), {summary.passed} passed, "
          f"{sum(summary.not_applicable.values())} not applicable")

print("\nViolations per department:")
for department, count in sorted(Counter(f.department for f in report.violations).items()):
    print(f"  {dataset.department_by_id[department].name}: {count}")

print("\nTraining shortfalls in 2024:")
for finding in report.findings:
    if finding.rule == "training-annual-hours" and finding.status is Status.violation:
        e = finding.evidence
        print(f"  {e['officer_name']}: public legal {e['public_legal']}/{e['required_public_legal']}, "
              f"professional {e['professional']}/{e['required_professional']}  [{finding.citation}]")

# The report is a pydantic model: it round-trips through JSON unchanged.
assert type(report).model_validate_json(report.model_dump_json()) == report
