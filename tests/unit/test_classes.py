"""Classes: join codes that cannot be guessed and expire with the class; assignments with a status
per student; a dashboard whose SQL aggregates agree with reading every report by hand, and that
reads only what the class may read."""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from interviewsim.bank import Bank
from interviewsim.bootstrap import App, build_app
from interviewsim.class_dashboard import trend
from interviewsim.class_model import CODE_ALPHABET, CODE_LENGTH, ClassError, new_join_code
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.store.models import Profile

from .classroom_support import Clock, instructor

GOOD = "Lists are mutable and tuples are immutable, so only tuples are hashable dictionary keys."
POOR = "I am not sure."
START = datetime(2027, 3, 1, 9, 0)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def site(bank: Bank, db_url: str, clock: Clock) -> App:
    return build_app(get_settings(), bank=bank, clock=clock)


def practise(app: App, who: Owner, clock: Clock, answer: str, track: str = "sample", n: int = 2):
    clock.advance(minutes=10)
    interview_id = app.interviews.start(who, InterviewSetup(track, num_questions=n, seed=7))
    for _ in range(12):
        if app.interviews.view(who, interview_id).finished:
            return interview_id
        clock.advance(seconds=40)
        app.interviews.submit_answer(who, interview_id, answer)
    raise AssertionError("the interview never finished")


# ------------------------------------------------------------------------------------ join codes


def test_join_codes_are_long_random_and_free_of_look_alikes() -> None:
    codes = [new_join_code() for _ in range(3000)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == CODE_LENGTH >= 8 for c in codes)
    assert not set("".join(codes)) - set(CODE_ALPHABET)
    assert not set(CODE_ALPHABET) & set("0O1IL")
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) >= 48  # bits: unguessable by trying
    # Every symbol is used in every position, about equally (no pattern to exploit).
    for position in range(CODE_LENGTH):
        counts = Counter(c[position] for c in codes)
        assert set(counts) == set(CODE_ALPHABET)
        assert max(counts.values()) < 3 * len(codes) / len(CODE_ALPHABET)


def test_a_code_is_typed_in_any_case_with_spaces_or_dashes(site: App) -> None:
    made = site.classes.create(instructor(site), "Bootcamp", tracks=["sample"])
    typed = f" {made.code[:5].lower()}-{made.code[5:]} "
    joined = site.classes.join(site.profiles.local("Stu"), typed)
    assert joined.name == "Bootcamp"


def test_joining_twice_is_one_membership(site: App) -> None:
    made = site.classes.create(instructor(site), "Bootcamp", tracks=["sample"])
    student = site.profiles.local("Stu")
    site.classes.join(student, made.code)
    site.classes.join(student, made.code)
    assert len(site.classes.my_classes(student)) == 1
    assert site.classes.get(instructor(site), made.id).members == 1


def test_a_wrong_code_says_how_long_codes_are(site: App) -> None:
    with pytest.raises(ClassError, match=f"codes are {CODE_LENGTH} letters and digits"):
        site.classes.join(site.profiles.local("Stu"), "NOPE123")


def test_a_join_code_expires_with_the_class(site: App, clock: Clock) -> None:
    teacher = instructor(site)
    made = site.classes.create(teacher, "Short course", tracks=["sample"], ends_on=START.date())
    site.classes.join(site.profiles.local("Early"), made.code)  # its last day: still works
    clock.advance(days=1)
    with pytest.raises(ClassError, match="ended on 01 Mar 2027"):
        site.classes.join(site.profiles.local("Late"), made.code)
    assert site.classes.get(teacher, made.id).ended
    early = site.classes.my_classes(site.profiles.local("Early"))
    assert early[0].ended  # members keep the class, marked as ended


def test_a_new_code_replaces_the_old_one_and_members_stay(site: App) -> None:
    teacher = instructor(site)
    made = site.classes.create(teacher, "Bootcamp", tracks=["sample"])
    site.classes.join(site.profiles.local("Stu"), made.code)
    fresh = site.classes.new_code(teacher, made.id)
    assert fresh != made.code
    with pytest.raises(ClassError):
        site.classes.join(site.profiles.local("Late"), made.code)
    site.classes.join(site.profiles.local("Late"), fresh)
    assert site.classes.get(teacher, made.id).members == 2


def test_a_class_needs_something_to_practise_and_sensible_dates(site: App) -> None:
    teacher = instructor(site)
    with pytest.raises(ClassError, match="at least one bank or track"):
        site.classes.create(teacher, "Empty")
    with pytest.raises(ClassError, match="Unknown track"):
        site.classes.create(teacher, "Typo", tracks=["pyhton"])
    with pytest.raises(ClassError, match="end before it starts"):
        site.classes.create(
            teacher,
            "Backwards",
            tracks=["sample"],
            starts_on=date(2027, 5, 1),
            ends_on=date(2027, 4, 1),
        )


