"""Every rule documents itself: id, docstring, bilingual title and messages, and citations whose original
sentences really stand in the source documents."""

import re
import string
import unicodedata
from pathlib import Path

import pytest

from compliance import get_plugins
from compliance.engine import check_example
from compliance.ruledoc import pages

RULES = get_plugins(entry_points=False).rules
POLICY = Path(__file__).resolve().parents[2] / "shared" / "policy"
DOC_SOURCES = Path(__file__).resolve().parents[1] / "docs" / "sources"


def _normalized(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_is_documented(rule_id):
    rule = RULES[rule_id][0]
    assert rule.id == rule_id and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id)
    assert rule.__doc__ and "What it checks" in rule.__doc__
    assert rule.title.zh and rule.title.en
    assert rule.citations, "a rule cites at least one source"
    for name, field in rule.Params.model_fields.items():
        assert field.description, f"parameter {name} has no description"


@pytest.mark.parametrize("rule_id", RULES)
def test_messages_say_the_same_in_both_languages(rule_id):
    for key, text in RULES[rule_id][0].messages.items():
        # a Chinese message may use the Chinese form of a value: state_zh for state
        fields = [{f.removesuffix("_zh") for _, f, _, _ in string.Formatter().parse(t) if f} for t in (text.zh, text.en)]
        assert fields[0] == fields[1], f"{rule_id} message {key!r} uses different evidence in zh and en"
        assert re.search(r"[\u4e00-\u9fff]", text.zh)
        assert not re.search(r"[\u4e00-\u9fff]", text.en), f"{rule_id} message {key!r}: English text in Chinese"


@pytest.mark.skipif(not POLICY.exists(), reason="the policy sources are not beside this checkout")
@pytest.mark.parametrize("rule_id", RULES)
def test_citations_quote_the_sources_word_for_word(rule_id):
    sources = "".join(_normalized(p.read_text(encoding="utf-8")) for p in sorted((POLICY / "sources").glob("*.txt")))
    sources += _normalized((POLICY / "RULES.md").read_text(encoding="utf-8"))
    # laws quoted that are not among the policy sources, kept verbatim in docs/sources
    sources += "".join(_normalized(p.read_text(encoding="utf-8")) for p in sorted(DOC_SOURCES.glob("*.txt")))
    for key, citation in RULES[rule_id][0].citations.items():
        assert _normalized(citation.text) in sources, f"{rule_id} citation {key!r} is not in the sources"


@pytest.mark.parametrize("rule_id", RULES)
def test_the_documented_examples_do_what_they_say(rule_id):
    rule = RULES[rule_id][0]
    breaks, keeps = check_example(rule, rule.example_breaks), check_example(rule, rule.example_keeps)
    assert breaks.failures == keeps.failures == []
    assert len(breaks.violations) == rule.example_breaks.violations > 0
    assert len(keeps.violations) == rule.example_keeps.violations == 0
    assert keeps.rules[0].passed > 0, "the example that keeps the rule shows at least one pass"


def test_the_rule_pages_in_the_docs_are_current():
    docs = Path(__file__).resolve().parents[1] / "docs" / "rules"
    expected = pages(get_plugins(entry_points=False))
    assert sorted(p.name for p in docs.glob("*.md")) == sorted(expected), "run: python -m compliance.ruledoc docs/rules"
    for name, text in expected.items():
        assert (docs / name).read_text(encoding="utf-8") == text, f"{name} is stale: python -m compliance.ruledoc docs/rules"


@pytest.mark.parametrize("rule_id", RULES)
def test_a_rule_page_has_every_section(rule_id):
    page = pages(get_plugins(entry_points=False))[f"{rule_id}.md"]
    for heading in ("## What it checks", "## Legal basis", "## Parameters", "### In each pack",
                    "## Example that breaks it", "## Example that keeps it"):
        assert heading in page
