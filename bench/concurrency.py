"""Many people at once: simultaneous interviews in separate processes, on SQLite and PostgreSQL.

Each of `--workers` processes (20) is one person: it builds its own service through the public API
(`build_app`, `profiles.local`, `start`, `submit_answer`), waits at a barrier so that all start
together, then answers every question of a `--questions`-question interview (follow-ups included),
timing each `submit_answer`. Afterwards the parent reads every transcript back and compares it
with what each worker was told was saved. The baseline, from the same run and the same store, is
`--baseline` interviews answered one after another by a single process.

Printed per store: answers submitted, stored and lost, errors, and p50/p95 milliseconds per answer.

The second part submits **the same turn twice at once**, as a double click or a second tab (or a
second app server) would: for each of `--attempts` (20) fresh interviews, two processes wait at a
barrier and then send different answers to the same question, each with the turn id it was shown.
Printed per store: attempts, answers stored, duplicates refused, errors, and attempts where the
stored answer was not exactly the one reported saved (none stored, both, or an overwrite).

Targets (issue 12): no answer lost and no error on either store; each doubled turn stores exactly
one answer and refuses the other. The script exits 1 when any is missed.

    python bench/concurrency.py [--workers 20] [--questions 5] [--baseline 3] [--attempts 20]
                                [--only interviews|same-turn]
                                [--postgres URL | --start-postgres] [--sqlite-only]

PostgreSQL runs when a URL is given (`--postgres`, or INTERVIEWSIM_BENCH_POSTGRES_URL, or
INTERVIEWSIM_TEST_POSTGRES_URL as `.ci/run` sets it), or with `--start-postgres`, which starts a
throwaway server with `.ci/postgres` and stops it at the end. Each run uses a fresh schema there,
dropped afterwards; on SQLite a fresh file in a temporary folder.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from interviewsim.config import Settings
from interviewsim.store import open_store
from interviewsim.store.db import normalise_url

ROOT = Path(__file__).resolve().parent.parent

POSTGRES_ENV = ("INTERVIEWSIM_BENCH_POSTGRES_URL", "INTERVIEWSIM_TEST_POSTGRES_URL")
WEAK_ANSWER = "I am not sure, but I think it depends on the situation and the team."


@dataclass
class WorkerResult:
    worker: int
    interview_id: int | None = None
    owner: Any = None  # the worker's profile (an Owner)
    submitted: int = 0  # submit_answer calls with a non-empty answer
    saved: list[str] = field(default_factory=list)  # answers the service said it saved
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)


def answer_for(question: Any, rng: random.Random) -> str:
    """A strong, a partial or a weak answer, so that some turns get follow-ups."""
    words = question.model_answer.split()
    style = rng.randrange(3)
    if style == 0:
        return question.model_answer
    if style == 1:
        return " ".join(words[: max(8, len(words) // 3)])
    return WEAK_ANSWER


def run_interview(url: str, worker: int, questions: int, barrier: Any | None) -> WorkerResult:
    """One person's whole interview through the public service API."""
    from interviewsim.bootstrap import build_app
    from interviewsim.interview import InterviewSetup

    result = WorkerResult(worker)
    rng = random.Random(worker)
    try:
        app = build_app(Settings(database_url=url))
        service = app.interviews
        tracks = sorted(app.bank.tracks)
        owner = app.profiles.local(f"bench-{worker:02d}")
        if barrier is not None:
            barrier.wait(timeout=300)
        setup = InterviewSetup(tracks[worker % len(tracks)], num_questions=questions, seed=worker)
        interview_id = service.start(owner, setup)
        result.interview_id = interview_id
        result.owner = owner
        for _ in range(questions * 4):  # at most two follow-ups per question; a safety bound
            view = service.view(owner, interview_id)
            if view.finished:
                break
            report = app.history.report(owner, interview_id)
            question = report.questions[view.question_index].question
            answer = answer_for(question, rng)
            result.submitted += 1
            started = time.perf_counter()
            try:
                outcome = service.submit_answer(owner, interview_id, answer, turn_id=view.turn_id)
            except Exception as exc:  # counted and reported, never hidden
                result.errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0][:300])
                continue
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            if outcome.saved:
                result.saved.append(answer)
    except Exception as exc:
        result.errors.append(
            f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            + f" ({traceback.extract_tb(exc.__traceback__)[-1].name})"
        )
    return result


