"""Checking shard by shard (compliance.shards): the same report, the same problems at the same lines, as one
process checking the whole."""

import dataclasses
import datetime as dt
import json
import random
import shutil
import tempfile
from array import array
from collections import Counter
from pathlib import Path

import pytest
from test_benchmarks import generate
from test_cli import EXAMPLE, KUANGQU, compliance

from compliance import Outcome, Rule, Status, SubjectKind, SubjectRef, Text, check, load_dataset, load_ruleset, shards
from compliance.citations import Citation
from compliance.load_summary import LoadError
from compliance.loading import load
from compliance.packs import Ruleset
from compliance.shards import _COPY, check_sharded, partition

AS_OF = (dt.date(2025, 3, 1), dt.date(2024, 6, 30))


@pytest.fixture(autouse=True)
def shard_per_locality(monkeypatch):
    """A shard for each locality, where shards would hold all the few officers of the test data in one: records
    cross shards here as they do at scale."""
    monkeypatch.setattr(shards, "_SHARD_OFFICERS", 1)


def read(directory: Path) -> dict[str, list[dict]]:
    return {file.stem: [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]
            for file in sorted(directory.glob("*.jsonl"))}


def write(directory: Path, collections: dict[str, list[dict]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, records in collections.items():
        (directory / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                                 encoding="utf-8")
    return directory


def by_department(directory: Path) -> Path:
    """The example district with each department a locality of its own, and the streets with none (so they go
    with their parent, the judicial bureau): officers who moved, actions by officers of several departments and
    filings with the bureau all cross shards."""
    records = read(EXAMPLE)
    for department in records["departments"]:
        department["locality"] = None if department["level"] == "township" else department["id"]
    return write(directory, records)


def across_counties(directory: Path, officers: int = 1300) -> Path:
    """Generated records for two counties, where some officers were transferred from another county and some
    actions were taken with an officer of another county."""
    generate.generate(officers, directory, seed=3)
    records = read(directory)
    county = {d["id"]: d["locality"] for d in records["departments"]}
    rng = random.Random(5)
    others = {c: [d for d, c2 in county.items() if c2 != c] for c in set(county.values())}
    for officer in records["officers"]:
        for posting in officer["postings"]:
            if posting.get("department") and rng.random() < 0.5:
                posting["department"] = rng.choice(others[county[officer["department"]]])
    by_county: dict[str, list[str]] = {}
    for officer in records["officers"]:
        by_county.setdefault(county[officer["department"]], []).append(officer["id"])
    for action in records["actions"][::40]:
        elsewhere = [c for c in by_county if c != county[action["department"]]]
        action["officers"].append(rng.choice(by_county[rng.choice(elsewhere)]))
    return write(directory, records)


@pytest.fixture(scope="module")
def districts(tmp_path_factory) -> Path:
    return by_department(tmp_path_factory.mktemp("districts") / "data")


@pytest.fixture(scope="module")
def counties(tmp_path_factory) -> Path:
    return across_counties(tmp_path_factory.mktemp("counties") / "data")


def owners(root: Path, collection: str) -> tuple[Counter, Counter]:
    """(owned, copied) line numbers of a collection over every shard of a partition."""
    owned, copied = Counter(), Counter()
    for part in root.glob(f"parts/{collection}-*/*.lines"):
        numbers = array("Q", part.read_bytes())
        owned.update(n for n in numbers if not n & _COPY)
        copied.update(n & ~_COPY for n in numbers if n & _COPY)
    return owned, copied


def test_every_line_is_owned_by_one_shard_and_copied_where_it_is_referred_to(counties, tmp_path):
    parts = partition(counties, tmp_path)
    assert len(parts.shards) == 2  # the two counties
    for name, records in read(counties).items():
        owned, copied = owners(tmp_path, name)
        assert owned == Counter(range(1, len(records) + 1)), name  # every line, once
        assert parts.read[name] == len(records)
        if name in ("departments", "officers", "certificates", "training_records"):
            assert copied, f"no {name} crossed a county: the test data does not test what it should"
    departments = [d for shard in parts.shards for d in shard.departments]
    assert sorted(departments) == sorted(d["id"] for d in read(counties)["departments"])  # each owned once


def test_small_localities_are_packed_into_shards_of_about_the_same_size(counties, districts, monkeypatch, tmp_path):
    assert shards._pack([5, 1, 3, 3, 2, 9], 3) == [1, 2, 2, 2, 1, 0]  # shards of 9, 5+2 and 3+3+1
    assert shards._pack([1, 1, 1, 1], 2) == [0, 1, 0, 1]
    monkeypatch.setattr(shards, "_SHARD_OFFICERS", 20_000)
    for data, localities in ((counties, 2), (districts, 13)):
        def shards_of(pieces: int) -> int:
            return len(partition(data, Path(tempfile.mkdtemp(dir=tmp_path)), pieces=pieces).shards)

        assert shards_of(1) == 1  # a few officers: one shard
        assert shards_of(2) == 2  # but one for each of two workers
        assert shards_of(99) == localities  # and never a locality cut
        for as_of in AS_OF:
            assert check_sharded(data, KUANGQU, as_of, jobs=1)[0] == check(load_dataset(data), KUANGQU, as_of)


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
@pytest.mark.parametrize("data", ["example", "districts", "counties"])
def test_the_report_is_the_one_of_one_process(data, as_of, request):
    path = EXAMPLE if data == "example" else request.getfixturevalue(data)
    dataset, summary = load(path)
    report, sharded_summary = check_sharded(path, KUANGQU, as_of)
    assert report == check(dataset, KUANGQU, as_of)
    assert sharded_summary == summary
    assert report.findings and report.departments


@pytest.mark.parametrize("pack", ["cn-shanxi-yuncheng", "cn-yunnan-chuxiong-yuanmou"])
def test_other_packs(pack, counties, districts):
    for data in (counties, districts):
        assert check_sharded(data, pack, AS_OF[0])[0] == check(load_dataset(data), pack, AS_OF[0])


class RaisesInTheSecondCounty(Rule):
    """What it checks: nothing; it raises where it sees a department of the second county, as a broken rule
    might on some records only."""

    id = "raises-in-the-second-county"
    title = Text(zh="出错", en="Raises")
    subject_kind = SubjectKind.department
    citations = {"x": Citation(document="《测试》", item="一", text="测试。")}
    messages = {"x": Text(zh="出错", en="raises")}

    def evaluate(self, context):
        for department in context.dataset.departments:
            if department.id.startswith("c0001-"):
                raise RuntimeError("boom")
            yield Outcome(Status.passed, SubjectRef(SubjectKind.department, department.id), context.as_of)


def test_a_rule_that_raises_in_one_shard_fails_as_in_one_process(counties):
    kuangqu = load_ruleset(KUANGQU)
    ruleset = dataclasses.replace(kuangqu, rules=[*kuangqu.rules, *Ruleset.of_rule(RaisesInTheSecondCounty()).rules])
    report, _ = check_sharded(counties, ruleset, AS_OF[0])
    assert report == check(load_dataset(counties), ruleset, AS_OF[0])
    assert [f.error for f in report.failures] == ["RuntimeError: boom"]


class EveryCertificate(Rule):
    """What it checks: nothing; a violation per certificate, its subject without the holder, as a plug-in rule
    may write it (examples/plugin-pack does): the shard that owns it is found from the certificate."""

    id = "every-certificate"
    title = Text(zh="证件", en="Certificates")
    subject_kind = SubjectKind.certificate
    citations = {"x": Citation(document="《测试》", item="一", text="测试。")}
    messages = {"x": Text(zh="证件", en="certificate")}

    def evaluate(self, context):
        for certificate in context.dataset.certificates:
            holder = context.dataset.officer_by_id[certificate.officer]
            yield Outcome(Status.violation, SubjectRef(SubjectKind.certificate, certificate.id), context.as_of,
                          holder.department, message="x")


def test_a_certificate_is_counted_once_where_its_holder_is_owned(counties):
    ruleset = Ruleset.of_rule(EveryCertificate())
    report, _ = check_sharded(counties, ruleset, AS_OF[0])
    assert report == check(load_dataset(counties), ruleset, AS_OF[0])
    assert report.rules[0].violations == len(read(counties)["certificates"])


def test_two_processes_give_what_one_gives(districts):
    one = check_sharded(districts, KUANGQU, AS_OF[0], jobs=1)
    assert check_sharded(districts, KUANGQU, AS_OF[0], jobs=2) == one


def test_slices_cover_a_file_each_from_the_start_of_a_line(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "_SLICE", 100)
    data = b"".join(b'{"id": "%d"}\n' % n + (b"\n" if n % 7 == 0 else b"") for n in range(200)) + b'{"id": "x"}'
    (tmp_path / "f.jsonl").write_bytes(data)
    slices = shards._slices(tmp_path / "f.jsonl", 9)
    assert len(slices) == 9 and slices[0][0] == 0 and slices[-1][1] == len(data)
    for (start, stop, first), (after, _, _) in zip(slices, [*slices[1:], (len(data), 0, 0)]):
        assert stop == after and data[start - 1:start] in (b"\n", b"") and first == data[:start].count(b"\n") + 1
    lines = [item for start, stop, first in slices for item in shards._lines(str(tmp_path / "f.jsonl"), start, stop,
                                                                             first)]
    assert lines == list(shards._lines(str(tmp_path / "f.jsonl")))


def test_files_routed_in_slices_by_several_workers(counties, monkeypatch):
    monkeypatch.setattr(shards, "_SLICE", 1 << 16)  # slices of 64 kB: several per file and worker
    dataset, summary = load(counties)
    assert check_sharded(counties, KUANGQU, AS_OF[0], jobs=2) == (check(dataset, KUANGQU, AS_OF[0]), summary)


def route_both_ways(data: Path, collection: str, root: Path) -> tuple[shards.Routed | None, shards.Routed]:
    """A collection's file routed as one slice in polars (None where it asks for the exact path) and line by
    line, into ``root/columns`` and ``root/lines``."""
    root.mkdir()
    cutting = shards._Partitioning(shards.record_files(data), root, 1)
    cutting.place_departments()
    cutting.place_localities()
    cutting.place_officers()
    cutting.routes.write(str(root / "routes"))
    file = cutting.files[collection]
    task = shards.SliceTask(collection, str(file), 0, file.stat().st_size, 1, str(root / "columns"),
                            str(root / "routes"), cutting.routes.unplaced)
    return (shards._route_columns(task, file.read_bytes()),
            shards._route_lines(dataclasses.replace(task, output=str(root / "lines"))))


def test_slices_are_routed_in_polars_as_line_by_line(counties, tmp_path):
    data = shutil.copytree(counties, tmp_path / "data")
    trained = (data / "training_records.jsonl").read_bytes().split(b"\n")
    trained[3:3] = [b"", b""]  # blank lines: skipped, and counted in the line numbers
    (data / "training_records.jsonl").write_bytes(b"\n".join(trained).rstrip(b"\n"))  # no newline at the end
    for collection in ("actions", "certificates", "training_records", "assessments", "filings", "problems"):
        if not (data / f"{collection}.jsonl").exists():
            continue
        columns, lines = route_both_ways(data, collection, tmp_path / collection)
        assert columns is not None, collection
        assert (columns.read, columns.shards, columns.joins, columns.referred) == \
               (lines.read, lines.shards, lines.joins, lines.referred), collection
        assert columns.ids.equals(lines.ids)
        parts = sorted(p.name for p in (tmp_path / collection / "lines").iterdir())
        assert sorted(p.name for p in (tmp_path / collection / "columns").iterdir()) == parts
        for name in parts:
            assert (tmp_path / collection / "columns" / name).read_bytes() == \
                   (tmp_path / collection / "lines" / name).read_bytes(), (collection, name)
    assert route_both_ways(data, "actions", tmp_path / "joins")[1].joins  # actions with officers of elsewhere


@pytest.mark.parametrize("unsure", ["a key twice", "keys spaced", "byte-order mark", "carriage return",
                                    "column separator", "not an object", "blank but for spaces"])
def test_lines_polars_might_read_otherwise_are_routed_line_by_line(unsure, counties, tmp_path):
    data = shutil.copytree(counties, tmp_path / "data")
    lines = (data / "actions.jsonl").read_bytes().splitlines(keepends=True)
    action = json.loads(lines[5])
    other = next(json.loads(line)["department"] for line in lines if json.loads(line)["department"] !=
                 action["department"])
    lines[5] = {
        "a key twice": b'{"department": "%s", ' % other.encode() + lines[5][1:],  # the loader takes the last
        "keys spaced": json.dumps(action, separators=(",", " : ")).encode() + b"\n",
        "byte-order mark": lines[5],
        "carriage return": lines[5].rstrip(b"\n") + b"\r\n",
        "column separator": lines[5].replace(b'"id": "', b'"id": "\x1f'),
        "not an object": b"[1, 2]\n",
        "blank but for spaces": b"   \n",
    }[unsure]
    (data / "actions.jsonl").write_bytes((b"\xef\xbb\xbf" if unsure == "byte-order mark" else b"") + b"".join(lines))
    assert route_both_ways(data, "actions", tmp_path / "routed")[0] is None
    if unsure == "a key twice":  # a valid record, in the department the loader reads
        dataset, summary = load(data)
        assert check_sharded(data, KUANGQU, AS_OF[0]) == (check(dataset, KUANGQU, AS_OF[0]), summary)


def test_workers_that_hash_ids_with_another_polars_are_refused(counties, tmp_path, monkeypatch):
    routed = shards.route_slice
    monkeypatch.setattr(shards, "route_slice", lambda task: dataclasses.replace(routed(task), hashed_by="0.0.1"))
    with pytest.raises(shards.ComplianceError, match="a worker runs polars 0.0.1, this process .*same version"):
        partition(counties, tmp_path)


def broken(directory: Path) -> Path:
    """The counties with bad records, in shards other than their officers' home: an invalid training record of an
    officer who came from another county, a certificate of an unknown officer, training record ids used again by
    an officer of another county (one whose first use is in both counties' shards, one whose first use is only in
    the other's), a posting in an unknown department, and a training record of 2019 for an unknown officer,
    earlier than every other record (left out, it must not move the first year checked)."""
    records = read(directory)
    county = {d["id"]: d["locality"] for d in records["departments"]}
    counties = {o["id"]: {county.get(p.get("department") or o["department"]) for p in o["postings"]}
                | {county[o["department"]]} for o in records["officers"]}
    for action in records["actions"]:
        for officer_id in action["officers"]:
            counties[officer_id].add(county[action["department"]])
    moved = next(o for o in records["officers"] if len(counties[o["id"]]) > 1)
    stayed = [o for o in records["officers"] if len(counties[o["id"]]) == 1]
    other = next(o for o in stayed if counties[o["id"]] != {county[moved["department"]]})
    elsewhere = next(o for o in stayed if counties[o["id"]] != counties[other["id"]])
    trained = [t for t in records["training_records"] if t["officer"] == moved["id"]]
    trained[0]["hours"] = -1
    records["certificates"].append({"id": "C-X", "officer": "nobody", "issued_on": "2020-01-01"})
    records["training_records"].append(dict(trained[1], officer=other["id"]))
    first = next(t for t in records["training_records"] if t["officer"] == elsewhere["id"])
    records["training_records"].append(dict(first, officer=other["id"]))
    records["officers"][-1]["postings"][0]["department"] = "no-such-department"
    records["training_records"].append(dict(trained[2], id="T-early", officer="nobody", date="2019-05-01"))
    return write(directory.parent / "broken", records)


def test_bad_input_is_reported_at_its_original_file_and_line(counties):
    data = broken(counties)
    with pytest.raises(LoadError) as one:
        load(data)
    with pytest.raises(LoadError) as sharded:
        check_sharded(data, KUANGQU, AS_OF[0], jobs=2)
    assert set(sharded.value.problems) == set(one.value.problems)
    assert len(sharded.value.problems) == len(one.value.problems) >= 5
    assert {p.file for p in sharded.value.problems} <= {str(f) for f in data.iterdir()}
    assert sharded.value.summary.files == one.value.summary.files
    messages = {p.message for p in sharded.value.problems}
    assert "unknown officer 'nobody'" in messages and "unknown department 'no-such-department'" in messages
    assert sum(m.startswith("duplicate id, first used at line ") for m in messages) == 2


def test_skipped_records_are_left_out_as_one_process_leaves_them_out(counties):
    data = broken(counties)
    dataset, summary = load(data, on_error="skip")
    report, sharded = check_sharded(data, KUANGQU, AS_OF[0], on_error="skip")
    assert report == check(dataset, KUANGQU, AS_OF[0])
    assert sharded.files == summary.files
    assert set(sharded.left_out) == set(summary.left_out) and len(sharded.left_out) == len(summary.left_out)
    assert set(sharded.problems) == set(summary.problems)


def test_a_line_that_is_not_utf8_is_named_as_the_loader_names_it(districts, tmp_path):
    data = shutil.copytree(districts, tmp_path / "data")
    with open(data / "training_records.jsonl", "ab") as out:
        out.write(b'{"id": "T\xff"}\n')
    with pytest.raises(LoadError) as one:
        load(data)
    with pytest.raises(LoadError) as sharded:
        check_sharded(data, KUANGQU, AS_OF[0])
    assert sharded.value.problems == [p for p in one.value.problems if "UTF-8" in p.message]


def test_the_command_with_jobs_writes_the_report_it_writes_without(districts, tmp_path):
    args = ["check", str(districts), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--format", "json"]
    one = compliance(*args, "-o", str(tmp_path / "one.json"))
    sharded = compliance(*args, "-o", str(tmp_path / "sharded.json"), "--jobs", "2")
    assert sharded.returncode == one.returncode == 1, sharded.stderr
    assert (tmp_path / "sharded.json").read_text() == (tmp_path / "one.json").read_text()


def test_tables_are_checked_without_jobs_and_the_configuration_can_set_it(tmp_path):
    tables = EXAMPLE.parent / "kuangqu-csv"
    result = compliance("check", str(tables), "--ruleset", KUANGQU, "--jobs", "2")
    assert result.returncode == 2 and "reads JSON Lines files only; check tables without --jobs" in result.stderr
    (tmp_path / "compliance.toml").write_text(f'data = "{tables}"\nruleset = "{KUANGQU}"\njobs = 2\n')
    configured = compliance("check", cwd=tmp_path)
    assert configured.returncode == 2 and "check tables without --jobs" in configured.stderr
    assert compliance("check", str(EXAMPLE), "--jobs", "0").returncode == 2
    workbook = compliance("check", str(EXAMPLE.parent / "kuangqu.xlsx"), "--ruleset", KUANGQU, "--jobs", "2")
    assert workbook.returncode == 2 and "reads a directory of JSON Lines files" in workbook.stderr
    missing = compliance("check", str(tmp_path / "nowhere"), "--ruleset", KUANGQU, "--jobs", "2")
    assert missing.returncode == 2 and "nowhere: no such file or directory" in missing.stderr
