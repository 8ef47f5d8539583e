"""Writes the example district as people keep it: an Excel workbook and GBK CSV files with Chinese headers.

From examples/kuangqu/ (JSON Lines, written by make_kuangqu.py) it writes

- examples/kuangqu.xlsx: one sheet per collection, named in Chinese (行政执法人员, 培训记录…), dates as date
  cells, with the certificate status changes in a sheet of their own (证件状态变化);
- examples/kuangqu-csv/: one CSV file per collection, named in Chinese (行政执法人员.csv…), in GBK as Excel
  saves "CSV (逗号分隔)" on a Chinese system, with dates written in the Chinese forms people use:
  2024年2月29日 for officers, 2024.2.29 for certificates, 2024/2/29 for training, 2024-02-29 elsewhere.

Headers are each field's Chinese term, choices their Chinese names (公共法律知识, 调动, 注销…), yes/no 是/否,
lists joined with 、. An officer with several postings has a row for each. Checking either gives the same
findings as the JSON Lines (tests/test_tabular_examples.py).

    python examples/make_tabular.py [OUTPUT_DIRECTORY]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from functools import partial
from pathlib import Path

from compliance.models import RECORD_TYPES, Certificate
from compliance.tabular import values
from compliance.tabular.columns import EVENTS, LAYOUTS, Column

HERE = Path(__file__).parent
SOURCE = HERE / "kuangqu"

#: How dates are written in each CSV file (the workbook has date cells).
DATE_FORMS = {
    "officers": "{d.year}年{d.month}月{d.day}日",
    "certificates": "{d.year}.{d.month}.{d.day}",
    EVENTS: "{d.year}.{d.month}.{d.day}",
    "training_records": "{d.year}/{d.month}/{d.day}",
}
ISO = "{d:%Y-%m-%d}"


def rows(collection: str) -> list[dict]:
    """The flat rows of a table, by column path, from the JSON Lines records."""
    source = "certificates" if collection == EVENTS else collection
    records = [json.loads(line) for line in (SOURCE / f"{source}.jsonl").read_text("utf-8").splitlines() if line]
    if collection == "officers":
        return [{**{k: v for k, v in r.items() if k != "postings"}, **{f"postings.{k}": v for k, v in p.items()}}
                for r in records for p in r["postings"]]
    if collection == "certificates":
        return [{k: v for k, v in r.items() if k != "events"} for r in records]
    if collection == EVENTS:
        return [{"certificate": r["id"], **e} for r in records for e in r["events"]]
    return records


def cell(column: Column, value, table: str, workbook: bool):
    """A value as a person would write it in the cell."""
    if value is None or value == []:
        return None
    if column.convert is values.date:
        day = dt.date.fromisoformat(value)
        return day if workbook else DATE_FORMS.get(table, ISO).format(d=day)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(column.convert, partial):  # a choice: its Chinese name
        kind = column.convert.args[0]
        return values.zh_name(kind(value))
    return value


def tables() -> list[str]:
    names = []
    for record_type in RECORD_TYPES:
        names.append(record_type.collection)
        if record_type is Certificate:
            names.append(EVENTS)
    return names


def write(out: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    csv_dir = out / "kuangqu-csv"
    csv_dir.mkdir(parents=True, exist_ok=True)
    for table in tables():
        layout = LAYOUTS[table]
        columns = list(layout.columns.values())
        header = [c.zh for c in columns]
        records = rows(table)
        sheet = workbook.create_sheet(layout.zh)
        sheet.append(header)
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        for record in records:
            sheet.append([cell(c, record.get(c.path), table, True) for c in columns])
            writer.writerow(["" if (v := cell(c, record.get(c.path), table, False)) is None else v for c in columns])
        for i, column in enumerate(columns, start=1):
            if column.convert is values.date:
                for (value,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                    value.number_format = "yyyy-mm-dd"
        (csv_dir / f"{layout.zh}.csv").write_bytes(text.getvalue().encode("gbk"))
    workbook.properties.creator = "examples/make_tabular.py"
    workbook.properties.created = workbook.properties.modified = dt.datetime(2025, 3, 1)
    workbook.save(out / "kuangqu.xlsx")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
