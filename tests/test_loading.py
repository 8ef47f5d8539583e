"""Reading records from disk: what a user sees when the input is valid, and when it is not.

Every problem names its file, its position (``line N`` in a JSON Lines file, ``collection[i]`` in a JSON
document), the record id when there is one, the field, and the gist of what is wrong; and every problem of a
run is reported at once, not just the first one.
"""

from __future__ import annotations

import copy
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from test_messages import said_in_chinese

from compliance import DatasetError, Problem, load_dataset
from compliance.loading import load
from compliance.models import RECORD_TYPES

COLLECTIONS = [t.collection for t in RECORD_TYPES]

#: A small valid dataset: a judicial bureau, an enforcement department, two officers and one of everything else.
VALID: dict[str, list[dict[str, Any]]] = {
    "departments": [
        {"id": "D-SFJ", "name": "阳泉市矿区司法局", "level": "county", "department_kind": "judicial_bureau"},
        {"id": "D-1", "name": "阳泉市矿区市场监督管理局", "level": "county", "department_kind": "enforcement",
         "locality": "阳泉市矿区", "parent": "D-SFJ"},
    ],
    "officers": [
        {"id": "O-1", "name": "张三", "department": "D-1",
         "postings": [{"start": "2019-03-01", "end": "2020-06-30", "left_reason": "transferred"},
                      {"start": "2021-01-01"}]},
        {"id": "O-2", "name": "李四", "department": "D-1", "postings": [{"start": "2020-01-01"}]},
    ],
    "certificates": [
        {"id": "C-1", "officer": "O-1", "issued_by": "山西省人民政府", "issued_on": "2021-01-15",
         "expires_on": "2026-01-14",
         "events": [{"date": "2023-03-01", "event": "suspended", "note": "暂扣决定"},
                    {"date": "2023-04-01", "event": "restored"}]},
    ],
    "training_records": [
        {"id": "T-1", "officer": "O-1", "date": "2024-03-01", "hours": 1.5, "category": "public_legal"},
        {"id": "T-2", "officer": "O-2", "date": "2024-05-01", "hours": 2.25, "category": "professional",
         "title": "行政处罚法"},
    ],
    "actions": [
        {"id": "A-1", "department": "D-1", "action_kind": "penalty", "officers": ["O-1", "O-2"],
         "date": "2024-06-01", "filed_on": "2024-05-01", "decided_on": "2024-06-01", "major_decision": True,
         "legal_review_on": "2024-05-20"},
    ],
    "filings": [
        {"id": "F-1", "department": "D-1", "filing_kind": "training_plan", "period": "2024",
         "filed_on": "2024-01-15", "filed_with": "D-SFJ"},
    ],
    "assessments": [
        {"id": "S-1", "officer": "O-1", "year": 2023, "result": "pass"},
    ],
    "problems": [
        {"id": "P-1", "department": "D-1", "found_on": "2024-03-10", "description": "执法程序不规范",
         "rectified_on": "2024-04-30"},
    ],
}

DROP = object()  # a value for `record(...)` that removes the field


# --- helpers -----------------------------------------------------------------------------------------------


def record(collection: str, index: int = 0, **changes: Any) -> dict[str, Any]:
    """A copy of a valid record with some fields changed (or removed, with the value ``DROP``)."""
    out = copy.deepcopy(VALID[collection][index])
    for key, value in changes.items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def write_jsonl(directory: Path, collection: str, *lines: dict | str, prefix: bytes = b"",
                newline: str = "\n") -> Path:
    """Write one ``<collection>.jsonl`` file: a dict becomes a JSON line, a string is written as it is."""
    text = newline.join(json.dumps(line, ensure_ascii=False) if isinstance(line, dict) else line for line in lines)
    file = directory / f"{collection}.jsonl"
    file.write_bytes(prefix + (text + newline).encode("utf-8"))
    return file


def write_directory(directory: Path, **replaced: list[dict | str]) -> Path:
    """The valid dataset as a directory, with the lines of some collections replaced."""
    for collection in COLLECTIONS:
        write_jsonl(directory, collection, *replaced.get(collection, VALID[collection]))
    return directory


