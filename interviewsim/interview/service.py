"""The interview lifecycle: start, answer, skip, end, resume.

Every step is committed the moment it happens, and the answer before anything that could fail, so a
reload, a restarted server or a provider error never loses what the person typed. The page keeps only
ids; everything else is read back from the store. Reads for other pages live in `interviewsim.views`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.backends import Backend
from interviewsim.bank import Bank, Question
from interviewsim.config import MAX_ANSWER_CHARS
from interviewsim.interview.model import (
    MAX_QUESTIONS,
    InterviewError,
    InterviewSetup,
    InterviewView,
    SubmitOutcome,
    utcnow,
)
from interviewsim.interview.scoring_step import criterion_rows, score_or_fall_back
from interviewsim.interview.unit_of_work import InterviewUnit, Speaker
from interviewsim.interviewer import (
    STYLES,
    Acknowledge,
    Ask,
    AskAgain,
    Cue,
    FollowUp,
    Greeting,
    WrapUp,
    plan_follow_up,
)
from interviewsim.scoring import ScoreResult
from interviewsim.selection import AREA_WINDOW, SelectionRequest, choose_questions
from interviewsim.states import FollowUpTarget, InterviewStatus, Role, TurnKind
from interviewsim.store.history import HistoryQueries
from interviewsim.store.models import Turn
from interviewsim.tailoring import TailorRequest, tailored_count, with_tailored
from interviewsim.text import truncate


class InterviewService:
    """Runs interviews against a store; the backend words them and scores them (offline by
    default). Shared by every browser session: it holds only the session factory and immutable
    parts, and each call works in its own unit of work."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        bank: Bank,
        backend: Backend | None = None,
        clock: Callable[[], datetime] = utcnow,
        max_answer_chars: int = MAX_ANSWER_CHARS,
    ):
        self.sessions = sessions
        self.bank = bank
        self.backend = backend or Backend()
        self.clock = clock
        self.max_answer_chars = max_answer_chars

    @property
    def notice(self) -> str | None:
        """Why the AI provider the settings name is not in use, if it is not."""
        return self.backend.notice

    # ---------------------------------------------------------------------------- lifecycle
    def start(
        self,
        setup: InterviewSetup,
        profile_name: str = "there",
        job_description: str = "",
        resume_text: str = "",
        speak: Speaker | None = None,
    ) -> int:
        """Plan and open an interview. A job description or résumé (with an AI provider) swaps in
        up to two questions written for them, marked as generated."""
        check_setup(setup)
        seed = setup.seed if setup.seed is not None else random.SystemRandom().randrange(1, 10**9)
        with InterviewUnit(self.sessions, speak) as uow, uow.metered("start"):
            history = HistoryQueries(uow.session).selection_history(
                setup.profile_id, setup.track, criteria_for_last=AREA_WINDOW
            )
            plan = choose_questions(
                self.bank, selection_request(setup, seed, self.clock()), history
            )
            if not plan:
                raise InterviewError(
                    f"No questions match track {setup.track!r} and type {setup.interview_type!r}."
                )
            track = self.bank.tracks.get(setup.track)
            title = track.title if track else setup.track
            planned = [p.to_dict() for p in plan]
            notices = [self.notice] if self.notice else []
            if job_description.strip() or resume_text.strip():
                wanted = TailorRequest(
                    setup.track,
                    title,
                    setup.interview_type,
                    job_description,
                    resume_text,
                    tailored_count(len(planned)),
                    seed,
                )
                made = self.backend.tailor(wanted)
                planned = with_tailored(planned, made, job_description, resume_text)
                notices += [made.notice] if made.notice else []
            interview = uow.add_interview(
                profile_id=setup.profile_id,
                track=setup.track,
                interview_type=setup.interview_type,
                difficulty=setup.difficulty or 0,
                style=setup.style,
                seed=seed,
                plan=planned,
                status=InterviewStatus.active,
                usage={},
                started_at=self.clock(),  # one clock for every timestamp: filters compare them
            )
            self._say(uow, Greeting(title, len(plan), profile_name))
            for notice in notices:
                uow.repo.add_message(interview.id, Role.notice, notice)
            self._ask(uow, 0)
            uow.commit()
            return interview.id

    def submit_answer(
        self, interview_id: int, answer: str, speak: Speaker | None = None
    ) -> SubmitOutcome:
        """Save the answer, score it, then follow up or move on. The answer is committed first."""
        with InterviewUnit(self.sessions, speak) as uow, uow.metered("answer"):
            interview, turn = uow.load_open(interview_id)
            question = Question.model_validate(turn.question)
            text = answer.strip()
            if not text:
                self._say(uow, AskAgain(question, "empty"))
                uow.commit()
                return SubmitOutcome(saved=False, notices=("Your answer was empty.",))

            text, cut = truncate(text, self.max_answer_chars)
            now = self.clock()
            turn.answer, turn.answer_truncated = text, cut
            turn.answered_at = now
            turn.time_taken_s = round(max(0.0, (now - turn.asked_at).total_seconds()), 1)
            notices: list[str] = []
            if cut:
                notices.append(
                    f"Your answer was longer than {self.max_answer_chars:,} characters; the first "
                    f"{self.max_answer_chars:,} were kept and scored."
                )
            uow.repo.add_message(
                interview.id, Role.candidate, text, time_taken_s=turn.time_taken_s, truncated=cut
            )
            for notice in notices:
                uow.repo.add_message(interview.id, Role.notice, notice)
            uow.commit()  # the answer is safe before scoring or the interviewer can fail

            result = self._score(uow, question, turn)
            if result.notice:
                notices.append(result.notice)
                uow.repo.add_message(interview.id, Role.notice, result.notice)
            uow.commit()

            finished = self._after_answer(uow, turn, question, result)
            uow.commit()
            return SubmitOutcome(True, result, tuple(notices), finished)

    def skip(self, interview_id: int, speak: Speaker | None = None) -> bool:
        """Skip the question being asked (and any follow-up on it). Returns True when finished."""
        with InterviewUnit(self.sessions, speak) as uow, uow.metered("skip"):
            interview, turn = uow.load_open(interview_id)
            turn.skipped, turn.answered_at = True, self.clock()
            uow.repo.add_message(interview.id, Role.candidate, "(skipped)", skipped=True)
            question = Question.model_validate(turn.question)
            finished = self._advance(uow, turn.question_index, question, None)
            uow.commit()
            return finished

    def end_early(self, interview_id: int, speak: Speaker | None = None) -> None:
        with InterviewUnit(self.sessions, speak) as uow, uow.metered("end"):
            _, turn = uow.load_open(interview_id)
            turn.skipped, turn.answered_at = True, self.clock()
            self._finish(uow, InterviewStatus.ended)
            uow.commit()

    # ------------------------------------------------------------------------------- resume
    def active_interview(self, profile_id: int) -> int | None:
        with InterviewUnit(self.sessions) as uow:
            return uow.repo.active_interview_id(profile_id)

    def view(self, interview_id: int) -> InterviewView:
        """The transcript and where the interview stands (a reload or a restart resumes here)."""
        with InterviewUnit(self.sessions) as uow:
            interview = uow.load(interview_id)
            active = interview.status == InterviewStatus.active
            turn = uow.repo.open_turn(interview_id) if active else None
            return InterviewView.of(interview, turn, uow.repo.messages(interview_id))

    # ------------------------------------------------------------------------------ helpers
    def _say(self, uow: InterviewUnit, cue: Cue, **meta: object) -> str:
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

    def _ask(self, uow: InterviewUnit, index: int) -> None:
        interview = uow.interview
        planned = interview.plan[index]
        # A tailored question is not in the bank: the plan carries it whole.
        snapshot = planned.get("question")
        question = Question.model_validate(snapshot) if snapshot else self.bank.get(planned["id"])
        cue = Ask(question, index, len(interview.plan), planned.get("reason", ""))
        meta = {"generated": True} if question.generated else {}
        text = self._say(uow, cue, question_index=index, reason=planned.get("reason"), **meta)
        uow.repo.add_turn(
            interview.id,
            question_index=index,
            question_id=question.id,
            question=question.model_dump(mode="json"),
            kind=TurnKind.main,
            prompt_text=text,
            asked_at=self.clock(),
        )

    def _score(self, uow: InterviewUnit, question: Question, turn: Turn) -> ScoreResult:
        # A follow-up answer is scored together with what was said before it: the question's
        # score is what the person covered across the whole exchange.
        turns = uow.repo.turns_for_question(uow.interview.id, turn.question_index)
        combined = "\n".join(t.answer for t in turns if t.answer)
        rubric = self.bank.rubric_for(question.category)
        result = score_or_fall_back(self.backend.scorer, question, rubric, combined)
        uow.repo.save_scores(turn, float(result.overall), result.to_dict(), criterion_rows(result))
        uow.interview.scorer = result.scorer
        return result

    def _after_answer(
        self, uow: InterviewUnit, turn: Turn, question: Question, result: ScoreResult
    ) -> bool:
        earlier = uow.repo.turns_for_question(uow.interview.id, turn.question_index)
        asked = [FollowUpTarget.parse(t.follow_up_target) for t in earlier if t.follow_up_target]
        combined = "\n".join(t.answer for t in earlier if t.answer)
        target = plan_follow_up(question, combined, result, asked)
        if target is None:
            return self._advance(uow, turn.question_index, question, result)
        cue = FollowUp(question, target, combined, result)
        text = self._say(uow, cue, question_index=turn.question_index, follow_up=True)
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

    def _advance(
        self, uow: InterviewUnit, index: int, question: Question, result: ScoreResult | None
    ) -> bool:
        if index + 1 < len(uow.interview.plan):
            self._say(uow, Acknowledge(question, result))
            self._ask(uow, index + 1)
            return False
        self._finish(uow, InterviewStatus.completed)
        return True

    def _finish(self, uow: InterviewUnit, status: InterviewStatus) -> None:
        interview = uow.interview
        finals = uow.repo.final_scores(interview.id)
        skipped = sum(1 for t in interview.turns if t.skipped and t.kind == TurnKind.main)
        wrap_up = wrap_up_for(finals, skipped, ended_early=status == InterviewStatus.ended)
        self._say(uow, wrap_up)
        uow.repo.finish(interview, status, wrap_up.average, self.clock())


def check_setup(setup: InterviewSetup) -> None:
    if setup.style not in STYLES:
        raise InterviewError(f"Unknown interviewer style {setup.style!r}; choose from {STYLES}.")
    if not 1 <= setup.num_questions <= MAX_QUESTIONS:
        raise InterviewError(f"Choose between 1 and {MAX_QUESTIONS} questions.")


def selection_request(setup: InterviewSetup, seed: int, now: datetime) -> SelectionRequest:
    return SelectionRequest(
        setup.track,
        setup.num_questions,
        setup.interview_type,
        setup.difficulty,
        seed,
        now=now,
        focus=setup.focus,
        topics=tuple(setup.topics),
    )


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
