"""The interview lifecycle: start, answer, skip, retry, end, resume.

Every step is committed the moment it happens, and the answer before anything that could fail, so a
reload, a restarted server or a provider error never loses what the person typed. A command that is
interrupted after its answer was saved (the browser moved on, the model failed, the process died)
is picked up by the next call on that interview, which writes the next question; so an interview
can never get stuck. Every call takes the owner and refuses an interview that is not theirs. Reads
for other pages live in `interviewsim.views`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.backends import Backend, offline_backend
from interviewsim.bank import Bank, Question
from interviewsim.config import MAX_ANSWER_CHARS
from interviewsim.interview.coaching_steps import (
    NO_WEAK_SPOTS_YET,
    add_verdict,
    answer_time,
    answers_nothing,
    ask_again,
    chosen_plan,
    coach_choice,
    reopen,
    retry_wanted,
)
from interviewsim.interview.delivery_step import record_delivery
from interviewsim.interview.model import (
    MAX_QUESTIONS,
    InterviewError,
    InterviewSetup,
    InterviewView,
    SubmitOutcome,
    utcnow,
)
from interviewsim.interview.steps import InterviewSteps
from interviewsim.interview.unit_of_work import InterviewBusy, InterviewUnit, Speaker
from interviewsim.interviewer import STYLES, AskAgain, Greeting
from interviewsim.learner import AREA_WINDOW
from interviewsim.profiles import Owner
from interviewsim.selection import WEAK_SPOTS, SelectionRequest, choose_questions
from interviewsim.states import InterviewStatus, Role
from interviewsim.store.models import Turn
from interviewsim.store.selection_queries import SelectionQueries
from interviewsim.tailoring import TailorRequest, tailored_count, with_tailored
from interviewsim.text import truncate

ALREADY_ANSWERED = (
    "That question was already answered (from another tab, or a second click); nothing was "
    "overwritten. Here is where the interview stands."
)


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
        bank_for: Callable[[Owner], Bank] | None = None,
    ):
        self.sessions = sessions
        self.bank = bank
        # What this person may practise (the packaged bank, and banks uploaded in the app).
        self.bank_for: Callable[[Owner], Bank] = bank_for or (lambda owner: bank)
        self.backend = backend or offline_backend(bank)
        self.clock = clock
        self.max_answer_chars = max_answer_chars
        self.steps = InterviewSteps(bank, self.backend, clock)

    @property
    def notice(self) -> str | None:
        """Why the AI provider the settings name is not in use, if it is not."""
        return self.backend.notice

    # ---------------------------------------------------------------------------- lifecycle
    def start(
        self,
        owner: Owner,
        setup: InterviewSetup,
        job_description: str = "",
        resume_text: str = "",
        speak: Speaker | None = None,
    ) -> int:
        """Plan and open an interview. A job description or résumé (with an AI provider) swaps in
        up to two questions written for them, marked as generated."""
        check_setup(setup)
        seed = setup.seed if setup.seed is not None else random.SystemRandom().randrange(1, 10**9)
        bank = self.bank_for(owner)
        with InterviewUnit(self.sessions, speak, self.clock) as uow, uow.metered("start"):
            recent: list[dict[str, Any]] = []
            if setup.question_ids:
                plan = chosen_plan(bank, setup.track, setup.question_ids)
            else:
                # A bounded read: the recent answers, and one stored memory per question.
                queries = SelectionQueries(uow.session)
                recent = queries.recent_selection_rows(owner.profile_id, setup.track, AREA_WINDOW)
                stored = queries.memories(owner.profile_id, setup.track)
                request = selection_request(setup, seed, self.clock())
                plan = choose_questions(bank, request, recent, stored)
            if not plan:
                raise InterviewError(
                    f"No questions match track {setup.track!r} and type {setup.interview_type!r}."
                )
            track = bank.tracks.get(setup.track)
            title = track.title if track else setup.track
            # A question from a bank uploaded in the app travels with the plan, as it is now.
            planned = [
                p.to_dict()
                if p.id in self.bank
                else {**p.to_dict(), "question": bank.get(p.id).model_dump(mode="json")}
                for p in plan
            ]
            notices = [self.notice] if self.notice else []
            if setup.focus == WEAK_SPOTS and not recent:
                notices.append(NO_WEAK_SPOTS_YET)
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
                profile_id=owner.profile_id,
                track=setup.track,
                interview_type=setup.interview_type,
                difficulty=setup.difficulty or 0,
                style=setup.style,
                seed=seed,
                plan=planned,
                status=InterviewStatus.active,
                usage={},
                started_at=self.clock(),  # one clock for every timestamp: filters compare them
                coach=coach_choice(uow, owner, setup.coach),
            )
            self.steps.say(uow, Greeting(title, len(plan), owner.name))
            for notice in notices:
                uow.repo.add_message(interview.id, Role.notice, notice)
            self.steps.ask(uow, 0)
            uow.commit()
            return interview.id

    def submit_answer(
        self,
        owner: Owner,
        interview_id: int,
        answer: str,
        speak: Speaker | None = None,
        turn_id: int | None = None,
        duration_s: float | None = None,
    ) -> SubmitOutcome:
        """Save the answer, score it, then follow up or move on. The answer is committed first.

        `turn_id` is the question the person saw: when it is no longer the one waiting (a double
        click, a second tab), nothing is written and the outcome says so. `duration_s`: a spoken
        answer's recording length."""
        with InterviewUnit(self.sessions, speak, self.clock) as uow, uow.metered("answer"):
            try:
                interview = uow.claim(interview_id, owner)
            except InterviewBusy as busy:
                return SubmitOutcome(saved=False, duplicate=True, notices=(str(busy),))
            turn = self._waiting(uow)
            if turn_id is not None and turn.id != turn_id:
                uow.release()
                uow.commit()
                return SubmitOutcome(saved=False, duplicate=True, notices=(ALREADY_ANSWERED,))
            question = Question.model_validate(turn.question)
            text = answer.strip()
            if not text:
                self.steps.say(uow, AskAgain(question, "empty"))
                uow.release()
                uow.commit()
                return SubmitOutcome(saved=False, notices=("Your answer was empty.",))

            text, cut = truncate(text, self.max_answer_chars)
            now = self.clock()
            turn.answer, turn.answer_truncated = text, cut
            turn.answered_at = now
            turn.time_taken_s = answer_time(turn, text, now)
            notices: list[str] = []
            if cut:
                notices.append(
                    f"Your answer was longer than {self.max_answer_chars:,} characters; the first "
                    f"{self.max_answer_chars:,} were kept and scored."
                )
            spoken = record_delivery(turn, question, self.bank_for(owner), duration_s)
            uow.repo.add_answer(turn, text)
            for notice in notices:
                uow.repo.add_message(interview.id, Role.notice, notice)
            uow.commit()  # the answer is safe before scoring or the interviewer can fail

            result = self.steps.score(uow, question, turn)
            if result.notice:
                notices.append(result.notice)
                uow.repo.add_message(interview.id, Role.notice, result.notice)
            if interview.coach and not answers_nothing(turn, text, result):
                add_verdict(uow, turn, result, spoken)
            uow.commit()

            finished = self.steps.after_answer(uow, turn, question, result)
            uow.release()
            uow.commit()
            return SubmitOutcome(True, result, tuple(notices), finished, delivery=spoken)

    def skip(
        self,
        owner: Owner,
        interview_id: int,
        speak: Speaker | None = None,
        turn_id: int | None = None,
    ) -> bool:
        """Skip the question being asked (and any follow-up on it). Returns True when finished."""
        with InterviewUnit(self.sessions, speak, self.clock) as uow, uow.metered("skip"):
            interview = uow.claim(interview_id, owner)
            turn = self._waiting(uow)
            finished = False
            if turn_id is None or turn.id == turn_id:  # else: already moved on, skip nothing
                turn.skipped, turn.answered_at = True, self.clock()
                uow.repo.add_message(interview.id, Role.candidate, "(skipped)", skipped=True)
                question = Question.model_validate(turn.question)
                finished = self.steps.advance(uow, turn.question_index, question, None)
            uow.release()
            uow.commit()
            return finished

    def retry(
        self, owner: Owner, interview_id: int, question_index: int, seen_attempt: int | None = None
    ) -> int:
        """Ask an answered (or skipped) question again as a new attempt in the same interview, and
        return the attempt now waiting. Earlier attempts stay for the comparison; the latest one
        holds the question's score. A completed interview is taken up again for it and completes
        again afterwards. `seen_attempt` is the attempt the person saw: when a newer one exists,
        nothing is written."""
        with InterviewUnit(self.sessions, None, self.clock) as uow, uow.metered("retry"):
            standing = retry_wanted(uow, owner, interview_id, question_index, seen_attempt)
            if standing is not None:
                return standing
            reopen(uow, owner, interview_id, self.clock())
            uow.claim(interview_id, owner)
            attempt = ask_again(uow, question_index, seen_attempt, self.clock())
            uow.release()
            uow.commit()
            return attempt

    def end_early(self, owner: Owner, interview_id: int, speak: Speaker | None = None) -> None:
        with InterviewUnit(self.sessions, speak, self.clock) as uow, uow.metered("end"):
            uow.claim(interview_id, owner)
            turn = uow.repo.open_turn(interview_id)
            if turn is not None:
                turn.skipped, turn.answered_at = True, self.clock()
            self.steps.finish(uow, InterviewStatus.ended)
            uow.release()
            uow.commit()

    # ------------------------------------------------------------------------------- resume
    def active_interview(self, owner: Owner) -> int | None:
        with InterviewUnit(self.sessions) as uow:
            return uow.repo.active_interview_id(owner.profile_id)

    def view(self, owner: Owner, interview_id: int, speak: Speaker | None = None) -> InterviewView:
        """The transcript and where the interview stands: a reload or a restart resumes here, and
        an interrupted answer is carried on first (unless a command is still working on it)."""
        with InterviewUnit(self.sessions, speak, self.clock) as uow:
            interview = uow.load(interview_id, owner)
            active = interview.status == InterviewStatus.active
            turn = uow.repo.open_turn(interview_id) if active else None
            busy = active and uow.busy(interview)
            if active and turn is None and not busy:
                try:
                    interview = uow.claim(interview_id, owner)
                except InterviewBusy:
                    busy = True
                else:
                    turn = self._waiting(uow)
                    uow.release()
                    uow.commit()
            return InterviewView.of(interview, turn, uow.repo.messages(interview_id), busy)

    def _waiting(self, uow: InterviewUnit) -> Turn:
        """The turn waiting for an answer in the claimed interview; an interrupted command is
        carried on first. Raises when that finishes the interview."""
        interview = uow.interview
        turn = uow.repo.open_turn(interview.id)
        if turn is None:
            self.steps.recover(uow)
            uow.commit()
            turn = uow.repo.open_turn(interview.id)
        if turn is None or interview.status != InterviewStatus.active:
            raise InterviewError("This interview has finished; start a new one to keep practising.")
        return turn


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
