"""Problems with the input in the reader's language: the command, run as a user runs it, prints each with its
file, line or row, id, field or column and reason, in Chinese with ``--lang zh`` and in English with ``--lang en``;
the library stays in English unless asked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_cli import KUANGQU, compliance

from compliance import DatasetError, Problem, load_dataset
from compliance.messages import EN, ZH, position

DEPARTMENT = {"id": "D-1", "name": "阳泉市矿区市场监督管理局", "level": "county", "department_kind": "enforcement"}
OFFICER = {"id": "O-1", "name": "张三", "department": "D-1", "postings": [{"start": "2021-01-01"}]}
TRAINING = {"id": "T-1", "officer": "O-1", "date": "2023-03-01", "hours": 2, "category": "public_legal"}


def said_in_chinese(problem: Problem) -> bool:
    """Whether a problem's reason is in Chinese. A pydantic error type with no Chinese template
    (``compliance.messages.PYDANTIC_ZH``) falls back to pydantic's English, which has no Chinese before the value
    given: the tests of bad input check each of their problems with this, so a new type cannot slip in unseen."""
    reason = (problem.message_zh or "").partition("(填写为")[0]
    return re.search(r"[\u4e00-\u9fff]", reason) is not None


def write_jsonl(directory: Path, collection: str, *records: dict) -> None:
    directory.mkdir(exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    (directory / f"{collection}.jsonl").write_text("".join(lines), encoding="utf-8")


def problems_printed(data: Path, lang: str, *args: str) -> list[str]:
    result = compliance("check", data.name, "--ruleset", KUANGQU, "--lang", lang, "--no-progress", *args,
                        cwd=data.parent)
    assert result.returncode == 2, result.stderr
    return result.stderr.splitlines()


@pytest.fixture
def bad_jsonl(tmp_path) -> Path:
    """Training records with a wrong date, an unknown field, a missing field, a bad choice and an unknown officer."""
    data = tmp_path / "records"
    write_jsonl(data, "departments", DEPARTMENT)
    write_jsonl(data, "officers", OFFICER)
    write_jsonl(data, "training_records",
                TRAINING | {"officer": "O-9"},
                TRAINING | {"id": "T-2", "date": "2023-02-29"},
                TRAINING | {"id": "T-3", "venue": "礼堂"},
                {k: v for k, v in TRAINING.items() if k != "officer"} | {"id": "T-4"},
                TRAINING | {"id": "T-5", "category": "law"})
    return data


def test_bad_json_lines_in_chinese(bad_jsonl):
    assert problems_printed(bad_jsonl, "zh") == [
        "错误: 输入记录中有 5 个问题:",
        "  records/training_records.jsonl, 第 2 行(编号 'T-2'), 字段 'date': 应为 YYYY-MM-DD 格式的有效日期, "
        "没有这一天(填写为 '2023-02-29')",
        "  records/training_records.jsonl, 第 3 行(编号 'T-3'), 字段 'venue': 未知字段: 记录格式中没有这个字段"
        "(见 docs/fields.md)",
        "  records/training_records.jsonl, 第 4 行(编号 'T-4'), 字段 'officer': 缺少必填字段",
        "  records/training_records.jsonl, 第 5 行(编号 'T-5'), 字段 'category': 应为以下之一: 'public_legal'、"
        "'professional'、'political_theory' 或 'other'(填写为 'law')",
        "  records/training_records.jsonl, 第 1 行(编号 'T-1'), 字段 'officer': 未知的执法人员 'O-9'",
        "records/departments.jsonl (departments): 读取 1, 接受 1, 拒绝 0",
        "records/officers.jsonl (officers): 读取 1, 接受 1, 拒绝 0",
        "records/training_records.jsonl (training_records): 读取 5, 接受 0, 拒绝 5",
        "合计: 读取 7, 接受 2, 拒绝 5",
    ]


def test_bad_json_lines_in_english(bad_jsonl):
    assert problems_printed(bad_jsonl, "en") == [
        "error: 5 problem(s) in the input records:",
        "  records/training_records.jsonl, line 2 (id 'T-2'), field 'date': Input should be a valid date in the "
        "format YYYY-MM-DD, day value is outside expected range (got '2023-02-29')",
        "  records/training_records.jsonl, line 3 (id 'T-3'), field 'venue': unknown field: the record format has "
        "no such field (see docs/fields.md)",
        "  records/training_records.jsonl, line 4 (id 'T-4'), field 'officer': Field required",
        "  records/training_records.jsonl, line 5 (id 'T-5'), field 'category': Input should be 'public_legal', "
        "'professional', 'political_theory' or 'other' (got 'law')",
        "  records/training_records.jsonl, line 1 (id 'T-1'), field 'officer': unknown officer 'O-9'",
        "records/departments.jsonl (departments): 1 read, 1 accepted, 0 rejected",
        "records/officers.jsonl (officers): 1 read, 1 accepted, 0 rejected",
        "records/training_records.jsonl (training_records): 5 read, 0 accepted, 5 rejected",
        "total: 7 read, 2 accepted, 5 rejected",
    ]


@pytest.fixture
def bad_gbk_csv(tmp_path) -> Path:
    """A training register saved by a spreadsheet in GBK, with Chinese headers, a 2023年2月29日 and an unknown
    category, beside officers in JSON Lines."""
    data = tmp_path / "records"
    write_jsonl(data, "departments", DEPARTMENT)
    write_jsonl(data, "officers", OFFICER)
    rows = ["记录编号,参训人员,培训日期,学时,培训类别",
            "T-1,O-1,2023年2月28日,2,公共法律知识",
            "T-2,O-1,2023年2月29日,2,公共法律知识",
            "T-3,O-1,2023年3月1日,2,法律知识"]
    (data / "培训记录.csv").write_bytes("\r\n".join(rows).encode("gbk"))
    return data


def test_bad_gbk_csv_in_chinese(bad_gbk_csv):
    assert problems_printed(bad_gbk_csv, "zh")[:3] == [
        "错误: 输入记录中有 2 个问题:",
        "  records/培训记录.csv, 第 3 行(编号 'T-2'), 列 '培训日期': 没有这个日期: 2023年2月只有 28 天"
        "(填写为 '2023年2月29日')",
        "  records/培训记录.csv, 第 4 行(编号 'T-3'), 列 '培训类别': 不是以下之一: 公共法律知识(public_legal)、"
        "业务知识和行政执法技能(professional)、政治理论教育和党性教育(political_theory)、其他(other)"
        "(填写为 '法律知识')",
    ]


def test_bad_gbk_csv_in_english(bad_gbk_csv):
    assert problems_printed(bad_gbk_csv, "en")[:3] == [
        "error: 2 problem(s) in the input records:",
        "  records/培训记录.csv, row 3 (id 'T-2'), column '培训日期': no such date: 2023-02 has 28 days "
        "(got '2023年2月29日')",
        "  records/培训记录.csv, row 4 (id 'T-3'), column '培训类别': not one of: 公共法律知识 (public_legal), "
        "业务知识和行政执法技能 (professional), 政治理论教育和党性教育 (political_theory), 其他 (other) "
        "(got '法律知识')",
    ]


def test_records_left_out_are_listed_in_the_language(bad_gbk_csv):
    result = compliance("check", bad_gbk_csv.name, "--ruleset", KUANGQU, "--lang", "zh", "--no-progress",
                        "--on-error", "skip", "--as-of", "2024-01-01", cwd=bad_gbk_csv.parent)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr.splitlines()[:3] == [
        "警告: 2 条记录未纳入检查:",
        "  records/培训记录.csv, 第 3 行: records/培训记录.csv, 第 3 行(编号 'T-2'), 列 '培训日期': 没有这个日期: "
        "2023年2月只有 28 天(填写为 '2023年2月29日')",
        "  records/培训记录.csv, 第 4 行: records/培训记录.csv, 第 4 行(编号 'T-3'), 列 '培训类别': 不是以下之一: "
        "公共法律知识(public_legal)、"
        "业务知识和行政执法技能(professional)、政治理论教育和党性教育(political_theory)、其他(other)"
        "(填写为 '法律知识')",
    ]


def test_a_whole_file_problem_in_chinese(tmp_path):
    write_jsonl(tmp_path / "records", "departments", DEPARTMENT)
    write_jsonl(tmp_path / "records", "officers", OFFICER)
    (tmp_path / "records" / "officers.json").write_text("[]", encoding="utf-8")
    assert problems_printed(tmp_path / "records", "zh")[:2] == [
        "错误: 输入记录中有 1 个问题:",
        "  records/officers.json: 记录从 officers.jsonl(JSON Lines)、officers.csv 或 officers.xlsx 读取; "
        "请重命名或转换该文件",
    ]


# --- the library --------------------------------------------------------------------------------------------


def test_the_library_speaks_english_and_renders_chinese_when_asked(bad_jsonl):
    with pytest.raises(DatasetError) as caught:
        load_dataset(bad_jsonl)
    error = caught.value
    assert str(error).splitlines()[0] == "5 problem(s) in the input records:"
    assert error.render("zh").splitlines()[0] == "输入记录中有 5 个问题:"
    unknown = error.problems[-1]
    assert str(unknown) == unknown.render("en") == (f"{bad_jsonl}/training_records.jsonl, line 1 (id 'T-1'), "
                                                    f"field 'officer': unknown officer 'O-9'")
    assert unknown.message == "unknown officer 'O-9'" and unknown.message_zh == "未知的执法人员 'O-9'"


def test_more_than_fifty_problems_are_counted_in_the_language():
    error = DatasetError([Problem("a.jsonl", f"line {n}", "bad") for n in range(1, 53)])
    assert error.render("en").splitlines()[-1] == "  ... and 2 more"
    assert error.render("zh").splitlines()[-1] == "  …… 另有 2 个"


def test_a_problem_without_chinese_is_shown_in_english():
    problem = Problem("a.jsonl", "line 3", "a plug-in's reason", "X-1", "name")
    assert problem.render("zh") == "a.jsonl, 第 3 行(编号 'X-1'), 字段 'name': a plug-in's reason"


@pytest.mark.parametrize(("written", "zh"), [
    ("line 12", "第 12 行"),
    ("row 5", "第 5 行"),
    ("rows 5, 6", "第 5, 6 行"),
    ("sheet 培训记录, row 5", "工作表 培训记录, 第 5 行"),
    ("sheet 培训记录, rows 5, 9", "工作表 培训记录, 第 5, 9 行"),
    ("sheet 培训记录", "工作表 培训记录"),
    ("officers[3]", "officers[3]"),
    ("", ""),
])
def test_positions_in_chinese(written, zh):
    assert position(written, "zh") == zh
    assert position(written, "en") == written


def test_both_tables_hold_every_message():
    assert EN.keys() == ZH.keys()
