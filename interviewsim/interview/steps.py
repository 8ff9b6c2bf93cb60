"""The steps an interview moves through inside a command: say, ask, score, follow up or move on,
wrap up, and pick up again where an interrupted command left off.

Each step works on the command's unit of work; the service decides which steps a command runs and
where it commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from interviewsim.backends import Backend
from interviewsim.bank import Bank, Question
from interviewsim.interview.scoring_step import criterion_rows, score_or_fall_back
from interviewsim.interview.unit_of_work import InterviewUnit
from interviewsim.interviewer import Acknowledge, Ask, Cue, FollowUp, WrapUp, plan_follow_up
from interviewsim.scoring import ScoreResult
from interviewsim.states import FollowUpTarget, InterviewStatus, Role, TurnKind
from interviewsim.store.models import Turn


class InterviewSteps:
    def __init__(self, bank: Bank, backend: Backend, clock: Callable[[], datetime]):
        self.bank = bank
        self.backend = backend
        self.clock = clock

    def say(self, uow: InterviewUnit, cue: Cue, **meta: object) -> str:
        interview = uow.interview
        # The seed mixes in the transcript length so each utterance's wording is reproducible.
        step = uow.repo.message_count(interview.id)
        interviewer = self.backend.interviewer(interview.style, interview.seed * 1000 + step)
        words = uow.speak(interviewer.stream(cue)) if uow.speak else interviewer.say(cue)
        if not isinstance(words, str):  # st.write_stream returns a list for non-text chunks
            words = "".join(map(str, words))
        interview.interviewer = interviewer.name
        if interviewer.notice:
            uow.repo.add_message(interview.id, Role.notice, interviewer.notice)
        uow.repo.add_message(interview.id, Role.interviewer, words, **meta)
        return words

    def ask(self, uow: InterviewUnit, index: int) -> None:
        interview = uow.interview
        planned = interview.plan[index]
        # A tailored question is not in the bank: the plan carries it whole.
        snapshot = planned.get("question")
        question = Question.model_validate(snapshot) if snapshot else self.bank.get(planned["id"])
        cue = Ask(question, index, len(interview.plan), planned.get("reason", ""))
        meta = {"generated": True} if question.generated else {}
        text = self.say(uow, cue, question_index=index, reason=planned.get("reason"), **meta)
        uow.repo.add_turn(
            interview.id,
            question_index=index,
            question_id=question.id,
            question=question.model_dump(mode="json"),
            kind=TurnKind.main,
            prompt_text=text,
            asked_at=self.clock(),
        )

    def score(self, uow: InterviewUnit, question: Question, turn: Turn) -> ScoreResult:
        # A follow-up answer is scored together with what was said before it: the question's
        # score is what the person covered across the whole exchange.
        turns = uow.repo.turns_for_question(uow.interview.id, turn.question_index)
        combined = "\n".join(t.answer for t in turns if t.answer)
        rubric = self.bank.rubric_for(question.category)
        result = score_or_fall_back(self.backend.scorer, question, rubric, combined)
        uow.repo.save_scores(turn, float(result.overall), result.to_dict(), criterion_rows(result))
        uow.interview.scorer = result.scorer
        return result

    def after_answer(
        self, uow: InterviewUnit, turn: Turn, question: Question, result: ScoreResult
    ) -> bool:
        """Follow up on the gap the answer left, or move on. True when the interview is over."""
        earlier = uow.repo.turns_for_question(uow.interview.id, turn.question_index)
        asked = [FollowUpTarget.parse(t.follow_up_target) for t in earlier if t.follow_up_target]
        combined = "\n".join(t.answer for t in earlier if t.answer)
        target = plan_follow_up(question, combined, result, asked)
        if target is None:
            return self.advance(uow, turn.question_index, question, result)
        cue = FollowUp(question, target, combined, result)
        text = self.say(uow, cue, question_index=turn.question_index, follow_up=True)
        uow.repo.add_turn(
            uow.interview.id,
            question_index=turn.question_index,
            question_id=question.id,
            question=turn.question,
            kind=TurnKind.follow_up,
            follow_up_target=str(target)[:200],
            prompt_text=text,
            asked_at=self.clock(),
        )
        return False

    def advance(
        self, uow: InterviewUnit, index: int, question: Question, result: ScoreResult | None
    ) -> bool:
        # After a retry of an earlier question, carry on where the interview had got to.
        following = max(index, uow.repo.last_question_index(uow.interview.id)) + 1
        if following < len(uow.interview.plan):
            self.say(uow, Acknowledge(question, result))
            self.ask(uow, following)
            return False
        self.finish(uow, InterviewStatus.completed)
        return True

    def finish(self, uow: InterviewUnit, status: InterviewStatus) -> None:
        interview = uow.interview
        finals = uow.repo.final_scores(interview.id)
        skipped = sum(1 for t in interview.turns if t.skipped and t.kind == TurnKind.main)
        wrap_up = wrap_up_for(finals, skipped, ended_early=status == InterviewStatus.ended)
        self.say(uow, wrap_up)
        uow.repo.finish(interview, status, wrap_up.average, self.clock())

    def recover(self, uow: InterviewUnit) -> None:
        """Carry on from an interrupted command: the interview is active but nothing is waiting for
        an answer (the answer and its score were saved, then the run stopped before the next
        question was written). Score what was answered if needed, then follow up or move on."""
        last = uow.repo.last_turn(uow.interview.id)
        if last is None:  # stopped before the first question was asked
            self.ask(uow, 0)
            return
        question = Question.model_validate(last.question)
        if last.skipped:
            self.advance(uow, last.question_index, question, None)
        elif last.result is None:
            self.after_answer(uow, last, question, self.score(uow, question, last))
        else:
            self.after_answer(uow, last, question, ScoreResult.from_dict(last.result))


def wrap_up_for(finals: list[Turn], skipped: int, ended_early: bool) -> WrapUp:
    """The wrap-up's facts from each question's final scored turn."""
    scores = [t.overall for t in finals if t.overall is not None]
    by_category: dict[str, list[float]] = {}
    for t in finals:
        by_category.setdefault(t.question.get("category", "?"), []).append(t.overall or 0)
    means = {k.replace("_", " "): sum(v) / len(v) for k, v in by_category.items()}
    return WrapUp(
        answered=len(scores),
        skipped=skipped,
        average=sum(scores) / len(scores) if scores else None,
        strongest=max(means, key=means.__getitem__) if means else None,
        weakest=min(means, key=means.__getitem__) if means else None,
        ended_early=ended_early,
    )
