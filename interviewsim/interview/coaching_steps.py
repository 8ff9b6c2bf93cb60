"""The steps coach mode and retries add to an interview: choosing coach mode, the verdict after a
scored answer, asking a question again as a new attempt, and a plan of questions the person chose.

Each step works on the command's unit of work, like those in `steps.py`; the service decides where
it commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import CursorResult, or_, update

from interviewsim.bank import Bank
from interviewsim.coaching import verdict_for
from interviewsim.insights import Insights
from interviewsim.interview.model import InterviewError
from interviewsim.interview.unit_of_work import InterviewUnit
from interviewsim.interviewer.replies import REQUESTS, Reply, read_latest
from interviewsim.profiles import Owner
from interviewsim.reasons import CHOSEN
from interviewsim.scoring import ScoreResult
from interviewsim.selection import PlannedQuestion
from interviewsim.states import InterviewStatus, Role, TargetKind, TurnKind
from interviewsim.store.models import Interview, Turn
from interviewsim.store.profiles import ProfileRepository

NO_WEAK_SPOTS_YET = (
    "No scored answers on this track yet, so there are no weak spots to aim at: this interview is "
    "a balanced mix. From your first answers on, “Practise my weak spots” picks the topics and "
    "rubric criteria where you scored lowest, and the questions due for review."
)
ENDED_EARLY = (
    "This interview was ended early, so it cannot be taken up again; use “Practise this "
    "question” on the Report to answer the question on its own."
)
ANOTHER_ACTIVE = (
    "Finish or end the interview in progress before trying a question of an earlier one again."
)


def coach_choice(uow: InterviewUnit, owner: Owner, wanted: bool | None) -> bool:
    """Coach mode for a new interview: the choice made, remembered as the profile's default, or
    else the profile's last choice (on for a new profile)."""
    profile = ProfileRepository(uow.session).get(owner.profile_id)
    if profile is None:  # pragma: no cover - an owner always has its profile
        return bool(wanted)
    if wanted is None:
        return bool(profile.coach_mode)
    profile.coach_mode = wanted
    return wanted


def chosen_plan(bank: Bank, track: str, question_ids: Sequence[str]) -> list[PlannedQuestion]:
    """The questions the person picked, in order, each marked as their choice."""
    unknown = [q for q in question_ids if q not in bank]
    if unknown:
        raise InterviewError(f"There is no question {unknown[0]!r} in the bank.")
    elsewhere = [q for q in question_ids if bank.get(q).track != track]
    if elsewhere:
        raise InterviewError(f"Question {elsewhere[0]!r} is not on the track {track!r}.")
    return [PlannedQuestion(q, CHOSEN) for q in dict.fromkeys(question_ids)]


def answers_nothing(turn: Turn, text: str, result: ScoreResult | None = None) -> bool:
    """Whether the reply to `turn` only asks for something ("hint", "can you repeat?", "yes" to an
    offered hint) or says it does not know (with no key point in it): it gets no verdict, having
    answered nothing, and a list of every key point marked ✗ would give away what the hint the
    interviewer offers next is for."""
    # read as the newest reply of its exchange: the points an earlier answer made are not its own
    reply = read_latest(text, result, offered=turn.follow_up_target == TargetKind.offer.value)
    return reply in REQUESTS or reply is Reply.dont_know


def answer_time(turn: Turn, text: str, now: datetime) -> float | None:
    """The seconds `text` took to answer `turn`; None for a request in its own words ("hint",
    "can you repeat?"): it took time, but answered nothing in it."""
    offered = turn.follow_up_target == TargetKind.offer.value
    if read_latest(text, None, offered) in REQUESTS:
        return None
    return round(max(0.0, (now - turn.asked_at).total_seconds()), 1)


