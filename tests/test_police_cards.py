"""People's police cards (人民警察证), through the command as a user runs it.

Both documents say, after the certificate duties (Kuangqu 二(二)6, 运政办发〔2024〕4号 二(二)4):
"人民警察证件的管理使用按照人民警察法的规定执行". So a police card in force is a certificate an officer enforces
with, and the enforcement-certificate duties (the qualification exam before issue, revocation and cancellation
on leaving, a lost certificate's reissue) are not asked of it: not applicable, for that reason.
"""

import pytest
from records import write_jsonl
from test_cli import KUANGQU, check_json, compliance

from compliance.rules.certificates import POLICE_CARD

SENTENCE = "人民警察证件的管理使用按照人民警察法的规定执行"
DEPARTMENT = {"id": "gaj", "name": "阳泉市公安局矿区分局", "level": "county"}


def _officer(id, **posting):
    return {"id": id, "name": f"警员{id}", "department": "gaj", "postings": [{"start": "2020-01-01", **posting}]}


def _card(id, officer, kind="police", **fields):
    return {"id": id, "officer": officer, "certificate_kind": kind, "issued_on": "2020-01-01", **fields}


def _check(directory, rules, as_of="2024-12-31"):
    report = check_json(directory, "--as-of", as_of, "--select", ",".join(rules))
    return report["findings"], {s["rule"]: s for s in report["rules"]}


# --- a police card in force is valid for enforcement -----------------------------------------------------------

ENFORCING = ["certificate-before-enforcement", "two-certified-officers"]


@pytest.mark.parametrize(("expires_on", "violations"), [
    ("2024-06-10", 0),  # the penalty's day is the card's last day: still in force
    ("2024-06-09", 1),  # expired the day before: a police card is judged as any certificate is
])
def test_an_officer_with_only_a_police_card_in_force_enforces_beside_a_certified_officer(tmp_path, expires_on,
                                                                                         violations):
    penalty = {"id": "CF-1", "department": "gaj", "action_kind": "penalty", "officers": ["p1", "o2"],
               "date": "2024-06-10"}
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[_officer("p1"), _officer("o2")],
                       certificates=[_card("J-1", "p1", expires_on=expires_on),
                                     _card("C-2", "o2", "enforcement", exam_passed_on="2019-12-01")],
                       actions=[penalty])
    findings, rules = _check(data, ENFORCING)
    counts = {rule: (rules[rule]["passed"], rules[rule]["violations"]) for rule in ENFORCING}
    # certificate-before-enforcement judges each officer on the action, two-certified-officers the action
    assert counts == {"certificate-before-enforcement": (2 - violations, violations),
                      "two-certified-officers": (1 - violations, violations)}
    if violations:
        by_rule = {f["rule"]: f for f in findings}
        assert by_rule["certificate-before-enforcement"]["evidence"]["certificate"] == "J-1"
        assert by_rule["certificate-before-enforcement"]["evidence"]["state"] == "expired"
        assert "police card" in by_rule["two-certified-officers"]["message"]["en"]


def test_two_police_officers_with_cards_in_force_make_a_penalty_of_two_certified_officers(tmp_path):
    penalty = {"id": "CF-2", "department": "gaj", "action_kind": "penalty", "officers": ["p1", "p2"],
               "date": "2024-06-10"}
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[_officer("p1"), _officer("p2")],
                       certificates=[_card("J-1", "p1"), _card("J-2", "p2")], actions=[penalty])
    findings, rules = _check(data, ENFORCING)
    assert findings == [] and rules["two-certified-officers"]["passed"] == 1


# --- the enforcement-certificate duties are not asked of a police card ------------------------------------------


def test_a_police_officer_who_leaves_with_the_card_not_revoked_is_not_applicable(tmp_path):
    leaver = _officer("p1", end="2024-05-31", left_reason="transferred")
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[leaver], certificates=[_card("J-1", "p1")])
    findings, rules = _check(data, ["certificate-revoked-on-leaving"])
    assert findings == []
    assert rules["certificate-revoked-on-leaving"]["not_applicable"] == {POLICE_CARD: 1}


def test_a_leaver_with_both_kinds_answers_for_the_enforcement_certificate_alone(tmp_path):
    leaver = _officer("p1", end="2024-05-31", left_reason="transferred")
    enforcement = _card("C-1", "p1", "enforcement", exam_passed_on="2019-12-01", events=[])
    certificates = [_card("J-1", "p1"), enforcement]
    findings, _ = _check(write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[leaver], certificates=certificates),
                         ["certificate-revoked-on-leaving"])
    assert [f["evidence"]["outstanding"] for f in findings] == ["C-1 (revocation, cancellation)"]
    assert [c["certificate"] for c in findings[0]["evidence"]["certificates"]] == ["C-1"]
    enforcement["events"] = [{"date": "2024-06-03", "event": "revoked"}, {"date": "2024-06-04", "event": "cancelled"}]
    findings, rules = _check(write_jsonl(tmp_path, certificates=certificates), ["certificate-revoked-on-leaving"])
    assert findings == [] and rules["certificate-revoked-on-leaving"]["passed"] == 1


