"""Department figures in every report, and the department-figures rule that sets floors under them."""

import pytest
from records import action, certificate, department, findings, officer, pack_ruleset, run, summary, training

RULE = "department-figures"


def staff(certified: int, total: int) -> list:
    records = [department()]
    for n in range(total):
        records.append(officer(f"o{n}"))
        if n < certified:
            records.append(certificate(f"o{n}"))
    return records


def test_figures_are_in_every_report():
    records = [*staff(3, 4), officer("gone", end="2024-12-31", left_reason="retired"),
               training("2024-03-01", 30, "public_legal", officer="o0"),
               training("2024-03-02", 30, "professional", officer="o0"),
               training("2024-03-03", 10, "political_theory", officer="o1"),
               action("2024-05-01", ["o0", "o1"]), action("2024-05-02", ["o0", "o3"]), action("2023-05-02", ["o3"])]
    (figures,) = run(records, "2025-03-01").departments
    assert (figures.officers_in_post, figures.certified, figures.certificate_holding_rate) == (4, 3, 0.75)
    assert (figures.year, figures.officers_in_year, figures.trained_to_hours) == (2024, 5, 1)
    assert figures.average_hours == 12.0  # 60 counted hours over 5 officers; political theory not counted
    by_bin = {(b.low, b.high): b.officers for b in figures.hours_distribution}
    assert by_bin[(0, 10)] == 4 and by_bin[(60, 70)] == 1 and by_bin[(90, None)] == 0
    assert sum(by_bin.values()) == figures.officers_in_year
    assert (figures.actions, figures.actions_by_certified, figures.share_actions_certified) == (2, 1, 0.5)


def floor_pack(tmp_path, **floors):
    lines = "\n".join(f"{k} = {v}" for k, v in floors.items())
    return pack_ruleset(tmp_path, f'id = "test"\ntitle = "t"\ntitle_en = "t"\nextends = "cn"\n[rules.{RULE}]\n{lines}\n')


@pytest.mark.parametrize(("certified", "violations"), [(7, 0), (6, 1)])
def test_holding_rate_floor_at_its_edge(tmp_path, certified, violations):
    report = run(staff(certified, 10), "2025-03-01", floor_pack(tmp_path, min_certificate_holding_rate=0.7))
    assert summary(report, RULE).violations == violations
    if violations:
        (finding,) = findings(report, RULE)
        assert finding.evidence["below"] == "certificate_holding_rate 0.6 < 0.7"
        assert "持证率 0.6 低于 0.7" in finding.message.zh


def test_no_floor_no_verdict(tmp_path):
    report = run(staff(0, 3), "2025-03-01", floor_pack(tmp_path))
    assert summary(report, RULE).violations == summary(report, RULE).passed == 0


def test_a_figure_with_nothing_to_count_is_not_judged(tmp_path):
    report = run([department()], "2025-03-01", floor_pack(tmp_path, min_share_actions_certified=1.0))
    assert summary(report, RULE).not_applicable == {"no officers or actions to count": 1}
