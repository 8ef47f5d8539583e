"""Declarative packs: layering through extends, provenance, effective days, and broken packs."""

import datetime as dt

import pytest
from records import pack_ruleset, plugins_with_packs

from compliance import RulesetError, load_ruleset
from compliance.packs import Packs

BUILTIN = ["cn", "cn-shanxi", "cn-shanxi-yuncheng", "cn-shanxi-yangquan-kuangqu", "cn-yunnan-chuxiong-yuanmou"]

PARENT = """
    id = "parent"
    title = "上级"
    title_en = "Parent"
    extends = "cn"
    effective = 2024-01-01
    [rules.training-annual-hours]
    total_hours = 60
    public_legal_hours = 30
"""
CHILD = """
    id = "test"
    title = "下级"
    title_en = "Child"
    extends = "parent"
    effective = 2024-06-01
    [rules.training-annual-hours]
    total_hours = 80
    [rules.certificate-before-enforcement]
    enabled = false
"""


@pytest.mark.parametrize("pack_id", BUILTIN)
def test_every_builtin_pack_resolves_and_cites_its_sources(pack_id):
    ruleset = load_ruleset(pack_id)
    assert ruleset.chain[0] == "cn" and ruleset.chain[-1] == pack_id
    for configured in ruleset.rules:
        assert configured.citation.text and configured.citation.item


def test_builtin_chains_and_effective_days():
    kuangqu = load_ruleset("cn-shanxi-yangquan-kuangqu")
    assert kuangqu.chain == ["cn", "cn-shanxi", "cn-shanxi-yangquan-kuangqu"]
    assert kuangqu.effective == dt.date(2024, 3, 20)
    assert {r.id for r in kuangqu.rules} == {
        # national (行政处罚法)
        "certificate-before-enforcement", "two-certified-officers", "legal-review-before-major-decision",
        "decision-within-90-days",
        # Shanxi
        "certificate-requires-exam", "certificate-revoked-on-leaving", "annual-assessment",
        # Kuangqu's measures
        "training-annual-hours", "training-plan-filed", "full-rotation-training", "required-curriculum",
        "lost-certificate-reported", "annual-certificate-cleanup", "problem-list-filed", "problems-rectified",
        "enforcement-catalogue", "progress-report", "midterm-evaluation", "street-items-evaluation",
        "supervision-system", "pilot-sites",
    }
    certificate = next(r for r in kuangqu.rules if r.id == "certificate-before-enforcement")
    # stated by the national pack, so in force since the 2021 Penalty Law; Kuangqu only changes the citation
    assert (certificate.stated_by, certificate.effective) == ("cn", dt.date(2021, 7, 15))
    assert certificate.set_by["cite"] == "cn-shanxi-yangquan-kuangqu"
    assert certificate.citation.item == "二(二)5"
    assert load_ruleset("cn-shanxi").effective == dt.date(2021, 7, 15)  # inherited from cn


def test_a_parameter_overridden_down_the_chain(tmp_path):
    ruleset = pack_ruleset(tmp_path, PARENT, CHILD)
    hours = next(r for r in ruleset.rules if r.id == "training-annual-hours")
    assert hours.rule.params.total_hours == 80
    assert hours.rule.params.public_legal_hours == 30
    assert hours.set_by == {"total_hours": "test", "public_legal_hours": "parent",
                            "professional_hours": "default", "partial_year": "default"}
    # tuning does not restate the obligation: it binds from the parent's day
    assert (hours.stated_by, hours.effective) == ("parent", dt.date(2024, 1, 1))


def test_a_rule_switched_off_down_the_chain(tmp_path):
    ruleset = pack_ruleset(tmp_path, PARENT, CHILD)
    assert "certificate-before-enforcement" not in {r.id for r in ruleset.rules}
    assert ruleset.disabled == {"certificate-before-enforcement": "test"}
    parent = Packs(plugins_with_packs(tmp_path)).resolve("parent")
    assert "certificate-before-enforcement" in {r.id for r in parent.rules}


