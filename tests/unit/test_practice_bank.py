"""What a person may practise: the packaged bank, public banks, their classes' banks (unless
private) and an instructor's own; class tracks first; each stored version parsed once."""

from __future__ import annotations

import pytest

from interviewsim import bank_library
from interviewsim.bootstrap import App
from interviewsim.class_model import ClassError
from interviewsim.interview import InterviewError, InterviewSetup

from .classroom_support import GOOD_ANSWER, bank_yaml, instructor


def question_ids(app: App, who) -> set[str]:
    return {q.id for q in app.library.practice_bank(who).questions}


def test_each_visibility_reaches_the_people_it_names(app: App) -> None:
    teacher, other = instructor(app), instructor(app, "Other")
    student, stranger = app.profiles.local("Stu"), app.profiles.local("Stranger")
    app.library.upload(teacher, "p.yaml", bank_yaml("drafts", "draft-1"), visibility="private")
    app.library.upload(teacher, "c.yaml", bank_yaml("course", "course-1"), visibility="class")
    app.library.upload(other, "o.yaml", bank_yaml("everyone", "open-1"), visibility="public")
    made = app.classes.create(teacher, "Bootcamp", banks=["course"])
    app.classes.join(student, made.code)

    assert {"draft-1", "course-1", "open-1"} <= question_ids(app, teacher)
    assert "draft-1" not in question_ids(app, student)
    assert {"course-1", "open-1"} <= question_ids(app, student)
    assert question_ids(app, stranger) & {"draft-1", "course-1"} == set()
    assert "open-1" in question_ids(app, stranger)
    assert {q.id for q in app.bank.questions} <= question_ids(app, stranger)  # the packaged bank


def test_a_private_bank_cannot_be_given_to_a_class(app: App) -> None:
    teacher = instructor(app)
    app.library.upload(teacher, "p.yaml", bank_yaml("drafts"), visibility="private")
    with pytest.raises(ClassError, match="private"):
        app.classes.create(teacher, "Bootcamp", banks=["drafts"])


def test_another_instructors_class_bank_cannot_be_given_to_a_class(app: App) -> None:
    app.library.upload(instructor(app, "Other"), "o.yaml", bank_yaml("theirs"))
    with pytest.raises(ClassError, match="yours or public"):
        app.classes.create(instructor(app), "Bootcamp", banks=["theirs"])


def test_a_bank_a_class_uses_stays_visible_to_it(app: App) -> None:
    teacher = instructor(app)
    app.library.upload(teacher, "c.yaml", bank_yaml("course"))
    app.classes.create(teacher, "Bootcamp", banks=["course"])
    with pytest.raises(bank_library.LibraryError, match="Bootcamp"):
        app.library.set_visibility(teacher, "course", "private")


def test_a_students_class_tracks_come_first_marked_with_the_class(app: App) -> None:
    teacher, student = instructor(app), app.profiles.local("Stu")
    app.library.upload(teacher, "c.yaml", bank_yaml("course", track="zz-course", title="Course"))
    made = app.classes.create(teacher, "Bootcamp", banks=["course"], tracks=["python"])
    before = list(app.library.practice_bank(student).tracks)
    app.classes.join(student, made.code)
    tracks = app.library.practice_bank(student).tracks
    assert list(tracks)[:2] == ["zz-course", "python"]
    assert tracks["zz-course"].title == "Course (Bootcamp)"
    assert "zz-course" not in before and before[0] != "python"  # titles in order, before joining


def test_each_stored_version_is_parsed_once_and_the_combined_bank_built_once(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = instructor(app)
    parses: list[str] = []
    real = bank_library.parsed_from_document
    monkeypatch.setattr(
        bank_library,
        "parsed_from_document",
        lambda doc, source="": parses.append(doc["bank"]) or real(doc, source),
    )
    monkeypatch.setattr(bank_library, "_PARSED", bank_library._ParsedCache(16))
    app.library.upload(teacher, "c.yaml", bank_yaml("course", "c-1"))
    first = app.library.practice_bank(teacher)
    assert app.library.practice_bank(teacher) is first
    assert parses == ["course"]
    app.library.upload(teacher, "c.yaml", bank_yaml("course", "c-1", "c-2"))  # a new version
    assert "c-2" in app.library.practice_bank(teacher)
    assert parses == ["course", "course"]


def test_an_interview_on_an_uploaded_question_keeps_it_as_it_was_asked(app: App) -> None:
    teacher, student = instructor(app), app.profiles.local("Stu")
    app.library.upload(teacher, "c.yaml", bank_yaml("course", "c-1"))
    made = app.classes.create(teacher, "Bootcamp", banks=["course"])
    app.classes.join(student, made.code)
    interview_id = app.interviews.start(student, InterviewSetup("course", num_questions=1, seed=1))
    changed = bank_yaml("course", "c-1").replace(b"Explain what a GROUP BY", b"Describe a GROUP BY")
    app.library.upload(teacher, "c.yaml", changed)  # edited while the student answers
    outcome = app.interviews.submit_answer(student, interview_id, GOOD_ANSWER)
    assert outcome.saved and outcome.result is not None and outcome.result.overall >= 60
    report = app.history.report(student, interview_id)
    assert report.questions[0].question.prompt.startswith("Explain what a GROUP BY")


def test_someone_outside_the_class_cannot_start_on_its_private_track(app: App) -> None:
    teacher = instructor(app)
    app.library.upload(teacher, "c.yaml", bank_yaml("course", "c-1"))
    with pytest.raises(InterviewError, match="No questions match"):
        app.interviews.start(app.profiles.local("Stranger"), InterviewSetup("course", seed=1))
