"""How long the Progress page and adaptive question choice take on a long history.

Builds a SQLite file holding 10,000 answered questions over 500 interviews (a third of them with a
follow-up, rubric levels on every scored turn, the transcript messages), then times:

- the Progress page's data and figures: the store queries the page makes (`history_bounds`,
  `progress_history`, `interview_summaries`) plus `analytics.build_progress` (the CSV export is
  built only when its button is clicked, so it is timed on its own);
- choosing a 10-question interview: `selection_history` for the track plus `choose_questions`.

Each is timed with migration 0002's indexes (head) and again, as the baseline in the same run, on
the same file downgraded to 0001. Targets (issue 5): Progress median < 1 s; choice median < 50 ms.

    python bench/progress.py [--interviews 500] [--per-interview 20] [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from interviewsim import analytics
from interviewsim.bank import DEFAULT_DATA_DIR, Bank, Category, Question, Track, load_bank
from interviewsim.interview import InterviewService
from interviewsim.learner import AREA_WINDOW
from interviewsim.profiles import Owner
from interviewsim.selection import SelectionRequest, choose_questions
from interviewsim.store import open_store
from interviewsim.store.db import alembic_config
from interviewsim.store.models import CriterionScoreRow, Interview, Message, Profile, Turn
from interviewsim.store.selection_queries import SelectionQueries
from interviewsim.views import HistoryViews

TRACKS = 10
QUESTIONS_PER_TRACK = 32
TAGS = ["joins", "indexes", "caching", "testing", "concurrency", "apis", "queues", "security"]


def synthetic_bank() -> Bank:
    """A bank the size issue 6 aims for (10 tracks, 320 questions), with the shipped rubrics,
    so the figures do not move as the real bank grows."""
    rubrics = load_bank(DEFAULT_DATA_DIR).rubrics
    rng = random.Random(7)
    categories = list(Category)
    questions = tuple(
        Question(
            id=f"t{t}-q{n}",
            track=f"track-{t}",
            category=categories[n % len(categories)],
            difficulty=1 + n % 3,
            prompt=f"Question {n} of track {t}?",
            key_points=["a key point", "another key point"],
            model_answer="A model answer.",
            tags=tuple(rng.sample(TAGS, 2)),
        )
        for t in range(TRACKS)
        for n in range(QUESTIONS_PER_TRACK)
    )
    tracks = {f"track-{t}": Track(f"track-{t}", f"Track {t}") for t in range(TRACKS)}
    return Bank(questions, rubrics, tracks)


def build_history(
    sessions: sessionmaker[Session], bank: Bank, interviews: int, per_interview: int
) -> int:
    """Insert finished interviews as the app leaves them, with bulk inserts (fast to build)."""
    rng = random.Random(42)
    start = datetime(2025, 1, 1, 8)
    # Most practice goes into two tracks, as it would for a person preparing for one job.
    track_weights = [6, 2] + [0.25] * (TRACKS - 2)
    by_track = {t: [q for q in bank.questions if q.track == t] for t in bank.tracks}
    skill = {q.id: rng.uniform(25, 90) for q in bank.questions}
    with sessions() as s:
        profile = Profile(name="Bench")
        s.add(profile)
        s.flush()
        turn_id = criterion_id = message_id = 0
        interview_rows, turn_rows, criterion_rows, message_rows = [], [], [], []
        for n in range(interviews):
            when = start + timedelta(hours=17 * n + rng.randint(0, 6))
            track = rng.choices(list(bank.tracks), track_weights)[0]
            picked = rng.sample(by_track[track], per_interview)
            interview_rows.append(
                {
                    "id": n + 1,
                    "profile_id": profile.id,
                    "track": track,
                    "interview_type": "mixed",
                    "difficulty": 0,
                    "style": "neutral",
                    "seed": n,
                    "plan": [{"id": q.id, "reason": "new"} for q in picked],
                    "status": "completed",
                    "overall": None,
                    "interviewer": "offline",
                    "scorer": "heuristic",
                    "usage": {},
                    "started_at": when,
                    "finished_at": when + timedelta(minutes=40),
                }
            )
            seq = 0
            for index, q in enumerate(picked):
                asked = when + timedelta(minutes=2 * index)
                follow_up = rng.random() < 1 / 3
                for kind in ["main", "follow_up"] if follow_up else ["main"]:
                    seq += 1
                    turn_id += 1
                    growth = n / interviews * 15  # people improve
                    overall = min(100.0, max(0.0, rng.gauss(skill[q.id] + growth, 12)))
                    taken = rng.uniform(30, 240)
                    turn_rows.append(
                        {
                            "id": turn_id,
                            "interview_id": n + 1,
                            "seq": seq,
                            "question_index": index,
                            "question_id": q.id,
                            "question": q.model_dump(mode="json"),
                            "kind": kind,
                            "follow_up_target": "point:x" if kind == "follow_up" else None,
                            "prompt_text": q.prompt,
                            "answer": "An answer of a realistic length. " * 12,
                            "answer_truncated": False,
                            "skipped": False,
                            "asked_at": asked,
                            "answered_at": asked + timedelta(seconds=taken),
                            "time_taken_s": round(taken, 1),
                            "overall": round(overall, 1),
                            "result": {"overall": round(overall, 1), "criteria": []},
                        }
                    )
                    for c in bank.rubric_for(q.category).criteria:
                        criterion_id += 1
                        criterion_rows.append(
                            {
                                "id": criterion_id,
                                "turn_id": turn_id,
                                "criterion_id": c.id,
                                "name": c.name,
                                "level": max(1, min(5, round(overall / 20 + rng.uniform(-1, 1)))),
                                "weight": c.weight,
                                "evidence": ["Said: an answer of a realistic length."],
                                "suggestions": ["Give a concrete example."],
                            }
                        )
                    for role in ("interviewer", "candidate"):
                        message_id += 1
                        message_rows.append(
                            {
                                "id": message_id,
                                "interview_id": n + 1,
                                "seq": 2 * seq - (role == "interviewer"),
                                "role": role,
                                "content": q.prompt if role == "interviewer" else "An answer.",
                                "meta": {},
                            }
                        )
        for model, rows in [
            (Interview, interview_rows),
            (Turn, turn_rows),
            (CriterionScoreRow, criterion_rows),
            (Message, message_rows),
        ]:
            s.execute(insert(model), rows)
        s.commit()
        return profile.id


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm caches (SQLite pages, imports) so the figures describe a page in use
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def progress_page(service: InterviewService, profile_id: int, today) -> analytics.ProgressView:
    """What pages/progress.py computes before it draws anything (no filter: the whole history)."""
    history = HistoryViews(service.sessions)
    owner = Owner(profile_id, "Bench")  # the views take the owner, as the page passes it
    history.history_bounds(owner)
    view = analytics.build_progress(*history.progress_history(owner), today)
    history.interview_summaries(owner)
    return view


def choose(service: InterviewService, profile_id: int, track: str, seeds: list[int]) -> None:
    """What InterviewService.start does to choose a 10-question interview (no writes)."""
    with service.sessions() as s:
        history = SelectionQueries(s).selection_history(
            profile_id, track, criteria_for_last=AREA_WINDOW
        )
    choose_questions(
        service.bank,
        SelectionRequest(track, 10, seed=seeds.pop(), now=datetime(2026, 3, 1)),
        history,
    )


def measure(
    label: str, service: InterviewService, profile_id: int, track: str, repeat: int
) -> tuple[float, float]:
    today = datetime(2026, 3, 1).date()
    page_ms = timed(lambda: progress_page(service, profile_id, today), repeat)
    seeds = list(range(10 * repeat))
    choice_ms = timed(lambda: choose(service, profile_id, track, seeds), 5 * repeat)
    print(f"{label}:")
    print(
        f"  Progress page data and figures: median {statistics.median(page_ms):7.1f} ms"
        f"   max {max(page_ms):7.1f} ms   (target: median < 1000 ms)"
    )
    print(
        f"  choosing a 10-question interview: median {statistics.median(choice_ms):5.1f} ms"
        f"   max {max(choice_ms):7.1f} ms   (target: median < 50 ms)"
    )
    return statistics.median(page_ms), statistics.median(choice_ms)


def parts(service: InterviewService, profile_id: int, track: str, repeat: int) -> None:
    """Where the time goes, with the indexes in place."""
    today = datetime(2026, 3, 1).date()
    rows: list = []
    query_ms = timed(
        lambda: rows.append(
            HistoryViews(service.sessions).progress_history(Owner(profile_id, "Bench"))
        ),
        repeat,
    )
    questions, days = rows[-1]
    build_ms = timed(lambda: analytics.build_progress(questions, days, today), repeat)
    view = analytics.build_progress(questions, days, today)
    json_ms = timed(lambda: [f.to_json() for f in view.figures.values()], repeat)
    csv_ms = timed(lambda: analytics.history_csv(view.questions), repeat)
    history: list = []

    def load() -> None:
        with service.sessions() as s:
            history.append(
                SelectionQueries(s).selection_history(
                    profile_id, track, criteria_for_last=AREA_WINDOW
                )
            )

    load_ms = timed(load, repeat)
    request = SelectionRequest(track, 10, seed=1, now=datetime(2026, 3, 1))
    policy_ms = timed(lambda: choose_questions(service.bank, request, history[-1]), repeat)
    print("where the time goes (head):")
    print(f"  progress queries {statistics.median(query_ms):6.1f} ms ({len(questions):,} answers,")
    print(f"    {len(days):,} criterion-day rows aggregated in SQL)")
    print(f"  frames + {len(view.figures)} figures {statistics.median(build_ms):6.1f} ms")
    print(
        f"  not counted above: figures to JSON (Streamlit's share) "
        f"{statistics.median(json_ms):.1f} ms, CSV export on click {statistics.median(csv_ms):.1f} ms"
    )
    print(
        f"  selection history query {statistics.median(load_ms):5.1f} ms "
        f"({len(history[-1]):,} answers in the track), policy {statistics.median(policy_ms):5.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=500)
    parser.add_argument("--per-interview", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    bank = synthetic_bank()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        sessions = open_store(url)
        t0 = time.perf_counter()
        profile_id = build_history(sessions, bank, args.interviews, args.per_interview)
        answered = args.interviews * args.per_interview
        print(
            f"history: {args.interviews} interviews, {answered:,} answered questions, "
            f"built in {time.perf_counter() - t0:.1f} s on a SQLite file"
        )
        service = InterviewService(sessions, bank)
        track = "track-0"  # the most practised track: the largest history to choose from
        page, choice = measure("with indexes (head)", service, profile_id, track, args.repeat)
        parts(service, profile_id, track, args.repeat)

        engine = sessions.kw["bind"]
        command.downgrade(alembic_config(engine), "0001")
        engine.dispose()
        base_page, base_choice = measure(
            "baseline: the same file at schema 0001", service, profile_id, track, args.repeat
        )
        print(
            f"indexes speed-up: Progress page x{base_page / page:.2f}, "
            f"interview choice x{base_choice / choice:.2f}"
        )


if __name__ == "__main__":
    main()