def append_bad(directory: Path, collection: str, **changes: Any) -> str:
    """The valid dataset as a directory, plus one changed copy of a record with id "BAD" after the valid
    records of its collection, and a blank line before it; returns the position of the bad record."""
    lines = [*VALID[collection], "", record(collection, id="BAD", **changes)]
    write_directory(directory, **{collection: lines})
    return f"line {len(lines)}"


def write_document(file: Path, document: Any) -> Path:
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return file


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


def where(problem: Problem) -> tuple[str, str, str | None, str | None]:
    """What locates a problem for the user: file name, position, record id, field."""
    return Path(problem.file).name, problem.position, problem.record_id, problem.field


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# --- valid input -------------------------------------------------------------------------------------------


def test_a_valid_directory_loads_every_collection(tmp_path):
    dataset = load_dataset(write_directory(tmp_path))
    assert dataset.counts() == {"departments": 2, "officers": 2, "certificates": 1, "training_records": 2,
                                "actions": 1, "filings": 1, "assessments": 1, "problems": 1}
    assert dataset.source == str(tmp_path)
    assert [d.department_kind for d in dataset.departments] == ["judicial_bureau", "enforcement"]
    assert [t.hours for t in dataset.training_records] == [1.5, 2.25]
    assert [e.event for e in dataset.certificates[0].events] == ["suspended", "restored"]
    assert dataset.actions[0].officers == ["O-1", "O-2"]


def test_a_directory_may_hold_only_some_collections(tmp_path):
    write_jsonl(tmp_path, "departments", *VALID["departments"])
    dataset = load_dataset(tmp_path)
    assert dataset.counts()["departments"] == 2
    assert dataset.counts()["officers"] == 0


def test_an_empty_record_file_is_an_empty_collection(tmp_path):
    (tmp_path / "departments.jsonl").write_bytes(b"")
    assert load_dataset(tmp_path).counts()["departments"] == 0


def test_blank_lines_crlf_and_a_byte_order_mark_are_accepted(tmp_path):
    first, second = VALID["departments"]
    write_jsonl(tmp_path, "departments", "", first, "   ", "\t", second, "", prefix=b"\xef\xbb\xbf", newline="\r\n")
    dataset = load_dataset(tmp_path)
    assert [d.id for d in dataset.departments] == ["D-SFJ", "D-1"]


def test_line_numbers_count_blank_lines_and_the_line_with_the_bom(tmp_path):
    write_directory(tmp_path)
    write_jsonl(tmp_path, "training_records", "", VALID["training_records"][0], "  ",
                record("training_records", id="T-9", officer="O-404"), prefix=b"\xef\xbb\xbf")
    assert where(only_problem(tmp_path)) == ("training_records.jsonl", "line 4", "T-9", "officer")


# --- input that is not there -------------------------------------------------------------------------------


def test_a_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "no-such-data"
    problem = only_problem(missing)
    assert (problem.file, problem.position, problem.record_id, problem.field) == (str(missing), "", None, None)
    assert str(problem) == f"{missing}: no such file or directory"


def test_an_empty_directory(tmp_path):
    problem = only_problem(tmp_path)
    assert (problem.file, problem.position) == (str(tmp_path), "")
    assert "no record files in this directory" in problem.message


def test_an_unknown_jsonl_file_is_reported_not_ignored(tmp_path):
    write_directory(tmp_path)
    write_jsonl(tmp_path, "training", VALID["training_records"][0])
    problem = only_problem(tmp_path)
    assert where(problem) == ("training.jsonl", "", None, None)
    assert "not a known record file" in problem.message
    assert "training_records.jsonl" in problem.message  # names the files it expects
    assert str(problem).startswith(f"{tmp_path / 'training.jsonl'}: not a known record file")