def test_another_instructor_cannot_read_or_change_a_class(site: App) -> None:
    made = site.classes.create(instructor(site), "Bootcamp", tracks=["sample"])
    other = instructor(site, "Other")
    for attempt in (
        lambda: site.dashboard.dashboard(other, made.id),
        lambda: site.dashboard.answers(other, made.id, "sample-list-vs-tuple"),
        lambda: site.classes.new_code(other, made.id),
        lambda: site.classes.by_code(other, made.code),
        lambda: site.assignments.assign(other, made.id, "x", 1, START.date(), ["sample"]),
    ):
        with pytest.raises(ClassError, match=r"not one of yours|no class with"):
            attempt()


# ----------------------------------------------------------------------------------- assignments


def test_an_assignment_goes_from_not_started_to_done_and_counts_only_its_answers(
    site: App, clock: Clock
) -> None:
    teacher, student = instructor(site), site.profiles.local("Stu")
    made = site.classes.create(teacher, "Bootcamp", tracks=["sample", "python"])
    site.classes.join(student, made.code)
    practise(site, student, clock, GOOD, n=1)  # before the assignment was set: does not count
    clock.advance(minutes=1)
    due = (clock.now + timedelta(days=2)).date()
    site.assignments.assign(teacher, made.id, "Three samples", 3, due, tracks=["sample"])

    def status() -> str:
        return site.classes.my_classes(student)[0].assignments[0].label

    assert status() == "not started (0 of 3)"
    practise(site, student, clock, GOOD, track="python", n=1)  # another track: does not count
    assert status() == "not started (0 of 3)"
    practise(site, student, clock, GOOD, n=2)
    assert status() == "in progress (2 of 3)"
    practise(site, student, clock, GOOD, n=1)
    assert status() == "done (3 of 3)"


def test_an_assignment_not_finished_by_its_day_is_missed(site: App, clock: Clock) -> None:
    teacher, student = instructor(site), site.profiles.local("Stu")
    made = site.classes.create(teacher, "Bootcamp", tracks=["sample"])
    site.classes.join(student, made.code)
    site.assignments.assign(teacher, made.id, "Two", 2, clock.now.date(), tracks=["sample"])
    practise(site, student, clock, GOOD, n=1)
    clock.advance(days=1)
    practise(site, student, clock, GOOD, n=1)  # a day late: does not count
    assert site.classes.my_classes(student)[0].assignments[0].label == "missed (1 of 2)"


def test_an_assignment_draws_on_the_class_own_tracks(site: App) -> None:
    teacher = instructor(site)
    made = site.classes.create(teacher, "Bootcamp", tracks=["sample"])
    with pytest.raises(ClassError, match="'python' is not one of them"):
        site.assignments.assign(teacher, made.id, "x", 2, START.date(), tracks=["python"])
    with pytest.raises(ClassError, match="due date has passed"):
        site.assignments.assign(teacher, made.id, "x", 2, date(2020, 1, 1), tracks=["sample"])


# ------------------------------------------------------------------------------------- dashboard


@pytest.fixture
def busy_class(site: App, clock: Clock) -> tuple[App, Owner, int, dict[str, list[int]]]:
    """Three students with different histories, and interviews the class must not see."""
    teacher = instructor(site)
    made = site.classes.create(teacher, "Bootcamp", tracks=["sample"])
    students = {name: site.profiles.local(name) for name in ("Ada", "Bo", "Cy")}
    seen: dict[str, list[int]] = {name: [] for name in students}
    practise(site, students["Ada"], clock, GOOD)  # before Ada joined: not the class's
    for who in students.values():
        site.classes.join(who, made.code)
    seen["Ada"] += [practise(site, students["Ada"], clock, a) for a in (POOR, GOOD, GOOD)]
    seen["Bo"] += [practise(site, students["Bo"], clock, a) for a in (GOOD, POOR)]
    practise(site, students["Bo"], clock, GOOD, track="python")  # another track: not the class's
    return site, teacher, made.id, seen  # Cy joined and never practised


def by_hand(app: App, who: Owner, interview_ids: list[int]) -> dict:
    """The straightforward reading: every report, every final score, in Python."""
    reports = [app.history.report(who, i) for i in interview_ids]
    scores = [[q.result.overall for q in r.questions if q.result] for r in reports]
    levels: dict[str, list[int]] = {}
    for r in reports:
        for q in r.questions:
            for c in q.result.criteria if q.result else ():
                levels.setdefault(c.name, []).append(c.level)
    per_interview = [sum(s) / len(s) for s in scores]
    n = len(per_interview)
    xs = list(range(1, n + 1))
    return {
        "interviews": n,
        "answers": sum(len(s) for s in scores),
        "average": sum(map(sum, scores)) / sum(len(s) for s in scores),
        "trend": trend(
            n,
            sum(xs),
            sum(x * x for x in xs),
            sum(per_interview),
            sum(x * y for x, y in zip(xs, per_interview, strict=True)),
        ),
        "weakest": sorted(levels, key=lambda k: (sum(levels[k]) / len(levels[k]), k))[:2],
        "by_question": {
            q.question.id: q.result.overall for r in reports for q in r.questions if q.result
        },
    }


