"""A person's answers as a CSV file for spreadsheet apps, written from batches of rows as they
come out of the database (no frame of the whole history in memory)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from interviewsim.spreadsheet import defuse

EXPORT_COLUMNS = [
    "answered_at",
    "interview_id",
    "track",
    "category",
    "difficulty",
    "question_id",
    "prompt",
    "tags",
    "overall",
    "time_taken_s",
]
TEXT_COLUMNS = ("prompt", "track", "question_id", "category", "tags")


def _cell(column: str, value: Any) -> Any:
    if column == "category" and isinstance(value, str):
        value = value.replace("_", " ")  # as the page names it
    if column == "tags":
        value = " ".join(str(t) for t in value) if isinstance(value, list | tuple) else ""
    if column in TEXT_COLUMNS:
        return defuse("" if value is None else value)
    return "" if value is None else value


def history_csv(batches: Iterable[Iterable[Mapping[str, Any]]]) -> bytes:
    """The rows as CSV (UTF-8 with a BOM, so spreadsheet apps read accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for batch in batches:
        writer.writerows([_cell(c, row.get(c)) for c in EXPORT_COLUMNS] for row in batch)
    return out.getvalue().encode("utf-8-sig")
