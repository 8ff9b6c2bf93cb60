"""How a score is put into words and colour: one scale everywhere, with 60 as the line."""

from __future__ import annotations

import pytest

from interviewsim.coaching import band_of
from interviewsim.scoring.base import CriterionScore, ScoreResult
from interviewsim.webapp.render import score_color, score_line


def result(overall: int) -> ScoreResult:
    return ScoreResult(overall, (CriterionScore("c", "Correctness", 3, 1.0, (), ()),))


@pytest.mark.parametrize(
    ("score", "band", "colour"),
    [
        (95, "Strong", "green"),
        (60, "Accepted", "green"),
        (59, "Not yet", "orange"),
        (12, "Needs work", "red"),
    ],
)
def test_a_score_has_one_band_and_its_colour_changes_at_the_line(
    score: int, band: str, colour: str
) -> None:
    assert band_of(score) == band
    assert score_color(score) == colour
    assert f"{score}/100 · {band}" in score_line(result(score))


def test_the_score_line_says_what_the_band_means() -> None:
    assert "something essential is missing or wrong" in score_line(result(45))