def test_a_directory_with_only_an_unknown_file_reports_that_file(tmp_path):
    write_jsonl(tmp_path, "training", VALID["training_records"][0])
    assert [where(p) for p in problems_of(tmp_path)] == [("training.jsonl", "", None, None)]


# --- invalid records in a JSON Lines file ------------------------------------------------------------------

# (collection, changes to its first valid record, field named, gist of the message).
# The bad record is written under the id "BAD" on the line after the valid ones (see `append_bad`).
INVALID_RECORDS = [
    pytest.param("officers", {"name": DROP}, "name", "Field required", id="missing-field"),
    pytest.param("training_records", {"venue": "礼堂"}, "venue", "unknown field: the record format has no such field", id="extra-field"),
    pytest.param("training_records", {"hours": "2"}, "hours", "valid number (got '2')", id="hours-as-string"),
    pytest.param("training_records", {"hours": 0}, "hours", "greater than 0 (got 0)", id="zero-hours"),
    pytest.param("training_records", {"hours": -1.5}, "hours", "greater than 0 (got -1.5)", id="negative-hours"),
    pytest.param("training_records", {"hours": 1000.5}, "hours", "less than or equal to 1000", id="too-many-hours"),
    pytest.param("training_records", {"date": "2023-02-29"}, "date", "day value is outside expected range",
                 id="impossible-date"),
    pytest.param("training_records", {"date": "2024/03/01"}, "date", "valid date", id="badly-written-date"),
    pytest.param("training_records", {"category": "law"}, "category", "(got 'law')", id="unknown-enum-value"),
    pytest.param("departments", {"level": "prefecture"}, "level", "(got 'prefecture')", id="unknown-level"),
    pytest.param("officers", {"postings": [{"start": "2020-01-01", "end": "2023-02-29"}]}, "postings[0].end",
                 "day value is outside expected range", id="impossible-date-in-posting"),
    pytest.param("officers", {"postings": []}, "postings", "at least 1 item", id="no-postings"),
    pytest.param("officers", {"postings": [{"start": "2021-01-01", "end": "2020-12-31"}]}, "postings[0].end",
                 "end 2020-12-31 is before start 2021-01-01", id="posting-ends-before-start"),
    pytest.param("officers", {"postings": [{"start": "2021-01-01", "left_reason": "retired"}]}, "postings[0].left_reason",
                 "left_reason is given but end is empty", id="left-reason-without-end"),
    pytest.param("officers", {"postings": [{"start": "2021-01-01", "end": "2021-06-30"},
                                           {"start": "2021-06-30"}]}, "postings",
                 "postings overlap or are out of order", id="overlapping-postings"),
    pytest.param("officers", {"department": 7}, "department", "valid string (got 7)", id="number-for-string"),
    pytest.param("certificates", {"expires_on": "2020-01-01"}, "expires_on",
                 "expires_on 2020-01-01 is before issued_on 2021-01-15", id="expires-before-issue"),
    pytest.param("certificates", {"events": [{"date": "2023-04-01", "event": "suspended"},
                                             {"date": "2023-03-01", "event": "restored"}]}, "events",
                 "events are not in date order: 2023-04-01 then 2023-03-01", id="events-out-of-order"),
    pytest.param("certificates", {"events": [{"date": "2023-04-01", "event": "cancelled"},
                                             {"date": "2023-05-01", "event": "reissued"}]}, "events",
                 "follows cancelled, which is final", id="event-after-cancelled"),
    pytest.param("certificates", {"events": [{"date": "2023-04-01", "event": "revoked"},
                                             {"date": "2023-05-01", "event": "restored"}]}, "events",
                 "follows revoked, which is final", id="event-other-than-cancel-after-revoked"),
    pytest.param("certificates", {"events": [{"date": "2020-12-31", "event": "lost"}]}, "events",
                 "before issued_on 2021-01-15", id="event-before-issue"),
    pytest.param("certificates", {"events": [{"date": "2023-04-01", "event": "seized"}]}, "events[0].event",
                 "(got 'seized')", id="unknown-event"),
    pytest.param("actions", {"officers": []}, "officers", "at least 1 item", id="action-without-officers"),
    pytest.param("actions", {"officers": ["O-1", "O-1"]}, "officers", "an officer is named twice", id="officer-twice"),
    pytest.param("actions", {"filed_on": "2024-07-01"}, "decided_on", "decided_on 2024-06-01 is before filed_on 2024-07-01",
                 id="decided-before-filed"),
    pytest.param("actions", {"major_decision": "yes"}, "major_decision", "valid boolean", id="string-for-bool"),
    pytest.param("actions", {"major_decision": 1}, "major_decision", "valid boolean", id="number-for-bool"),
    pytest.param("filings", {"filing_kind": "plan"}, "filing_kind", "(got 'plan')", id="unknown-filing-kind"),
    pytest.param("assessments", {"year": "2023"}, "year", "valid integer (got '2023')", id="year-as-string"),
    pytest.param("assessments", {"year": 1989}, "year", "greater than or equal to 1990", id="year-too-early"),
    pytest.param("assessments", {"result": "passed"}, "result", "(got 'passed')", id="unknown-result"),
]


