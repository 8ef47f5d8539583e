"""Excel workbooks (.xlsx): every sheet, with cells as Excel holds them (text, numbers, TRUE/FALSE, dates).

Read with openpyxl in read-only mode, values only: a formula cell gives the value Excel last computed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..messages import say
from .base import Sheet, TableFile, UnreadableFile


class XlsxFile(TableFile):
    """An Excel workbook (.xlsx), or one saved by WPS in that format."""

    suffixes = (".xlsx",)

    def read(self, file: Path, encoding: str | None) -> tuple[list[Sheet], str | None]:
        import openpyxl  # only when a workbook is read: it takes a while to import

        try:
            with file.open("rb") as head:
                start = head.read(4)
        except OSError as exc:
            raise UnreadableFile(say("cannot_read", error=exc.strerror or exc)) from None
        if start == b"\xd0\xcf\x11\xe0":
            raise UnreadableFile(say("old_xls"))
        if start != b"PK\x03\x04":
            raise UnreadableFile(say("not_zip"))
        sheets = []
        try:
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
            try:
                for worksheet in workbook.worksheets:
                    sheet = Sheet(worksheet.title)
                    for number, row in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                        sheet.add(number, tuple(row))
                    sheets.append(sheet)
            finally:
                workbook.close()
        except (zipfile.BadZipFile, EOFError):
            raise UnreadableFile(say("cut_short")) from None
        except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors) for a broken workbook
            raise UnreadableFile(say("bad_xlsx", error=f"{type(exc).__name__}: {exc}")) from None
        return sheets, None
