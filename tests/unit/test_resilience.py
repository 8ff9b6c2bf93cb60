"""An interview never gets stuck and an answer is never lost or doubled: a command interrupted at
any step is carried on by the next call, and the same turn submitted twice at once is stored once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from interviewsim.backends import Backend
from interviewsim.bank import Bank, Question, Rubric
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.interviewer import Cue, Interviewer, OfflineInterviewer
from interviewsim.scoring import HeuristicScorer, ScoreResult
from interviewsim.states import Role

ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."


class Interrupted(BaseException):
    """Like Streamlit's StopException: not an Exception, so nothing on the way catches it."""


class FlakyScorer(HeuristicScorer):
    def __init__(self, fails: int):
        self.fails = fails

    def score(
        self, question: Question, rubric: Rubric, answer: str, *, latest: str | None = None
    ) -> ScoreResult:
        if self.fails:
            self.fails -= 1
            raise Interrupted
        return super().score(question, rubric, answer, latest=latest)


@dataclass
class FlakyInterviewer(OfflineInterviewer):
    failures: list[str] = field(default_factory=list)  # shared with the backend: pop to fail

    def say(self, cue: Cue) -> str:
        if self.failures:
            raise RuntimeError(f"the interviewer broke: {self.failures.pop()}")
        return super().say(cue)


@dataclass
class FlakyBackend(Backend):
    """Its interviewer fails once each time a failure is queued."""

    failures: list[str] = field(default_factory=list)

    def interviewer(self, style: str, seed: int) -> Interviewer:
        return FlakyInterviewer(style=style, seed=seed, failures=self.failures)


def app_with(bank: Bank, backend: Backend) -> App:
    return build_app(get_settings(), bank=bank, backend=backend)


def candidate_answers(app: App, interview_id: int) -> list[str]:
    owner = app.profiles.local("Ada")
    messages = app.interviews.view(owner, interview_id).messages
    return [m.content for m in messages if m.role == Role.candidate]


def start(app: App, questions: int = 2) -> int:
    owner = app.profiles.local("Ada")
    return app.interviews.start(owner, InterviewSetup("sample", "technical", 2, questions, seed=4))


def test_a_speaker_that_stops_mid_reply_leaves_an_interview_the_next_call_carries_on(
    app: App,
) -> None:
    owner = app.profiles.local("Ada")
    interview_id = start(app)

    def stops(chunks: Iterator[str]) -> str:
        raise Interrupted  # the browser moved on while the next question was being shown

    with pytest.raises(Interrupted):
        app.interviews.submit_answer(owner, interview_id, ANSWER, speak=stops)
    view = app.interviews.view(owner, interview_id)  # a reload
    assert view.awaiting is not None and not view.busy
    assert candidate_answers(app, interview_id) == [ANSWER]
    assert app.history.report(owner, interview_id).questions[0].result is not None
    asked = [m for m in view.messages if m.role == Role.interviewer]
    assert len(asked) == 3  # greeting, the first question, then the next step, said once


def test_a_scorer_interrupted_before_it_saved_a_score_is_run_again_on_resume(bank: Bank) -> None:
    app = app_with(bank, Backend(scorer=FlakyScorer(fails=1)))
    owner = app.profiles.local("Ada")
    interview_id = start(app)
    with pytest.raises(Interrupted):
        app.interviews.submit_answer(owner, interview_id, ANSWER)
    assert candidate_answers(app, interview_id) == [ANSWER]  # saved before scoring began
    view = app.interviews.view(owner, interview_id)
    assert view.awaiting is not None
    report = app.history.report(owner, interview_id)
    assert report.questions[0].result is not None and report.questions[0].result.overall > 0


def test_an_interviewer_failing_after_the_score_was_saved_does_not_block_the_interview(
    bank: Bank,
) -> None:
    backend = FlakyBackend()
    app = app_with(bank, backend)
    owner = app.profiles.local("Ada")
    interview_id = start(app)
    backend.failures.append("after the score was saved")
    with pytest.raises(RuntimeError, match="interviewer broke"):
        app.interviews.submit_answer(owner, interview_id, "Tuples cannot be changed.")
    # Answer, skip and end all work again; here the person simply answers on.
    for _ in range(10):
        if app.interviews.view(owner, interview_id).finished:
            break
        app.interviews.submit_answer(owner, interview_id, ANSWER)
    report = app.history.report(owner, interview_id)
    assert report.status == "completed" and len(report.answered) == 2
    assert candidate_answers(app, interview_id)[0] == "Tuples cannot be changed."


def test_skip_and_end_work_on_an_interview_an_interrupted_answer_left_behind(app: App) -> None:
    owner = app.profiles.local("Ada")
    interview_id = start(app, questions=3)

    def stops(chunks: Iterator[str]) -> str:
        raise Interrupted

    with pytest.raises(Interrupted):
        app.interviews.submit_answer(owner, interview_id, ANSWER, speak=stops)
    app.interviews.skip(owner, interview_id)
    app.interviews.end_early(owner, interview_id)
    assert app.history.report(owner, interview_id).status == "ended"
    assert app.interviews.active_interview(owner) is None


def test_a_second_submit_of_the_same_turn_is_refused_and_writes_nothing(app: App) -> None:
    owner = app.profiles.local("Ada")
    interview_id = start(app)
    turn_id = app.interviews.view(owner, interview_id).turn_id
    first = app.interviews.submit_answer(owner, interview_id, ANSWER, turn_id=turn_id)
    again = app.interviews.submit_answer(owner, interview_id, "a second click", turn_id=turn_id)
    assert first.saved and not again.saved and again.duplicate
    assert "already answered" in again.notices[0]
    assert candidate_answers(app, interview_id) == [ANSWER]


@pytest.mark.parametrize("round_", range(20))
def test_the_same_turn_submitted_twice_at_once_is_stored_exactly_once(app: App, round_) -> None:
    owner = app.profiles.local("Ada")
    interview_id = start(app)
    turn_id = app.interviews.view(owner, interview_id).turn_id
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def submit(text: str) -> None:
        barrier.wait()
        try:
            outcomes.append(
                app.interviews.submit_answer(owner, interview_id, text, turn_id=turn_id)
            )
        except BaseException as exc:  # pragma: no cover - what the test guards against
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(f"{ANSWER} ({n})",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(o.saved for o in outcomes) == [False, True]
    assert len(candidate_answers(app, interview_id)) == 1
    report = app.history.report(owner, interview_id)
    assert len([e for e in report.questions[0].exchanges if e.answer]) == 1
