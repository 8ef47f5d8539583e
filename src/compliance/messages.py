"""Every message about bad input, in English and in Chinese: the loader's, the tabular reader's, the record
models' and pydantic's, and the words that say where a problem is (line, row, sheet, column, field, id).

One table per language, :data:`EN` and :data:`ZH`, with the same keys and the same placeholders (checked when
the module is imported, so that a message missing in one language is an error, not a stray English sentence in
a Chinese report). A message is made in both languages at once, :func:`say`, and kept as a :class:`Message`:
:class:`~compliance.errors.Problem` holds both and renders either.

English is the library's language (``str(problem)``, ``str(error)``, the JSON report); Chinese is for the
people who keep the records, at the command line with ``--lang zh``. This module imports nothing of the
project, so that the models, the tabular reader and the errors may all use it.
"""

from __future__ import annotations

import re
import string
from typing import Any, NamedTuple


class Message(NamedTuple):
    """One message in both languages."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en

    def in_lang(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Invalid(ValueError):
    """A value a model validator rejects, with the reason in both languages: pydantic reports it as a
    ``value_error`` whose context keeps this exception, so the Chinese text survives validation."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


EN: dict[str, str] = {
    # where a problem is
    "line": "line {number}",
    "rows": "row {numbers}",  # one row, or several: "rows 5, 6" (see position)
    "sheet": "sheet {name}",
    "record_id": " (id {id!r})",
    "column": ", column {name!r}",
    "field": ", field {name!r}",
    "got": "{message} (got {value})",
    # the headline of a list of problems, and the load summary
    "problems": "{count} problem(s) in the input records:",
    "more": "... and {count} more",
    "file_counts": "{name} ({collection}{encoding}): {read} read, {accepted} accepted, {rejected} rejected",
    "total": "total: {read} read, {accepted} accepted, {rejected} rejected",
    "left_out": "left out of the check ({count}):",
    # files and directories
    "unknown_encoding": "unknown encoding {encoding!r} (for CSV files: e.g. utf-8, gbk, gb18030)",
    "no_such_path": "no such file or directory",
    "not_record_file": "not a known record file (expected one of: {known})",
    "not_table_file": "not a known record file: a table file is named after its collection, in English or Chinese "
                      "(one of: {tables})",
    "not_csv_record_file": "not a known record file: a CSV file is named after its collection, e.g. officers.csv or "
                           "行政执法人员.csv; pass the directory it is in",
    "wrong_form": "records are read from {forms}; rename the file or convert it",
    "tables_only": "{name}.csv or {name}.xlsx",
    "any_form": "{name}.jsonl (JSON Lines), {name}.csv or {name}.xlsx",
    "no_record_files": "no record files in this directory (expected: {known}, or the same names as .csv or .xlsx)",
    "second_file": "a second file for {collection}, beside {other}: keep one",
    "jsonl_file": "a .jsonl file holds one collection: pass the directory it is in",
    "not_utf8": "the file is not UTF-8 text (JSON Lines must be UTF-8); save it as UTF-8",
    "not_json": "not valid JSON: {error}",
    "not_document": 'expected a JSON object with a list per record collection, {{"departments": [...], '
                    '"officers": [...], ...}}',
    "unknown_collection": "not a known record collection (expected: {known})",
    "not_list": "expected a list of records",
    "not_coverage": "not the period the records cover: {error}",
    # workbooks and tables
    "which_sheet": "which sheet holds the {name}? It has {count} sheets with rows ({names}): name one {name} or "
                   "{zh}, or keep one",
    "no_header": "empty: no header row",
    "no_header_in_sheet": "empty: no header row (sheet {sheet})",
    "unknown_sheet": "not a known sheet: a sheet is named after its collection, in Chinese or English (one of: "
                     "{tables})",
    "second_sheet": "a second sheet for {name}, beside sheet {other}: keep one",
    "no_sheet": "no sheet with records: name each sheet after its collection, e.g. 行政执法人员 or officers",
    "header_missing": "no header row: the first row has none of the column headers of {name} ({zh}), such as "
                      "{expected}",
    "unknown_column": "unknown column: {name} ({zh}) has no such field (its columns: {known}); name it in a column "
                      "mapping file, or map it to false to ignore it",
    "second_column": "a second column for {path} ({zh}), after column {other!r}",
    "required_column": "no column for the required field {path} ({zh}): add a column headed {names}",
    "no_header_value": "a value in column {number}, which has no header (got {value})",
    "required_cell": "required: the cell is empty",
    "required": "required",
    "unknown_certificate": "unknown certificate {id!r}",
    "differs": "differs from row {row} of the same officer ({value})",
    # cells
    "bool_cell": "a TRUE/FALSE cell, expected text",
    "date_cell": "a date or time cell, expected text: format the cell as text",
    "date_with_time": "a date with a time of day, expected a date",
    "not_date": "not a date: write it as {forms}",
    "date_forms": "2024-02-29, 2024/2/29, 2024.2.29, 2024年2月29日 or 20240229",
    "number_not_date": "a number, not a date: format the cell as a date, or write it as 2024-02-29",
    "ambiguous_date": "ambiguous date: write the year first, in full, as 2024-02-29 or 2024年2月29日",
    "no_month": "no such date: there is no month {month}",
    "no_day": "no such date: {year}-{month:02d} has {last} days",
    "not_number": "not a number",
    "not_finite": "not a finite number",
    "not_whole": "not a whole number",
    "not_yes_no": "not yes or no: write 是 or 否 (or true/false)",
    "not_choice": "not one of: {known}",
    # files a table reader cannot read
    "xlsx_as_csv": "this is an Excel workbook (.xlsx), not CSV text: name it .xlsx",
    "xls_as_csv": "this is an old Excel workbook (.xls), not CSV text: save it as .xlsx or as CSV",
    "unknown_csv_encoding": "unknown encoding {encoding!r}",
    "not_in_encoding": "not {encoding} text (line {line}: bytes {bytes}): is the file in another encoding? (UTF-8, "
                       "GBK, GB18030)",
    "bad_bom": "starts with a {encoding} byte order mark but is not {encoding} text",
    "nul_bytes": "not text (it holds NUL bytes): is it a CSV file?",
    "no_encoding": "not UTF-8, GBK or GB18030 text: name its encoding",
    "cannot_read": "cannot read the file: {error}",
    "bad_csv": "not a well-formed CSV file: {error}",
    "old_xls": "an old Excel workbook (.xls) or an encrypted one: save it as .xlsx",
    "not_zip": "not an Excel workbook (.xlsx): it is not a zip archive; is it a CSV file?",
    "cut_short": "not a readable Excel workbook (.xlsx): the file is damaged or cut short",
    "bad_xlsx": "not a readable Excel workbook (.xlsx): {error}",
    # the column mapping file
    "mapping_unreadable": "cannot read the column mapping: {error}",
    "mapping_not_toml": "not a valid TOML column mapping: {error}",
    "mapping_sheets": "expected a table of sheet or file names, each naming a table",
    "mapping_unknown_table": "unknown table {name!r} (known: {known})",
    "mapping_unknown_section": "unknown table (known: {known}, and [sheets])",
    "mapping_not_table": 'expected a table of header = "field"',
    "mapping_unknown_field": "unknown field {path!r} (the fields of {name}: {fields}; or false to ignore the column)",
    # references between records
    "duplicate_id": "duplicate id, first used at {first}",
    "unknown_reference": "unknown {kind} {id!r}",
    "left_out_reference": "refers to {kind} {id!r}, which is left out",
    "officer": "officer",
    "department": "department",
    # the records' own checks (models.py)
    "before": "{field} {value} is before {earlier} {other}",
    "reason_without_end": "left_reason is given but end is empty",
    "postings_out_of_order": "postings overlap or are out of order: {first} and {second}",
    "event_before_issue": "event {event} on {date} is before issued_on {issued_on}",
    "events_out_of_order": "events are not in date order: {first} then {second}",
    "event_after_final": "event {event} on {date} follows {previous}, which is final",
    "officer_twice": "an officer is named twice",
    "unknown_field": "unknown field: the record format has no such field (see docs/fields.md)",
}

