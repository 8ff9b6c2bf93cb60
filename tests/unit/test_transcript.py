"""A message about a turn keeps only what the turn cannot give back, and reads back exactly as it
was written (store.transcript)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from interviewsim.coaching import Mark, PointMark, Verdict
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.states import Role
from interviewsim.store.models import Message, Turn
from interviewsim.store.transcript import pack, unpack

KEY_POINTS = ["lists are mutable and tuples are immutable", "tuples can be dictionary keys"]


@dataclass
class Asked:
    question_index: int = 1
    attempt: int = 2
    kind: str = "main"
    answer: str | None = "Lists change; tuples do not."
    prompt_text: str = "Next question:\n\nLists or tuples?"
    time_taken_s: float | None = 12.5
    answer_truncated: bool = False
    duration_s: float | None = 4.0
    overall: float | None = 55.0
    insights: dict[str, Any] | None = field(default_factory=lambda: {"w": 5, "f": {"um": 1}})

    @property
    def key_points(self) -> list[str]:
        return KEY_POINTS


def verdict_meta(turn: Asked, points: list[PointMark], suggestion: str | None) -> tuple[str, Any]:
    verdict = Verdict(55, "Not yet", tuple(points), suggestion, turn.attempt, 40, False, ())
    meta = {"question_index": turn.question_index, **verdict.to_meta(), "delivery": turn.insights}
    return verdict.text, json.loads(json.dumps(meta))


def test_an_answer_keeps_only_its_reference_and_reads_back_as_written() -> None:
    turn = Asked()
    meta = {"time_taken_s": 12.5, "truncated": False, "duration_s": 4.0}
    stored = pack(Role.candidate, turn.answer or "", meta, turn)
    assert stored is not None and stored.content is None and stored.meta == {}
    assert unpack(Role.candidate, stored, turn) == (turn.answer, meta)


def test_a_verdict_keeps_its_key_points_as_indices_and_its_delivery_as_the_turns() -> None:
    turn = Asked()
    points = [PointMark(KEY_POINTS[1], Mark.hit), PointMark(KEY_POINTS[0], Mark.missed)]
    text, meta = verdict_meta(turn, points, f"Add this point: {KEY_POINTS[0]}.")
    stored = pack(Role.coach, text, meta, turn)
    assert stored is not None and stored.content is None
    assert stored.meta["points"] == [[1, "hit"], [0, "missed"]]
    assert stored.meta["suggestion"] == ["Add this point: ", 0, "."]
    assert stored.meta["delivery"] == 1
    content, read = unpack(Role.coach, stored, turn)
    assert content == text and list(read.items()) == list(meta.items())


def test_points_a_model_worded_its_own_way_are_kept_as_written() -> None:
    turn = Asked()
    points = [PointMark("tuples are hashable", Mark.hit), PointMark(KEY_POINTS[0], Mark.hit)]
    text, meta = verdict_meta(turn, points, None)
    stored = pack(Role.coach, text, meta, turn)
    assert stored is not None and stored.meta["points"] == [
        ["tuples are hashable", "hit"],
        [0, "hit"],
    ]
    assert unpack(Role.coach, stored, turn) == (text, meta)


def test_a_message_that_differs_from_its_turn_is_kept_whole() -> None:
    turn = Asked()
    meta = {"time_taken_s": 99.0, "truncated": False, "duration_s": 4.0}  # not the turn's time
    assert pack(Role.candidate, turn.answer or "", meta, turn) is None
    assert pack(Role.notice, "The AI scorer was unavailable.", {}, turn) is None
    edited = pack(Role.interviewer, "Other words.", {"question_index": 1, "reason": "new"}, turn)
    assert edited is not None and edited.content == "Other words."
    assert unpack(Role.interviewer, edited, turn) == (
        "Other words.",
        {"question_index": 1, "reason": "new"},
    )


FULL = (
    "Lists are mutable and tuples are immutable, so a tuple can be a dictionary key or go in a "
    "set. I use a tuple for a fixed record like coordinates and a list for similar items that "
    "grow; tuples are also slightly smaller and faster to create."
)


def test_a_question_taken_back_by_a_retry_keeps_its_words_in_the_transcript(
    service: InterviewService, owner: Owner
) -> None:
    setup = InterviewSetup("sample", "technical", num_questions=2, seed=1, coach=True)
    interview_id = service.start(owner, setup)
    for _ in range(6):
        if service.view(owner, interview_id).question_index == 1:
            break
        service.submit_answer(owner, interview_id, FULL)
    said = service.view(owner, interview_id).messages
    assert said[-1].role == Role.interviewer and said[-1].meta["question_index"] == 1

    service.retry(owner, interview_id, 0)  # the waiting question's turn is taken back
    assert service.view(owner, interview_id).messages[: len(said)] == said
    with service.sessions() as s:
        turns = set(s.scalars(select(Turn.id)))
        referred = set(s.scalars(select(Message.turn_id).where(Message.turn_id.is_not(None))))
    assert referred and referred <= turns
