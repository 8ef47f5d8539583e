"""A certificate cancelled on the officer's last day in post is the leaving's to publish, through the command.

Yuncheng (运政办发〔2024〕4号 二(二)4): "行政执法人员因调动、辞职、辞退、退休或其他原因离开执法岗位的，要依法及时
收回并注销行政执法证件，同时在政府网站公布相关信息。" A cancellation dated the last day in post was made as the officer
left, and the publication is still due; one dated a day earlier left the officer in post without the certificate,
and the records show no tie between it and the leaving.
"""

import pytest
from records import write_jsonl
from test_cli import check_json

from compliance.rules.certificates import POLICE_CARD

RULE = "certificate-revoked-on-leaving"
YUNCHENG = "cn-shanxi-yuncheng"
LAST_DAY = "2024-05-31"  # the deadline, 30 days on, is 2024-06-30
NOTHING_HELD = "held no certificate in force on the last day in post"
DEPARTMENT = {"id": "scjg", "name": "运城市市场监督管理局", "level": "city"}
LEAVER = {"id": "o1", "name": "王某", "department": "scjg",
          "postings": [{"start": "2020-01-01", "end": LAST_DAY, "left_reason": "retired"}]}


def _leaving(tmp_path, *events, ruleset=YUNCHENG, as_of="2024-12-31", **fields):
    """The findings and the summary of the rule for one leaver whose one certificate has ``events``, each
    (day, event) or (day, event, published_on), and any other ``fields``."""
    certificate = {"id": "1408001", "officer": "o1", "issued_on": "2020-02-01", **fields,
                   "events": [{"date": e[0], "event": e[1], **({"published_on": e[2]} if len(e) > 2 else {})}
                              for e in events]}
    write_jsonl(tmp_path, departments=[DEPARTMENT], officers=[LEAVER], certificates=[certificate])
    report = check_json(tmp_path, "--as-of", as_of, "--select", RULE, ruleset=ruleset)
    (summary,) = report["rules"]
    return report["findings"], summary


@pytest.mark.parametrize(("published_on", "outstanding"), [
    ("2024-05-31", None),  # published the day it was cancelled
    ("2024-06-30", None),  # on the deadline
    ("2024-07-01", ""),  # late: nothing outstanding, done a day after the deadline
    (None, "1408001 (publication)"),
])
def test_revoked_and_cancelled_on_the_last_day_the_cancellation_is_still_published(tmp_path, published_on,
                                                                                    outstanding):
    cancelled = (LAST_DAY, "cancelled", published_on) if published_on else (LAST_DAY, "cancelled")
    findings, summary = _leaving(tmp_path, (LAST_DAY, "revoked"), cancelled)
    assert summary["not_applicable"] == {}
    if outstanding is None:
        assert findings == [] and summary["passed"] == 1
        return
    (finding,) = findings
    assert finding["status"] == "violation" and finding["evidence"]["outstanding"] == outstanding
    # judged in the state it was in before that day's cancellation: revoked, the same day
    assert finding["evidence"]["certificates"][0]["state_on_leaving"] == "revoked"
    assert finding["evidence"]["certificates"][0]["cancelled_on"] == LAST_DAY
    assert "政府网站公布" in finding["message"]["zh"]
    assert finding["citation"]["number"] == "运政办发〔2024〕4号"


def test_not_published_is_a_warning_until_the_deadline(tmp_path):
    findings, _ = _leaving(tmp_path, (LAST_DAY, "revoked"), (LAST_DAY, "cancelled"), as_of="2024-06-30")
    assert [(f["status"], f["evidence"]["days_left"]) for f in findings] == [("warning", 0)]


def test_cancelled_on_the_last_day_without_a_revocation_still_needs_the_revocation(tmp_path):
    # "收回并注销": the certificate was the leaving's, so both steps are
    findings, _ = _leaving(tmp_path, (LAST_DAY, "cancelled", LAST_DAY))
    assert [f["evidence"]["outstanding"] for f in findings] == ["1408001 (revocation)"]


def test_a_certificate_lost_and_then_cancelled_on_the_last_day_needs_only_the_publication(tmp_path):
    findings, _ = _leaving(tmp_path, ("2024-03-01", "lost"), (LAST_DAY, "cancelled"))
    assert [f["evidence"]["outstanding"] for f in findings] == ["1408001 (publication)"]
    assert findings[0]["evidence"]["certificates"][0]["state_on_leaving"] == "lost"


def test_cancelled_the_day_before_the_last_day_is_not_the_leavings(tmp_path):
    findings, summary = _leaving(tmp_path, ("2024-05-30", "revoked"), ("2024-05-30", "cancelled"))
    assert findings == [] and summary["not_applicable"] == {NOTHING_HELD: 1}


def test_an_expired_certificate_cancelled_on_the_last_day_was_nothing_to_hand_back(tmp_path):
    findings, summary = _leaving(tmp_path, (LAST_DAY, "cancelled"), expires_on="2024-05-30")
    assert findings == [] and summary["not_applicable"] == {NOTHING_HELD: 1}


def test_where_the_pack_asks_no_publication_the_same_day_cancellation_simply_passes(tmp_path):
    # Kuangqu 二(二)6 asks "依法及时收回并注销行政执法证件" and no publication
    findings, summary = _leaving(tmp_path, (LAST_DAY, "revoked"), (LAST_DAY, "cancelled"),
                                 ruleset="cn-shanxi-yangquan-kuangqu")
    assert findings == [] and summary["passed"] == 1


def test_a_police_card_cancelled_on_the_last_day_is_not_the_enforcement_certificate_rules(tmp_path):
    findings, summary = _leaving(tmp_path, (LAST_DAY, "cancelled"), certificate_kind="police")
    assert findings == [] and summary["not_applicable"] == {POLICE_CARD: 1}