ZH: dict[str, str] = {
    "line": "第 {number} 行",
    "rows": "第 {numbers} 行",
    "sheet": "工作表 {name}",
    "record_id": "(编号 {id!r})",
    "column": ", 列 {name!r}",
    "field": ", 字段 {name!r}",
    "got": "{message}(填写为 {value})",
    "problems": "输入记录中有 {count} 个问题:",
    "more": "…… 另有 {count} 个",
    "file_counts": "{name} ({collection}{encoding}): 读取 {read}, 接受 {accepted}, 拒绝 {rejected}",
    "total": "合计: 读取 {read}, 接受 {accepted}, 拒绝 {rejected}",
    "left_out": "未纳入检查的记录 ({count}):",
    "unknown_encoding": "未知的编码 {encoding!r}(CSV 文件的编码, 如 utf-8、gbk、gb18030)",
    "no_such_path": "没有这个文件或目录",
    "not_record_file": "不是已知的记录文件(应为以下之一: {known})",
    "not_table_file": "不是已知的记录文件: 表格文件以其记录集的中文或英文名称命名(以下之一: {tables})",
    "not_csv_record_file": "不是已知的记录文件: CSV 文件以其记录集命名, 如 行政执法人员.csv 或 officers.csv; "
                           "请给出它所在的目录",
    "wrong_form": "记录从 {forms} 读取; 请重命名或转换该文件",
    "tables_only": "{name}.csv 或 {name}.xlsx",
    "any_form": "{name}.jsonl(JSON Lines)、{name}.csv 或 {name}.xlsx",
    "no_record_files": "目录中没有记录文件(应为: {known}, 或同名的 .csv、.xlsx 文件)",
    "second_file": "{collection} 的第二个文件, 已有 {other}: 请只保留一个",
    "jsonl_file": "一个 .jsonl 文件只有一个记录集: 请给出它所在的目录",
    "not_utf8": "文件不是 UTF-8 文本(JSON Lines 文件须为 UTF-8); 请另存为 UTF-8",
    "not_json": "不是有效的 JSON: {error}",
    "not_document": '应为一个 JSON 对象, 每个记录集一个列表, {{"departments": [...], "officers": [...], ...}}',
    "unknown_collection": "不是已知的记录集(应为: {known})",
    "not_list": "应为记录的列表",
    "not_coverage": "不是记录的覆盖期间: {error}",
    "which_sheet": "哪个工作表是 {name}? 有 {count} 个工作表有数据({names}): 请将其中一个命名为 {zh} 或 {name}, "
                   "或只保留一个",
    "no_header": "空文件: 没有表头行",
    "no_header_in_sheet": "空表: 没有表头行(工作表 {sheet})",
    "unknown_sheet": "不是已知的工作表: 工作表以其记录集的中文或英文名称命名(以下之一: {tables})",
    "second_sheet": "{name} 的第二个工作表, 已有工作表 {other}: 请只保留一个",
    "no_sheet": "没有含记录的工作表: 请以记录集命名各工作表, 如 行政执法人员 或 officers",
    "header_missing": "没有表头行: 第一行没有 {zh}({name})的任何列名, 如 {expected}",
    "unknown_column": "未知的列: {zh}({name})没有这个字段(其列为: {known}); 请在列映射文件中指明, "
                      "或映射为 false 以忽略该列",
    "second_column": "{zh}({path})的第二列, 已有列 {other!r}",
    "required_column": "缺少必填字段 {zh}({path})的列: 请添加列名为 {names} 的列",
    "no_header_value": "第 {number} 列没有列名, 却有值(填写为 {value})",
    "required_cell": "必填: 单元格为空",
    "required": "必填",
    "unknown_certificate": "未知的执法证件 {id!r}",
    "differs": "与同一人员的第 {row} 行不一致({value})",
    "bool_cell": "单元格是 TRUE/FALSE, 应为文本",
    "date_cell": "单元格是日期或时间, 应为文本: 请将单元格设为文本格式",
    "date_with_time": "日期带有时间, 应只填日期",
    "not_date": "不是日期: 请写作 {forms}",
    "date_forms": "2024-02-29、2024/2/29、2024.2.29、2024年2月29日 或 20240229",
    "number_not_date": "是数字, 不是日期: 请将单元格设为日期格式, 或写作 2024-02-29",
    "ambiguous_date": "日期有歧义: 请先写完整的年份, 如 2024-02-29 或 2024年2月29日",
    "no_month": "没有这个日期: 没有 {month} 月",
    "no_day": "没有这个日期: {year}年{month}月只有 {last} 天",
    "not_number": "不是数字",
    "not_finite": "不是有限的数字",
    "not_whole": "不是整数",
    "not_yes_no": "不是“是”或“否”: 请填写 是 或 否(或 true/false)",
    "not_choice": "不是以下之一: {known}",
    "xlsx_as_csv": "这是 Excel 工作簿(.xlsx), 不是 CSV 文本: 请命名为 .xlsx",
    "xls_as_csv": "这是旧版 Excel 工作簿(.xls), 不是 CSV 文本: 请另存为 .xlsx 或 CSV",
    "unknown_csv_encoding": "未知的编码 {encoding!r}",
    "not_in_encoding": "不是 {encoding} 文本(第 {line} 行: 字节 {bytes}): 文件是否为其他编码?(UTF-8、GBK、GB18030)",
    "bad_bom": "以 {encoding} 字节顺序标记开头, 但不是 {encoding} 文本",
    "nul_bytes": "不是文本(含有 NUL 字节): 这是 CSV 文件吗?",
    "no_encoding": "不是 UTF-8、GBK 或 GB18030 文本: 请指明其编码",
    "cannot_read": "无法读取文件: {error}",
    "bad_csv": "不是格式正确的 CSV 文件: {error}",
    "old_xls": "旧版 Excel 工作簿(.xls)或加密的工作簿: 请另存为 .xlsx",
    "not_zip": "不是 Excel 工作簿(.xlsx): 不是 zip 压缩文件; 这是 CSV 文件吗?",
    "cut_short": "无法读取的 Excel 工作簿(.xlsx): 文件已损坏或不完整",
    "bad_xlsx": "无法读取的 Excel 工作簿(.xlsx): {error}",
    "mapping_unreadable": "无法读取列映射文件: {error}",
    "mapping_not_toml": "不是有效的 TOML 列映射文件: {error}",
    "mapping_sheets": "应为一个表, 列出工作表名或文件名及其对应的表",
    "mapping_unknown_table": "未知的表 {name!r}(已知: {known})",
    "mapping_unknown_section": "未知的表(已知: {known}, 以及 [sheets])",
    "mapping_not_table": '应为一个表, 每项为 列名 = "字段"',
    "mapping_unknown_field": "未知的字段 {path!r}({name} 的字段: {fields}; 或填 false 以忽略该列)",
    "duplicate_id": "编号重复, 首次出现于 {first}",
    "unknown_reference": "未知的{kind} {id!r}",
    "left_out_reference": "引用的{kind} {id!r} 未纳入检查",
    "officer": "执法人员",
    "department": "部门",
    "before": "{field} {value} 早于 {earlier} {other}",
    "reason_without_end": "填写了离岗原因(left_reason), 但离岗日期(end)为空",
    "postings_out_of_order": "在岗期间重叠或顺序颠倒: {first} 与 {second}",
    "event_before_issue": "{date} 的状态变化 {event} 早于发证日期(issued_on) {issued_on}",
    "events_out_of_order": "状态变化未按日期排序: {first} 之后是 {second}",
    "event_after_final": "{date} 的状态变化 {event} 在 {previous} 之后, 而 {previous} 是最终状态",
    "officer_twice": "同一执法人员列了两次",
    "unknown_field": "未知字段: 记录格式中没有这个字段(见 docs/fields.md)",
}

