"""Records from CSV files and Excel workbooks with Chinese headers: what a user sees when they load, and when not.

Every problem names the file, the sheet (in a workbook), the row as a spreadsheet numbers it (the header is row
1), the column by its header as written, the value and the reason; all of them in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_loading import VALID, write_directory
from test_messages import said_in_chinese

from compliance import DatasetError, Problem, load_dataset
from compliance.load_summary import LoadError
from compliance.loading import load

#: The dataset of test_loading.VALID as people write it: Chinese file names, headers and values, dates in the
#: forms they use, an officer with two postings on two rows, the certificate's events in their own table.
TABLES: dict[str, str] = {
    "行政执法部门": """\
部门编号,部门名称,层级,部门类别,所属地区,上级部门
D-SFJ,阳泉市矿区司法局,县级,司法局,,
D-1,阳泉市矿区市场监督管理局,县级,行政执法部门,阳泉市矿区,D-SFJ
""",
    "行政执法人员": """\
人员编号,姓名,所属部门,到岗日期,离岗日期,离岗原因
O-1,张三,D-1,2019年3月1日,2020年6月30日,调动
O-1,张三,D-1,2021年1月1日,,
O-2,李四,D-1,2020/1/1,,
""",
    "行政执法证件": """\
执法证号,持证人,发证机关,发证日期,有效期至
C-1,O-1,山西省人民政府,2021.01.15,2026.1.14
""",
    "证件状态变化": """\
执法证号,日期,事项,备注
C-1,2023-03-01,暂扣,暂扣决定
C-1,2023-04-01,发还,
""",
    "培训记录": """\
记录编号,参训人员,培训日期,学时,培训类别,培训内容
T-1,O-1,2024-03-01,1.5,公共法律知识,
T-2,O-2,2024-05-01,2.25,业务知识和行政执法技能,行政处罚法
""",
    "行政执法行为": """\
案件编号,执法部门,执法类别,执法人员,执法日期,立案日期,决定日期,重大执法决定,法制审核日期
A-1,D-1,行政处罚,O-1、O-2,2024-06-01,2024-05-01,2024-06-01,是,2024-05-20
""",
    "报送事项": """\
编号,报送部门,事项类别,所属期间,报送日期,报送对象
F-1,D-1,培训计划,2024,2024-01-15,D-SFJ
""",
    "年度考核": """\
编号,被考核人,年度,考核结果
S-1,O-1,2023,合格
""",
    "突出问题": """\
