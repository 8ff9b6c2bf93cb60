"""The steps an interview moves through inside a command: say, ask, score, follow up or move on,
wrap up, and pick up again where an interrupted command left off.

Each step works on the command's unit of work; the service decides which steps a command runs and
where it commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from interviewsim.backends import Backend, offline_backend
from interviewsim.bank import Bank, Question
from interviewsim.interview.scoring_step import criterion_rows, score_or_fall_back
from interviewsim.interview.unit_of_work import InterviewUnit
from interviewsim.interviewer import Acknowledge, Ask, Cue, FollowUp, WrapUp, plan_follow_up
from interviewsim.interviewer.base import TARGET_CHARS
from interviewsim.interviewer.probes import probe_for
from interviewsim.interviewer.replies import REQUESTS, Reply, is_request, read_latest, read_reply
from interviewsim.learner import next_box
from interviewsim.scoring import ScoreResult
from interviewsim.scoring.exchange import exchange_text
from interviewsim.states import FollowUpTarget, InterviewStatus, Role, TargetKind, TurnKind
from interviewsim.store.models import Message, Turn


def current_exchange(turns: list[Turn]) -> list[Turn]:
    """The turns of a question from its latest main turn on (the question as last asked)."""
    began = max((t.seq for t in turns if t.kind == TurnKind.main), default=0)
    return [t for t in turns if t.seq >= began]


class InterviewSteps:
    def __init__(self, bank: Bank, backend: Backend, clock: Callable[[], datetime]):
        self.bank = bank
        self.backend = backend
        self.clock = clock

    def say(self, uow: InterviewUnit, cue: Cue, **meta: Any) -> Message:
        return uow.repo.add_message(uow.interview.id, Role.interviewer, self.word(uow, cue), **meta)

    def word(self, uow: InterviewUnit, cue: Cue) -> str:
        """The interviewer's words for `cue` (and its notice, if any, in the transcript first)."""
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
        return words

    def ask(self, uow: InterviewUnit, index: int) -> None:
        interview = uow.interview
        planned = interview.plan[index]
        # A tailored question is not in the bank: the plan carries it whole.
        snapshot = planned.get("question")
        question = Question.model_validate(snapshot) if snapshot else self.bank.get(planned["id"])
        cue = Ask(question, index, len(interview.plan), planned.get("reason", ""))
        meta = {"generated": True} if question.generated else {}
        words = self.word(uow, cue)
        turn = uow.repo.add_turn(
            interview.id,
            question_index=index,
            question_id=question.id,
            question=question.model_dump(mode="json"),
            kind=TurnKind.main,
            prompt_text=words,
            asked_at=self.clock(),
        )
        # The message takes the question's words from the turn (store.transcript).
        uow.repo.add_message(
            interview.id,
            Role.interviewer,
            words,
            about=turn,
            question_index=index,
            reason=planned.get("reason"),
            **meta,
        )

    def score(self, uow: InterviewUnit, question: Question, turn: Turn) -> ScoreResult:
        # A follow-up answer is scored together with what was said before it: the question's
        # score is what the person covered across the whole exchange. A request ("hint", "can
        # you repeat?") adds nothing to it: the score so far stands, and no model is asked.
        turns = uow.repo.turns_for_question(uow.interview.id, turn.question_index)
        exchange = current_exchange(turns)
        answers = [t.answer for t in exchange if t.answer and not is_request(t.answer)]
        rubric = self.bank.rubric_for(question.category)
        before = [t for t in exchange if t.id != turn.id and t.result]
        offline = offline_backend(self.bank).scorer
        reply = read_reply(turn.answer or "")
        if not answers:
            # Nothing answered yet: no score to keep (the empty one only plans the reply), and a
            # typed "skip" skips the question as the button does.
            turn.skipped = reply is Reply.move_on
            return offline.score(question, rubric, "")
        held = before[-1].result if before else None
        if reply in REQUESTS and held:
            result = ScoreResult.from_dict(held)
        else:
            result = score_or_fall_back(self.backend.scorer, offline, question, rubric, answers)
            uow.interview.scorer = result.scorer
        uow.repo.save_scores(turn, float(result.overall), result.to_dict(), criterion_rows(result))
        # The new score covers the whole exchange: earlier scores of this exchange keep their
        # number but not their detail, which nothing reads again (the store stays small).
        for earlier in before:
            uow.repo.drop_score_detail(earlier)
        return result

    def after_answer(
        self, uow: InterviewUnit, turn: Turn, question: Question, result: ScoreResult
    ) -> bool:
        """Follow up on the gap the answer left, react to what the candidate asked for, or move
        on. True when the interview is over."""
        exchange = current_exchange(
            uow.repo.turns_for_question(uow.interview.id, turn.question_index)
        )
        asked = [FollowUpTarget.parse(t.follow_up_target) for t in exchange if t.follow_up_target]
        answers = [t.answer for t in exchange if t.answer and not is_request(t.answer)]
        combined = exchange_text(answers)
        said = [t.prompt_text for t in exchange if t.prompt_text]
        latest = turn.answer or ""
        target = plan_follow_up(question, combined, result, asked, latest=latest, said=said)
        if target is None:
            offered = bool(asked) and asked[-1].kind is TargetKind.offer
            reply = read_latest(latest, result, offered)
            return self.advance(uow, turn.question_index, question, result, reply)
        probe = probe_for(question, target, result, combined, asked, said)
        cue = FollowUp(question, target, combined, result, probe)
        meta = {"target": target.kind.value, "authored": probe.authored}
        words = self.word(uow, cue)
        follow_up = uow.repo.add_turn(
            uow.interview.id,
            question_index=turn.question_index,
            question_id=question.id,
            question=turn.question,
            kind=TurnKind.follow_up,
            follow_up_target=str(target)[:TARGET_CHARS],
            prompt_text=words,
            asked_at=self.clock(),
        )
        uow.repo.add_message(
            uow.interview.id,
            Role.interviewer,
            words,
            about=follow_up,
            question_index=turn.question_index,
            follow_up=True,
            **meta,
        )
        return False

    def advance(
        self,
        uow: InterviewUnit,
        index: int,
        question: Question,
        result: ScoreResult | None,
        reply: Reply = Reply.answer,
    ) -> bool:
        # After a retry of an earlier question, carry on where the interview had got to.
        following = max(index, uow.repo.last_question_index(uow.interview.id)) + 1
        if following < len(uow.interview.plan):
            self.say(uow, Acknowledge(question, result, reply))
            self.ask(uow, following)
            return False
        if reply in (Reply.hint, Reply.repeat):  # help asked for, none left: say so, then wrap up
            self.say(uow, Acknowledge(question, result, reply, last=True))
        self.finish(uow, InterviewStatus.completed)
        return True

    def finish(self, uow: InterviewUnit, status: InterviewStatus) -> None:
        interview = uow.interview
        finals = uow.repo.final_scores(interview.id)
        skipped = sum(1 for t in interview.turns if t.skipped and t.kind == TurnKind.main)
        wrap_up = wrap_up_for(finals, skipped, ended_early=status == InterviewStatus.ended)
        self.say(uow, wrap_up)
        uow.repo.finish(interview, status, wrap_up.average, self.clock())
        self.remember(uow, finals)

    def remember(self, uow: InterviewUnit, finals: list[Turn]) -> None:
        """Move each scored question of the finished interview through its Leitner box, in the
        per-question memory the next interview's selection reads."""
        interview = uow.interview
        known = uow.repo.memories(interview.profile_id, [t.question_id for t in finals])
        for turn in finals:
            score = float(turn.overall or 0.0)
            when = turn.answered_at or self.clock()
            memory = known.get(turn.question_id)
            if memory is None:
                known[turn.question_id] = uow.repo.add_memory(
                    profile_id=interview.profile_id,
                    question_id=turn.question_id,
                    track=interview.track,
                    box=next_box(0, score),
                    answers=1,
                    last_score=score,
                    last_answered=when,
                    last_interview_id=interview.id,
                )
                continue
            memory.box, memory.answers = next_box(memory.box, score), memory.answers + 1
            memory.last_score, memory.last_answered = score, when
            memory.last_interview_id = interview.id

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
