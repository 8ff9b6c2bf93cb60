"""The class dashboard: how each student and each question is doing, from SQL aggregates.

Per student: interviews and answers, average score, trend (points per interview, least squares over
their interviews' averages), weakest criteria, each assignment's status. Per question: the class's
average and spread, lowest and highest, with the answers behind them on request. Only the class's
own instructor can read it; `hide_names` numbers the students instead (for a projector). CSV exports
defuse cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.class_model import AssignmentStatus, ClassInfo, assignment_info, status_of
from interviewsim.classes import Classes
from interviewsim.interview.model import utcnow
from interviewsim.profiles import Owner
from interviewsim.roles import Roles
from interviewsim.spreadsheet import defuse
from interviewsim.store.class_reports import ClassReportQueries
from interviewsim.store.classes import ClassRepository

ANSWERS_SHOWN = 100  # drill-down: the most recent answers to one question


@dataclass(frozen=True)
class StudentRow:
    number: int  # 1.. in the order they joined: "Student 3" when names are hidden
    name: str
    email: str
    joined_at: datetime
    interviews: int
    answers: int
    average: float | None
    trend: float | None  # points per interview; None with fewer than two interviews
    last_active: datetime | None
    weakest: tuple[str, ...]  # criterion names with their mean level, lowest first
    assignments: tuple[AssignmentStatus, ...]


@dataclass(frozen=True)
class QuestionRow:
    question_id: str
    prompt: str
    track: str
    answers: int
    students: int
    average: float
    spread: float  # standard deviation of the scores
    lowest: float
    highest: float


@dataclass(frozen=True)
class CriterionRow:
    criterion_id: str
    name: str
    level: float  # mean level, 1-5
    scores: int


@dataclass(frozen=True)
class Dashboard:
    classroom: ClassInfo
    tracks: tuple[str, ...]  # what the class reads: its named tracks and its banks'
    students: tuple[StudentRow, ...]
    questions: tuple[QuestionRow, ...]
    criteria: tuple[CriterionRow, ...]

    @property
    def answers(self) -> int:
        return sum(s.answers for s in self.students)

    @property
    def average(self) -> float | None:
        scored = [(s.average, s.answers) for s in self.students if s.average is not None]
        total = sum(n for _, n in scored)
        return sum(a * n for a, n in scored) / total if total else None


@dataclass(frozen=True)
class Exchange:
    kind: str  # main | follow_up
    prompt: str
    answer: str  # "(skipped)" for a skipped turn


@dataclass(frozen=True)
class AnswerRow:
    student: str
    score: float
    answered_at: datetime | None
    exchanges: tuple[Exchange, ...]


def trend(n: int, sx: float, sxx: float, sy: float, sxy: float) -> float | None:
    """The least-squares slope of y over x from the sums SQL returned."""
    denominator = n * sxx - sx * sx
    if n < 2 or denominator == 0:
        return None
    return (n * sxy - sx * sy) / denominator


class ClassDashboard:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        roles: Roles,
        classes: Classes,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.sessions = sessions
        self.roles = roles
        self.classes = classes
        self.clock = clock

    def dashboard(self, owner: Owner, class_id: int, hide_names: bool = False) -> Dashboard:
        self.roles.require(owner, "read a class dashboard")
        today = self.clock().date()
        with self.sessions() as s:
            classroom = self.classes.owned(s, owner, class_id)
            info = self.classes.describe(s, [classroom])[0]
            scope = ClassRepository(s).scope(classroom)
            queries = ClassReportQueries(s)
            students = queries.students(scope)
            levels = queries.criterion_levels(scope)
            progress: list[tuple[Any, dict[int, int]]] = []
            for a in ClassRepository(s).assignments([class_id]):
                tracks = ClassRepository(s).assignment_tracks(a)
                done = queries.assignment_progress(scope, tracks, a.created_at, a.due_on)
                progress.append((assignment_info(a), done))
            questions = queries.questions(scope)
        weakest = weakest_criteria(levels)
        rows = []
        for number, r in enumerate(students, start=1):
            answers, interviews = int(r["answers"] or 0), int(r["interviews"] or 0)
            sums = (float(r[k] or 0) for k in ("sx", "sxx", "sy", "sxy"))
            statuses = []
            for a, done in progress:
                answered = done.get(r["profile_id"], 0)
                statuses.append(AssignmentStatus(a, answered, status_of(a, answered, today)))
            rows.append(
                StudentRow(
                    number,
                    f"Student {number}" if hide_names else r["name"],
                    "" if hide_names else (r["email"] or ""),
                    r["joined_at"],
                    interviews,
                    answers,
                    (float(r["score_sum"]) / answers) if answers else None,
                    trend(interviews, *sums),
                    r["last_at"],
                    tuple(weakest.get(r["profile_id"], ())),
                    tuple(statuses),
                )
            )
        return Dashboard(
            info,
            tuple(sorted(scope.tracks)),
            tuple(rows),
            tuple(_question_row(q) for q in questions),
            class_criteria(levels),
        )

    def answers(
        self, owner: Owner, class_id: int, question_id: str, hide_names: bool = False
    ) -> list[AnswerRow]:
        """The class's answers to one question (its most recent `ANSWERS_SHOWN`)."""
        self.roles.require(owner, "read a class's answers")
        with self.sessions() as s:
            classroom = self.classes.owned(s, owner, class_id)
            scope = ClassRepository(s).scope(classroom)
            queries = ClassReportQueries(s)
            numbers = {r["profile_id"]: i for i, r in enumerate(queries.students(scope), start=1)}
            rows = queries.answers(scope, question_id, ANSWERS_SHOWN)
        return [
            AnswerRow(
                f"Student {numbers.get(r['profile_id'], 0)}" if hide_names else r["name"],
                float(r["overall"]),
                r["answered_at"],
                tuple(
                    Exchange(
                        t["kind"],
                        t["prompt_text"],
                        "(skipped)" if t["skipped"] else (t["answer"] or ""),
                    )
                    for t in r["exchanges"]
                ),
            )
            for r in rows
        ]

    def students_csv(self, owner: Owner, class_id: int) -> bytes:
        """Per student, as CSV (UTF-8 with a BOM, so spreadsheet apps read accents right)."""
        board = self.dashboard(owner, class_id)
        header = [
            "student",
            "email",
            "joined",
            "interviews",
            "answers",
            "average",
            "trend",
            "weakest",
        ]
        header += [f"assignment: {a.assignment.title}" for a in _first_statuses(board.students)]
        lines = [
            [
                s.name,
                s.email,
                f"{s.joined_at:%Y-%m-%d}",
                s.interviews,
                s.answers,
                "" if s.average is None else round(s.average, 1),
                "" if s.trend is None else round(s.trend, 1),
                "; ".join(s.weakest),
                *(a.label for a in s.assignments),
            ]
            for s in board.students
        ]
        return to_csv(header, lines)

    def questions_csv(self, owner: Owner, class_id: int) -> bytes:
        board = self.dashboard(owner, class_id)
        header = ["question_id", "track", "prompt", "answers", "students", "average", "spread"]
        lines = [
            [
                q.question_id,
                q.track,
                q.prompt,
                q.answers,
                q.students,
                round(q.average, 1),
                round(q.spread, 1),
            ]
            for q in board.questions
        ]
        return to_csv(header, lines)


