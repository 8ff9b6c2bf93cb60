"""Migration 0009 makes the transcript refer to its turns instead of copying them, without loss:
a history written by the previous version reads exactly as that version read it (every
conversation, report, export and history read), and the downgrade writes the copies back."""

from __future__ import annotations

import importlib.util
import json
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, load_bank
from interviewsim.bootstrap import App
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.profiles import ProfileService
from interviewsim.states import Role, TurnKind
from interviewsim.store import open_store
from interviewsim.store.db import alembic_config, make_engine
from interviewsim.store.types import unpack_text
from interviewsim.views import HistoryViews

from ..conftest import FIXTURE_BANK, PROJECT_ROOT

MADE_BEFORE = PROJECT_ROOT / "tests" / "fixtures" / "history-0008"


def made_by() -> Any:
    spec = importlib.util.spec_from_file_location("made_by_0008", MADE_BEFORE / "made_by.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def transcript_rows(engine: sa.Engine) -> list[tuple[Any, ...]]:
    """The messages as stored: (id, interview, seq, role, text or None, meta, created_at)."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT id, interview_id, seq, role, content, meta, created_at FROM messages "
                "ORDER BY id"
            )
        ).all()
    return [
        (
            r[0],
            r[1],
            r[2],
            r[3],
            None if r[4] is None else unpack_text(bytes(r[4])),
            r[5] if isinstance(r[5], dict) else json.loads(r[5]),
            str(r[6]),
        )
        for r in rows
    ]


def stored_bytes(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return sum(
            len(bytes(c or b"")) + len(json.dumps(m) if isinstance(m, dict) else m or "")
            for c, m in conn.execute(sa.text("SELECT content, meta FROM messages"))
        )


@pytest.mark.sqlite_only
def test_a_history_written_by_the_previous_version_reads_the_same_after_migrating(
    tmp_path: Path,
) -> None:
    """tests/fixtures/history-0008 was written by the previous version (schema 0008, commit
    4d80c06; `made_by.py` beside it) with everything it read back: four interviews with coach
    verdicts, follow-ups, a hint, skips, an empty and a cut answer, a spoken one, retries (one
    taking back a waiting question), one ended early, one still running, one on the LLM path."""
    db = tmp_path / "history.sqlite3"
    shutil.copyfile(MADE_BEFORE / "history-0008.sqlite", db)
    expected = json.loads((MADE_BEFORE / "reads.json").read_text(encoding="utf-8"))
    before = transcript_rows(make_engine(f"sqlite:///{db}"))
    copied = stored_bytes(make_engine(f"sqlite:///{db}"))

    sessions = open_store(f"sqlite:///{db}")  # the app's own way in: migrates to the head
    bank = load_bank(DEFAULT_DATA_DIR, FIXTURE_BANK)
    service = InterviewService(sessions, bank)
    ada = ProfileService(sessions).local("Ada")
    ids = [int(i) for i in expected["interviews"]]
    read = made_by().everything_read(service, HistoryViews(sessions), ada, ids)
    for i in expected["interviews"]:
        for what, value in expected["interviews"][i].items():
            assert read["interviews"][i][what] == value, (i, what)
    for what in ("my_data", "progress_csv", "progress_history", "summaries", "bounds"):
        assert read[what] == expected[what], what

    engine = sessions.kw["bind"]
    after = transcript_rows(engine)
    assert [r[:4] + r[6:] for r in after] == [r[:4] + r[6:] for r in before]
    by_role: dict[str, list[tuple[Any, ...]]] = {}
    for row in after:
        by_role.setdefault(row[3], []).append(row)
    answers = [r for r in by_role[Role.candidate] if r[4] is None]
    assert len(answers) == len(by_role[Role.candidate]) - 1  # all but the skip refer to a turn
    assert all(r[4] is None for r in by_role[Role.coach])
    assert stored_bytes(engine) < copied / 3
    with engine.connect() as conn:
        linked = conn.execute(sa.text("SELECT count(*) FROM messages WHERE turn_id IS NOT NULL"))
        assert linked.scalar_one() > len(answers) + len(by_role[Role.coach])

    # The running interview carries on; the downgrade gives back the transcript it was given.
    running = service.active_interview(ada)
    assert running is not None and service.view(ada, running).awaiting is not None
    sessions.kw["bind"].dispose()
    old = make_engine(f"sqlite:///{db}")
    command.downgrade(alembic_config(old), "0008")
    assert transcript_rows(old) == before
    old.dispose()


def play(app: App) -> list[int]:
    """Interviews as the app plays them: coach mode, follow-ups, a hint, skips, retries."""
    owner, service = app.profiles.local("Ada"), app.interviews
    coached = service.start(
        owner, InterviewSetup("sample", "technical", num_questions=2, seed=1, coach=True)
    )
    service.submit_answer(owner, coached, "Lists are mutable and tuples are immutable.")
    service.submit_answer(owner, coached, "Um, a tuple is hashable.", duration_s=4)
    for _ in range(8):
        view = service.view(owner, coached)
        if view.finished:
            break
        said = "hint" if view.awaiting == TurnKind.follow_up else "I am not sure."
        service.submit_answer(owner, coached, said)
    service.retry(owner, coached, 0)
    service.submit_answer(owner, coached, "Tuples are immutable, so they can be keys.")
    plain = service.start(owner, InterviewSetup("sample", num_questions=3, seed=2, coach=False))
    service.skip(owner, plain)
    service.submit_answer(owner, plain, "I led a migration; errors fell by 30 percent.")
    service.retry(owner, plain, 0)  # takes back the question waiting for an answer
    service.end_early(owner, plain)
    return [coached, plain]


def reads(app: App, ids: list[int]) -> dict[str, Any]:
    owner = app.profiles.local("Ada")
    return made_by().everything_read(app.interviews, app.history, owner, ids)


def test_the_migration_and_its_downgrade_keep_every_read_on_every_store(
    app: App, bank: Bank, db_url: str
) -> None:
    ids = play(app)
    written = reads(app, ids)
    engine = make_engine(db_url)
    command.downgrade(alembic_config(engine), "0008")
    # At 0008 every message holds its own copy, as that version wrote it.
    shown = [
        (m["role"], m["content"], m["meta"])
        for i in ids
        for m in written["interviews"][str(i)]["view"]["messages"]
    ]
    stored = [(r[3], r[4], r[5]) for r in transcript_rows(engine)]
    assert stored == shown
    with engine.connect() as conn:
        packed = conn.execute(sa.text("SELECT result, insights FROM turns")).all()
    values = [bytes(v) for row in packed for v in row if v is not None]
    assert values and all(zlib.decompress(v) for v in values)  # 0008's packing: plain zlib
    command.upgrade(alembic_config(engine), "head")
    assert reads(app, ids) == written
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT count(*) FROM messages WHERE content IS NULL"))
        assert kept.scalar_one() > 0
    engine.dispose()
