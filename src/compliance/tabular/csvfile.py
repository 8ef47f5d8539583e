"""CSV files: one table a file, in UTF-8 (with or without a byte order mark), GBK or GB18030, or as told.

Office software in China saves CSV in GBK (``CSV (逗号分隔)``) or in UTF-8 with a byte order mark (``CSV UTF-8``).
Without an explicit encoding the file is read as UTF-8 when it is valid UTF-8 (a byte order mark is dropped),
else as GB18030, which contains GBK. Anything else must be named (``encoding="big5"``).
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from ..messages import say
from .base import Sheet, TableFile, UnreadableFile

_XLSX = b"PK\x03\x04"
_XLS = b"\xd0\xcf\x11\xe0"


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text of a file and the encoding it was read in: as told, or detected (UTF-8, then GB18030)."""
    if data.startswith(_XLSX):
        raise UnreadableFile(say("xlsx_as_csv"))
    if data.startswith(_XLS):
        raise UnreadableFile(say("xls_as_csv"))
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise UnreadableFile(say("unknown_csv_encoding", encoding=encoding)) from None
        if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
            name = "utf-8-sig"
        try:
            return data.decode(name), name
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise UnreadableFile(say("not_in_encoding", encoding=encoding, line=line,
                                     bytes=data[exc.start:exc.start + 2].hex(" "))) from None
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                raise UnreadableFile(say("bad_bom", encoding=name)) from None
    if b"\x00" in data:
        raise UnreadableFile(say("nul_bytes"))
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(say("no_encoding"))


class CsvFile(TableFile):
    """A CSV file (comma separated, double-quoted, as spreadsheets write it)."""

    suffixes = (".csv",)

    def read(self, file: Path, encoding: str | None) -> tuple[list[Sheet], str | None]:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise UnreadableFile(say("cannot_read", error=exc.strerror or exc)) from None
        text, used = decode(data, encoding)
        sheet = Sheet(None)
        try:
            for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
                sheet.add(number, tuple(row))
        except csv.Error as exc:
            raise UnreadableFile(say("bad_csv", error=exc)) from None
        return [sheet], used
