"""One interview as a state machine: ask -> answer -> (follow-up) -> score -> next -> wrap-up.

Every step is committed the moment it happens, and the answer before anything that could fail, so a
reload, a restarted server or a provider error never loses what the person typed. The page keeps only
ids; everything else is read back from the store.
"""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.bank import Bank, Question
from interviewsim.config import MAX_ANSWER_CHARS
from interviewsim.interviewer import (
    STYLES,
    Acknowledge,
    Ask,
    AskAgain,
    FollowUp,
    Greeting,
    Interviewer,
    OfflineInterviewer,
    WrapUp,
    plan_follow_up,
)
from interviewsim.report import InterviewReport, build_report
from interviewsim.scoring import HeuristicScorer, Scorer, ScoreResult
from interviewsim.selection import (
    AREA_WINDOW,
    BALANCED,
    MIXED,
    SelectionRequest,
    choose_questions,
)
from interviewsim.store.models import Interview, Turn
from interviewsim.store.repository import HistoryRepository
from interviewsim.text import truncate
from interviewsim.usage import add_step, metering

log = logging.getLogger(__name__)

MAX_QUESTIONS = 20


class InterviewError(ValueError):
    """A request the interview cannot honour (it is over, the setup is invalid, ...)."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class InterviewSetup:
    profile_id: int
    track: str
    interview_type: str = MIXED
    difficulty: int | None = None
    num_questions: int = 5
    style: str = "neutral"
    seed: int | None = None
    focus: str = BALANCED  # or selection.WEAK_SPOTS: "Practise my weak spots"
    topics: tuple[str, ...] = ()  # tags or categories to practise (Progress page buttons)


@dataclass(frozen=True)
class ChatMessage:
    role: str  # interviewer | candidate | notice
    content: str
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class InterviewView:
    """What the Practice page shows: the transcript and where the interview stands."""

    interview_id: int
    status: str
    track: str
    messages: list[ChatMessage]
    question_index: int  # 0-based index of the question being asked
    total: int
    awaiting: str | None  # "main" or "follow_up" while waiting for an answer; None when over
    time_limit_s: int | None
    asked_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status != "active"


@dataclass(frozen=True)
class SubmitOutcome:
    saved: bool
    result: ScoreResult | None = None
    notices: tuple[str, ...] = ()
    finished: bool = False


InterviewerFactory = Callable[[str, int], Interviewer]


class Tailored(Protocol):
    questions: list[Question]
    notice: str | None


# Questions written for (track, track title, interview type, job description, résumé, count, seed).
QuestionTailor = Callable[[str, str, str, str, str, int, int], Tailored]
# Shows the interviewer's words as they arrive and returns the whole text (st.write_stream).
Speaker = Callable[[Iterator[str]], str]
# Per call, not per service: the service is shared by every browser session's thread.
_speaker: ContextVar[Speaker | None] = ContextVar("interviewsim_speaker", default=None)


def _metered(step: str) -> Callable:
    """Fold the model calls a step makes (tokens, cost, time) into `Interview.usage`."""

    def wrap(method: Callable) -> Callable:
        @functools.wraps(method)
        def run(self: InterviewService, *args, **kwargs):  # type: ignore[no-untyped-def]
            with metering() as meter:
                result = method(self, *args, **kwargs)
            if meter.calls:  # only the LLM path records calls: offline steps skip this write
                # `start` returns the new interview's id; the other steps take it first.
                self._save_usage(result if step == "start" else args[0], step, meter.take())
            return result

        return run

    return wrap


def offline_interviewer(style: str, seed: int) -> Interviewer:
    return OfflineInterviewer(style=style, seed=seed)


class InterviewService:
    """Runs interviews against a store. Scorer and interviewer are swappable (offline by default)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        bank: Bank,
        scorer: Scorer | None = None,
        interviewer_factory: InterviewerFactory = offline_interviewer,
        clock: Callable[[], datetime] = utcnow,
        max_answer_chars: int = MAX_ANSWER_CHARS,
        tailor: QuestionTailor | None = None,
        notice: str | None = None,
    ):
        self.sessions = sessions
        self.bank = bank
        self.scorer = scorer or HeuristicScorer()
        self.fallback_scorer = HeuristicScorer()
        self.interviewer_factory = interviewer_factory
        self.clock = clock
        self.max_answer_chars = max_answer_chars
        self.tailor = tailor  # set when an AI provider can write tailored questions
        self.notice = notice  # e.g. why the AI provider is not in use; shown at each start

    @contextmanager
    def streaming(self, speak: Speaker) -> Iterator[None]:
        """Within the block, the interviewer's words go to `speak` as they arrive (the page shows
        them live); what `speak` returns is what gets saved."""
        token = _speaker.set(speak)
        try:
            yield
        finally:
            _speaker.reset(token)

    def _save_usage(self, interview_id: int, step: str, calls: list) -> None:
        with self.sessions() as s:
            repo = HistoryRepository(s)
            interview = repo.interview(interview_id)
            if interview is not None:
                interview.usage = add_step(interview.usage, step, calls)
                repo.commit()

    # ------------------------------------------------------------------------------ helpers
    def _interviewer(self, interview: Interview, repo: HistoryRepository) -> Interviewer:
        # The seed mixes in the transcript length so each utterance's wording is reproducible.
        step = repo.message_count(interview.id)
        return self.interviewer_factory(interview.style, interview.seed * 1000 + step)

    def _question(self, turn_or_snapshot: Turn | dict) -> Question:
        snapshot = (
            turn_or_snapshot.question if isinstance(turn_or_snapshot, Turn) else turn_or_snapshot
        )
        return Question.model_validate(snapshot)

    def _say(self, repo: HistoryRepository, interview: Interview, cue, **meta) -> str:  # type: ignore[no-untyped-def]
        interviewer = self._interviewer(interview, repo)
        speak = _speaker.get()
        words = speak(interviewer.stream(cue)) if speak else interviewer.say(cue)
        if not isinstance(words, str):  # st.write_stream returns a list for non-text chunks
            words = "".join(map(str, words))
        interview.interviewer = interviewer.name
        if interviewer.notice:
            repo.add_message(interview.id, "notice", interviewer.notice)
        repo.add_message(interview.id, "interviewer", words, **meta)
        return words

    def _ask(self, repo: HistoryRepository, interview: Interview, index: int) -> None:
        planned = interview.plan[index]
        # A tailored question is not in the bank: the plan carries it whole.
        snapshot = planned.get("question")
        question = Question.model_validate(snapshot) if snapshot else self.bank.get(planned["id"])
        cue = Ask(question, index, len(interview.plan), planned.get("reason", ""))
        meta = {"generated": True} if question.generated else {}
        text = self._say(
            repo, interview, cue, question_index=index, reason=planned.get("reason"), **meta
        )
        repo.add_turn(
            interview.id,
            question_index=index,
            question_id=question.id,
            question=question.model_dump(mode="json"),
            kind="main",
            prompt_text=text,
            asked_at=self.clock(),
        )

    # ---------------------------------------------------------------------------- lifecycle
    @_metered("start")
    def start(
        self,
        setup: InterviewSetup,
        profile_name: str = "there",
        job_description: str = "",
        resume_text: str = "",
    ) -> int:
        """Plan and open an interview. A job description or résumé (with an AI provider) swaps in
        up to two questions written for them, marked as generated."""
        if setup.style not in STYLES:
            raise InterviewError(
                f"Unknown interviewer style {setup.style!r}; choose from {STYLES}."
            )
        if not 1 <= setup.num_questions <= MAX_QUESTIONS:
            raise InterviewError(f"Choose between 1 and {MAX_QUESTIONS} questions.")
        seed = setup.seed if setup.seed is not None else random.SystemRandom().randrange(1, 10**9)
        with self.sessions() as s:
            repo = HistoryRepository(s)
            history = repo.selection_history(
                setup.profile_id, setup.track, criteria_for_last=AREA_WINDOW
            )
            plan = choose_questions(
                self.bank,
                SelectionRequest(
                    setup.track,
                    setup.num_questions,
                    setup.interview_type,
                    setup.difficulty,
                    seed,
                    now=self.clock(),
                    focus=setup.focus,
                    topics=tuple(setup.topics),
                ),
                history,
            )
            if not plan:
                raise InterviewError(
                    f"No questions match track {setup.track!r} and type {setup.interview_type!r}."
                )
            track = self.bank.tracks.get(setup.track)
            planned = [p.to_dict() for p in plan]
            notices = [self.notice] if self.notice else []
            if job_description.strip() or resume_text.strip():
                planned, tailor_notice = self._tailored(
                    setup,
                    track.title if track else setup.track,
                    planned,
                    seed,
                    job_description,
                    resume_text,
                )
                notices += [tailor_notice] if tailor_notice else []
            interview = repo.add_interview(
                profile_id=setup.profile_id,
                track=setup.track,
                interview_type=setup.interview_type,
                difficulty=setup.difficulty or 0,
                style=setup.style,
                seed=seed,
                plan=planned,
                status="active",
                usage={},
                started_at=self.clock(),  # one clock for every timestamp: filters compare them
            )
            title = track.title if track else setup.track
            self._say(repo, interview, Greeting(title, len(plan), profile_name))
            for notice in notices:
                repo.add_message(interview.id, "notice", notice)
            self._ask(repo, interview, 0)
            repo.commit()
            return interview.id

    def _tailored(
        self,
        setup: InterviewSetup,
        title: str,
        planned: list[dict],
        seed: int,
        job_description: str,
        resume_text: str,
    ) -> tuple[list[dict], str | None]:
        """The plan with its last questions replaced by ones written for the job or résumé."""
        if self.tailor is None:
            return planned, "Tailored questions need an AI provider (see Settings)."
        count = min(2, max(1, len(planned) // 2))
        made = self.tailor(
            setup.track, title, setup.interview_type, job_description, resume_text, count, seed
        )
        questions = list(made.questions)
        if not questions:
            return planned, made.notice
        keep = planned[: len(planned) - len(questions)]
        reason = "Written for this interview from your " + " and ".join(
            name
            for name, text in (("job description", job_description), ("résumé", resume_text))
            if text.strip()
        )
        extra = [
            {"id": q.id, "reason": reason, "question": q.model_dump(mode="json"), "generated": True}
            for q in questions
        ]
        return keep + extra, made.notice

    def view(self, interview_id: int) -> InterviewView:
        with self.sessions() as s:
            repo = HistoryRepository(s)
            interview = repo.interview(interview_id)
            if interview is None:
                raise InterviewError(f"Interview {interview_id} does not exist.")
            turn = repo.open_turn(interview_id) if interview.status == "active" else None
            messages = [
                ChatMessage(m.role, m.content, dict(m.meta or {}))
                for m in repo.messages(interview_id)
            ]
            return InterviewView(
                interview_id=interview.id,
                status=interview.status,
                track=interview.track,
                messages=messages,
                question_index=turn.question_index if turn else len(interview.plan),
                total=len(interview.plan),
                awaiting=turn.kind if turn else None,
                time_limit_s=turn.question.get("time_limit_s") if turn else None,
                asked_at=turn.asked_at if turn else None,
            )

    def _open(self, repo: HistoryRepository, interview_id: int) -> tuple[Interview, Turn]:
        interview = repo.interview(interview_id)
        if interview is None:
            raise InterviewError(f"Interview {interview_id} does not exist.")
        turn = repo.open_turn(interview_id)
        if interview.status != "active" or turn is None:
            raise InterviewError("This interview has finished; start a new one to keep practising.")
        return interview, turn

    @_metered("answer")
    def submit_answer(self, interview_id: int, answer: str) -> SubmitOutcome:
        """Save the answer, score it, then follow up or move on. The answer is committed first."""
        with self.sessions() as s:
            repo = HistoryRepository(s)
            interview, turn = self._open(repo, interview_id)
            question = self._question(turn)
            text = answer.strip()
            if not text:
                self._say(repo, interview, AskAgain(question, "empty"))
                repo.commit()
                return SubmitOutcome(saved=False, notices=("Your answer was empty.",))

            text, cut = truncate(text, self.max_answer_chars)
            now = self.clock()
            taken = max(0.0, (now - turn.asked_at).total_seconds())
            turn.answer, turn.answer_truncated = text, cut
            turn.answered_at, turn.time_taken_s = now, round(taken, 1)
            notices: list[str] = []
            if cut:
                notices.append(
                    f"Your answer was longer than {self.max_answer_chars:,} characters; the first "
                    f"{self.max_answer_chars:,} were kept and scored."
                )
            repo.add_message(
                interview.id, "candidate", text, time_taken_s=turn.time_taken_s, truncated=cut
            )
            for notice in notices:
                repo.add_message(interview.id, "notice", notice)
            repo.commit()  # the answer is safe before scoring or the interviewer can fail

            result = self._score(question, repo, interview, turn)
            if result.notice:
                notices.append(result.notice)
                repo.add_message(interview.id, "notice", result.notice)
            repo.commit()

            finished = self._after_answer(repo, interview, turn, question, result)
            repo.commit()
            return SubmitOutcome(True, result, tuple(notices), finished)

    def _score(
        self, question: Question, repo: HistoryRepository, interview: Interview, turn: Turn
    ) -> ScoreResult:
        # A follow-up answer is scored together with what was said before it: the question's
        # score is what the person covered across the whole exchange.
        answers = [
            t.answer for t in repo.turns_for_question(interview.id, turn.question_index) if t.answer
        ]
        rubric = self.bank.rubric_for(question.category)
        combined = "\n".join(answers)
        try:
            result = self.scorer.score(question, rubric, combined)
        except Exception as exc:  # a provider failure must not lose the turn
            log.warning(
                "scorer %s failed (%s); using the heuristic scorer",
                self.scorer.name,
                type(exc).__name__,
            )
            result = self.fallback_scorer.score(question, rubric, combined)
            result = ScoreResult(
                **{
                    **result.__dict__,
                    "notice": "The AI scorer was unavailable; this answer was scored offline.",
                }
            )
        repo.save_scores(
            turn,
            float(result.overall),
            result.to_dict(),
            [
                {
                    "criterion_id": c.criterion_id,
                    "name": c.name,
                    "level": c.level,
                    "weight": c.weight,
                    "evidence": list(c.evidence),
                    "suggestions": list(c.suggestions),
                }
                for c in result.criteria
            ],
        )
        interview.scorer = result.scorer
        return result

    def _after_answer(
        self,
        repo: HistoryRepository,
        interview: Interview,
        turn: Turn,
        question: Question,
        result: ScoreResult,
    ) -> bool:
        earlier = repo.turns_for_question(interview.id, turn.question_index)
        targets = [t.follow_up_target for t in earlier if t.follow_up_target]
        combined = "\n".join(t.answer for t in earlier if t.answer)
        target = plan_follow_up(question, combined, result, targets)
        if target:
            text = self._say(
                repo,
                interview,
                FollowUp(question, target, combined, result),
                question_index=turn.question_index,
                follow_up=True,
            )
            repo.add_turn(
                interview.id,
                question_index=turn.question_index,
                question_id=question.id,
                question=turn.question,
                kind="follow_up",
                follow_up_target=target[:200],
                prompt_text=text,
                asked_at=self.clock(),
            )
            return False
        return self._advance(repo, interview, turn.question_index, question, result)

    def _advance(
        self,
        repo: HistoryRepository,
        interview: Interview,
        index: int,
        question: Question,
        result: ScoreResult | None,
    ) -> bool:
        if index + 1 < len(interview.plan):
            self._say(repo, interview, Acknowledge(question, result))
            self._ask(repo, interview, index + 1)
            return False
        self._finish(repo, interview, "completed")
        return True

    def _finish(self, repo: HistoryRepository, interview: Interview, status: str) -> None:
        finals = repo.final_scores(interview.id)
        scores = [t.overall for t in finals if t.overall is not None]
        average = sum(scores) / len(scores) if scores else None
        by_category: dict[str, list[float]] = {}
        for t in finals:
            by_category.setdefault(t.question.get("category", "?"), []).append(t.overall or 0)
        means = {k.replace("_", " "): sum(v) / len(v) for k, v in by_category.items()}
        skipped = sum(1 for t in interview.turns if t.skipped and t.kind == "main")
        self._say(
            repo,
            interview,
            WrapUp(
                answered=len(scores),
                skipped=skipped,
                average=average,
                strongest=max(means, key=means.__getitem__) if means else None,
                weakest=min(means, key=means.__getitem__) if means else None,
                ended_early=status == "ended",
            ),
        )
        repo.finish(interview, status, average, self.clock())

    @_metered("skip")
    def skip(self, interview_id: int) -> bool:
        """Skip the question being asked (and any follow-up on it). Returns True when finished."""
        with self.sessions() as s:
            repo = HistoryRepository(s)
            interview, turn = self._open(repo, interview_id)
            turn.skipped, turn.answered_at = True, self.clock()
            repo.add_message(interview.id, "candidate", "(skipped)", skipped=True)
            question = self._question(turn)
            finished = self._advance(repo, interview, turn.question_index, question, None)
            repo.commit()
            return finished

    @_metered("end")
    def end_early(self, interview_id: int) -> None:
        with self.sessions() as s:
            repo = HistoryRepository(s)
            interview, turn = self._open(repo, interview_id)
            turn.skipped, turn.answered_at = True, self.clock()
            self._finish(repo, interview, "ended")
            repo.commit()

    def active_interview(self, profile_id: int) -> int | None:
        with self.sessions() as s:
            return HistoryRepository(s).active_interview_id(profile_id)

    # ------------------------------------------------------------------- reading the history
    def report(self, interview_id: int) -> InterviewReport:
        with self.sessions() as s:
            interview = HistoryRepository(s).interview_full(interview_id)
            if interview is None:
                raise InterviewError(f"Interview {interview_id} does not exist.")
            return build_report(interview)

    def ensure_profile(self, name: str) -> tuple[int, str]:
        with self.sessions() as s:
            repo = HistoryRepository(s)
            profile = repo.get_or_create_profile(name)
            repo.commit()
            return profile.id, profile.name

    def profile_names(self) -> list[str]:
        with self.sessions() as s:
            return [p.name for p in HistoryRepository(s).profiles()]

    def interview_summaries(self, profile_id: int) -> list[InterviewSummary]:
        with self.sessions() as s:
            return [
                InterviewSummary(
                    i.id, i.track, i.interview_type, i.status, i.started_at, i.overall, len(i.plan)
                )
                for i in HistoryRepository(s).interviews(profile_id)
            ]

    def question_history(self, profile_id: int) -> list[dict]:
        with self.sessions() as s:
            return HistoryRepository(s).question_history(profile_id)

    def criterion_history(self, profile_id: int) -> list[dict]:
        with self.sessions() as s:
            return HistoryRepository(s).criterion_history(profile_id)

    def progress_history(
        self,
        profile_id: int,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> tuple[list[dict], list[dict]]:
        """The Progress page's rows for one window: scored questions, and criterion levels
        summed per day (aggregated in SQL), read in one database session."""
        with self.sessions() as s:
            repo = HistoryRepository(s)
            return (
                repo.progress_questions(profile_id, track, since, until),
                repo.progress_criteria(profile_id, track, since, until),
            )

    def history_bounds(self, profile_id: int) -> list[dict]:
        """Per track: interviews held and the first and last start time (for the filters)."""
        with self.sessions() as s:
            return HistoryRepository(s).history_bounds(profile_id)


@dataclass(frozen=True)
class InterviewSummary:
    interview_id: int
    track: str
    interview_type: str
    status: str
    started_at: datetime
    overall: float | None
    questions: int
