from __future__ import annotations

import pytest

from interviewsim.durations import duration_text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "-"), (8.4, "8 s"), (59.6, "1 min"), (80.3, "1 min 20 s"), (725, "12 min 5 s")],
)
def test_times_read_in_minutes_and_seconds(seconds: float | None, text: str) -> None:
    assert duration_text(seconds) == text
