"""Records from tables: CSV files and Excel workbooks, with Chinese or English headers.

The pieces, each in its own module: :mod:`.base` the one interface of a spreadsheet format, :mod:`.csvfile`
and :mod:`.xlsxfile` the formats, :mod:`.columns` which table and column is which collection and field (and
the column mapping file), :mod:`.values` what a cell may hold (dates, numbers, yes/no, lists, Chinese names of
choices), :mod:`.records` rows to validated records. :func:`compliance.loading.load` is the way in.
"""

from __future__ import annotations

from .base import Sheet, TableFile, UnreadableFile
from .columns import LAYOUTS, ColumnMap, Layout
from .csvfile import CsvFile
from .records import Built, Table, build
from .xlsxfile import XlsxFile

#: The spreadsheet formats, by file name ending; JSON Lines and JSON documents are read by compliance.loading.
TABLE_FILES: tuple[TableFile, ...] = (CsvFile(), XlsxFile())

__all__ = ["Built", "ColumnMap", "CsvFile", "LAYOUTS", "Layout", "Sheet", "Table", "TABLE_FILES", "TableFile",
           "UnreadableFile", "XlsxFile", "build"]