def _worker(url: str, worker: int, questions: int, barrier: Any, results: Any) -> None:
    results.put(run_interview(url, worker, questions, barrier))


def run_concurrently(url: str, workers: int, questions: int) -> tuple[list[WorkerResult], float]:
    ctx = mp.get_context("spawn")  # fresh interpreters: no engine or connection is inherited
    barrier = ctx.Barrier(workers + 1)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=_worker, args=(url, n, questions, barrier, results))
        for n in range(workers)
    ]
    for p in processes:
        p.start()
    barrier.wait(timeout=300)  # every worker has its service and profile: go
    started = time.perf_counter()
    collected = [results.get(timeout=600) for _ in processes]
    wall = time.perf_counter() - started
    for p in processes:
        p.join(timeout=60)
    return sorted(collected, key=lambda r: r.worker), wall


def run_serially(url: str, interviews: int, questions: int) -> tuple[list[WorkerResult], float]:
    started = time.perf_counter()
    # Worker numbers after the concurrent ones: other profiles, same kind of interview.
    done = [run_interview(url, 1000 + n, questions, None) for n in range(interviews)]
    return done, time.perf_counter() - started


def stored_answers(url: str, owner: Any, interview_id: int) -> list[str]:
    from interviewsim.bootstrap import build_app

    view = build_app(Settings(database_url=url)).interviews.view(owner, interview_id)
    return [m.content for m in view.messages if m.role == "candidate"]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Summary:
    label: str
    interviews: int
    submitted: int
    stored: int
    lost: int
    errors: list[str]
    latencies_ms: list[float]
    wall_s: float

    def row(self) -> str:
        return (
            f"  {self.label:<26} {self.interviews:>10} {self.submitted:>9} {self.stored:>7} "
            f"{self.lost:>5} {len(self.errors):>6} {statistics.median(self.latencies_ms or [0]):>8.1f}"
            f" {percentile(self.latencies_ms, 95):>8.1f} {self.wall_s:>7.1f}"
        )


def summarise(label: str, url: str, results: list[WorkerResult], wall: float) -> Summary:
    stored = lost = 0
    errors = [f"worker {r.worker}: {e}" for r in results for e in r.errors]
    for r in results:
        if r.interview_id is None:
            continue
        kept = [a.strip() for a in stored_answers(url, r.owner, r.interview_id)]
        stored += len(kept)
        expected = [a.strip() for a in r.saved]
        if kept != expected:
            # Saved but missing, or stored differently from what was sent.
            lost += sum(1 for a, b in itertools.zip_longest(expected, kept) if a != b)
    return Summary(
        label,
        len(results),
        sum(r.submitted for r in results),
        stored,
        lost,
        errors,
        [ms for r in results for ms in r.latencies_ms],
        wall,
    )


@contextmanager
def sqlite_store() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        open_store(url).kw["bind"].dispose()  # migrate once, before the workers arrive
        yield url


@contextmanager
def postgres_store(server_url: str) -> Iterator[str]:
    """A fresh schema on `server_url`, named by the URL's search_path, dropped afterwards."""
    admin = create_engine(
        normalise_url(server_url), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    schema = f"bench_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = (
        normalise_url(server_url)
        .update_query_dict({"options": f"-csearch_path={schema}", "application_name": schema})
        .render_as_string(hide_password=False)
    )
    try:
        open_store(url).kw["bind"].dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": schema},
            )
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    # The folder itself (not a subfolder): as root, .ci/postgres hands it to the postgres user.
    folder = tempfile.mkdtemp(prefix="interviewsim-bench-pg.")
    script = str(ROOT / ".ci" / "postgres")
    try:
        url = subprocess.run(
            [script, "start", folder], check=True, stdout=subprocess.PIPE, text=True
        ).stdout.strip()
        yield url
    finally:
        subprocess.run([script, "stop", folder], check=False)  # stops it and deletes the folder


