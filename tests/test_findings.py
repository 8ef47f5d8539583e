"""A report's findings as rows: the JSON polars writes for each is pydantic's, and the rows order, grade, compare,
pickle and write as the objects do."""

import datetime as dt
import errno
import io
import json
import os
import pickle

import pytest
from test_cli import EXAMPLE, KUANGQU
from test_frames import _Figures

from compliance import Dataset, Report, check, load_dataset
from compliance.formats import FORMATS
from compliance.packs import Ruleset
from compliance.report import FailLevel, Finding, Findings, Severity, Status


@pytest.fixture(scope="module", params=["2024-12-20", "2025-03-01"])
def report(request) -> Report:
    """The example, read into frames, on a day with warnings and on one with violations only."""
    report = check(load_dataset(EXAMPLE), KUANGQU, dt.date.fromisoformat(request.param))
    assert report.findings._objects is None, "the findings should be rows, not objects yet"
    return report


def test_the_json_polars_writes_for_a_finding_is_what_pydantic_writes(report):
    texts = report.findings.rows["json"].to_list()
    assert len(texts) == len(report.findings) > 20
    for text in texts:
        finding = Finding.model_validate_json(text)
        assert finding.__pydantic_serializer__.to_json(finding).decode() == text


def test_messages_python_writes_are_in_the_json_too():
    report = check(Dataset.from_records([]), Ruleset.of_rule(_Figures()), dt.date(2025, 1, 1))
    assert [json.loads(t)["message"]["en"] for t in report.findings.rows["json"]] == [
        "a: 0.5, 3, True", "b: 1e-05, 4, False"]


def test_rows_and_objects_are_the_same_findings(report):
    objects = Findings(list(report.findings))
    assert objects == report.findings == list(report.findings)
    assert objects.rows.equals(Findings.of_rows(report.findings.rows).rows)
    assert Findings.of_rows(objects.rows) == objects


def test_rows_fail_a_run_as_the_objects_do(report):
    graded = [f.model_copy(update={"severity": severity, "waived": n % 5 == 0})
              for n, (f, severity) in enumerate(zip(report.findings, [*Severity] * len(report.findings)))]
    for findings in (graded, graded[:1], [f for f in graded if f.status is Status.warning], []):
        rows = Findings.of_rows(Findings(findings).rows)
        for level in FailLevel:
            assert rows.fails(level) == Findings(findings).fails(level) == any(f.fails(level) for f in findings)


def test_merged_findings_are_in_the_report_order_ties_kept():
    report = check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 3, 1))
    findings = list(report.findings)
    tie = findings[0].model_copy(update={"message": findings[0].message.model_copy(update={"en": "second"})})
    parts = [Findings(findings[1::2]), Findings([findings[0], tie]), Findings(findings[2::2])]
    assert list(Findings.of_rows(*(part.rows for part in parts))) == [findings[0], tie, *findings[1:]]
    assert list(Findings.of_rows()) == []


def test_findings_pickle_as_rows(report):
    copied = pickle.loads(pickle.dumps(report))
    assert copied.findings._objects is None
    assert copied == report


def test_the_json_report_writes_a_finding_a_line_and_reads_back(report):
    out = io.StringIO()
    FORMATS["json"](report, out, "en")
    text = out.getvalue()
    lines = text.split('\n  "findings": [\n')[1].split("\n  ]")[0].split("\n")
    assert len(lines) == len(report.findings)
    assert json.loads(text) == json.loads(report.model_dump_json())
    assert Report.model_validate_json(text) == report


@pytest.mark.parametrize("count", [0, 1, 2])
def test_the_json_report_of_none_one_or_two_findings_reads_back(count):
    """The first and the last finding are written apart from the others (see ``Findings.write_json``)."""
    whole = check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 3, 1))
    report = whole.model_copy(update={"findings": Findings.of_rows(whole.findings.rows[:count])})
    out = io.StringIO()
    FORMATS["json"](report, out, "en")
    text = out.getvalue()
    assert json.loads(text) == json.loads(report.model_dump_json())
    assert len(json.loads(text)["findings"]) == count
    if count:
        lines = text.split('\n  "findings": [\n')[1].split("\n  ]")[0].split("\n")
        assert [line[:5] for line in lines] == ['    {'] * count
        assert [line[-1] for line in lines] == [","] * (count - 1) + ["}"]


def test_a_report_given_a_list_by_model_copy_still_grades_and_writes():
    report = check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 3, 1))
    copied = report.model_copy(update={"findings": list(report.findings)[:3]})
    assert copied.fails
    out = io.StringIO()
    FORMATS["json"](copied, out, "en")
    assert len(json.loads(out.getvalue())["findings"]) == 3
    assert not report.model_copy(update={"findings": []}).fails


def test_an_error_polars_raises_writing_is_raised_with_its_system_error_number():
    from compliance.report import _system_error

    closed = _system_error(OSError("Broken pipe (os error 32)"))
    assert isinstance(closed, BrokenPipeError) and closed.errno == errno.EPIPE
    full = _system_error(OSError("No space left on device (os error 28)"))
    assert full.errno == errno.ENOSPC and full.strerror == os.strerror(errno.ENOSPC)
    for kept in (OSError(errno.EACCES, "Permission denied"), OSError("something else")):
        assert _system_error(kept) is kept