def weakest_criteria(
    levels: Sequence[dict[str, Any]], per_student: int = 2
) -> dict[int, list[str]]:
    """Each student's lowest mean levels, from the per-student sums SQL returned."""
    by_student: dict[int, list[tuple[float, str, str]]] = {}
    for row in levels:
        mean = row["level_sum"] / row["scores"]
        by_student.setdefault(row["profile_id"], []).append(
            (mean, row["criterion_id"], row["name"])
        )
    return {
        pid: [f"{name} ({mean:.1f}/5)" for mean, _, name in sorted(rows)[:per_student]]
        for pid, rows in by_student.items()
    }


def class_criteria(levels: Sequence[dict[str, Any]]) -> tuple[CriterionRow, ...]:
    """The class's mean level per criterion, lowest first, from the per-student sums."""
    sums: dict[tuple[str, str], list[int]] = {}
    for row in levels:
        total = sums.setdefault((row["criterion_id"], row["name"]), [0, 0])
        total[0] += row["level_sum"]
        total[1] += row["scores"]
    rows = [CriterionRow(cid, name, s / n, n) for (cid, name), (s, n) in sums.items() if n]
    return tuple(sorted(rows, key=lambda c: (c.level, c.criterion_id)))


def _first_statuses(students: Sequence[StudentRow]) -> tuple[AssignmentStatus, ...]:
    return students[0].assignments if students else ()


def _question_row(q: dict[str, Any]) -> QuestionRow:
    mean = float(q["average"])
    spread = math.sqrt(max(0.0, float(q["mean_square"]) - mean * mean))
    return QuestionRow(
        q["question_id"],
        q["prompt"] or q["question_id"],
        q["track"],
        int(q["answers"]),
        int(q["students"]),
        mean,
        spread,
        float(q["lowest"]),
        float(q["highest"]),
    )


def to_csv(header: Sequence[str], lines: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([defuse(h) for h in header])
    for line in lines:
        writer.writerow([v if isinstance(v, int | float) else defuse(v) for v in line])
    return out.getvalue().encode("utf-8-sig")