# ------------------------------------------------------------------ the same turn twice at once
@dataclass(frozen=True)
class Attempt:
    owner: Any  # an Owner
    interview_id: int
    turn_id: int


@dataclass(frozen=True)
class Submit:
    attempt: int
    worker: int
    answer: str
    outcome: str  # "saved", "refused", or the error
    ms: float


def prepare_attempts(url: str, attempts: int) -> list[Attempt]:
    """One fresh interview per attempt, each waiting for the answer to its first question."""
    from interviewsim.bootstrap import build_app
    from interviewsim.interview import InterviewSetup

    app = build_app(Settings(database_url=url))
    track = sorted(app.bank.tracks)[0]
    prepared = []
    for n in range(attempts):
        owner = app.profiles.local(f"twice-{n:02d}")
        interview_id = app.interviews.start(owner, InterviewSetup(track, num_questions=2, seed=n))
        turn_id = app.interviews.view(owner, interview_id).turn_id
        assert turn_id is not None
        prepared.append(Attempt(owner, interview_id, turn_id))
    app.sessions.kw["bind"].dispose()
    return prepared


def _twice_worker(
    url: str, worker: int, attempts: list[Attempt], barrier: Any, results: Any
) -> None:
    """One of the two submitters: at each attempt, wait for the other, then send its answer."""
    from interviewsim.bootstrap import build_app

    service = build_app(Settings(database_url=url)).interviews
    for n, attempt in enumerate(attempts):
        answer = f"Answer {n} from tab {worker}: {WEAK_ANSWER}"
        barrier.wait(timeout=300)
        started = time.perf_counter()
        try:
            outcome = service.submit_answer(
                attempt.owner, attempt.interview_id, answer, turn_id=attempt.turn_id
            )
            if outcome.saved:
                what = "saved"
            elif outcome.duplicate:  # while the other was working on it, or after it was done
                after = any("already answered" in n for n in outcome.notices)
                what = "refused: answered" if after else "refused: busy"
            else:
                what = "dropped"
        except Exception as exc:  # counted and reported, never hidden
            what = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        results.put(Submit(n, worker, answer, what, (time.perf_counter() - started) * 1000))


@dataclass
class TwiceSummary:
    label: str
    attempts: int
    stored: int
    refused: int
    errors: list[str]
    wrong: list[str]  # attempts whose stored answers are not exactly the one reported saved
    latencies_ms: list[float]
    refused_while_busy: int = 0  # the rest were refused after the first had finished

    def row(self) -> str:
        return (
            f"  {self.label:<28} {self.attempts:>8} {self.stored:>7} {self.refused:>8} "
            f"{len(self.errors):>6} {len(self.wrong):>7} "
            f"{statistics.median(self.latencies_ms or [0]):>8.1f} "
            f"{percentile(self.latencies_ms, 95):>8.1f}"
        )

    @property
    def missed(self) -> bool:
        return bool(self.errors or self.wrong or self.refused != self.attempts)


def bench_same_turn(name: str, url: str, attempts: int) -> TwiceSummary:
    print(f"{name}: the same turn submitted twice at once, {attempts} times ...")
    prepared = prepare_attempts(url, attempts)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    processes = [
        ctx.Process(target=_twice_worker, args=(url, w, prepared, barrier, results)) for w in (1, 2)
    ]
    for p in processes:
        p.start()
    submits = [results.get(timeout=600) for _ in range(2 * attempts)]
    for p in processes:
        p.join(timeout=60)

    stored = refused = while_busy = 0
    errors: list[str] = []
    wrong: list[str] = []
    for n, attempt in enumerate(prepared):
        mine = [s for s in submits if s.attempt == n]
        saved = [s.answer for s in mine if s.outcome == "saved"]
        refused += sum(1 for s in mine if s.outcome.startswith("refused"))
        while_busy += sum(1 for s in mine if s.outcome == "refused: busy")
        errors += [
            f"attempt {n}, tab {s.worker}: {s.outcome}"
            for s in mine
            if s.outcome != "saved" and not s.outcome.startswith("refused")
        ]
        kept = stored_answers(url, attempt.owner, attempt.interview_id)
        stored += len(kept)
        if [a.strip() for a in kept] != [a.strip() for a in saved] or len(saved) != 1:
            wrong.append(f"attempt {n}: saved {len(saved)}, stored {kept!r}"[:300])
    return TwiceSummary(
        f"{name}, same turn twice",
        attempts,
        stored,
        refused,
        errors,
        wrong,
        [s.ms for s in submits],
        while_busy,
    )


