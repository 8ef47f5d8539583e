"""compliance: check administrative law-enforcement records against the 2023–2025 plan to raise enforcement
quality (提升行政执法质量三年行动) and the local plans that implement it.

    from compliance import load_dataset, check

    report = check(load_dataset("examples/kuangqu"), "cn-shanxi-yangquan-kuangqu", as_of=date(2025, 3, 1))
    for finding in report.violations:
        print(finding.rule, finding.subject.id, finding.message.en)
"""

__version__ = "0.1.0"

from .citations import Citation, Document
from .dataset import Dataset
from .deadlines import Due, judge_deadline
from .engine import check, load_ruleset, today
from .errors import ComplianceError, DatasetError, PluginError, Problem, RulesetError
from .loading import load_dataset
from .models import (
    Assessment,
    Certificate,
    CertificateEvent,
    CertificateKind,
    CertificateState,
    Department,
    EnforcementAction,
    EnforcementProblem,
    Filing,
    Officer,
    Posting,
    TrainingRecord,
)
from .packs import ConfiguredRule, Ruleset
from .plugins import get_plugins, hookimpl
from .report import Coverage, Finding, Report, RuleSummary, Severity, Status, Subject, SubjectKind, Text
from .rule import Context, Example, Outcome, Rule, RuleParams, SubjectRef, deadline_outcome

__all__ = [
    "Assessment",
    "Certificate",
    "CertificateEvent",
    "CertificateKind",
    "CertificateState",
    "check",
    "Citation",
    "ComplianceError",
    "ConfiguredRule",
    "Context",
    "Coverage",
    "Dataset",
    "DatasetError",
    "deadline_outcome",
    "Department",
    "Document",
    "Due",
    "EnforcementAction",
    "EnforcementProblem",
    "Example",
    "Filing",
    "Finding",
    "get_plugins",
    "hookimpl",
    "judge_deadline",
    "load_dataset",
    "load_ruleset",
    "Officer",
    "Outcome",
    "PluginError",
    "Posting",
    "Problem",
    "Report",
    "Rule",
    "RuleParams",
    "Ruleset",
    "RulesetError",
    "RuleSummary",
    "Severity",
    "Status",
    "Subject",
    "SubjectKind",
    "SubjectRef",
    "Text",
    "today",
    "TrainingRecord",
    "__version__",
]
