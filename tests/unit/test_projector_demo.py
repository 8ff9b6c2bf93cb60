"""The projector demo: one question answered three ways so the class sees scores, evidence and
follow-ups differ; it never writes to anyone's history."""

from __future__ import annotations

from sqlalchemy import func, select

from interviewsim.bootstrap import App
from interviewsim.demo import load_script
from interviewsim.store.models import Base

from .classroom_support import instructor


def row_counts(app: App) -> dict[str, int]:
    with app.sessions() as s:
        return {
            name: s.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }


def test_the_script_is_one_question_of_the_built_in_bank_answered_three_ways(app: App) -> None:
    script = load_script()
    assert script.question_id in app.bank
    assert [a.label for a in script.answers] == ["Strong", "Partial", "Confidently wrong"]


def test_the_three_answers_score_in_order_either_side_of_the_line(app: App) -> None:
    strong, partial, wrong = (r.result.overall for r in app.demo.run(instructor(app)))
    assert strong >= 60 > partial > wrong  # 60: what a careful grader would accept


def test_the_evidence_and_the_follow_ups_differ(app: App) -> None:
    strong, partial, wrong = app.demo.run(instructor(app))
    covered = [len(r.result.found_points) for r in (strong, partial, wrong)]
    assert covered[0] > covered[1] > covered[2]
    assert strong.follow_up is None  # nothing left to probe
    assert partial.follow_up and wrong.follow_up and partial.follow_up != wrong.follow_up
    assert all(r.result.criteria for r in (strong, partial, wrong))


def test_the_demo_never_writes_to_anyone_s_history(app: App) -> None:
    teacher = instructor(app)
    before = row_counts(app)
    app.demo.run(teacher)
    app.demo.try_answer(teacher, "WHERE filters rows and HAVING filters groups.")
    assert row_counts(app) == before
    assert app.history.interview_summaries(teacher) == []


def test_an_answer_typed_in_class_is_scored_the_same_way(app: App) -> None:
    run = app.demo.try_answer(instructor(app), load_script().answers[0].text)
    assert run.result.overall == app.demo.run(instructor(app))[0].result.overall