def test_a_leaver_whose_police_card_had_expired_held_nothing_in_force(tmp_path):
    leaver = _officer("p1", end="2024-05-31", left_reason="retired")
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[leaver],
                       certificates=[_card("J-1", "p1", expires_on="2024-05-30")])
    _, rules = _check(data, ["certificate-revoked-on-leaving"])
    assert rules["certificate-revoked-on-leaving"]["not_applicable"] == {
        "held no certificate in force on the last day in post": 1}


@pytest.mark.parametrize(("kind", "violations", "not_applicable"), [
    ("police", 0, {POLICE_CARD: 1}),
    ("enforcement", 1, {}),  # the same card as an enforcement certificate: no exam is a violation
])
def test_a_police_card_needs_no_qualification_exam(tmp_path, kind, violations, not_applicable):
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[_officer("p1")],
                       certificates=[_card("J-1", "p1", kind, issued_on="2024-05-01")])
    findings, rules = _check(data, ["certificate-requires-exam"])
    assert (len(findings), rules["certificate-requires-exam"]["not_applicable"]) == (violations, not_applicable)


def test_a_lost_police_card_is_not_held_to_the_reissue_rule(tmp_path):
    lost = {"events": [{"date": "2024-05-08", "event": "lost"}]}
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[_officer("p1"), _officer("o2")],
                       certificates=[_card("J-1", "p1", **lost), _card("C-2", "o2", "enforcement", **lost)])
    findings, rules = _check(data, ["lost-certificate-reported"])
    assert [f["subject"]["id"] for f in findings] == ["C-2"]
    assert rules["lost-certificate-reported"]["not_applicable"] == {POLICE_CARD: 1}


def test_the_reason_is_given_in_chinese_with_the_sentence(tmp_path):
    leaver = _officer("p1", end="2024-05-31", left_reason="transferred")
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[leaver], certificates=[_card("J-1", "p1")])
    result = compliance("check", str(data), "--ruleset", KUANGQU, "--as-of", "2024-12-31", "--lang", "zh",
                        "--select", "certificate-revoked-on-leaving")
    assert result.returncode == 0, result.stderr
    assert SENTENCE in result.stdout
    english = compliance("check", str(data), "--ruleset", KUANGQU, "--as-of", "2024-12-31", "--lang", "en",
                         "--select", "certificate-revoked-on-leaving")
    assert POLICE_CARD in english.stdout


# --- a kind the records cannot have ---------------------------------------------------------------------------


def test_an_unknown_kind_names_the_file_the_line_and_the_field(tmp_path):
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[_officer("p1")],
                       certificates=[_card("J-1", "p1"), _card("J-2", "p1", "badge")])
    result = compliance("check", str(data), "--ruleset", KUANGQU, "--as-of", "2024-12-31")
    assert result.returncode == 2
    assert "certificates.jsonl, line 2 (id 'J-2'), field 'certificate_kind': " in result.stderr
    assert "'enforcement' or 'police'" in result.stderr


# --- a failed annual assessment acts on the enforcement certificate, not on a police card ----------------------

@pytest.mark.parametrize(("kinds", "violations"), [(["police"], 0), (["police", "enforcement"], 1)])
def test_a_failed_assessment_asks_the_measure_of_the_enforcement_certificate_only(tmp_path, kinds, violations):
    # Kuangqu 二(二)7: "对经考核不符合执法要求的行政执法人员要依法暂扣、收回或者注销其行政执法证件" — the
    # enforcement certificate's measure; a police card follows the Police Law ("{SENTENCE}")
    cards = [_card(f"J-{n}", "p1", kind, exam_passed_on="2019-12-01") for n, kind in enumerate(kinds)]
    assessments = [{"id": "k1", "officer": "p1", "year": 2024, "result": "fail", "assessed_on": "2025-01-20"}]
    data = write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[_officer("p1")], certificates=cards,
                       assessments=assessments)
    findings, _ = _check(data, ["annual-assessment"], as_of="2025-04-30")
    failed = [f for f in findings if f["period"] == "2024"]  # 2023, never assessed, is a finding of its own
    assert len(failed) == violations
    if violations:
        assert failed[0]["evidence"]["certificates"] == "J-1"
