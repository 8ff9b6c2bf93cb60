"""Cells for CSV files that people open in spreadsheet apps."""

from __future__ import annotations

# A cell starting with one of these runs as a formula; some apps strip a leading tab or carriage
# return first, so those count too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: object) -> str:
    """The cell as text a spreadsheet shows rather than runs: a formula-like start gets a leading
    apostrophe."""
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