def test_the_dashboard_agrees_with_reading_every_report_by_hand(busy_class) -> None:
    app, teacher, class_id, seen = busy_class
    board = app.dashboard.dashboard(teacher, class_id)
    rows = {s.name: s for s in board.students}
    assert list(rows) == ["Ada", "Bo", "Cy"]
    for name in ("Ada", "Bo"):
        expected = by_hand(app, app.profiles.local(name), seen[name])
        row = rows[name]
        assert (row.interviews, row.answers) == (expected["interviews"], expected["answers"])
        assert row.average == pytest.approx(expected["average"])
        assert row.trend == pytest.approx(expected["trend"])
        assert [w.split(" (")[0] for w in row.weakest] == expected["weakest"]
    assert rows["Ada"].trend > 0 and rows["Bo"].trend < 0  # improving, slipping
    assert (rows["Cy"].interviews, rows["Cy"].average, rows["Cy"].trend) == (0, None, None)

    scores: dict[str, list[float]] = {}
    for name in ("Ada", "Bo"):
        who = app.profiles.local(name)
        for interview_id in seen[name]:
            for q in app.history.report(who, interview_id).questions:
                if q.result:
                    scores.setdefault(q.question.id, []).append(q.result.overall)
    assert {q.question_id for q in board.questions} == set(scores)
    for q in board.questions:
        assert q.answers == len(scores[q.question_id])
        assert q.average == pytest.approx(statistics.fmean(scores[q.question_id]))
        assert q.spread == pytest.approx(statistics.pstdev(scores[q.question_id]), abs=1e-6)
    averages = [q.average for q in board.questions]
    assert averages == sorted(averages)  # the hardest first


def test_the_drill_down_shows_each_answer_and_its_follow_ups(busy_class) -> None:
    app, teacher, class_id, _ = busy_class
    board = app.dashboard.dashboard(teacher, class_id)
    hardest = board.questions[0]
    answers = app.dashboard.answers(teacher, class_id, hardest.question_id)
    assert len(answers) == hardest.answers
    assert {a.student for a in answers} <= {"Ada", "Bo"}
    assert all(a.exchanges and a.exchanges[0].kind == "main" for a in answers)
    said = {e.answer for a in answers for e in a.exchanges}
    assert said <= {GOOD, POOR}
    hidden = app.dashboard.answers(teacher, class_id, hardest.question_id, hide_names=True)
    assert {a.student for a in hidden} <= {"Student 1", "Student 2"}


def test_hidden_names_number_the_students_and_drop_their_e_mails(busy_class) -> None:
    app, teacher, class_id, _ = busy_class
    board = app.dashboard.dashboard(teacher, class_id, hide_names=True)
    assert [s.name for s in board.students] == ["Student 1", "Student 2", "Student 3"]
    assert all(s.email == "" for s in board.students)


def test_answers_after_the_class_ended_are_not_the_class_s(site: App, clock: Clock) -> None:
    teacher, student = instructor(site), site.profiles.local("Stu")
    made = site.classes.create(teacher, "Short", tracks=["sample"], ends_on=START.date())
    site.classes.join(student, made.code)
    practise(site, student, clock, GOOD)
    clock.advance(days=2)
    practise(site, student, clock, POOR)
    (row,) = site.dashboard.dashboard(teacher, made.id).students
    assert row.interviews == 1


def test_the_csv_export_defuses_formulas_in_names(site: App, clock: Clock) -> None:
    teacher = instructor(site)
    made = site.classes.create(teacher, "Bootcamp", tracks=["sample"])
    sly = site.profiles.local("=HYPERLINK(1)")
    site.classes.join(sly, made.code)
    practise(site, sly, clock, GOOD, n=1)
    data = site.dashboard.students_csv(teacher, made.id)
    assert data.startswith("\ufeff".encode())
    (row,) = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert row["student"] == "'=HYPERLINK(1)"
    assert float(row["average"]) > 0 and row["interviews"] == "1"
    questions = list(
        csv.DictReader(
            io.StringIO(site.dashboard.questions_csv(teacher, made.id).decode("utf-8-sig"))
        )
    )
    assert questions and questions[0]["question_id"].startswith("sample-")


def test_a_student_who_leaves_is_no_longer_read(site: App, clock: Clock) -> None:
    teacher, student = instructor(site), site.profiles.local("Stu")
    made = site.classes.create(teacher, "Bootcamp", tracks=["sample"])
    site.classes.join(student, made.code)
    practise(site, student, clock, GOOD)
    site.classes.leave(student, made.id)
    board = site.dashboard.dashboard(teacher, made.id)
    assert board.students == () and board.questions == ()
    with site.sessions() as s:
        assert s.get(Profile, student.profile_id) is not None  # their history is theirs still