@pytest.mark.parametrize(("collection", "changes", "field", "gist"), INVALID_RECORDS)
def test_an_invalid_record_names_file_line_id_and_field(tmp_path, collection, changes, field, gist):
    line = append_bad(tmp_path, collection, **changes)
    problem = only_problem(tmp_path)
    assert where(problem) == (f"{collection}.jsonl", line, "BAD", field)
    assert gist in problem.message
    assert said_in_chinese(problem), problem.render("zh")


def test_how_a_problem_is_printed(tmp_path):
    bad = record("officers", 1, postings=[{"start": "2020-01-01", "end": "2023-02-29"}])
    write_directory(tmp_path, officers=[VALID["officers"][0], "", bad])
    problem = only_problem(tmp_path)
    assert str(problem) == (
        f"{tmp_path / 'officers.jsonl'}, line 3 (id 'O-2'), field 'postings[0].end': "
        "Input should be a valid date in the format YYYY-MM-DD, day value is outside expected range (got '2023-02-29')"
    )


@pytest.mark.parametrize(("changes", "shown_id"), [
    pytest.param({"id": ""}, "", id="empty"),
    pytest.param({"id": " T-3"}, " T-3", id="leading-space"),
    pytest.param({"id": 3}, None, id="number"),  # not a string: no id to show
])
def test_an_invalid_id_is_reported_on_field_id(tmp_path, changes, shown_id):
    write_directory(tmp_path, training_records=[record("training_records", **changes)])
    assert where(only_problem(tmp_path)) == ("training_records.jsonl", "line 1", shown_id, "id")


def test_a_record_without_an_id_has_no_id_to_show(tmp_path):
    write_directory(tmp_path, training_records=[record("training_records", id=DROP)])
    problem = only_problem(tmp_path)
    assert where(problem) == ("training_records.jsonl", "line 1", None, "id")
    assert problem.message == "Field required"


@pytest.mark.parametrize(("line", "gist"), [
    pytest.param('{"id": "T-9", "officer": ', "Invalid JSON", id="cut-short"),
    pytest.param("{'id': 'T-9'}", "Invalid JSON", id="single-quotes"),
    pytest.param(json.dumps(VALID["training_records"][0]) + " " + json.dumps(VALID["training_records"][1]),
                 "Invalid JSON", id="two-records-on-one-line"),
    pytest.param(json.dumps(VALID["training_records"][0]) + ",", "Invalid JSON", id="trailing-comma"),
    pytest.param('["T-9", 2]', "Input should be an object", id="not-an-object"),
])
def test_a_line_that_is_not_a_json_object(tmp_path, line, gist):
    write_directory(tmp_path, training_records=[VALID["training_records"][0], line])
    problem = only_problem(tmp_path)
    assert where(problem) == ("training_records.jsonl", "line 2", None, None)
    assert gist in problem.message
    assert said_in_chinese(problem), problem.render("zh")


# --- references between records ----------------------------------------------------------------------------

