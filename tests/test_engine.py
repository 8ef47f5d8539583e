"""The engine: as-of day, deterministic order, a report that round-trips, and a rule that raises."""

import datetime as dt
import random

from records import department, officer, plugins_with_packs, training
from test_cli import EXAMPLE, KUANGQU

from compliance import (
    Dataset,
    Report,
    Rule,
    RuleParams,
    Status,
    Text,
    check,
    hookimpl,
    load_dataset,
    load_ruleset,
    today,
)
from compliance.citations import Citation
from compliance.models import RECORD_TYPES
from compliance.packs import Packs, Ruleset
from compliance.report import SubjectKind
from compliance.rule import Outcome, SubjectRef
from compliance.rules.training import TrainingAnnualHours


def test_as_of_defaults_to_today_in_shanghai():
    report = check(Dataset.from_records([department()]), KUANGQU)
    assert report.as_of == today()
    assert today() == (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)).date()


def test_findings_are_in_a_deterministic_order_whatever_the_record_order():
    dataset = load_dataset(EXAMPLE)
    records = [record for t in RECORD_TYPES for record in getattr(dataset, t.collection)]
    random.Random(7).shuffle(records)
    shuffled = check(Dataset.from_records(records), KUANGQU, dt.date(2025, 3, 1))
    original = check(dataset, KUANGQU, dt.date(2025, 3, 1))
    assert shuffled.findings == original.findings
    keys = [(f.department, f.rule, f.subject.kind, f.subject.id, f.subject.officer or "", f.period or "")
            for f in original.findings]
    assert keys == sorted(keys)


def test_the_report_round_trips_through_json():
    report = check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 3, 1))
    assert report.findings and report.rules
    assert Report.model_validate_json(report.model_dump_json()) == report


def test_warnings_do_not_count_as_violations():
    records = [department(), officer(), training("2024-06-01", 10, "public_legal")]
    report = check(Dataset.from_records(records), Ruleset.of_rule(TrainingAnnualHours(), dt.date(2024, 1, 1)),
                   dt.date(2024, 12, 20))
    assert [f.status for f in report.findings] == [Status.warning]
    assert report.violations == []
    assert "with 11 day(s) left" in report.findings[0].message.en


class Explodes(Rule):
    """What it checks: nothing; it raises, as a broken plug-in rule might."""

    id = "explodes"
    title = Text(zh="出错", en="Explodes")
    subject_kind = SubjectKind.officer
    Params = RuleParams
    citations = {"x": Citation(document="《测试》", item="一", text="测试。")}
    messages = {"x": Text(zh="出错", en="explodes")}

    def evaluate(self, context):
        yield Outcome(Status.passed, SubjectRef(SubjectKind.officer, "o1"), context.as_of)
        raise RuntimeError("boom")


class ExplodesInFrames(Explodes):
    """What it checks: nothing; its frame query raises, on the thread the rules over frames run on."""

    id = "explodes-in-frames"

    def evaluate_frames(self, context):
        raise RuntimeError("boom in frames")


class ExplodingPlugin:
    @hookimpl
    def compliance_rules(self):
        return [Explodes, ExplodesInFrames]


def test_a_rule_that_raises_is_recorded_and_the_others_still_run(tmp_path):
    pack = 'id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn-shanxi-yangquan-kuangqu"\n[rules.explodes]\n'
    plugins = plugins_with_packs(tmp_path, pack, extra=(ExplodingPlugin(),))
    ruleset = Packs(plugins).resolve("test")
    report = check(Dataset.from_records([department(), officer()]), ruleset, dt.date(2025, 3, 1))
    assert [(f.rule, f.error) for f in report.failures] == [("explodes", "RuntimeError: boom")]
    assert "explodes" not in {s.rule for s in report.rules}
    assert {s.rule for s in report.rules} == {r.id for r in load_ruleset(KUANGQU).rules}


def test_rules_over_frames_and_objects_are_reported_in_the_rulesets_order_failures_too(tmp_path):
    """The rules over frames run on threads while those over objects run in turn: the report keeps the order
    of the ruleset all the same."""
    pack = ('id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn-shanxi-yangquan-kuangqu"\n'
            '[rules.explodes-in-frames]\n[rules.explodes]\n')
    plugins = plugins_with_packs(tmp_path, pack, extra=(ExplodingPlugin(),))
    ruleset = Packs(plugins).resolve("test")
    kinds = [r.rule.reads_frames() for r in ruleset.rules]
    assert (True, False) in zip(kinds, kinds[1:])  # a rule over frames before one over objects
    report = check(load_dataset(EXAMPLE), ruleset, dt.date(2025, 3, 1))
    failed = {"explodes", "explodes-in-frames"}
    assert [s.rule for s in report.rules] == [r.id for r in ruleset.rules if r.id not in failed]
    assert [f.rule for f in report.failures] == [r.id for r in ruleset.rules if r.id in failed]
    assert report.failures[[f.rule for f in report.failures].index("explodes-in-frames")].error == \
        "RuntimeError: boom in frames"