def bench_store(name: str, url: str, args: argparse.Namespace) -> list[Summary]:
    print(f"{name}: {args.workers} interviews at once, then {args.baseline} one after another ...")
    concurrent, wall = run_concurrently(url, args.workers, args.questions)
    serial, serial_wall = run_serially(url, args.baseline, args.questions)
    return [
        summarise(f"{name}, {args.workers} at once", url, concurrent, wall),
        summarise(f"{name}, one at a time", url, serial, serial_wall),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=20, help="simultaneous interviews")
    parser.add_argument("--questions", type=int, default=5, help="questions per interview")
    parser.add_argument("--baseline", type=int, default=3, help="interviews run one at a time")
    parser.add_argument("--attempts", type=int, default=20, help="turns submitted twice at once")
    parser.add_argument("--only", choices=("interviews", "same-turn"), help="run one part only")
    parser.add_argument("--postgres", help="a PostgreSQL URL to create a schema in")
    parser.add_argument("--start-postgres", action="store_true", help="start a throwaway server")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()

    summaries: list[Summary] = []
    twice: list[TwiceSummary] = []

    def bench(name: str, url: str) -> None:
        if args.only != "same-turn":
            summaries.extend(bench_store(name, url, args))
        if args.only != "interviews":
            twice.append(bench_same_turn(name, url, args.attempts))

    with sqlite_store() as url:
        bench("SQLite", url)

    postgres_url = args.postgres or next(
        (os.environ[v] for v in POSTGRES_ENV if os.environ.get(v)), None
    )
    if args.sqlite_only:
        print("PostgreSQL: not run (--sqlite-only)")
    elif postgres_url or args.start_postgres:
        with (
            throwaway_postgres() if not postgres_url else _given(postgres_url) as server,
            postgres_store(server) as url,
        ):
            bench("PostgreSQL", url)
    else:
        print(
            "PostgreSQL: not run (no --postgres URL, INTERVIEWSIM_BENCH_POSTGRES_URL or "
            "--start-postgres)"
        )

    problems: list[str] = []
    if summaries:
        print()
        print(
            f"  {'store':<26} {'interviews':>10} {'submitted':>9} {'stored':>7} {'lost':>5} "
            f"{'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'wall s':>7}"
        )
        for s in summaries:
            print(s.row())
        for s in summaries:
            problems += [f"{s.label}: {e}" for e in s.errors[:10]]
            if s.lost:
                problems.append(f"{s.label}: {s.lost} answers lost")
        missed = any(s.lost or s.errors for s in summaries)
        print(
            "target: no answer lost and no error on any store: " + ("MISSED" if missed else "met")
        )
    if twice:
        print()
        print(
            f"  {'store':<28} {'attempts':>8} {'stored':>7} {'refused':>8} {'errors':>6} "
            f"{'wrong':>7} {'p50 ms':>8} {'p95 ms':>8}"
        )
        for t in twice:
            print(t.row())
        for t in twice:
            print(
                f"  {t.label}: {t.refused_while_busy} refused while the first was being worked "
                f"on (its lease), {t.refused - t.refused_while_busy} after it was done (turn id)"
            )
        for t in twice:
            problems += [f"{t.label}: {e}" for e in (t.errors + t.wrong)[:10]]
        missed = any(t.missed for t in twice)
        print(
            "target: each turn sent twice at once stores exactly one answer, the one reported "
            "saved, and refuses the other, with no error: " + ("MISSED" if missed else "met")
        )
    for problem in problems:
        print(f"  {problem}")
    failed = any(s.lost or s.errors for s in summaries) or any(t.missed for t in twice)
    return 1 if failed else 0


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    sys.exit(main())