# (collection, changes to its first valid record, field named, message)
UNKNOWN_REFERENCES = [
    pytest.param("training_records", {"officer": "O-404"}, "officer", "unknown officer 'O-404'", id="training"),
    pytest.param("certificates", {"officer": "O-404"}, "officer", "unknown officer 'O-404'", id="certificate"),
    pytest.param("assessments", {"officer": "O-404"}, "officer", "unknown officer 'O-404'", id="assessment"),
    pytest.param("actions", {"officers": ["O-1", "O-404"]}, "officers[1]", "unknown officer 'O-404'",
                 id="action-officer"),
    pytest.param("actions", {"department": "D-404"}, "department", "unknown department 'D-404'", id="action-dept"),
    pytest.param("officers", {"department": "D-404"}, "department", "unknown department 'D-404'", id="officer-dept"),
    pytest.param("officers", {"postings": [{"start": "2021-01-01", "department": "D-404"}]},
                 "postings[0].department", "unknown department 'D-404'", id="posting-dept"),
    pytest.param("departments", {"parent": "D-404"}, "parent", "unknown department 'D-404'", id="parent"),
    pytest.param("filings", {"filed_with": "D-404"}, "filed_with", "unknown department 'D-404'", id="filed-with"),
]


@pytest.mark.parametrize(("collection", "changes", "field", "message"), UNKNOWN_REFERENCES)
def test_an_unknown_reference_names_file_line_id_and_field(tmp_path, collection, changes, field, message):
    line = append_bad(tmp_path, collection, **changes)
    problem = only_problem(tmp_path)
    assert where(problem) == (f"{collection}.jsonl", line, "BAD", field)
    assert problem.message == message


def test_a_duplicate_id_says_where_it_was_first_used(tmp_path):
    first, second = VALID["training_records"]
    write_directory(tmp_path, training_records=[first, "", second, record("training_records", 1, date="2024-06-01")])
    problem = only_problem(tmp_path)
    assert where(problem) == ("training_records.jsonl", "line 4", "T-2", "id")
    assert problem.message == "duplicate id, first used at line 3"


def test_the_same_id_in_different_collections_is_not_a_duplicate(tmp_path):
    write_directory(tmp_path, filings=[record("filings", id="S-1")])  # S-1 is also an assessment
    assert load_dataset(tmp_path).counts()["filings"] == 1


# --- every problem in one pass -----------------------------------------------------------------------------


def test_every_invalid_record_in_every_file_is_reported_at_once(tmp_path):
    write_directory(
        tmp_path,
        training_records=[record("training_records", hours="2"), VALID["training_records"][1],
                          record("training_records", 1, category="law")],
        officers=[VALID["officers"][0], record("officers", 1, postings=[])],
    )
    assert [where(p) for p in problems_of(tmp_path)] == [
        ("officers.jsonl", "line 2", "O-2", "postings"),
        ("training_records.jsonl", "line 1", "T-1", "hours"),
        ("training_records.jsonl", "line 3", "T-2", "category"),
    ]


def test_every_problem_of_one_record_is_reported(tmp_path):
    write_directory(tmp_path, training_records=[record("training_records", hours=0, category="law", officer=DROP,
                                                       venue="礼堂")])
    assert sorted(p.field for p in problems_of(tmp_path)) == ["category", "hours", "officer", "venue"]
    assert {p.position for p in problems_of(tmp_path)} == {"line 1"}


def test_an_unknown_file_and_invalid_records_are_reported_together(tmp_path):
    write_directory(tmp_path, assessments=["not json"])
    write_jsonl(tmp_path, "training", VALID["training_records"][0])
    assert [where(p) for p in problems_of(tmp_path)] == [
        ("assessments.jsonl", "line 1", None, None),
        ("training.jsonl", "", None, None),
    ]