问题编号,责任部门,排查日期,问题描述,整改完成日期
P-1,D-1,2024-03-10,执法程序不规范,2024-04-30
""",
}

COLLECTIONS = ("departments", "officers", "certificates", "training_records", "actions", "filings", "assessments",
               "problems")


# --- helpers -----------------------------------------------------------------------------------------------


def write_csv(directory: Path, encoding: str = "gbk", **replaced: str) -> Path:
    """The tables as CSV files named in Chinese, some replaced (by table name; None leaves a table out)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in (TABLES | replaced).items():
        if text is not None:
            (directory / f"{name}.csv").write_bytes(text.encode(encoding))
    return directory


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def write_xlsx(file: Path, dates_as_cells: bool = True, **replaced: str | list[list]) -> Path:
    """The tables as a workbook, a sheet each; dates (YYYY-MM-DD text) as date cells, numbers as numbers."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, table in (TABLES | replaced).items():
        if table is None:
            continue
        sheet = workbook.create_sheet(name)
        for row in rows_of(table) if isinstance(table, str) else table:
            sheet.append([_cell(value) if dates_as_cells else value for value in row])
    workbook.save(file)
    return file


def _cell(value):
    if not isinstance(value, str):
        return value
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else value
    except ValueError:
        return value


def json_dataset(tmp_path: Path):
    (tmp_path / "json").mkdir()
    return load_dataset(write_directory(tmp_path / "json"))


def same_records(dataset, expected) -> None:
    for name in COLLECTIONS:
        assert getattr(dataset, name) == getattr(expected, name), name


def problems_of(path: Path, **options) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path, **options)
    return caught.value.problems


def only_problem(path: Path, **options) -> Problem:
    problems = problems_of(path, **options)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def located(problem: Problem) -> tuple[str, str, str | None, str | None]:
    """What locates a problem in a table: file name, position (sheet and row), record id, column."""
    return Path(problem.file).name, problem.position, problem.record_id, problem.column


# --- valid input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_files_with_chinese_headers_give_the_records_of_the_json_form(tmp_path, encoding):
    dataset, summary = load(write_csv(tmp_path / "csv", encoding))
    same_records(dataset, json_dataset(tmp_path))
    assert dataset.officers[0].postings[0].left_reason == "transferred"
    assert [e.event for e in dataset.certificates[0].events] == ["suspended", "restored"]
    assert {f.encoding for f in summary.files} == {"gb18030" if encoding.startswith("gb") else encoding}


def test_an_explicit_encoding_is_used(tmp_path):
    (tmp_path / "行政执法部门.csv").write_bytes("id,name,level\nD-1,陽泉市礦區司法局,county\n".encode("big5"))
    assert load_dataset(tmp_path).departments[0].name != "陽泉市礦區司法局"  # not UTF-8: read as GB18030, garbled
    assert [d.name for d in load_dataset(tmp_path, encoding="big5").departments] == ["陽泉市礦區司法局"]


def test_a_workbook_with_a_sheet_per_collection(tmp_path):
    dataset, summary = load(write_xlsx(tmp_path / "data.xlsx"))
    same_records(dataset, json_dataset(tmp_path))
    assert dataset.source == str(tmp_path / "data.xlsx")
    assert [(f.sheet, f.collection, f.read) for f in summary.files][:4] == [
        ("行政执法部门", "departments", 2), ("行政执法人员", "officers", 3), ("行政执法证件", "certificates", 1),
        ("证件状态变化", "certificate_events", 2)]


def test_a_workbook_with_text_cells_only(tmp_path):
    same_records(load_dataset(write_xlsx(tmp_path / "data.xlsx", dates_as_cells=False)), json_dataset(tmp_path))


def test_a_directory_of_workbooks_one_per_collection_with_english_names(tmp_path):
    english = {"行政执法部门": "departments", "行政执法人员": "officers", "行政执法证件": "certificates",
               "证件状态变化": "certificate_events", "培训记录": "training_records", "行政执法行为": "actions",
               "报送事项": "filings", "年度考核": "assessments", "突出问题": "problems"}
    (tmp_path / "xlsx").mkdir()
    for name, table in TABLES.items():
        workbook = openpyxl.Workbook()
        workbook.active.title = "Sheet1"
        for row in rows_of(table):
            workbook.active.append([_cell(v) for v in row])
        workbook.create_sheet("说明")  # an empty sheet beside it is passed over
        workbook.save(tmp_path / "xlsx" / f"{english[name]}.xlsx")
    same_records(load_dataset(tmp_path / "xlsx"), json_dataset(tmp_path))


def test_json_lines_and_tables_mix_in_one_directory(tmp_path):
    (tmp_path / "mixed").mkdir()
    directory = write_directory(tmp_path / "mixed")
    (directory / "training_records.jsonl").unlink()
    (directory / "培训记录.csv").write_bytes(TABLES["培训记录"].encode("gbk"))
    same_records(load_dataset(directory), json_dataset(tmp_path))


def test_excel_cells_hold_numbers_dates_and_booleans(tmp_path):
    workbook = write_xlsx(tmp_path / "data.xlsx", **{
        "行政执法证件": [["执法证号", "持证人", "发证日期", "有效期至"],
                     [1403043120315, "O-1", dt.datetime(2021, 1, 15), dt.date(2026, 1, 14)]],
        "证件状态变化": None,
        "培训记录": [["记录编号", "参训人员", "培训日期", "学时", "培训类别", "全员轮训"],
                 ["T-1", "O-1", dt.date(2024, 3, 1), 2, "公共法律知识", True],
                 ["T-2", "O-2", dt.date(2024, 5, 1), 2.5, "professional", False]],
        "年度考核": [["编号", "被考核人", "年度", "考核结果"], ["S-1", "O-1", 2023.0, "合格"]],
        "报送事项": [["编号", "报送部门", "事项类别", "所属期间", "报送日期"], ["F-1", "D-1", "培训计划", 2024, 20240115]],
    })
    dataset = load_dataset(workbook)
    assert dataset.certificates[0].id == "1403043120315"
    assert dataset.certificates[0].issued_on == dt.date(2021, 1, 15)
    assert [(t.hours, t.rotation) for t in dataset.training_records] == [(2.0, True), (2.5, False)]
    assert dataset.assessments[0].year == 2023
    assert (dataset.filings[0].period, dataset.filings[0].filed_on) == ("2024", dt.date(2024, 1, 15))


@pytest.mark.parametrize(("cell", "kind"), [("人民警察证", "police"), ("警察证", "police"), ("police", "police"),
                                            ("行政执法证", "enforcement"), ("", "enforcement")])
def test_the_kind_of_certificate_is_read_by_its_chinese_name_and_enforcement_when_empty(tmp_path, cell, kind):
    certificates = TABLES["行政执法证件"].replace("执法证号,持证人,", "执法证号,证件类别,持证人,").replace(
        "C-1,O-1,", f"C-1,{cell},O-1,")
    (certificate,) = load_dataset(write_csv(tmp_path, 行政执法证件=certificates)).certificates
    assert certificate.certificate_kind.value == kind


@pytest.mark.parametrize("cell", ["O-1、O-2", "O-1，O-2", "O-1, O-2", "O-1;O-2", "O-1；O-2", "O-1 O-2",
                                  "O-1\u3000O-2", " O-1 、、 O-2 "])
def test_a_list_cell_is_split_on_chinese_and_western_separators(tmp_path, cell):
    actions = TABLES["行政执法行为"].replace("O-1、O-2", f'"{cell}"')
    assert load_dataset(write_csv(tmp_path, 行政执法行为=actions)).actions[0].officers == ["O-1", "O-2"]


@pytest.mark.parametrize(("cell", "value"), [("是", True), ("否", False), ("true", True), ("FALSE", False),
                                             ("1", True), ("0", False), ("", False)])
def test_yes_and_no(tmp_path, cell, value):
    actions = TABLES["行政执法行为"].replace(",是,", f",{cell},")
    assert load_dataset(write_csv(tmp_path, 行政执法行为=actions)).actions[0].major_decision is value


def test_headers_are_matched_after_normalising_width_spaces_and_a_required_mark(tmp_path):
    officers = TABLES["行政执法人员"].replace("人员编号,姓名", "＊人员编号, 姓 名 ").replace("到岗日期", "*到岗日期")
    departments = TABLES["行政执法部门"].replace("部门编号,部门名称", "ID,name")  # the field names serve too
    dataset = load_dataset(write_csv(tmp_path, 行政执法人员=officers, 行政执法部门=departments))
    assert [o.name for o in dataset.officers] == ["张三", "李四"]


def test_a_row_number_column_is_ignored(tmp_path):
    assessments = "序号,编号,被考核人,年度,考核结果\n1,S-1,O-1,2023年度,称职\n"
    dataset = load_dataset(write_csv(tmp_path, 年度考核=assessments))
    assert (dataset.assessments[0].year, dataset.assessments[0].result) == (2023, "pass")


def test_files_may_be_named_in_english(tmp_path):
    directory = write_csv(tmp_path / "csv")
    (directory / "行政执法人员.csv").rename(directory / "officers.csv")
    (directory / "证件状态变化.csv").rename(directory / "certificate_events.csv")
    same_records(load_dataset(directory), json_dataset(tmp_path))


# --- dates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2024-02-29", "2024-2-29", "2024/2/29", "2024/02/29", "2024.02.29", "2024.2.29",
                                     "2024年2月29日", "2024年02月29日", "20240229", "２０２４／２／２９",
                                     "2024-02-29 00:00:00", " 2024-02-29 "])
def test_every_written_form_of_a_date(tmp_path, written):
    training = TABLES["培训记录"].replace("2024-03-01", written)
    assert load_dataset(write_csv(tmp_path, 培训记录=training)).training_records[0].date == dt.date(2024, 2, 29)


@pytest.mark.parametrize(("written", "reason"), [
    ("2023-02-29", "no such date: 2023-02 has 28 days"),
    ("2023年2月29日", "no such date: 2023-02 has 28 days"),
    ("2024/13/01", "no such date: there is no month 13"),
    ("2024.04.31", "no such date: 2024-04 has 30 days"),
    ("01/02/2024", "ambiguous date: write the year first, in full, as 2024-02-29 or 2024年2月29日"),
    ("24/2/29", "ambiguous date: write the year first"),
    ("2024-02/29", "not a date: write it as 2024-02-29, 2024/2/29, 2024.2.29, 2024年2月29日 or 20240229"),
    ("二〇二四年二月", "not a date"),
    ("45351", "not a date"),
    ("2024-02-29 13:30", "not a date"),
])
def test_an_impossible_or_ambiguous_date_is_an_error(tmp_path, written, reason):
    training = TABLES["培训记录"].replace("2024-03-01", written)
    problem = only_problem(write_csv(tmp_path, 培训记录=training))
    assert located(problem) == ("培训记录.csv", "row 2", "T-1", "培训日期")
    assert problem.field == "date"
    assert problem.message.startswith(reason)
    assert problem.message.endswith(f"(got '{written}')")


@pytest.mark.parametrize(("cell", "reason"), [
    (dt.datetime(2024, 3, 1, 9, 30), "a date with a time of day, expected a date (got 2024-03-01 09:30:00)"),
    (45351, "a number, not a date: format the cell as a date, or write it as 2024-02-29 (got 45351)"),
    (True, "not a date"),
])
def test_a_workbook_cell_that_is_not_a_date(tmp_path, cell, reason):
    training = [["记录编号", "参训人员", "培训日期", "学时", "培训类别"], ["T-1", "O-1", cell, 2, "公共法律知识"]]
    problem = only_problem(write_xlsx(tmp_path / "data.xlsx", 培训记录=training))
    assert located(problem) == ("data.xlsx", "sheet 培训记录, row 2", "T-1", "培训日期")
    assert problem.message.startswith(reason)


# --- what a user sees: bad cells and rows ------------------------------------------------------------------


def test_how_a_problem_in_a_csv_file_is_printed(tmp_path):
    training = TABLES["培训记录"].replace("2.25", "两小时")
    directory = write_csv(tmp_path, 培训记录=training)
    problem = only_problem(directory)
    assert str(problem) == f"{directory / '培训记录.csv'}, row 3 (id 'T-2'), column '学时': not a number (got '两小时')"
    assert problem.field == "hours"


def test_how_a_problem_in_a_workbook_is_printed(tmp_path):
    file = write_xlsx(tmp_path / "data.xlsx", 培训记录=TABLES["培训记录"].replace("2024-05-01", "2023-02-29"))
    assert str(only_problem(file)) == (f"{file}, sheet 培训记录, row 3 (id 'T-2'), column '培训日期': no such date: "
                                       f"2023-02 has 28 days (got '2023-02-29')")


# (table, text replaced, replacement, row, record id, column, gist of the message)
BAD_CELLS = [
    pytest.param("培训记录", "公共法律知识", "法律", "row 2", "T-1", "培训类别",
                 "not one of: 公共法律知识 (public_legal), 业务知识和行政执法技能 (professional), 政治理论教育和党性教育 "
                 "(political_theory), 其他 (other) (got '法律')", id="unknown-category"),
    pytest.param("培训记录", "1.5", "0", "row 2", "T-1", "学时", "Input should be greater than 0 (got '0')",
                 id="zero-hours"),
    pytest.param("培训记录", "1.5", "", "row 2", "T-1", "学时", "required: the cell is empty", id="empty-required"),
    pytest.param("行政执法人员", "调动", "下岗", "row 2", "O-1", "离岗原因", "not one of: 调动 (transferred)", id="reason"),
    pytest.param("行政执法人员", "2020年6月30日,调动", "2018年6月30日,调动", "row 2", "O-1", "离岗日期",
                 "end 2018-06-30 is before start 2019-03-01 (got '2018年6月30日')", id="posting-ends-before-start"),
    pytest.param("行政执法人员", "2020/1/1,,", "2020/1/1,,退休", "row 4", "O-2", "离岗原因",
                 "left_reason is given but end is empty (got '退休')", id="reason-without-end"),
    pytest.param("行政执法人员", "O-1,张三,D-1,2021年1月1日", "O-1,张四,D-1,2021年1月1日", "row 3", "O-1", "姓名",
                 "differs from row 2 of the same officer ('张三') (got '张四')", id="officer-rows-disagree"),
    pytest.param("行政执法人员", "2021年1月1日", "2020年6月1日", "rows 2, 3", "O-1", "到岗日期",
                 "postings overlap or are out of order: 2019-03-01 and 2020-06-01", id="postings-overlap"),
    pytest.param("行政执法行为", ",是,", ",也许,", "row 2", "A-1", "重大执法决定",
                 "not yes or no: write 是 or 否 (or true/false) (got '也许')", id="not-yes-or-no"),
    pytest.param("行政执法行为", "O-1、O-2", "O-1、O-1", "row 2", "A-1", "执法人员",
                 "an officer is named twice (got 'O-1、O-1')", id="officer-twice"),
    pytest.param("行政执法行为", "2024-05-01,2024-06-01", "2024-07-01,2024-06-01", "row 2", "A-1", "决定日期",
                 "decided_on 2024-06-01 is before filed_on 2024-07-01 (got '2024-06-01')", id="decided-before-filed"),
    pytest.param("行政执法证件", "2026.1.14", "2020.1.14", "row 2", "C-1", "有效期至",
                 "expires_on 2020-01-14 is before issued_on 2021-01-15", id="expires-before-issue"),
    pytest.param("行政执法证件", "持证人,发证机关", "持证人,证件类别", "row 2", "C-1", "证件类别",
                 "not one of: 行政执法证 (enforcement), 人民警察证 (police) (got '山西省人民政府')",
                 id="unknown-certificate-kind"),
    pytest.param("年度考核", "2023,", "1989,", "row 2", "S-1", "年度", "greater than or equal to 1990 (got '1989')",
                 id="year-too-early"),
    pytest.param("年度考核", "2023,", "二〇二三,", "row 2", "S-1", "年度", "not a whole number (got '二〇二三')",
                 id="year-in-words"),
    pytest.param("行政执法部门", "D-1,阳泉市矿区市场监督管理局,县级", "D-1,阳泉市矿区市场监督管理局,地级", "row 3", "D-1",
                 "层级", "not one of: 省级 (province), 市级 (city), 县级 (county), 乡镇街道 (township) (got '地级')",
                 id="unknown-level"),
]


@pytest.mark.parametrize(("table", "old", "new", "row", "record_id", "column", "gist"), BAD_CELLS)
def test_a_bad_cell_names_file_row_id_column_value_and_reason(tmp_path, table, old, new, row, record_id, column, gist):
    assert old in TABLES[table]
    problem = only_problem(write_csv(tmp_path, **{table: TABLES[table].replace(old, new, 1)}))
    assert located(problem) == (f"{table}.csv", row, record_id, column)
    assert gist in problem.message
    assert said_in_chinese(problem), problem.render("zh")


def test_a_bad_event_names_the_events_table_and_the_certificate(tmp_path):
    events = TABLES["证件状态变化"].replace("发还", "扣押")
    problem = only_problem(write_csv(tmp_path, 证件状态变化=events))
    assert located(problem) == ("证件状态变化.csv", "row 3", "C-1", "事项")
    assert problem.field == "events[1].event"
    assert "not one of: 暂扣 (suspended), 发还 (restored)" in problem.message


def test_events_out_of_order_name_their_rows(tmp_path):
    events = "执法证号,日期,事项\nC-1,2023-04-01,暂扣\nC-1,2023-03-01,发还\n"
    problem = only_problem(write_csv(tmp_path, 证件状态变化=events))
    assert located(problem) == ("证件状态变化.csv", "rows 2, 3", "C-1", "日期")
    assert problem.message == "events are not in date order: 2023-04-01 then 2023-03-01"


def test_an_event_of_an_unknown_certificate(tmp_path):
    events = TABLES["证件状态变化"] + "C-404,2023-05-01,遗失,\n"
    problem = only_problem(write_csv(tmp_path, 证件状态变化=events))
    assert located(problem) == ("证件状态变化.csv", "row 4", "C-404", "执法证号")
    assert problem.message == "unknown certificate 'C-404' (got 'C-404')"


def test_an_unknown_reference_names_its_cell(tmp_path):
    actions = TABLES["行政执法行为"].replace("O-1、O-2", "O-1、O-404")
    problem = only_problem(write_csv(tmp_path, 行政执法行为=actions))
    assert located(problem) == ("行政执法行为.csv", "row 2", "A-1", "执法人员")
    assert (problem.field, problem.message) == ("officers[1]", "unknown officer 'O-404'")


def test_a_duplicate_id_says_which_row_used_it_first(tmp_path):
    training = TABLES["培训记录"] + "T-1,O-2,2024-06-01,3,公共法律知识,\n"
    problem = only_problem(write_xlsx(tmp_path / "data.xlsx", 培训记录=training))
    assert located(problem) == ("data.xlsx", "sheet 培训记录, row 4", "T-1", "记录编号")
    assert problem.message == "duplicate id, first used at sheet 培训记录, row 2"


def test_every_problem_in_every_table_in_one_pass(tmp_path):
    directory = write_csv(
        tmp_path,
        培训记录=TABLES["培训记录"].replace("1.5", "一个半").replace("2024-05-01", "2024-13-01"),
        行政执法人员=TABLES["行政执法人员"].replace("2020/1/1", "2020/2/30"),
        年度考核=TABLES["年度考核"].replace("O-1", "O-404"),
    )
    assert [located(p) for p in problems_of(directory)] == [
        ("培训记录.csv", "row 2", "T-1", "学时"),
        ("培训记录.csv", "row 3", "T-2", "培训日期"),
        ("行政执法人员.csv", "row 4", "O-2", "到岗日期"),
        ("年度考核.csv", "row 2", "S-1", "被考核人"),
    ]


def test_a_reference_to_a_rejected_record_is_not_reported_again(tmp_path):
    officers = TABLES["行政执法人员"].replace("2020/1/1", "2020/2/30")
    assert [located(p) for p in problems_of(write_csv(tmp_path, 行政执法人员=officers))] == [
        ("行政执法人员.csv", "row 4", "O-2", "到岗日期")]


# --- what a user sees: files that cannot be read -----------------------------------------------------------


def test_a_csv_file_with_no_header_row(tmp_path):
    training = "".join(TABLES["培训记录"].splitlines(keepends=True)[1:])
    problem = only_problem(write_csv(tmp_path, 培训记录=training))
    assert (Path(problem.file).name, problem.position) == ("培训记录.csv", "row 1")
    assert problem.message == ("no header row: the first row has none of the column headers of training_records "
                               "(培训记录), such as 记录编号、参训人员、培训日期、学时、培训类别")


def test_an_empty_csv_file(tmp_path):
    problem = only_problem(write_csv(tmp_path, 培训记录=""))
    assert (Path(problem.file).name, problem.message) == ("培训记录.csv", "empty: no header row")


def test_an_unknown_column_is_reported_not_ignored(tmp_path):
    training = TABLES["培训记录"].replace("培训内容", "培训地点")
    problem = only_problem(write_csv(tmp_path, 培训记录=training))
    assert located(problem) == ("培训记录.csv", "row 1", None, "培训地点")
    assert problem.message.startswith("unknown column: training_records (培训记录) has no such field (its columns: "
                                      "记录编号、参训人员、培训日期、学时、培训类别、培训内容、全员轮训、学习文件)")
    assert "map it to false to ignore it" in problem.message


def test_a_missing_required_column(tmp_path):
    training = "\n".join(",".join(row[:3] + row[4:]) for row in rows_of(TABLES["培训记录"])) + "\n"  # no 学时
    problem = only_problem(write_csv(tmp_path, 培训记录=training))
    assert (Path(problem.file).name, problem.position, problem.field) == ("培训记录.csv", "", "hours")
    assert problem.message == "no column for the required field hours (学时): add a column headed 学时、培训学时、hours"


def test_two_columns_for_one_field(tmp_path):
    training = TABLES["培训记录"].replace("培训内容", "学时")
    problem = only_problem(write_csv(tmp_path, 培训记录=training))
    assert located(problem) == ("培训记录.csv", "row 1", None, "学时")
    assert problem.message == "a second column for hours (学时), after column '学时'"


def test_a_value_in_a_column_with_no_header(tmp_path):
    training = TABLES["培训记录"].replace("行政处罚法", "行政处罚法,多余")
    problem = only_problem(write_csv(tmp_path, 培训记录=training))
    assert (Path(problem.file).name, problem.position) == ("培训记录.csv", "row 3")
    assert problem.message == "a value in column 7, which has no header (got '多余')"


@pytest.mark.parametrize(("data", "encoding", "message"), [
    pytest.param(b"abc,\xa3\xff\n", None, "not UTF-8, GBK or GB18030 text: name its encoding", id="undetectable"),
    pytest.param("编号,被考核人\n".encode("gbk"), "utf-8",
                 "not utf-8 text (line 1: bytes b1 e0): is the file in another encoding? (UTF-8, GBK, GB18030)",
                 id="not-the-encoding-named"),
    pytest.param(b"PK\x03\x04rest", None, "this is an Excel workbook (.xlsx), not CSV text: name it .xlsx",
                 id="a-workbook-named-csv"),
    pytest.param("编号\x00".encode(), None, "not text (it holds NUL bytes): is it a CSV file?", id="binary"),
])
def test_a_csv_file_that_cannot_be_read(tmp_path, data, encoding, message):
    directory = write_csv(tmp_path, "utf-8")
    (directory / "年度考核.csv").write_bytes(data)
    problem = only_problem(directory, encoding=encoding)
    assert (problem.file, problem.position, problem.message) == (str(directory / "年度考核.csv"), "", message)
    assert str(problem) == f"{directory / '年度考核.csv'}: {message}"


def test_an_unknown_encoding(tmp_path):
    problem = only_problem(write_csv(tmp_path), encoding="klingon")
    assert str(problem) == f"{tmp_path}: unknown encoding 'klingon' (for CSV files: e.g. utf-8, gbk, gb18030)"


def test_a_truncated_workbook(tmp_path):
    file = write_xlsx(tmp_path / "data.xlsx")
    file.write_bytes(file.read_bytes()[:3000])
    problem = only_problem(file)
    assert (problem.file, problem.message) == (
        str(file), "not a readable Excel workbook (.xlsx): the file is damaged or cut short")


def test_a_zip_that_is_not_a_workbook(tmp_path):
    file = tmp_path / "data.xlsx"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("hello.txt", "不是工作簿")
    problem = only_problem(file)
    assert problem.message.startswith("not a readable Excel workbook (.xlsx): ")


def test_a_csv_file_named_xlsx(tmp_path):
    (tmp_path / "data.xlsx").write_bytes(TABLES["年度考核"].encode("gbk"))
    assert only_problem(tmp_path / "data.xlsx").message == (
        "not an Excel workbook (.xlsx): it is not a zip archive; is it a CSV file?")


def test_an_unknown_sheet_is_reported_and_an_empty_one_passed_over(tmp_path):
    file = write_xlsx(tmp_path / "data.xlsx", 人员名单=TABLES["行政执法人员"], Sheet1=[])
    problem = only_problem(file)
    assert (problem.position, problem.message.partition(":")[0]) == ("sheet 人员名单", "not a known sheet")
    assert "行政执法人员 (officers)" in problem.message


def test_an_unknown_csv_file_is_reported_not_ignored(tmp_path):
    directory = write_csv(tmp_path)
    (directory / "人员名单.csv").write_bytes(TABLES["行政执法人员"].encode("gbk"))
    problem = only_problem(directory)
    assert Path(problem.file).name == "人员名单.csv"
    assert problem.message.startswith("not a known record file: a table file is named after its collection")


def test_two_files_for_one_collection(tmp_path):
    directory = write_directory(tmp_path)
    (directory / "行政执法人员.csv").write_bytes(TABLES["行政执法人员"].encode("gbk"))
    problem = only_problem(directory)
    assert (Path(problem.file).name, problem.message) == (
        "行政执法人员.csv", "a second file for officers, beside officers.jsonl: keep one")


def test_file_problems_and_row_problems_are_reported_together(tmp_path):
    directory = write_csv(tmp_path, 培训记录=TABLES["培训记录"].replace("培训内容", "地点"),
                          年度考核=TABLES["年度考核"].replace("合格", "良"))
    assert [located(p) for p in problems_of(directory)] == [
        ("培训记录.csv", "row 1", None, "地点"),
        ("年度考核.csv", "row 2", "S-1", "考核结果"),
    ]


# --- the column mapping ------------------------------------------------------------------------------------

MAPPING = """\
[sheets]
"人员名单" = "officers"

