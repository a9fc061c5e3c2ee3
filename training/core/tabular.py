"""Safe cells for every CSV and XLSX export: nothing a person typed becomes a formula.

Spreadsheet programs treat a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return (or their full-width forms, which some programs normalise) as a formula. In CSV such a
cell is prefixed with an apostrophe (OWASP's advice); in XLSX every cell is written as a string
cell (`data_type` "s") so it is shown as typed and never evaluated. Numbers, dates and booleans
stay typed in XLSX, and in CSV a plain number (such as -1.5) is left alone.
"""

import csv
import datetime
import decimal
import re
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")  # noqa: RUF001
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_text(value) -> str:
    """A CSV cell's text; one that a spreadsheet would run gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float | decimal.Decimal | datetime.date):
        return text
    if text.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def safe_row(values: Iterable) -> list[str]:
    return [safe_text(value) for value in values]


class SafeCSVWriter:
    """csv.writer whose rows go through `safe_row`; `writerow` returns what the file returns."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, values: Iterable):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_cell(sheet, value):
    """A write-only cell: numbers, dates and booleans typed, every other value a string cell."""
    if value is None or isinstance(
        value, bool | int | float | decimal.Decimal | datetime.date | datetime.datetime
    ):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet)
    # Assigning the value directly and fixing the type keeps openpyxl from reading a leading
    # "=" as a formula; control characters XML cannot hold are dropped instead of failing.
    cell._value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.data_type = "s"
    return cell


def xlsx_row(sheet, values: Iterable) -> list:
    return [xlsx_cell(sheet, value) for value in values]