def test_a_rule_level_effective_day_overrides_the_pack(tmp_path):
    ruleset = pack_ruleset(tmp_path, PARENT, CHILD.replace("total_hours = 80", "effective = 2020-01-01"))
    hours = next(r for r in ruleset.rules if r.id == "training-annual-hours")
    assert hours.effective == dt.date(2020, 1, 1)


def broken(tmp_path, *packs, pack_id="test") -> RulesetError:
    with pytest.raises(RulesetError) as info:
        pack_ruleset(tmp_path, *packs, pack_id=pack_id)
    return info.value


def test_unknown_rule_names_file_and_key(tmp_path):
    error = broken(tmp_path, 'id = "test"\ntitle = "t"\ntitle_en = "t"\n[rules.no-such-rule]\n')
    assert error.file.endswith("pack0.toml") and error.key == "rules.no-such-rule"
    assert "unknown rule" in str(error)


def test_wrong_parameter_type_names_the_pack_that_set_it(tmp_path):
    child = CHILD.replace("total_hours = 80", 'total_hours = "80"')
    error = broken(tmp_path, PARENT, child)
    assert error.file.endswith("pack1.toml")
    assert error.key == "rules.training-annual-hours.total_hours"
    assert "'80'" in str(error)


def test_unknown_parameter(tmp_path):
    error = broken(tmp_path, PARENT, CHILD.replace("total_hours = 80", "total_hour = 80"))
    assert error.key == "rules.training-annual-hours.total_hour"


def test_impossible_due_date(tmp_path):
    pack = 'id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn"\n[rules.training-plan-filed]\ndue = "--02-30"\n'
    error = broken(tmp_path, pack)
    assert error.key == "rules.training-plan-filed.due"


def test_extends_cycle(tmp_path):
    a = 'id = "a"\ntitle = "a"\ntitle_en = "a"\nextends = "b"\n'
    b = 'id = "b"\ntitle = "b"\ntitle_en = "b"\nextends = "a"\n'
    error = broken(tmp_path, a, b, pack_id="a")
    assert error.key == "extends" and "cycle" in str(error) and "a -> b -> a" in str(error)


def test_unknown_parent(tmp_path):
    error = broken(tmp_path, 'id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn-atlantis"\n')
    assert error.key == "extends" and "cn-atlantis" in str(error)


def test_unknown_top_level_key(tmp_path):
    error = broken(tmp_path, 'id = "test"\ntitle = "t"\ntitle_en = "t"\nextend = "cn"\n')
    assert error.key == "extend" and error.file.endswith("pack0.toml")


def test_invalid_toml(tmp_path):
    error = broken(tmp_path, 'id = "test"\ntitle = \n')
    assert "not valid TOML" in str(error) and error.file.endswith("pack0.toml")


def test_unknown_citation_key(tmp_path):
    error = broken(tmp_path, 'id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn"\n'
                             '[rules.certificate-before-enforcement]\ncite = "atlantis"\n')
    assert error.key == "rules.certificate-before-enforcement.cite" and "penalty-law" in str(error)


def test_inline_citation_for_a_document_of_ones_own(tmp_path):
    ruleset = pack_ruleset(tmp_path, 'id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn"\n'
                                     '[rules.certificate-before-enforcement.citation]\n'
                                     'document = "《某县办法》"\nnumber = "某政办发〔2024〕1号"\nitem = "三"\ntext = "持证上岗。"\n')
    assert ruleset.rules[0].citation.number == "某政办发〔2024〕1号"


def test_duplicate_pack_id_names_both_files(tmp_path):
    with pytest.raises(RulesetError) as info:
        Packs(plugins_with_packs(tmp_path, 'id = "cn"\ntitle = "t"\ntitle_en = "t"\n'))
    assert "provided twice" in str(info.value) and "cn.toml" in str(info.value) and "pack0.toml" in str(info.value)


def test_unknown_pack_id_lists_the_known_ones():
    with pytest.raises(RulesetError) as info:
        load_ruleset("cn-atlantis")
    assert "cn-shanxi-yangquan-kuangqu" in str(info.value)