#: Chinese for the pydantic error types the strict record models raise, with the error's context by name
#: (https://docs.pydantic.dev/latest/errors/validation_errors/). The English is pydantic's own message; a type
#: not here is shown in English in both languages.
PYDANTIC_ZH: dict[str, str] = {
    "missing": "缺少必填字段",
    "missing_keyword_only_argument": "缺少必填字段",
    "string_type": "应为文本",
    "string_too_short": "至少应有 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不对: 首尾不能有空格, 且不能为空(应符合 {pattern})",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数, 不能有小数部分",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期, 写作 YYYY-MM-DD",
    "date_parsing": "应为 YYYY-MM-DD 格式的有效日期, {error}",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 格式的有效日期, {error}",
    "date_from_datetime_inexact": "应为日期, 不能带时间",
    "enum": "应为以下之一: {expected}",
    "literal_error": "应为以下之一: {expected}",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "too_short": "至少应有 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "list_type": "应为列表(JSON 数组)",
    "dataclass_type": "应为一个对象(JSON 对象)",
    "dataclass_exact_type": "应为一个对象(JSON 对象)",
    "model_type": "应为一个对象(JSON 对象)",
    "dict_type": "应为一个对象(JSON 对象)",
    "json_invalid": "不是有效的 JSON: {error}",
    "json_type": "应为 JSON 文本",
}

