"""One offline turn, starting an interview, and the history file's size, at 1k and 50k interviews.

For each history size it builds a SQLite file holding that many finished interviews of one person
(5 questions each, with their answers, rubric scores and transcript, as the app leaves them), then
measures, in the same run:

- **start**: choosing and opening a 10-question interview. Tuned: what `InterviewService.start`
  does now (the recent answers plus one stored memory per question). Baseline: the same choice
  from the whole history replayed (`selection_history` + `choose_questions`, as before issue 13).
- **turn**: `submit_answer` (save the answer, score it, decide follow-up or next question, save).
- **size**: the file's bytes per interview, and a 20-question interview's own bytes. Baseline: the
  same history at schema 0003, where every turn carried its own copy of its question (measured at
  the smallest size: the cost per interview does not depend on the size).

Targets (issue 13): start <= 20 ms at 50k interviews; <= 40 KB per 20-question interview (and
issue 2's median turn < 30 ms). Exits non-zero when one is missed.

    python bench/turn.py [--interviews 1000,50000] [--turns 100] [--starts 30]
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

from sqlalchemy import insert, text

from interviewsim.bank import Bank, default_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import Settings
from interviewsim.interview import InterviewSetup
from interviewsim.learner import AREA_WINDOW, next_box
from interviewsim.profiles import Owner
from interviewsim.scoring import HeuristicScorer
from interviewsim.selection import SelectionRequest, choose_questions
from interviewsim.store.db import alembic_config
from interviewsim.store.interviews import InterviewRepository, snapshot_digest
from interviewsim.store.models import (
    CriterionScoreRow,
    Interview,
    Message,
    QuestionMemory,
    QuestionVersion,
    Turn,
)
from interviewsim.store.selection_queries import SelectionQueries

START_TARGET_MS = 20.0
TURN_TARGET_MS = 30.0
SIZE_TARGET_KB = 40.0
QUESTIONS = 5
ANSWER_STYLES = [
    lambda q: q.model_answer,
    lambda q: " ".join(q.model_answer.split()[: len(q.model_answer.split()) // 3]),
    lambda q: "I am not sure, but I think it depends on the situation and the team.",
]


def build_history(app: App, owner: Owner, interviews: int, rng: random.Random) -> None:
    """Bulk-insert finished interviews as the app leaves them, and the memory they leave."""
    bank = app.bank
    questions = [q for q in bank.questions if not q.generated]
    engine = app.sessions.kw["bind"]
    version_ids: dict[str, int] = {}
    with engine.begin() as conn:
        for q in questions:
            snapshot = q.model_dump(mode="json")
            version_ids[q.id] = conn.execute(
                insert(QuestionVersion)
                .values(question_id=q.id, digest=snapshot_digest(snapshot), snapshot=snapshot)
                .returning(QuestionVersion.id)
            ).scalar_one()
    # A real result for each question and kind of answer, as the scorer leaves it on a turn.
    scorer = HeuristicScorer()
    results = {
        (q.id, k): scorer.score(q, bank.rubric_for(q.category), style(q)).to_dict()
        for q in questions
        for k, style in enumerate(ANSWER_STYLES)
    }
    start = datetime(2020, 1, 1)
    memory: dict[str, dict] = {}
    turn_id = message_id = 0
    batch = 500
    for first in range(0, interviews, batch):
        rows_i, rows_t, rows_c, rows_m = [], [], [], []
        for n in range(first, min(first + batch, interviews)):
            when = start + timedelta(hours=6 * n)
            track = rng.choice(sorted(bank.tracks))
            picked = rng.sample([q for q in questions if q.track == track], QUESTIONS)
            levels = [rng.randint(1, 5) for _ in picked]
            rows_i.append(
                dict(
                    id=n + 1,
                    profile_id=owner.profile_id,
                    track=track,
                    interview_type="mixed",
                    difficulty=0,
                    style="neutral",
                    seed=n,
                    plan=[{"id": q.id, "reason": "new"} for q in picked],
                    status="completed",
                    overall=statistics.fmean(lv * 20.0 for lv in levels),
                    interviewer="offline",
                    scorer="heuristic",
                    usage={},
                    started_at=when,
                    finished_at=when + timedelta(minutes=10),
                )
            )
            seq = 0
            for i, (q, level) in enumerate(zip(picked, levels, strict=True)):
                turn_id += 1
                answered = when + timedelta(minutes=i + 1)
                score = level * 20.0
                rows_t.append(
                    dict(
                        id=turn_id,
                        interview_id=n + 1,
                        seq=i + 1,
                        question_index=i,
                        question_id=q.id,
                        question_version_id=version_ids[q.id],
                        kind="main",
                        follow_up_target=None,
                        prompt_text=q.prompt,
                        answer=ANSWER_STYLES[level % 3](q),
                        answer_truncated=False,
                        skipped=False,
                        asked_at=when,
                        answered_at=answered,
                        time_taken_s=60.0,
                        overall=score,
                        result=results[(q.id, level % 3)],
                    )
                )
                rows_c += [
                    dict(
                        turn_id=turn_id,
                        criterion_id=c.id,
                        name=c.name,
                        level=level,
                        weight=c.weight,
                    )
                    for c in bank.rubric_for(q.category).criteria
                ]
                for role, content in (("interviewer", q.prompt), ("candidate", "An answer.")):
                    seq += 1
                    message_id += 1
                    rows_m.append(
                        dict(
                            id=message_id,
                            interview_id=n + 1,
                            seq=seq,
                            role=role,
                            content=content,
                            meta={},
                        )
                    )
                before = memory.get(q.id)
                memory[q.id] = dict(
                    profile_id=owner.profile_id,
                    question_id=q.id,
                    track=track,
                    box=next_box(before["box"] if before else 0, score),
                    answers=(before["answers"] if before else 0) + 1,
                    last_score=score,
                    last_answered=answered,
                    last_interview_id=n + 1,
                )
        with engine.begin() as conn:
            conn.execute(insert(Interview), rows_i)
            conn.execute(insert(Turn), rows_t)
            conn.execute(insert(CriterionScoreRow), rows_c)
            conn.execute(insert(Message), rows_m)
    with engine.begin() as conn:
        conn.execute(insert(QuestionMemory), list(memory.values()))


def ms(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def file_bytes(app: App, path: Path) -> int:
    with app.sessions.kw["bind"].connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return path.stat().st_size


def old_layout_kb(path: Path, interviews: int) -> float:
    """KB per interview of a copy of the history taken back to schema 0003."""
    import shutil

    from alembic import command
    from sqlalchemy import create_engine

    copy = path.with_name(path.stem + "-0003.sqlite3")
    shutil.copy(path, copy)
    engine = create_engine(f"sqlite:///{copy}")
    command.downgrade(alembic_config(engine), "0003")
    with engine.connect() as conn:
        conn.execute(text("VACUUM"))
    engine.dispose()
    kb = copy.stat().st_size / interviews / 1024
    copy.unlink()
    return kb


def tuned_choice(app: App, owner: Owner, track: str, seed: int, now: datetime) -> None:
    """The choice `start` makes now: the recent answers and one stored memory per question."""
    with app.sessions() as s:
        queries = SelectionQueries(s)
        recent = queries.recent_selection_rows(owner.profile_id, track, AREA_WINDOW)
        stored = queries.memories(owner.profile_id, track)
    choose_questions(app.bank, SelectionRequest(track, 10, seed=seed, now=now), recent, stored)


def baseline_choice(app: App, owner: Owner, track: str, seed: int, now: datetime) -> None:
    """The choice before issue 13: the whole track history replayed."""
    with app.sessions() as s:
        history = SelectionQueries(s).selection_history(
            owner.profile_id, track, criteria_for_last=AREA_WINDOW
        )
    choose_questions(app.bank, SelectionRequest(track, 10, seed=seed, now=now), history)


def measure(size: int, args: argparse.Namespace, bank: Bank, tmp: Path) -> dict[str, float]:
    path = tmp / f"history-{size}.sqlite3"
    app = build_app(Settings(db_path=path), bank=bank)
    owner = app.profiles.local("Bench")
    rng = random.Random(42)
    t0 = time.perf_counter()
    build_history(app, owner, size, rng)
    built = time.perf_counter() - t0
    size_bytes = file_bytes(app, path)
    baseline_kb = old_layout_kb(path, size) if size == min(args.sizes) else None
    tracks = sorted(bank.tracks)
    now = datetime(2020, 1, 1) + timedelta(hours=6 * size + 1)

    seeds = iter(range(10**6))
    start_ms: list[float] = []
    for _ in range(args.starts + 1):
        setup = InterviewSetup(rng.choice(tracks), num_questions=10, seed=next(seeds))
        t = time.perf_counter()
        interview_id = app.interviews.start(owner, setup)
        start_ms.append((time.perf_counter() - t) * 1000)
        app.interviews.end_early(owner, interview_id)  # one interview in progress at a time
    start_ms = start_ms[1:]  # the first warms the caches
    choice_ms = ms(
        lambda: tuned_choice(app, owner, rng.choice(tracks), next(seeds), now), args.starts
    )
    baseline_ms = ms(
        lambda: baseline_choice(app, owner, rng.choice(tracks), next(seeds), now), args.starts
    )

    turn_ms: list[float] = []
    while len(turn_ms) < args.turns:
        interview_id = app.interviews.start(
            owner, InterviewSetup(rng.choice(tracks), num_questions=10, seed=next(seeds))
        )
        while len(turn_ms) < args.turns:
            view = app.interviews.view(owner, interview_id)
            if view.finished:
                break
            with app.sessions() as s:
                turn = InterviewRepository(s).open_turn(interview_id)
                assert turn is not None
                question = bank.get(turn.question_id)
            answer = rng.choice(ANSWER_STYLES)(question)
            t = time.perf_counter()
            app.interviews.submit_answer(owner, interview_id, answer)
            turn_ms.append((time.perf_counter() - t) * 1000)
        if not app.interviews.view(owner, interview_id).finished:
            app.interviews.end_early(owner, interview_id)

    before = file_bytes(app, path)
    for _ in range(3):  # whole 20-question interviews, strong, partial and weak answers
        interview_id = app.interviews.start(
            owner, InterviewSetup(rng.choice(tracks), num_questions=20, seed=next(seeds))
        )
        while not app.interviews.view(owner, interview_id).finished:
            with app.sessions() as s:
                turn = InterviewRepository(s).open_turn(interview_id)
                assert turn is not None
                question = bank.get(turn.question_id)
            app.interviews.submit_answer(owner, interview_id, rng.choice(ANSWER_STYLES)(question))
    twenty_kb = (file_bytes(app, path) - before) / 3 / 1024

    print(
        f"\n{size:,} interviews ({size * QUESTIONS:,} answers) built in {built:.1f} s; "
        f"file {size_bytes / 2**20:.1f} MB, {size_bytes / size / 1024:.1f} KB per interview"
    )
    choice, old = statistics.median(choice_ms), statistics.median(baseline_ms)
    print(
        f"  start a 10-question interview: median {statistics.median(start_ms):6.2f} ms, of which "
        f"choosing the questions {choice:6.2f} ms (baseline, the whole history replayed: "
        f"{old:6.2f} ms, x{old / choice:.1f})"
    )
    print(
        f"  one offline turn: median {statistics.median(turn_ms):6.2f} ms, "
        f"p95 {sorted(turn_ms)[int(0.95 * (len(turn_ms) - 1))]:6.2f} ms ({len(turn_ms)} turns)"
    )
    print(f"  a 20-question interview adds {twenty_kb:5.1f} KB to the file")
    if baseline_kb is not None:
        print(
            f"  baseline: the same history at schema 0003 (a question copy on every turn): "
            f"{baseline_kb:.1f} KB per interview, x{baseline_kb / (size_bytes / size / 1024):.1f}"
        )
    result = {
        "start": statistics.median(start_ms),
        "turn": statistics.median(turn_ms),
        "twenty_kb": twenty_kb,
        "per_interview_kb": size_bytes / size / 1024,
    }
    app.sessions.kw["bind"].dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", default="1000,50000", help="history sizes, comma-separated")
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--starts", type=int, default=30)
    args = parser.parse_args()
    args.sizes = [int(n) for n in args.interviews.split(",") if n.strip()]
    bank = default_bank()
    with tempfile.TemporaryDirectory() as tmp:
        results = {size: measure(size, args, bank, Path(tmp)) for size in args.sizes}
    largest = results[max(results)]
    checks = [
        (
            f"start at {max(results):,} interviews <= {START_TARGET_MS:.0f} ms",
            largest["start"] <= START_TARGET_MS,
        ),
        (f"median turn < {TURN_TARGET_MS:.0f} ms", largest["turn"] < TURN_TARGET_MS),
        (
            f"a 20-question interview <= {SIZE_TARGET_KB:.0f} KB",
            all(r["twenty_kb"] <= SIZE_TARGET_KB for r in results.values()),
        ),
    ]
    print()
    for label, ok in checks:
        print(f"target {label}: {'met' if ok else 'MISSED'}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
