"""CSV files that stream and cannot run as spreadsheet formulas.

``csv_lines(header, rows)`` yields CSV text a line at a time, for a
``StreamingHttpResponse``: memory stays flat however many rows there are.
Every cell goes through ``safe_cell``: spreadsheet programs run a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula,
so such a cell gets a leading apostrophe, which makes it plain text (the rule
OWASP gives for CSV injection, as the consultation export applies it).
Numbers are written as they are: -4.5 is a number, not a formula, and must stay
one for the people who add the column up.
"""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The cell as text, neutralised if a spreadsheet would run it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write() hands the line back to the caller."""

    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The header, then each row, as CSV lines with every cell made safe."""
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