#: Chinese for the reasons pydantic gives why a text is not a date (its ``error`` context, from speedate).
DATE_ERRORS_ZH: dict[str, str] = {
    "day value is outside expected range": "没有这一天",
    "month value is outside expected range": "没有这个月份",
    "input is too short": "太短",
    "input is too long": "太长",
    "unexpected extra characters at the end of the input": "末尾有多余的字符",
    "invalid character in year": "年份中有无效字符",
    "invalid character in month": "月份中有无效字符",
    "invalid character in day": "日中有无效字符",
    "invalid date separator, expected `-`": "日期的分隔符应为 -",
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _check_tables() -> None:
    """The two tables say the same things: the same keys, each with the same placeholders."""
    if EN.keys() != ZH.keys():
        raise KeyError(f"messages in one language only: {sorted(EN.keys() ^ ZH.keys())}")
    for key, template in EN.items():
        if _fields(template) != _fields(ZH[key]):
            raise KeyError(f"message {key!r} has other placeholders in English and in Chinese")


_check_tables()


def say(key: str, **values: Any) -> Message:
    """The message ``key`` in both languages; a value that is itself a :class:`Message` is put in each
    language in that language."""
    return Message(*(table[key].format(**{name: value.in_lang(lang) if isinstance(value, Message) else value
                                          for name, value in values.items()})
                     for lang, table in (("en", EN), ("zh", ZH))))


def got(message: Message, value: str) -> Message:
    """A message with the value it is about: ``... (got '2023-02-29')``."""
    return say("got", message=message, value=value)


#: A position as the loader and the tabular reader write it, in English (see :func:`position`).
_POSITION = re.compile(r"(?:sheet (?P<sheet>.+?)(?:, |$))?(?:(?P<unit>line|rows?) (?P<numbers>\d+(?:, \d+)*))?")


def position(written: str, lang: str) -> str:
    """A problem's position in a language. Positions are kept in English (``line 12``, ``row 5``, ``rows 5, 6``,
    ``sheet 培训记录, row 5``, ``sheet 培训记录``), as the library and the JSON report give them; other positions
    (``officers[3]`` in a JSON document, a key of a mapping file) read the same in every language."""
    match = _POSITION.fullmatch(written)
    if lang == "en" or not written or match is None:
        return written
    table = TABLES[lang]
    parts = [table["sheet"].format(name=match["sheet"])] if match["sheet"] is not None else []
    if match["unit"] == "line":
        parts.append(table["line"].format(number=match["numbers"]))
    elif match["unit"]:
        parts.append(table["rows"].format(numbers=match["numbers"]))
    return ", ".join(parts)


def positioned(written: str) -> Message:
    """A position in both languages, to put in a message."""
    return Message(written, position(written, "zh"))


def validation_error(error: Any) -> Message:
    """A pydantic error (one of ``ValidationError.errors()``) in both languages, without the value given. Our
    own validators' reasons (:class:`Invalid`) come out as we wrote them, without pydantic's "Value error, "."""
    cause = (error.get("ctx") or {}).get("error")
    if error["type"] == "value_error" and isinstance(cause, Invalid):
        return cause.message
    if error["type"] in ("unexpected_keyword_argument", "extra_forbidden"):
        return say("unknown_field")
    template = PYDANTIC_ZH.get(error["type"])
    if template is None:
        return Message(error["msg"], error["msg"])
    context = {name: str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
               for name, value in (error.get("ctx") or {}).items()}  # a bound of 0.0 reads 0, as in pydantic
    if "error" in context:
        context["error"] = DATE_ERRORS_ZH.get(context["error"], context["error"])
    if "expected" in context:  # pydantic's list of choices: 'a', 'b' or 'c'
        context["expected"] = context["expected"].replace("' or '", "' 或 '").replace("', '", "'、'")
    return Message(error["msg"], template.format(**context))


TABLES: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}
