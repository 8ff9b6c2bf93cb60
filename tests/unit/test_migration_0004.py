"""Migration 0004 converts a history written before it without loss: each turn's question copy
becomes one stored version per distinct question, and the per-question memory is filled from the
finished interviews. The downgrade puts every copy back."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.orm
from alembic import command

from interviewsim.bank import Bank
from interviewsim.bootstrap import build_app
from interviewsim.config import get_settings
from interviewsim.learner import next_box
from interviewsim.profiles import Owner
from interviewsim.store import open_store
from interviewsim.store.db import alembic_config, make_engine

T0 = datetime(2026, 3, 2, 9, 0)


def old_history(bank: Bank, url: str) -> dict[int, dict]:
    """A file at schema 0003 holding two finished interviews, written row by row the way the
    version before 0004 wrote them (a full question snapshot on every turn). Returns each turn's
    snapshot by turn id."""
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0003")
    meta = sa.MetaData()
    meta.reflect(engine)
    t = meta.tables
    lists, index = bank.get("sample-list-vs-tuple"), bank.get("sample-index")
    snapshots: dict[int, dict] = {}
    with engine.begin() as conn:
        conn.execute(t["profiles"].insert().values(id=1, name="Ada", role="student"))
        turn_id = 0
        for n, scores in enumerate(([40.0, 80.0], [90.0, 75.0]), start=1):
            started = T0 + timedelta(days=n)
            conn.execute(
                t["interviews"]
                .insert()
                .values(
                    id=n,
                    profile_id=1,
                    track="sample",
                    interview_type="technical",
                    difficulty=0,
                    style="neutral",
                    seed=n,
                    plan=[{"id": lists.id, "reason": "new"}, {"id": index.id, "reason": "new"}],
                    status="completed",
                    overall=sum(scores) / 2,
                    interviewer="offline",
                    scorer="heuristic",
                    usage={},
                    started_at=started,
                    finished_at=started + timedelta(minutes=5),
                )
            )
            for position, (question, score) in enumerate(zip((lists, index), scores, strict=True)):
                turn_id += 1
                snapshot = question.model_dump(mode="json")
                snapshots[turn_id] = snapshot
                conn.execute(
                    t["turns"]
                    .insert()
                    .values(
                        id=turn_id,
                        interview_id=n,
                        seq=position + 1,
                        question_index=position,
                        question_id=question.id,
                        question=snapshot,
                        kind="main",
                        prompt_text=question.prompt,
                        answer=f"answer {turn_id}",
                        answer_truncated=False,
                        skipped=False,
                        asked_at=started,
                        answered_at=started + timedelta(minutes=position + 1),
                        time_taken_s=60.0,
                        overall=score,
                        result=None,
                    )
                )
    engine.dispose()
    return snapshots


def test_a_history_from_before_0004_is_converted_without_loss(bank: Bank, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    snapshots = old_history(bank, url)
    sessions = open_store(url)  # migrates to the head
    app = build_app(get_settings(), bank=bank, sessions=sessions)
    ada = Owner(profile_id=1, name="Ada")

    for interview_id in (1, 2):
        report = app.history.report(ada, interview_id)
        assert [q.question.prompt for q in report.questions] == [
            bank.get("sample-list-vs-tuple").prompt,
            bank.get("sample-index").prompt,
        ]
        assert all(q.exchanges[0].answer for q in report.questions)
    engine = sessions.kw["bind"]
    with engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT count(*) FROM question_versions")).scalar()
        memory = dict(conn.execute(sa.text("SELECT question_id, box FROM question_memory")).all())
        columns = {c["name"] for c in sa.inspect(conn).get_columns("turns")}
    assert versions == 2  # four turns, two distinct questions
    assert "question" not in columns
    assert memory == {
        "sample-list-vs-tuple": next_box(next_box(0, 40.0), 90.0),
        "sample-index": next_box(next_box(0, 80.0), 75.0),
    }

    command.downgrade(alembic_config(engine), "0003")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, question FROM turns ORDER BY id")).all()
    assert {row[0]: json.loads(row[1]) for row in rows} == snapshots


def test_a_question_asked_in_many_turns_is_stored_once(app, owner) -> None:
    from interviewsim.interview import InterviewSetup

    for seed in (1, 2, 3):
        interview_id = app.interviews.start(
            owner, InterviewSetup("sample", num_questions=2, seed=seed)
        )
        app.interviews.end_early(owner, interview_id)
    with app.sessions() as s:
        turns = s.execute(sa.text("SELECT count(*) FROM turns")).scalar()
        versions = s.execute(sa.text("SELECT count(DISTINCT question_id) FROM question_versions"))
        stored = s.execute(sa.text("SELECT count(*) FROM question_versions")).scalar()
    assert turns >= 3 and stored == versions.scalar() and stored < turns


@pytest.mark.parametrize("how", ["open_store", "alembic upgrade with foreign keys on"])
def test_upgrading_an_old_sqlite_history_to_the_head_keeps_every_row(
    bank: Bank, tmp_path: Path, how: str
) -> None:
    """Rebuilding a table (SQLite's way to alter one) must not cascade-delete the rows that
    point at it: every interview, turn, score and message of a 0002 file survives to the head."""
    url = f"sqlite:///{tmp_path / 'from-0002.sqlite3'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0002")
    question = bank.get("sample-list-vs-tuple")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO profiles (id, name) VALUES (1, 'Ada')"))
        conn.execute(
            sa.text(
                "INSERT INTO interviews (id, profile_id, track, interview_type, difficulty, style,"
                " seed, plan, status, overall, interviewer, scorer, usage, started_at)"
                " VALUES (1, 1, 'sample', 'technical', 0, 'neutral', 1, '[]', 'completed', 80,"
                " 'offline', 'heuristic', '{}', '2026-03-01 09:00:00')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO turns (id, interview_id, seq, question_index, question_id, question,"
                " kind, prompt_text, answer, answer_truncated, skipped, asked_at, answered_at,"
                " overall, result) VALUES (1, 1, 1, 0, :qid, :snapshot, 'main', 'Q?', 'A.', 0, 0,"
                " '2026-03-01 09:00:00', '2026-03-01 09:01:00', 80, NULL)"
            ),
            {"qid": question.id, "snapshot": json.dumps(question.model_dump(mode="json"))},
        )
        conn.execute(
            sa.text(
                "INSERT INTO criterion_scores (turn_id, criterion_id, name, level, weight,"
                " evidence, suggestions) VALUES (1, 'coverage', 'Coverage', 4, 0.5, '[]', '[]')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO messages (interview_id, seq, role, content, meta)"
                " VALUES (1, 1, 'candidate', 'A.', '{}')"
            )
        )
    if how == "open_store":
        engine.dispose()
        sessions = open_store(url)
    else:  # the app's own engine, which enforces foreign keys on every connection
        command.upgrade(alembic_config(engine), "head")
        sessions = sa.orm.sessionmaker(engine)
    with sessions() as s:
        counts = {
            t: s.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("profiles", "interviews", "turns", "criterion_scores", "messages")
        }
    assert counts == {
        "profiles": 1,
        "interviews": 1,
        "turns": 1,
        "criterion_scores": 1,
        "messages": 1,
    }
