"""The example district as a workbook and as GBK CSV files gives the findings of its JSON Lines form."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from compliance import check, load_dataset
from compliance.loading import load

EXAMPLES = Path(__file__).parent.parent / "examples"
PACK = "cn-shanxi-yangquan-kuangqu"
AS_OF = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def json_report():
    return check(load_dataset(EXAMPLES / "kuangqu"), PACK, as_of=AS_OF)


@pytest.mark.parametrize("form", ["kuangqu.xlsx", "kuangqu-csv"])
def test_each_form_gives_the_findings_of_the_json_lines(form, json_report):
    dataset, summary = load(EXAMPLES / form)
    report = check(dataset, PACK, as_of=AS_OF)
    assert report.dataset == str(EXAMPLES / form)
    assert report.record_counts == json_report.record_counts
    assert report.findings == json_report.findings
    assert report.rules == json_report.rules
    assert report.findings  # the example breaks rules: the comparison compares something
    assert summary.rejected == 0 and summary.read == summary.accepted == 2206  # 2200 records and 6 events


def test_the_csv_files_are_gbk_with_chinese_names_and_headers():
    files = sorted(p.name for p in (EXAMPLES / "kuangqu-csv").iterdir())
    assert files == sorted(["行政执法部门.csv", "行政执法人员.csv", "行政执法证件.csv", "证件状态变化.csv", "培训记录.csv",
                            "行政执法行为.csv", "报送事项.csv", "年度考核.csv", "突出问题.csv"])
    data = (EXAMPLES / "kuangqu-csv" / "行政执法人员.csv").read_bytes()
    assert data.decode("gbk").startswith("人员编号,姓名,所属部门,到岗日期,离岗日期,离岗原因,任职部门\r\n")
    _, summary = load(EXAMPLES / "kuangqu-csv")
    assert {f.encoding for f in summary.files} == {"gb18030"}


def test_the_tabular_examples_are_what_their_generator_writes(tmp_path):
    subprocess.run([sys.executable, str(EXAMPLES / "make_tabular.py"), str(tmp_path)], check=True, timeout=120)
    for csv_file in (EXAMPLES / "kuangqu-csv").iterdir():
        assert (tmp_path / "kuangqu-csv" / csv_file.name).read_bytes() == csv_file.read_bytes(), (
            "run: python examples/make_tabular.py")
    assert _cells(tmp_path / "kuangqu.xlsx") == _cells(EXAMPLES / "kuangqu.xlsx"), "run: python examples/make_tabular.py"


def _cells(file: Path) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(file, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()
