"""How long the class dashboard takes for a class of 100 students with 20 interviews each.

Builds a store (a SQLite file by default) holding the class: 100 members × 20 interviews on the
class's tracks, 5 questions each (a third with a follow-up), rubric levels on every scored turn;
beside them, what the class must not read: each member's practice on other tracks and before they
joined, and 50 people outside the class with 20 interviews each. Then times, median of `--repeat`:

- the dashboard: `ClassDashboard.dashboard` (per student, per question, per criterion, the
  assignments' status), all SQL aggregates;
- the baseline, in the same run on the same store: the naive way, loading every member's
  interviews with their turns and scores through the ORM and computing the same figures in Python;
- the drill-down into one question's answers, and the students CSV export.

Target (issue 14): dashboard median ≤ 1 s. Exits non-zero when it is missed.

    python bench/classroom.py [--students 100] [--interviews 20] [--repeat 7] [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, Category, Question, Track, load_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import load_settings
from interviewsim.roles import Roles
from interviewsim.store import open_store
from interviewsim.store.interviews import snapshot_digest
from interviewsim.store.models import (
    ClassMember,
    CriterionScoreRow,
    Interview,
    Profile,
    QuestionVersion,
    Turn,
)

TARGET_MS = 1000.0
TRACKS = 6
QUESTIONS_PER_TRACK = 30
CLASS_TRACKS = ("track-0", "track-1")
OUTSIDERS = 50
PER_INTERVIEW = 5
JOINED = datetime(2026, 1, 5, 8)


def synthetic_bank() -> Bank:
    """Six tracks of 30 questions with the shipped rubrics, so the figures stay put as the real
    bank grows."""
    rubrics = load_bank(DEFAULT_DATA_DIR).rubrics
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
        )
        for t in range(TRACKS)
        for n in range(QUESTIONS_PER_TRACK)
    )
    tracks = {f"track-{t}": Track(f"track-{t}", f"Track {t}") for t in range(TRACKS)}
    return Bank(questions, rubrics, tracks)


class Builder:
    """Bulk inserts of finished interviews, as the app leaves them."""

    def __init__(self, bank: Bank, seed: int = 42):
        self.bank = bank
        self.rng = random.Random(seed)
        self.by_track = {t: [q for q in bank.questions if q.track == t] for t in bank.tracks}
        self.interviews: list[dict] = []
        self.turns: list[dict] = []
        self.criteria: list[dict] = []
        # One stored version per question, as the app keeps them (schema 0004 on)
        self.versions: list[dict] = []
        for n, q in enumerate(bank.questions, start=1):
            snapshot = q.model_dump(mode="json")
            row = {"id": n, "question_id": q.id, "digest": snapshot_digest(snapshot)}
            self.versions.append({**row, "snapshot": snapshot})
        self.version_of = {v["question_id"]: v["id"] for v in self.versions}

    def interview(self, profile_id: int, track: str, when: datetime, skill: float) -> None:
        interview_id = len(self.interviews) + 1
        picked = self.rng.sample(self.by_track[track], PER_INTERVIEW)
        self.interviews.append(
            {
                "id": interview_id,
                "profile_id": profile_id,
                "track": track,
                "interview_type": "mixed",
                "difficulty": 0,
                "style": "neutral",
                "seed": interview_id,
                "plan": [{"id": q.id, "reason": "new"} for q in picked],
                "status": "completed",
                "overall": None,
                "interviewer": "offline",
                "scorer": "heuristic",
                "usage": {},
                "started_at": when,
                "finished_at": when + timedelta(minutes=20),
            }
        )
        seq = 0
        for index, q in enumerate(picked):
            asked = when + timedelta(minutes=3 * index)
            kinds = ["main", "follow_up"] if self.rng.random() < 1 / 3 else ["main"]
            for kind in kinds:
                seq += 1
                turn_id = len(self.turns) + 1
                overall = round(min(100.0, max(0.0, self.rng.gauss(skill, 15))), 1)
                self.turns.append(
                    {
                        "id": turn_id,
                        "interview_id": interview_id,
                        "seq": seq,
                        "question_index": index,
                        "question_id": q.id,
                        "question_version_id": self.version_of[q.id],
                        "kind": kind,
                        "follow_up_target": "point:x" if kind == "follow_up" else None,
                        "prompt_text": q.prompt,
                        "answer": "An answer of a realistic length. " * 12,
                        "answer_truncated": False,
                        "skipped": False,
                        "asked_at": asked,
                        "answered_at": asked + timedelta(seconds=90),
                        "time_taken_s": 90.0,
                        "overall": overall,
                        "result": {"overall": overall, "criteria": []},
                    }
                )
                for c in self.bank.rubric_for(q.category).criteria:
                    level = max(1, min(5, round(overall / 20 + self.rng.uniform(-1, 1))))
                    self.criteria.append(
                        {
                            "id": len(self.criteria) + 1,
                            "turn_id": turn_id,
                            "criterion_id": c.id,
                            "name": c.name,
                            "level": level,
                            "weight": c.weight,
                        }
                    )

    def write(self, s: Session) -> None:
        tables = (
            (QuestionVersion, self.versions),
            (Interview, self.interviews),
            (Turn, self.turns),
        )
        for model, rows in tables:
            s.execute(insert(model), rows)
        for start in range(0, len(self.criteria), 20_000):
            s.execute(insert(CriterionScoreRow), self.criteria[start : start + 20_000])


def build_class(app: App, students: int, interviews: int) -> tuple[Roles, int, int]:
    """The class, its members and their histories; returns (teacher, class id, member ids)."""
    teacher = Roles.command_line(app.profiles.local("Bench instructor"))
    made = app.classes.create(teacher, "Bench class", tracks=list(CLASS_TRACKS))
    app.assignments.assign(teacher, made.id, "Ten questions", 10, date(2099, 1, 1), ["track-0"])
    builder = Builder(app.bank)
    rng = builder.rng
    with app.sessions() as s:
        people = [Profile(name=f"Student {n:03d}") for n in range(students + OUTSIDERS)]
        s.add_all(people)
        s.flush()
        for n, person in enumerate(people):
            member = n < students
            if member:
                s.add(ClassMember(class_id=made.id, profile_id=person.id, joined_at=JOINED))
            skill = rng.uniform(35, 85)
            for k in range(interviews):
                when = JOINED + timedelta(days=k, hours=rng.randint(1, 10))
                track = rng.choice(CLASS_TRACKS) if member else rng.choice(list(app.bank.tracks))
                builder.interview(person.id, track, when, skill + k)
            if member:  # what the class must not read: before joining, other tracks
                builder.interview(person.id, CLASS_TRACKS[0], JOINED - timedelta(days=3), skill)
                builder.interview(person.id, "track-5", JOINED + timedelta(days=2), skill)
        builder.write(s)
        s.commit()
    return teacher, made.id, len(builder.turns)


def naive_dashboard(sessions: sessionmaker[Session], class_id: int) -> dict:
    """The load-everything way: every member's interviews, turns and scores as ORM objects, and
    the dashboard's figures computed in Python."""
    with sessions() as s:
        members = s.execute(
            select(ClassMember.profile_id, ClassMember.joined_at).where(
                ClassMember.class_id == class_id
            )
        ).all()
        joined = dict(members)
        loaded = s.scalars(
            select(Interview)
            .where(Interview.profile_id.in_(list(joined)))
            .options(selectinload(Interview.turns).selectinload(Turn.scores))
        ).all()
        per_student: dict[int, list[float]] = {}
        per_question: dict[str, list[float]] = {}
        levels: dict[tuple[int, str], list[int]] = {}
        for interview in loaded:
            if interview.track not in CLASS_TRACKS:
                continue
            if interview.started_at < joined[interview.profile_id]:
                continue
            finals: dict[int, Turn] = {}
            for turn in interview.turns:
                if turn.overall is not None:
                    finals[turn.question_index] = turn
            for turn in finals.values():
                per_student.setdefault(interview.profile_id, []).append(turn.overall or 0)
                per_question.setdefault(turn.question_id, []).append(turn.overall or 0)
                for c in turn.scores:
                    levels.setdefault((interview.profile_id, c.name), []).append(c.level)
        return {
            "students": {p: statistics.fmean(v) for p, v in per_student.items()},
            "questions": {
                q: (statistics.fmean(v), statistics.pstdev(v)) for q, v in per_question.items()
            },
            "criteria": {k: statistics.fmean(v) for k, v in levels.items()},
        }


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm: the figures describe a page in use
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def line(name: str, samples: list[float]) -> str:
    return (
        f"  {name:44} median {statistics.median(samples):8.1f} ms   "
        f"min {min(samples):8.1f}   max {max(samples):8.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--interviews", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=None, help="an empty database (default: SQLite)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'classroom.sqlite3'}"
        settings = load_settings()
        sessions = open_store(url)
        app = build_app(settings, bank=synthetic_bank(), sessions=sessions)
        started = time.perf_counter()
        teacher, class_id, turns = build_class(app, args.students, args.interviews)
        print(
            f"Store: {url.split('://')[0]}; {args.students} students × {args.interviews} interviews "
            f"in the class, {OUTSIDERS} people outside it; {turns:,} turns "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        board = app.dashboard.dashboard(teacher, class_id)
        hardest = board.questions[0].question_id
        naive = naive_dashboard(sessions, class_id)
        assert len(naive["students"]) == sum(1 for s in board.students if s.answers), "disagree"
        dashboard = timed(lambda: app.dashboard.dashboard(teacher, class_id), args.repeat)
        baseline = timed(lambda: naive_dashboard(sessions, class_id), max(3, args.repeat // 2))
        drill = timed(lambda: app.dashboard.answers(teacher, class_id, hardest), args.repeat)
        export = timed(lambda: app.dashboard.students_csv(teacher, class_id), args.repeat)
        sessions.kw["bind"].dispose()

    print(
        f"Dashboard: {len(board.students)} students, {board.answers:,} answers, "
        f"{len(board.questions)} questions"
    )
    print(line("dashboard (SQL aggregates)", dashboard))
    print(line("baseline: load everything, compute in Python", baseline))
    print(line("drill-down: one question's answers", drill))
    print(line("students CSV export", export))
    median = statistics.median(dashboard)
    speedup = statistics.median(baseline) / median if median else float("inf")
    met = median <= TARGET_MS
    print(
        f"Target: dashboard median ≤ {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'} "
        f"({median:.0f} ms; {speedup:.1f}× faster than the baseline)"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