[training_records]
"参训人工号" = "officer"
"培训地点" = false

[officers]
"工号" = "id"
"""


def test_a_mapping_file_in_the_directory_adds_headers_sheets_and_ignored_columns(tmp_path):
    directory = write_csv(
        tmp_path / "csv",
        培训记录=TABLES["培训记录"].replace("参训人员", "参训人工号").replace("培训内容", "培训内容,培训地点"),
        行政执法人员=None,
    )
    (directory / "人员名单.csv").write_bytes(TABLES["行政执法人员"].replace("人员编号", "工号").encode("gbk"))
    (directory / "columns.toml").write_text(MAPPING, encoding="utf-8")
    same_records(load_dataset(directory), json_dataset(tmp_path))


def test_a_mapping_file_given_explicitly_overrides_a_built_in_header(tmp_path):
    mapping = tmp_path / "my-columns.toml"
    mapping.write_text('[training_records]\n"培训内容" = false\n"备注" = "title"\n', encoding="utf-8")
    training = TABLES["培训记录"].replace("培训内容", "备注,培训内容").replace("行政处罚法", "行政处罚法,随便")
    dataset = load_dataset(write_csv(tmp_path / "csv", 培训记录=training), columns=mapping)
    assert [t.title for t in dataset.training_records] == [None, "行政处罚法"]


def test_a_broken_mapping_file_names_its_keys(tmp_path):
    mapping = tmp_path / "columns.toml"
    mapping.write_text('[sheets]\n"名单" = "staff"\n[trainings]\n"a" = "b"\n[officers]\n"工号" = "number"\n',
                       encoding="utf-8")
    assert [(p.position, p.message.partition(" (")[0]) for p in problems_of(write_csv(tmp_path), columns=mapping)] \
        == [("sheets.名单", "unknown table 'staff'"), ("trainings", "unknown table"),
            ("officers.工号", "unknown field 'number'")]


def test_a_mapping_file_that_is_not_toml(tmp_path):
    mapping = tmp_path / "columns.toml"
    mapping.write_text("[officers\n", encoding="utf-8")
    problem = only_problem(write_csv(tmp_path), columns=mapping)
    assert (problem.file, problem.message.partition(":")[0]) == (str(mapping), "not a valid TOML column mapping")


# --- on_error="skip" and the summary -----------------------------------------------------------------------


def test_skip_leaves_out_the_bad_rows_and_says_which(tmp_path):
    directory = write_csv(tmp_path, 培训记录=TABLES["培训记录"].replace("2.25", "两小时"),
                          年度考核=TABLES["年度考核"] + "S-2,O-404,2023,合格\n")
    dataset, summary = load(directory, on_error="skip")
    assert [t.id for t in dataset.training_records] == ["T-1"]
    assert [a.id for a in dataset.assessments] == ["S-1"]
    assert [(Path(left.file).name, left.position, left.record_id) for left in summary.left_out] == [
        ("培训记录.csv", "row 3", "T-2"), ("年度考核.csv", "row 3", "S-2")]
    assert str(summary.left_out[0]) == f"{directory / '培训记录.csv'}, row 3 (id 'T-2'): 学时: not a number (got '两小时')"
    counts = {Path(f.file).name: (f.read, f.accepted, f.rejected) for f in summary.files}
    assert counts["培训记录.csv"] == (2, 1, 1)
    assert counts["年度考核.csv"] == (2, 1, 1)
    assert counts["行政执法人员.csv"] == (3, 3, 0)
    assert (summary.read, summary.accepted, summary.rejected) == (15, 13, 2)


def test_skip_leaves_out_what_refers_to_a_record_left_out(tmp_path):
    officers = TABLES["行政执法人员"].replace("2020/1/1", "2020/2/30")  # O-2 is left out
    dataset, summary = load(write_csv(tmp_path, 行政执法人员=officers), on_error="skip")
    assert [o.id for o in dataset.officers] == ["O-1"]
    assert [t.id for t in dataset.training_records] == ["T-1"]
    assert dataset.actions == ()  # A-1 names O-2
    assert [(left.collection, left.record_id, [p.message for p in left.problems]) for left in summary.left_out] == [
        ("officers", "O-2", ["no such date: 2020-02 has 29 days (got '2020/2/30')"]),
        ("training_records", "T-2", ["refers to officer 'O-2', which is left out"]),
        ("actions", "A-1", ["refers to officer 'O-2', which is left out"]),
    ]
    assert [located(p) for p in summary.left_out[2].problems] == [("行政执法行为.csv", "row 2", "A-1", "执法人员")]


def test_skip_leaves_out_a_certificate_with_its_events(tmp_path):
    events = TABLES["证件状态变化"].replace("发还", "扣押") + "C-404,2023-05-01,遗失,\n"
    dataset, summary = load(write_csv(tmp_path, 证件状态变化=events), on_error="skip")
    assert dataset.certificates == ()
    counts = {Path(f.file).name: (f.read, f.accepted, f.rejected) for f in summary.files}
    assert counts["行政执法证件.csv"] == (1, 0, 1)
    assert counts["证件状态变化.csv"] == (3, 0, 3)


def test_skip_with_json_lines(tmp_path):
    from test_loading import record
    directory = write_directory(tmp_path, training_records=[record("training_records", hours=0),
                                                            VALID["training_records"][1]])
    dataset, summary = load(directory, on_error="skip")
    assert [t.id for t in dataset.training_records] == ["T-2"]
    assert [(Path(left.file).name, left.position, left.record_id) for left in summary.left_out] == [
        ("training_records.jsonl", "line 1", "T-1")]
    assert [(f.read, f.accepted, f.rejected) for f in summary.files if f.collection == "training_records"] == [
        (2, 1, 1)]


def test_skip_does_not_go_on_past_a_file_it_cannot_read(tmp_path):
    directory = write_csv(tmp_path, 培训记录=TABLES["培训记录"].replace("培训内容", "地点"))
    with pytest.raises(LoadError) as caught:
        load(directory, on_error="skip")
    assert [p.column for p in caught.value.problems] == ["地点"]


def test_fail_raises_with_the_summary(tmp_path):
    directory = write_csv(tmp_path, 培训记录=TABLES["培训记录"].replace("2.25", "两小时"))
    with pytest.raises(LoadError) as caught:
        load(directory)
    summary = caught.value.summary
    assert (summary.read, summary.accepted, summary.rejected) == (14, 13, 1)
    assert summary.lines()[-1] == "total: 14 read, 13 accepted, 1 rejected"


def test_the_summary_as_a_person_reads_it(tmp_path):
    directory = write_csv(tmp_path, 培训记录=TABLES["培训记录"].replace("2.25", "两小时"))
    summary = load(directory, on_error="skip").summary
    assert f"{directory / '培训记录.csv'} (training_records, gb18030): 2 read, 1 accepted, 1 rejected" in summary.lines()
    assert summary.lines()[-3:] == [
        "total: 14 read, 13 accepted, 1 rejected",
        "left out of the check (1):",
        f"  {directory / '培训记录.csv'}, row 3 (id 'T-2'): 学时: not a number (got '两小时')",
    ]
    assert summary.lines("zh")[-3] == "合计: 读取 14, 接受 13, 拒绝 1"


def test_on_error_must_be_fail_or_skip(tmp_path):
    with pytest.raises(ValueError, match="on_error must be one of"):
        load(write_csv(tmp_path), on_error="ignore")  # type: ignore[arg-type]


# --- the reference page and the Chinese names of choices ---------------------------------------------------


def test_docs_page_is_up_to_date():
    from compliance.tabular.reference import tabular_reference
    page = Path(__file__).resolve().parents[1] / "docs" / "tabular.md"
    assert page.read_text(encoding="utf-8") == tabular_reference(), (
        "docs/tabular.md is out of date: run `python -m compliance.tabular.reference > docs/tabular.md`")


def test_every_choice_of_every_column_has_a_chinese_name_that_reads_back():
    from functools import partial

    from compliance.tabular.columns import LAYOUTS
    from compliance.tabular.values import ZH_NAMES, choice

    kinds = {c.convert.args[0] for layout in LAYOUTS.values() for c in layout.columns.values()
             if isinstance(c.convert, partial)}
    assert kinds == set(ZH_NAMES)
    for kind in kinds:
        assert set(ZH_NAMES[kind]) == set(kind), kind
        for member, names in ZH_NAMES[kind].items():
            for name in (member.value, *names):
                assert choice(kind, name) == member.value, (kind, name)


def test_skip_leaves_out_the_later_of_two_rows_with_one_id(tmp_path):
    training = TABLES["培训记录"] + "T-1,O-2,2024-06-01,3,公共法律知识,\n"
    dataset, summary = load(write_csv(tmp_path, 培训记录=training), on_error="skip")
    assert [(t.id, t.officer) for t in dataset.training_records] == [("T-1", "O-1"), ("T-2", "O-2")]
    assert [(left.position, [p.message for p in left.problems]) for left in summary.left_out] == [
        ("row 4", ["duplicate id, first used at row 2"])]


def test_skip_with_a_json_document(tmp_path):
    from test_loading import record, write_document
    file = write_document(tmp_path / "data.json", {**VALID, "officers": [VALID["officers"][0],
                                                                         record("officers", 1, postings=[])]})
    dataset, summary = load(file, on_error="skip")
    assert [o.id for o in dataset.officers] == ["O-1"]
    assert [(left.position, left.record_id) for left in summary.left_out] == [
        ("officers[1]", "O-2"), ("training_records[1]", "T-2"), ("actions[0]", "A-1")]


def test_the_lock_file_of_an_open_workbook_is_passed_over_and_an_old_xls_is_named(tmp_path):
    directory = write_csv(tmp_path)
    (directory / "~$行政执法人员.xlsx").write_bytes(b"\x00" * 165)  # what Office leaves while the workbook is open
    assert len(load_dataset(directory).officers) == 2
    (directory / "年度考核.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    problem = only_problem(directory)
    assert (Path(problem.file).name, problem.message) == (
        "年度考核.xls", "records are read from assessments.jsonl (JSON Lines), assessments.csv or assessments.xlsx; "
                       "rename the file or convert it")
