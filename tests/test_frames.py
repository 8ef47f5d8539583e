"""The columnar reader (compliance.frames): it accepts only what the record models accept.

Each bad record below must make ``read_frames`` give up (so that the loader reads the records one by one and
names the problem), and ``load`` must then report it; each good one must be read as frames.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from compliance import frames as frames_module
from compliance import load_dataset
from compliance.citations import KUANGQU_MEASURES, Citation
from compliance.dataset import Dataset
from compliance.engine import check
from compliance.errors import DatasetError
from compliance.frames import read_frames
from compliance.loading import parse_document
from compliance.packs import Ruleset
from compliance.report import Status, SubjectKind, Text
from compliance.rule import Rule, outcome_frame

BASE = {
    "departments": [{"id": "d", "name": "D", "level": "county"}],
    "officers": [{"id": "o", "name": "O", "department": "d", "postings": [{"start": "2020-01-01"}]}],
    "training_records": [{"id": "t", "officer": "o", "date": "2024-01-01", "hours": 1.5, "category": "other",
                          "title": 'a:"b"'}],
}
ACTION = {"id": "a", "department": "d", "action_kind": "other", "officers": ["o"], "date": "2024-01-01"}
CERTIFICATE = {"id": "c", "officer": "o", "issued_on": "2020-01-01"}


def _write(tmp_path, change=None, edit=None):
    records = json.loads(json.dumps(BASE))
    if change:
        change(records)
    for collection, rows in records.items():
        text = "\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows) + "\n"
        (tmp_path / f"{collection}.jsonl").write_text(edit(text) if edit and collection == "training_records"
                                                      else text, encoding="utf-8")
    return tmp_path


def _training(**fields):
    return lambda records: records["training_records"][0].update(fields)


def _posting(**fields):
    return lambda records: records["officers"][0]["postings"][0].update(fields)


BAD = {
    "number for an id": _training(id=5),
    "number for text": _training(title=5),
    "list for text": _training(title=["x"]),
    "object for text": _training(title={"k": "v"}),
    "unknown key": _training(bogus=1),
    "unknown key beside a number for text": _training(bogus=1, title=5),  # the quotes cancel: the colons tell
    "unknown key in a posting": _posting(bogus="x"),
    "null for a field with a default": _training(rotation=None),
    "text for a number": _training(hours="1.5"),
    "number for a flag": _training(rotation=1),
    "zero hours": _training(hours=0),
    "more than 1000 hours": _training(hours=1000.5),
    "an impossible day": _training(date="2023-02-29"),
    "a day not written YYYY-MM-DD": _training(date="2024-1-01"),
    "unknown category": _training(category="x"),
    "unknown officer": _training(officer="x"),
    "id twice": lambda r: r["training_records"].append(dict(r["training_records"][0])),
    "id with a leading space": _training(id=" t"),
    "posting ending before it starts": _posting(end="2019-01-01"),
    "postings out of order": lambda r: r["officers"][0]["postings"].append({"start": "2019-01-01"}),
    "leaving reason without an end": _posting(left_reason="retired"),
    "no posting": lambda r: r["officers"][0].update(postings=[]),
    "unknown department of a posting": _posting(department="x"),
    "number in the officers of an action": lambda r: r.update(actions=[ACTION | {"officers": [5]}]),
    "text for the officers of an action": lambda r: r.update(actions=[ACTION | {"officers": '["o"]'}]),
    "number for the officers of an action": lambda r: r.update(actions=[ACTION | {"officers": 5}]),
    # a list written as text has two quotes more, a number written for text two fewer: together the quotes add up
    "text for the officers and a number for text": lambda r: r.update(actions=[ACTION | {
        "officers": '["o"]', "id": 5}]),
    "text for the documents of a training": _training(documents='["x"]'),
    "text for the postings": lambda r: r["officers"][0].update(postings='[{"start": "2020-01-01"}]'),
    "a number for a posting": lambda r: r["officers"][0].update(postings=[5]),
    "number for the note of an event": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2021-01-01", "event": "lost", "note": 5}]}]),
    "unknown kind of event": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2021-01-01", "event": "stolen"}]}]),
    "number for a day of an event": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": 20210101, "event": "lost"}]}]),
    "unknown officer on an action": lambda r: r.update(actions=[ACTION | {"officers": ["o", "x"]}]),
    "officer twice on an action": lambda r: r.update(actions=[ACTION | {"officers": ["o", "o"]}]),
    "decided before filed": lambda r: r.update(actions=[ACTION | {"filed_on": "2024-01-02",
                                                                   "decided_on": "2024-01-01"}]),
    "event after a cancellation": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2021-01-01", "event": "cancelled"}, {"date": "2021-02-01", "event": "restored"}]}]),
    "restored after a revocation": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2021-01-01", "event": "revoked"}, {"date": "2021-02-01", "event": "restored"}]}]),
    "event before issue": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2019-01-01", "event": "lost"}]}]),
    "events out of order": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2021-02-01", "event": "lost"}, {"date": "2021-01-01", "event": "reissued"}]}]),
    "expiring before issue": lambda r: r.update(certificates=[CERTIFICATE | {"expires_on": "2019-12-31"}]),
    "unknown kind of certificate": lambda r: r.update(certificates=[CERTIFICATE | {"certificate_kind": "badge"}]),
    "null for the kind of certificate": lambda r: r.update(certificates=[CERTIFICATE | {"certificate_kind": None}]),
    "assessment year out of range": lambda r: r.update(assessments=[{"id": "s", "officer": "o", "year": 1989,
                                                                     "result": "pass"}]),
}
EDITED = {
    "a key twice": lambda text: text.replace('"hours":1.5', '"hours":1.5,"hours":2'),
    "a colon written as \\u003a in text, beside an unknown key": lambda text: text.replace(
        "a:", "a\\u003a").replace('"officer"', '"x":1,"officer"'),
    "two records on a line": lambda text: text.strip() + " " + text.replace('"t"', '"t2"'),
    "a line that is not JSON": lambda text: text + "{oops\n",
}
GOOD = {
    "the base records": None,
    "an action": lambda r: r.update(actions=[ACTION]),
    "a police card beside an enforcement certificate": lambda r: r.update(certificates=[
        CERTIFICATE | {"certificate_kind": "police"}, CERTIFICATE | {"id": "c2", "certificate_kind": "enforcement"}]),
    "a revoked, then cancelled certificate": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2021-01-01", "event": "revoked"}, {"date": "2021-02-01", "event": "cancelled"}]}]),
    "a certificate with events": lambda r: r.update(certificates=[CERTIFICATE | {"events": [
        {"date": "2021-01-01", "event": "suspended", "note": 'a "note": here'},
        {"date": "2021-02-01", "event": "restored", "published_on": "2021-02-03"}]}]),
    "postings in order": lambda r: r["officers"][0].update(postings=[
        {"start": "2010-01-01", "end": "2012-12-31", "left_reason": "transferred"}, {"start": "2020-01-01"}]),
    # the order of postings and events holds within a record: the next record's start from scratch
    "an officer posted before the one above": lambda r: r["officers"].extend([
        {"id": "o1", "name": "N", "department": "d", "postings": [{"start": "2020-01-01", "end": "2023-01-01"}]},
        {"id": "o2", "name": "P", "department": "d", "postings": [{"start": "2000-01-01"}]}]),
    "a certificate whose events come before those above": lambda r: r.update(certificates=[
        CERTIFICATE | {"events": [{"date": "2021-01-01", "event": "revoked"}, {"date": "2021-02-01",
                                                                               "event": "cancelled"}]},
        {"id": "c2", "officer": "o", "issued_on": "2019-01-01", "events": [
            {"date": "2019-06-01", "event": "suspended"}, {"date": "2019-07-01", "event": "restored"}]}]),
}


#: the training's title with a colon in it, and without: the colons inside text are only counted for a file with
#: more colons than keys (see ``_read_frames``), so each case is read both ways
TITLES = ['a:"b"', 'a "b"']


def _titled(title, change):
    def changed(records):
        _training(title=title)(records)
        if change:
            change(records)
    return changed


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("change", BAD.values(), ids=BAD.keys())
def test_a_record_the_models_refuse_is_not_read_as_frames(tmp_path, change, title):
    data = _write(tmp_path, _titled(title, change))
    assert read_frames(data) is None
    with pytest.raises(DatasetError):
        load_dataset(data)


@pytest.mark.parametrize("edit", EDITED.values(), ids=EDITED.keys())
def test_a_file_written_otherwise_is_not_read_as_frames(tmp_path, edit):
    data = _write(tmp_path, edit=edit)
    assert read_frames(data) is None


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("change", GOOD.values(), ids=GOOD.keys())
def test_valid_records_are_read_as_frames_and_as_records(tmp_path, change, title):
    data = _write(tmp_path, _titled(title, change))
    frames = read_frames(data)
    assert frames is not None
    dataset = load_dataset(data)
    assert dataset.counts() == frames.counts()
    assert [t.title for t in dataset.training_records] == [title]


@pytest.mark.parametrize(("title", "counted"), [('a:"b"', ["training_records"]), ('a "b"', [])])
def test_the_colons_in_text_are_counted_only_in_a_file_with_more_colons_than_keys(tmp_path, monkeypatch, title,
                                                                                  counted):
    seen = []
    text_colons = frames_module._text_colons
    monkeypatch.setattr(frames_module, "_text_colons",
                        lambda frame, record_type: seen.append(record_type.collection) or text_colons(frame, record_type))
    assert read_frames(_write(tmp_path, _training(title=title))) is not None
    assert seen == counted


def test_the_kind_of_certificate_is_read_as_written_and_enforcement_where_left_out(tmp_path):
    data = _write(tmp_path, lambda r: r.update(certificates=[CERTIFICATE | {"certificate_kind": "police"},
                                                             CERTIFICATE | {"id": "c2"}]))
    frames = read_frames(data)
    assert frames is not None
    assert frames.certificates["certificate_kind"].cast(pl.String).to_list() == ["police", "enforcement"]
    assert [c.certificate_kind.value for c in load_dataset(data).certificates] == ["police", "enforcement"]


def test_a_key_written_with_space_before_its_colon_is_still_read(tmp_path):
    data = _write(tmp_path, edit=lambda text: text.replace('"hours":', '"hours" :'))
    assert read_frames(data) is not None


@pytest.mark.parametrize("space", [" ", "  "])
def test_a_list_of_text_written_with_space_after_its_key_is_read_or_left_to_the_loader(tmp_path, space):
    data = _write(tmp_path, _training(documents=["国办发〔2023〕27号"]),
                  edit=lambda text: text.replace('"documents":[', f'"documents":{space}['))
    frames = read_frames(data)
    assert (frames is not None) is (space == " ")  # one space, as Python's json writes it, is looked for
    if frames is not None:
        assert frames.training_records["documents"].to_list() == [["国办发〔2023〕27号"]]
    assert load_dataset(data).training_records[0].documents == ["国办发〔2023〕27号"]


def test_a_null_written_out_is_left_to_the_loader_which_accepts_it(tmp_path):
    data = _write(tmp_path, _training(title=None))
    assert read_frames(data) is None  # polars reads a null and a missing key alike: the colons tell them apart
    assert load_dataset(data).training_records[0].title is None


def test_a_directory_with_another_kind_of_file_is_left_to_the_loader(tmp_path):
    data = _write(tmp_path)
    (data / "notes.txt").write_text("x")
    assert read_frames(data) is None


def test_rounding_follows_pythons_round_not_polars():
    import polars as pl

    from compliance.frames import rounded

    values = [2.675, 0.125, 1.005, 44.94999, None]
    got = pl.DataFrame({"v": values}).select(rounded("v", 2)).to_series().to_list()
    assert got == [round(v, 2) if v is not None else None for v in values] == [2.67, 0.12, 1.0, 44.95, None]


class _Figures(Rule):
    """A rule whose evidence holds values polars would write otherwise than Python (1e-05, a flag)."""

    id = "figures-in-messages"
    title = Text(zh="数字", en="figures")
    subject_kind = SubjectKind.department
    citations = {"x": Citation.of(KUANGQU_MEASURES, "一", "原文")}
    messages = {"shown": Text(zh="{name} {share} {count} {flag}", en="{name}: {share}, {count}, {flag}")}

    def evaluate_frames(self, context):
        import polars as pl

        evidence = pl.DataFrame({"name": ["a", "b"], "share": [0.5, 1e-05], "count": [3, 4], "flag": [True, False]})
        return outcome_frame(evidence.select(
            status=pl.lit(Status.violation.value), subject="name", ends_on=pl.lit(dt.date(2024, 1, 1)),
            message=pl.lit("shown"), evidence=pl.struct(pl.all())))


def test_messages_of_frame_rules_are_written_as_python_writes_the_values():
    report = check(Dataset.from_records([]), Ruleset.of_rule(_Figures()), dt.date(2025, 1, 1))
    assert [f.message.en for f in report.findings] == ["a: 0.5, 3, True", "b: 1e-05, 4, False"]
    assert [f.message.zh for f in report.findings] == ["a 0.5 3 True", "b 1e-05 4 False"]


def test_the_garbage_collector_is_paused_while_a_check_runs_and_restored_after():
    import gc

    seen = []
    example = Path(__file__).parent.parent / "examples" / "kuangqu"
    check(load_dataset(example), "cn-shanxi-yangquan-kuangqu", dt.date(2025, 3, 1),
          progress=lambda done, total, item: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()


#: certificate histories, each (issued_on, expires_on, events): same-day events, a restoration, a loss and
#: reissue, a revocation then cancellation, events after the expiry, a reissue application (changes nothing)
HISTORIES = [
    ("2024-01-10", None, []),
    ("2024-01-10", "2024-01-20", []),
    ("2024-01-10", "2024-02-20", [("2024-01-15", "suspended"), ("2024-01-18", "restored")]),
    ("2024-01-10", None, [("2024-01-12", "lost"), ("2024-01-12", "reissued")]),
    ("2024-01-10", None, [("2024-01-12", "lost"), ("2024-01-13", "reissue_applied"), ("2024-01-16", "reissued")]),
    ("2024-01-10", "2024-01-25", [("2024-01-11", "revoked"), ("2024-01-19", "cancelled")]),
    ("2024-01-10", "2024-01-14", [("2024-01-14", "suspended"), ("2024-01-22", "restored")]),
    ("2024-01-10", None, [("2024-01-10", "suspended"), ("2024-01-11", "restored"), ("2024-01-11", "suspended")]),
]


@pytest.mark.parametrize("history", HISTORIES, ids=str)
def test_certified_and_states_on_frames_agree_with_the_model_on_every_day(history):
    issued_on, expires_on, events = history
    certificate = {"id": "c", "officer": "o", "issued_on": issued_on, "expires_on": expires_on,
                   "events": [{"date": day, "event": event} for day, event in events]}
    dataset = parse_document(json.dumps({"departments": BASE["departments"], "officers": BASE["officers"],
                                         "certificates": [certificate]}).encode(), "<history>")
    model = dataset.certificates[0]
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(40)]
    asked = pl.DataFrame({"officer": ["o"] * len(days), "day": days})
    certified = dataset.frames.certified(asked).collect()
    assert certified["day"].to_list() == days  # in the order asked
    assert certified["certified"].to_list() == [model.state_on(day) == "valid" for day in days]
    states = dataset.frames.certificate_states(asked).collect().sort("day")
    assert states["state"].to_list() == [model.state_on(day).value for day in days]


def test_a_file_with_a_byte_order_mark_is_left_to_the_loader_which_reads_it(tmp_path):
    data = _write(tmp_path)
    file = data / "training_records.jsonl"
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    assert read_frames(data) is None
    assert load_dataset(data).training_records[0].id == "t"


def test_a_file_changed_while_it_is_read_is_left_to_the_loader(tmp_path, monkeypatch):
    data = _write(tmp_path)
    count = frames_module._marks

    def count_then_change(file, patterns=()):
        marks = count(file, patterns)
        with file.open("ab") as out:
            out.write(b"\n")
        return marks

    monkeypatch.setattr(frames_module, "_marks", count_then_change)
    assert read_frames(data) is None
    monkeypatch.undo()
    assert read_frames(data) is not None


@pytest.mark.parametrize("impossible", [None, "2024-02-30"])
def test_the_day_checks_hold_in_a_lazy_plan_with_many_nulls(impossible):
    """Each day is tested twice (its form, and that it is a real day): both tests must see the days in one order.
    Unordered, a lazy plan paired the two tests of different days, and refused good data."""
    import random

    from compliance.models import EnforcementAction

    pick = random.Random(3)
    days = [None if pick.random() < 0.75 else (dt.date(2023, 1, 1) + dt.timedelta(days=pick.randrange(800))).isoformat()
            for _ in range(5000)]
    days[4321] = impossible or days[4321]
    frame = pl.DataFrame({"decided_on": days}, schema={"decided_on": pl.Categorical})
    checks = [c for c in frames_module._field_checks(EnforcementAction) if "decided_on" in str(c)]
    assert checks
    for result in (frame.lazy().select(c.alias(str(n)) for n, c in enumerate(checks)).collect(),
                   frame.select(c.alias(str(n)) for n, c in enumerate(checks))):
        assert all(result.row(0)) is (impossible is None)


@pytest.mark.parametrize("piece", [4, 5, 7, 8, 64])
def test_punctuation_and_patterns_are_counted_across_pieces_and_an_escape_found_where_it_straddles_two(
        tmp_path, monkeypatch, piece):
    monkeypatch.setattr(frames_module, "_PIECE", piece)
    file = tmp_path / "x.jsonl"
    patterns = [b'"list":[', b"x"]
    for text in ['{"a":"b:c"}\n{"d":"\\"e\\""}\n', '{"name":"x\\u003ay"}\n', '{"n":"\\u4e2d\\u00e9"}\n',
                 '{"list":["a"]}\n{"b":1,"list":[]}\n{"list":"x"}\n' * 3]:
        file.write_bytes(text.encode())
        data = file.read_bytes()
        assert frames_module._marks(file, patterns) == (
            data.count(b":"), data.count(b'"'), b"\\u00" in data, tuple(data.count(p) for p in patterns))


def test_an_answer_two_rules_ask_for_at_once_is_computed_once_and_both_wait_for_it():
    """Rules over frames run on threads (see ``check``): the second to ask for a kept answer waits for the
    first's, and an answer that failed fails for every rule that asks."""
    import threading
    import time

    frames = Dataset.from_records([]).frames
    started, release, plans = threading.Event(), threading.Event(), []

    def plan():
        plans.append(threading.current_thread().name)
        started.set()
        release.wait(10)
        return pl.LazyFrame({"answer": [42]})

    answers = []
    asking = [threading.Thread(target=lambda: answers.append(frames._once("key", plan).collect())) for _ in range(2)]
    asking[0].start()
    assert started.wait(10)
    asking[1].start()
    time.sleep(0.05)  # the second asks while the first computes (were it computed twice, it would be now)
    release.set()
    for thread in asking:
        thread.join(10)
    assert len(plans) == 1
    assert [a["answer"].to_list() for a in answers] == [[42], [42]]

    def failing():
        plans.append("failing")
        raise RuntimeError("no answer")

    for _ in range(2):
        with pytest.raises(RuntimeError, match="no answer"):
            frames._once("failing", failing)
    assert plans.count("failing") == 1
