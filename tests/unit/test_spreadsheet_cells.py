"""Every CSV the app writes shows a formula-like cell as text instead of running it."""

from __future__ import annotations

import pytest

from interviewsim.class_dashboard import to_csv
from interviewsim.history_export import history_csv
from interviewsim.spreadsheet import defuse

STARTS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd", "\r=cmd"]


@pytest.mark.parametrize("cell", STARTS)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(cell: str) -> None:
    assert defuse(cell) == "'" + cell


def test_ordinary_text_is_left_as_it_is() -> None:
    assert defuse("Lists are mutable = tuples are not") == "Lists are mutable = tuples are not"
    assert defuse("") == ""


@pytest.mark.parametrize("cell", STARTS)
def test_the_history_export_and_the_class_export_defuse_the_same_cells(cell: str) -> None:
    history = history_csv([[{"prompt": cell, "overall": 50}]]).decode("utf-8-sig")
    students = to_csv(["Student"], [[cell]]).decode("utf-8-sig")
    for written in (history, students):
        assert f"'{cell}" in written