def test_every_unknown_reference_and_duplicate_is_reported_at_once(tmp_path):
    write_directory(
        tmp_path,
        training_records=[record("training_records", officer="O-404"), VALID["training_records"][1]],
        actions=[record("actions", officers=["O-1", "O-405"], department="D-404")],
        assessments=[VALID["assessments"][0], VALID["assessments"][0]],
    )
    assert [where(p) for p in problems_of(tmp_path)] == [
        ("assessments.jsonl", "line 2", "S-1", "id"),
        ("training_records.jsonl", "line 1", "T-1", "officer"),
        ("actions.jsonl", "line 1", "A-1", "department"),
        ("actions.jsonl", "line 1", "A-1", "officers[1]"),
    ]


def test_invalid_records_and_unknown_references_are_reported_together(tmp_path):
    write_directory(tmp_path, officers=[*VALID["officers"], record("officers", id="O-3", postings=[])],
                    assessments=[record("assessments", officer="O-404")])
    assert [where(p) for p in problems_of(tmp_path)] == [
        ("officers.jsonl", "line 3", "O-3", "postings"),
        ("assessments.jsonl", "line 1", "S-1", "officer"),
    ]


def test_the_error_message_lists_every_problem(tmp_path):
    write_directory(tmp_path, training_records=[record("training_records", hours="2"),
                                                record("training_records", 1, hours=-1)])
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path)
    text = str(caught.value)
    assert text.splitlines()[0] == "2 problem(s) in the input records:"
    assert "training_records.jsonl, line 1 (id 'T-1'), field 'hours'" in text
    assert "training_records.jsonl, line 2 (id 'T-2'), field 'hours'" in text


# --- one JSON document -------------------------------------------------------------------------------------


def test_a_valid_document_loads(tmp_path):
    file = write_document(tmp_path / "data.json", VALID)
    dataset = load_dataset(file)
    assert dataset.counts() == {name: len(records) for name, records in VALID.items()}
    assert dataset.source == str(file)
    assert [t.hours for t in dataset.training_records] == [1.5, 2.25]


def test_a_document_may_leave_out_collections_and_start_with_a_bom(tmp_path):
    file = tmp_path / "data.json"
    file.write_bytes(b"\xef\xbb\xbf" + json.dumps({"departments": VALID["departments"]}).encode())
    assert load_dataset(file).counts()["departments"] == 2
    assert load_dataset(file).counts()["officers"] == 0


def test_an_unknown_collection_in_a_document_is_reported(tmp_path):
    file = write_document(tmp_path / "data.json", {**VALID, "trainings": VALID["training_records"]})
    problem = only_problem(file)
    assert where(problem) == ("data.json", "trainings", None, None)
    assert "not a known record collection" in problem.message
    assert "training_records" in problem.message


def test_an_invalid_record_in_a_document_names_collection_index_and_field(tmp_path):
    officers = [VALID["officers"][0], record("officers", 1, postings=[{"start": "2020-01-01", "end": "2023-02-29"}])]
    file = write_document(tmp_path / "data.json", {**VALID, "officers": officers})
    problem = only_problem(file)
    assert str(problem) == (
        f"{file}, officers[1] (id 'O-2'), field 'postings[0].end': "
        "Input should be a valid date in the format YYYY-MM-DD, day value is outside expected range (got '2023-02-29')"
    )


def test_a_document_is_as_strict_as_a_directory(tmp_path):
    file = write_document(tmp_path / "data.json",
                          {**VALID, "training_records": [record("training_records", hours="2")]})
    problem = only_problem(file)
    assert where(problem) == ("data.json", "training_records[0]", "T-1", "hours")
    assert "valid number (got '2')" in problem.message


def test_an_unknown_field_in_a_document_record_is_reported_on_that_record(tmp_path):
    file = write_document(tmp_path / "data.json",
                          {**VALID, "departments": [VALID["departments"][0], record("departments", 1, bogus=1)]})
    problem = only_problem(file)
    assert where(problem) == ("data.json", "departments[1]", "D-1", "bogus")
    assert "unknown field: the record format has no such field" in problem.message


