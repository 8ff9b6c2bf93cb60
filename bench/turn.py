"""How long one offline turn takes on a realistic history.

Builds a SQLite file holding 1,000 earlier interviews, then times `submit_answer` (save the answer,
score it, decide follow-up or next question, save) and, separately, scoring one answer.
Targets (issue 2): median turn under 30 ms; median scoring under 10 ms.

    python bench/turn.py [--interviews 1000] [--turns 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from interviewsim.bank import Bank, default_bank
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.scoring import HeuristicScorer
from interviewsim.store import open_store
from interviewsim.store.interviews import InterviewRepository
from interviewsim.store.models import CriterionScoreRow, Interview, Message, Turn
from interviewsim.store.profiles import ProfileRepository

ANSWER_STYLES = [
    lambda q: q.model_answer,
    lambda q: " ".join(q.model_answer.split()[: len(q.model_answer.split()) // 3]),
    lambda q: "I am not sure, but I think it depends on the situation and the team.",
]


def build_history(sessions, bank: Bank, interviews: int, rng: random.Random) -> int:
    """Insert `interviews` finished interviews of 5 questions each, as the app would leave them."""
    with sessions() as s:
        profile = ProfileRepository(s).get_or_create("Bench")
        start = datetime(2025, 1, 1)
        questions = list(bank.questions)
        for n in range(interviews):
            when = start + timedelta(hours=6 * n)
            picked = rng.sample(questions, 5)
            interview = Interview(
                profile_id=profile.id,
                track=picked[0].track,
                interview_type="mixed",
                difficulty=0,
                style="neutral",
                seed=n,
                plan=[{"id": q.id, "reason": "new"} for q in picked],
                status="completed",
                overall=rng.uniform(20, 95),
                usage={},
                started_at=when,
                finished_at=when,
            )
            s.add(interview)
            s.flush()
            for i, q in enumerate(picked):
                level = rng.randint(1, 5)
                turn = Turn(
                    interview_id=interview.id,
                    seq=i + 1,
                    question_index=i,
                    question_id=q.id,
                    question=q.model_dump(mode="json"),
                    kind="main",
                    prompt_text=q.prompt,
                    answer="An answer.",
                    asked_at=when,
                    answered_at=when,
                    time_taken_s=60.0,
                    overall=float(level * 20),
                    result=None,
                )
                turn.scores = [
                    CriterionScoreRow(
                        criterion_id=c.id,
                        name=c.name,
                        level=level,
                        weight=c.weight,
                        evidence=[],
                        suggestions=[],
                    )
                    for c in bank.rubric_for(q.category).criteria
                ]
                s.add(turn)
                s.add(
                    Message(
                        interview_id=interview.id,
                        seq=i + 1,
                        role="interviewer",
                        content=q.prompt,
                        meta={},
                    )
                )
        s.commit()
        return profile.id


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(42)
    bank = default_bank()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        sessions = open_store(url)
        t0 = time.perf_counter()
        profile_id = build_history(sessions, bank, args.interviews, rng)
        print(
            f"history: {args.interviews} interviews ({args.interviews * 5} scored answers) "
            f"built in {time.perf_counter() - t0:.1f} s on a SQLite file"
        )

        service = InterviewService(sessions, bank)
        owner = Owner(profile_id, "Bench")
        tracks = sorted(bank.tracks)
        # The same turns in interview mode and in coach mode (a verdict after each answer).
        turn_ms: dict[bool, list[float]] = {False: [], True: []}
        for coach in (False, True):
            while len(turn_ms[coach]) < args.turns:
                setup = InterviewSetup(
                    rng.choice(tracks), num_questions=10, seed=rng.randrange(10**6), coach=coach
                )
                interview_id = service.start(owner, setup)
                while (
                    not service.view(owner, interview_id).finished
                    and len(turn_ms[coach]) < args.turns
                ):
                    with sessions() as s:
                        turn = InterviewRepository(s).open_turn(interview_id)
                        question = bank.get(turn.question_id)
                    answer = rng.choice(ANSWER_STYLES)(question)
                    t = time.perf_counter()
                    service.submit_answer(owner, interview_id, answer)
                    turn_ms[coach].append((time.perf_counter() - t) * 1000)
                if not service.view(owner, interview_id).finished:
                    service.end_early(owner, interview_id)

    scorer = HeuristicScorer()
    score_ms: list[float] = []
    for q in bank.questions:
        rubric = bank.rubric_for(q.category)
        for style in ANSWER_STYLES:
            answer = style(q)
            t = time.perf_counter()
            scorer.score(q, rubric, answer)
            score_ms.append((time.perf_counter() - t) * 1000)

    for coach, label in ((False, "interview mode"), (True, "coach mode, with its verdict")):
        ms = turn_ms[coach]
        print(
            f"one offline turn (save answer, score, choose next, save), {label}, {len(ms)} turns:"
        )
        print(
            f"  median {statistics.median(ms):6.2f} ms   p95 {percentile(ms, 95):6.2f} ms"
            f"   (target: median < 30 ms)"
        )
    print(f"scoring one answer, {len(score_ms)} answers over {len(bank.questions)} questions:")
    print(
        f"  median {statistics.median(score_ms):6.2f} ms   p95 {percentile(score_ms, 95):6.2f} ms"
        f"   (target: median < 10 ms)"
    )


if __name__ == "__main__":
    main()