def add_verdict(
    uow: InterviewUnit, turn: Turn, result: ScoreResult, delivery: Insights | None = None
) -> None:
    """Coach mode: the verdict on the answer just scored, as the chat's next message, with the
    answer's delivery insights under it."""
    previous = None
    if turn.attempt > 1:
        stored = uow.repo.attempt_result(uow.interview.id, turn.question_index, turn.attempt - 1)
        previous = ScoreResult.from_dict(stored) if stored else None
    verdict = verdict_for(result, turn.attempt, previous, so_far=turn.kind == TurnKind.follow_up)
    uow.repo.add_message(
        uow.interview.id,
        Role.coach,
        verdict.text,
        about=turn,
        question_index=turn.question_index,
        **verdict.to_meta(),
        **({"delivery": delivery.to_stored()} if delivery is not None else {}),
    )


def retry_wanted(
    uow: InterviewUnit, owner: Owner, interview_id: int, index: int, seen_attempt: int | None
) -> int | None:
    """None when the question can be asked again; else the attempt that already stands (the
    person saw an older verdict: a second click, another tab). Refuses a question not asked."""
    uow.load(interview_id, owner)
    latest = uow.repo.latest_attempt(interview_id, index)
    if latest == 0:
        raise InterviewError(f"Question {index + 1} has not been asked yet.")
    return latest if seen_attempt is not None and seen_attempt != latest else None


def reopen(uow: InterviewUnit, owner: Owner, interview_id: int, now: datetime) -> None:
    """Make a completed interview active again for a retry (one atomic update, so two tabs
    cannot both reopen it); an active one is left as it is. Refuses an interview ended early,
    and a second interview in progress."""
    interview = uow.load(interview_id, owner)
    if interview.status == InterviewStatus.active:
        return
    if interview.status == InterviewStatus.ended:
        raise InterviewError(ENDED_EARLY)
    other = uow.repo.active_interview_id(owner.profile_id)
    if other is not None and other != interview_id:
        raise InterviewError(ANOTHER_ACTIVE)
    stmt = (
        update(Interview)
        .where(
            Interview.id == interview_id,
            Interview.profile_id == owner.profile_id,
            Interview.status == InterviewStatus.completed,
            or_(Interview.busy_until.is_(None), Interview.busy_until <= now),
        )
        .values(status=InterviewStatus.active, finished_at=None)
        .execution_options(synchronize_session=False)
    )
    result = uow.session.execute(stmt)
    assert isinstance(result, CursorResult)
    uow.commit()
    uow.session.expire_all()


def ask_again(
    uow: InterviewUnit, question_index: int, seen_attempt: int | None, now: datetime
) -> int:
    """Ask the question again as a new attempt; returns the attempt now waiting for an answer.

    A question nobody has answered yet (the next one, or a follow-up) is taken back first and asked
    again after the retry. `seen_attempt` is the attempt the person saw a verdict for: when a
    newer one exists (a second click, another tab), nothing is written.
    """
    interview = uow.interview
    latest = uow.repo.latest_attempt(interview.id, question_index)
    if latest == 0:
        raise InterviewError(f"Question {question_index + 1} has not been asked yet.")
    waiting = uow.repo.open_turn(interview.id)
    if seen_attempt is not None and latest != seen_attempt:
        return latest
    if (
        waiting is not None
        and waiting.question_index == question_index
        and waiting.kind == TurnKind.main
        and waiting.attempt == latest
    ):
        return latest  # it is already waiting for an answer
    first = uow.repo.turns_for_question(interview.id, question_index)[0]
    if waiting is not None:
        uow.repo.withdraw_turn(waiting)
    attempt = latest + 1
    prompt = str(first.question.get("prompt", ""))
    text = f"Let's take question {question_index + 1} again (attempt {attempt}).\n\n{prompt}"
    turn = uow.repo.add_turn(
        interview.id,
        question_index=question_index,
        attempt=attempt,
        question_id=first.question_id,
        question=first.question,
        kind=TurnKind.main,
        prompt_text=text,
        asked_at=now,
    )
    uow.repo.add_message(
        interview.id,
        Role.interviewer,
        text,
        about=turn,
        question_index=question_index,
        attempt=attempt,
    )
    return attempt