def test_every_problem_in_a_document_is_reported_at_once(tmp_path):
    file = write_document(tmp_path / "data.json", {
        **VALID,
        "officers": [VALID["officers"][0], record("officers", 1, postings=[])],
        "training_records": [record("training_records", category="law"), record("training_records", 1, hours=0)],
        "trainings": [],
    })
    assert [where(p) for p in problems_of(file)] == [
        ("data.json", "officers[1]", "O-2", "postings"),
        ("data.json", "training_records[0]", "T-1", "category"),
        ("data.json", "training_records[1]", "T-2", "hours"),
        ("data.json", "trainings", None, None),
    ]


def test_references_in_a_document_are_located_by_index(tmp_path):
    file = write_document(tmp_path / "data.json", {
        **VALID,
        "training_records": [VALID["training_records"][0], record("training_records", 1, officer="O-404")],
        "assessments": [VALID["assessments"][0], VALID["assessments"][0]],
    })
    problems = problems_of(file)
    assert [where(p) for p in problems] == [
        ("data.json", "assessments[1]", "S-1", "id"),
        ("data.json", "training_records[1]", "T-2", "officer"),
    ]
    assert problems[0].message == "duplicate id, first used at assessments[0]"
    assert problems[1].message == "unknown officer 'O-404'"


@pytest.mark.parametrize(("text", "position", "gist"), [
    pytest.param('{"departments": [', "", "not valid JSON", id="invalid-json"),
    pytest.param("[]", "", "expected a JSON object with a list per record collection", id="not-an-object"),
    pytest.param('{"officers": {"O-1": {}}}', "officers", "expected a list of records", id="collection-not-a-list"),
    pytest.param('{"officers": [1]}', "officers[0]", "Input should be an object", id="record-not-an-object"),
])
def test_a_document_that_is_not_shaped_right(tmp_path, text, position, gist):
    file = tmp_path / "data.json"
    file.write_text(text, encoding="utf-8")
    problem = only_problem(file)
    assert where(problem) == ("data.json", position, None, None)
    assert gist in problem.message
    assert said_in_chinese(problem), problem.render("zh")
    assert str(problem).startswith(f"{file}, {position}: " if position else f"{file}: ")


# --- files that are there but not as expected --------------------------------------------------------------


def test_a_collection_in_the_wrong_format_is_reported_not_ignored(tmp_path):
    write_directory(tmp_path)
    (tmp_path / "officers.jsonl").rename(tmp_path / "officers.json")
    problems = problems_of(tmp_path)
    assert where(problems[0]) == ("officers.json", "", None, None)
    assert "records are read from officers.jsonl" in problems[0].message


def test_a_single_jsonl_file_asks_for_its_directory(tmp_path):
    file = write_jsonl(tmp_path, "officers", *VALID["officers"])
    problem = only_problem(file)
    assert "pass the directory it is in" in problem.message


def test_a_file_that_is_not_utf8_says_so(tmp_path):
    write_directory(tmp_path)
    (tmp_path / "departments.jsonl").write_bytes(
        (tmp_path / "departments.jsonl").read_text(encoding="utf-8").replace("D", "司").encode("gbk"))
    problem = only_problem(tmp_path)
    assert where(problem)[:2] == ("departments.jsonl", "line 1")
    assert "not UTF-8" in problem.message


def test_a_reference_to_a_rejected_record_is_not_reported_again(tmp_path):
    write_directory(tmp_path, officers=[record("officers", postings=[]), *VALID["officers"][1:]])
    problems = problems_of(tmp_path)
    assert [where(p) for p in problems] == [("officers.jsonl", "line 1", VALID["officers"][0]["id"], "postings")]


def test_the_garbage_collector_is_paused_while_records_are_read_and_restored_after(tmp_path):
    seen = []
    example = Path(__file__).parent.parent / "examples" / "kuangqu"
    load(example, progress=lambda done, total, item: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    (tmp_path / "officers.jsonl").write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(DatasetError):
        load(tmp_path)
    assert gc.isenabled()  # after a failed load too
    gc.disable()
    try:
        load(example)
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
