"""What one LLM turn costs: model calls, prompt tokens, and the time our code adds.

Runs scripted interviews on the LLM path with the real openai/LangChain client against the local
OpenAI-compatible test server (interviewsim/testing/fake_openai.py) and a SQLite history in a temporary
folder. The scripted model covers one key point on a first answer and all of them after a
follow-up, so each question gets exactly one follow-up. The interviewer's words are consumed as a
stream, as the Practice page does.

"Our time" is the wall time of the service call minus the server's own time handling the
requests of that turn: prompt building, the client libraries, parsing and checking the reply,
and the database writes. Token counts are the server's (an estimate of characters / 4).
Targets (issue 4): at most 2 model calls per answered turn; median added time under 30 ms.

    python bench/llm_turn.py [--runs 5] [--track python]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from interviewsim.bank import default_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.testing.fake_openai import FakeOpenAI, serve
from interviewsim.testing.scripted import ScriptedModel

QUESTIONS = 5
FIRST_ANSWER = "I would start from the basics and explain the main idea with an example."
FOLLOW_UP_ANSWER = "To add to that: the trade-offs matter, and I would measure before changing."


def consume(chunks: Iterator[str]) -> str:
    return "".join(chunks)  # what st.write_stream does with the pieces, minus the drawing


def run_interview(app: App, server: FakeOpenAI, track: str, seed: int) -> tuple[int, list[dict]]:
    """One scripted interview; a row per step with calls, tokens and times."""
    service = app.interviews
    profile_id, name = app.profiles.ensure("Bench")
    rows: list[dict] = []

    def timed(label: str, call) -> None:  # type: ignore[no-untyped-def]
        before = len(server.requests)
        started = time.perf_counter()
        call()
        wall = time.perf_counter() - started
        handled = server.requests[before:]
        server_s = server.server_seconds(handled)
        rows.append(
            {
                "label": label,
                "calls": len(handled),
                "wall_ms": wall * 1000,
                "server_ms": server_s * 1000,
                "ours_ms": (wall - server_s) * 1000,
            }
        )

    interview_id = 0

    def begin() -> None:
        nonlocal interview_id
        setup = InterviewSetup(profile_id, track, "technical", 2, QUESTIONS, "neutral", seed)
        interview_id = service.start(setup, name, speak=consume)

    timed("start", begin)
    for _ in range(QUESTIONS * 3):
        view = service.view(interview_id)
        if view.finished:
            break
        kind = view.awaiting or "main"
        text = FIRST_ANSWER if kind == "main" else FOLLOW_UP_ANSWER
        label = f"Q{view.question_index + 1} {'answer' if kind == 'main' else 'follow-up'}"
        timed(label, lambda t=text: service.submit_answer(interview_id, t, speak=consume))
    steps = app.history.report(interview_id).usage["steps"]
    for row, step in zip(rows, steps, strict=True):  # one stored usage step per service call
        row.update(
            purposes=step["purposes"],
            prompt_tokens=step["input_tokens"],
            output_tokens=step["output_tokens"],
        )
    return interview_id, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured interviews after a warm-up")
    parser.add_argument("--track", default="python")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, serve() as server:
        server.responder = ScriptedModel()
        os.environ.update(
            INTERVIEWSIM_NO_DOTENV="1",
            INTERVIEWSIM_DB_PATH=str(Path(tmp) / "history.sqlite3"),
            OPENAI_BASE_URL=server.url,
            OPENAI_API_KEY="sk-test-not-a-real-key",
            INTERVIEWSIM_MODEL="fake-model",
        )
        for name in ("INTERVIEWSIM_PROVIDER", "DATABASE_URL", "INTERVIEWSIM_BANK_PATHS"):
            os.environ.pop(name, None)
        get_settings.cache_clear()
        app = build_app(bank=default_bank())
        run_interview(app, server, args.track, seed=0)  # warm-up: imports, client, caches
        measured = [
            run_interview(app, server, args.track, seed=n)[1] for n in range(1, 1 + args.runs)
        ]

    rows = measured[-1]
    print("LLM turn benchmark: real openai/LangChain client -> local OpenAI-compatible server")
    print(
        f"Scripted interview: track {args.track}, {QUESTIONS} technical questions, one follow-up "
        f"each; interviewer replies streamed; SQLite history. Table: the last of {args.runs} runs."
    )
    print()
    header = f"{'turn':<16}{'calls':>6}  {'model calls':<22}{'prompt tok':>11}{'out tok':>9}"
    header += f"{'server ms':>11}{'wall ms':>9}{'ours ms':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['label']:<16}{r['calls']:>6}  {', '.join(r['purposes']):<22}"
            f"{r['prompt_tokens']:>11,}{r['output_tokens']:>9,}{r['server_ms']:>11.1f}"
            f"{r['wall_ms']:>9.1f}{r['ours_ms']:>9.1f}"
        )
    answered = [r for run in measured for r in run if r["label"] != "start"]
    ours = [r["ours_ms"] for r in answered]
    most_calls = max(r["calls"] for r in answered)
    follow_ups = sum(1 for r in rows if "follow_up" in r["purposes"])
    total_in = sum(r["prompt_tokens"] for r in rows)
    total_out = sum(r["output_tokens"] for r in rows)
    first, last = rows[1]["prompt_tokens"], rows[-1]["prompt_tokens"]
    print()
    print(
        f"Answered turns measured: {len(answered)} over {args.runs} interviews. "
        f"Most model calls in one turn: {most_calls} (target <= 2)."
    )
    print(
        f"Time our code adds per answered turn: median {statistics.median(ours):.1f} ms, "
        f"p90 {statistics.quantiles(ours, n=10)[-1]:.1f} ms (target: median < 30 ms)."
    )
    print(
        f"Total prompt tokens, {QUESTIONS}-question interview with {follow_ups} follow-ups: "
        f"{total_in:,} (output {total_out:,}) in {sum(r['calls'] for r in rows)} model calls."
    )
    print(
        f"Prompt tokens per answered turn stay flat (a one-question window): first {first:,}, "
        f"last {last:,}."
    )
    ok = most_calls <= 2 and statistics.median(ours) < 30 and follow_ups == QUESTIONS
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
