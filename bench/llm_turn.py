"""What one LLM turn costs: model calls, prompt tokens (ours beside GPTInterviewer's), our time.

Runs scripted interviews on the LLM path with the real openai/LangChain client against the local
OpenAI-compatible test server (interviewsim/testing/fake_openai.py) and a SQLite history in a temporary
folder. Each first answer is the question's model answer from the bank, each follow-up answer a
fixed 50-word addition. The scripted model grades every criterion at level 4; "with follow-ups" it covers only the
first key point of a first answer (so the session asks one follow-up per question that has more
than one key point), "without" it covers them all. The interviewer's words are consumed as a
stream, as the Practice page does.

Prompt tokens are counted with a real tokenizer, tiktoken's cl100k_base, loaded offline from a
package (bench/tokens.py), on every request exactly as the server received it. The peer is
GPTInterviewer's prompt shape rebuilt for the same interview (bench/peer_prompts.py): its plan
call, one call per candidate message carrying its interviewer template and the whole conversation
so far, and its closing feedback call, each interviewer message being the one our interviewer
said at that point. The peer's job description is a keyword line (its cheapest input), and the
plan its model writes is taken as one line per question asked: both favour the peer.

"Our time" is the wall time of the service call minus the server's own time handling the
requests of that turn: prompt building, the client libraries, parsing and checking the reply,
and the database writes. Beside it, the CPU time of the thread that runs the turn (the test
server runs in a thread of its own), which a busy machine does not inflate.
Targets: at most 2 model calls per answered turn and median added time under 30 ms (issue 4);
ours <= 0.8x the peer's prompt tokens at every length, with and without follow-ups (issue 13).
Exits 1 while any of them is missed.

    python bench/llm_turn.py [--runs 5] [--track python]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import peer_prompts  # beside this script in bench/
import tokens

from interviewsim.bank import Bank, default_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.testing.fake_openai import FakeOpenAI, Request, serve
from interviewsim.testing.scripted import ScriptedModel, key_point_numbers

# A first answer is the question's model answer from the bank (a realistic length: the peer's cost
# grows with everything said so far, ours with the current answer only); a follow-up answer is this.
FOLLOW_UP_ANSWER = (
    "To add to that: the trade-offs matter. It costs memory and a little speed, so I would use it "
    "where the data is large or read once, and I would measure before and after changing it, "
    "with a realistic input rather than a toy one."
)
TOKEN_TARGET = 0.8
MAX_CALLS = 2  # model calls per answered turn
ADDED_MS_TARGET = 30  # median time our code adds per answered turn
LENGTHS = (5, 10, 20)
TIMED_QUESTIONS = 5


class CoversEverything(ScriptedModel):
    """Every key point covered on the first answer: no follow-ups."""

    def sheet(self, prompt: str) -> dict:
        sheet = super().sheet(prompt)
        sheet.update(covered_key_points=key_point_numbers(prompt), missing_star_parts=[])
        return sheet


@dataclass
class Interview:
    questions: int
    follow_ups: bool
    rows: list[dict] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (role, text)
    asked: list[str] = field(default_factory=list)  # question ids, in order

    @property
    def ours(self) -> int:
        return sum(tokens.request_tokens(r.body) for r in self.requests)


def consume(chunks: Iterator[str]) -> str:
    return "".join(chunks)  # what st.write_stream does with the pieces, minus the drawing


def run_interview(
    app: App,
    server: FakeOpenAI,
    track: str,
    seed: int,
    questions: int,
    follow_ups: bool,
) -> Interview:
    """One scripted interview; a row per step with calls, tokens and times."""
    server.responder = ScriptedModel() if follow_ups else CoversEverything()
    service = app.interviews
    owner = app.profiles.local(f"Bench {seed}")
    done = Interview(questions, follow_ups)
    first_request = len(server.requests)

    def timed(label: str, call) -> None:  # type: ignore[no-untyped-def]
        before = len(server.requests)
        started, cpu_started = time.perf_counter(), time.thread_time()
        call()
        wall = time.perf_counter() - started
        cpu = time.thread_time() - cpu_started  # this thread only: the test server has its own
        handled = server.requests[before:]
        server_s = server.server_seconds(handled)
        done.rows.append(
            {
                "label": label,
                "calls": len(handled),
                "purposes": [_purpose(r) for r in handled],
                "prompt_tokens": sum(tokens.request_tokens(r.body) for r in handled),
                "wall_ms": wall * 1000,
                "server_ms": server_s * 1000,
                "ours_ms": (wall - server_s) * 1000,
                "cpu_ms": cpu * 1000,
            }
        )

    interview_id = 0

    def begin() -> None:
        nonlocal interview_id
        setup = InterviewSetup(track, "technical", None, questions, "neutral", seed)
        interview_id = service.start(owner, setup, speak=consume)

    timed("start", begin)
    for _ in range(questions * 3):
        view = service.view(owner, interview_id)
        if view.finished:
            break
        kind = view.awaiting or "main"
        question = app.history.report(owner, interview_id).questions[view.question_index].question
        text = question.model_answer if kind == "main" else FOLLOW_UP_ANSWER
        label = f"Q{view.question_index + 1} {'answer' if kind == 'main' else 'follow-up'}"
        timed(label, lambda t=text: service.submit_answer(owner, interview_id, t, speak=consume))
    done.requests = server.requests[first_request:]
    view = service.view(owner, interview_id)
    done.transcript = [(m.role, m.content) for m in view.messages if m.role != "notice"]
    report = app.history.report(owner, interview_id)
    done.asked = [q.question.id for q in report.questions]
    return done


def _purpose(request: Request) -> str:
    tools = request.body.get("tools") or []
    if tools:
        return {"ScoreSheet": "score", "TailoredSet": "tailor"}.get(
            tools[0]["function"]["name"], "tool"
        )
    task = request.task
    if "<candidate_answer>" in task:
        return "follow_up"
    return "ask" if "<question>" in task else "wrap_up"


# ------------------------------------------------------------------------------------ the peer


@dataclass
class PeerCall:
    label: str
    tokens: int


def peer_interview(interview: Interview, bank: Bank, track: str) -> list[PeerCall]:
    """GPTInterviewer's calls for the same conversation (see bench/peer_prompts.py)."""

    def one_message(text: str) -> int:
        return tokens.message_tokens("user", text) + tokens.REPLY_PRIMING

    questions = [bank.get(q) for q in interview.asked]
    tags = dict.fromkeys(t for q in questions for t in q.tags)
    keywords = ", ".join([bank.tracks[track].title, *list(tags)[:4]])
    plan = "\n".join(
        f"{n}. {q.tags[0] if q.tags else q.category.value}: {q.prompt}"
        for n, q in enumerate(questions, start=1)
    )
    calls = [PeerCall("plan", one_message(peer_prompts.plan_prompt(keywords)))]
    memory: list[tuple[str, str]] = [(peer_prompts.PLAN_REQUEST, plan)]
    # Each candidate message is one call; the interviewer's words that follow it are the reply.
    said = interview.transcript
    for n, (role, text) in enumerate(said):
        if role != "candidate":
            continue
        reply_parts = []
        for later_role, later in said[n + 1 :]:
            if later_role == "candidate":
                break
            reply_parts.append(later)
        calls.append(PeerCall("turn", one_message(peer_prompts.screen_prompt(memory, text))))
        memory.append((text, " ".join(reply_parts)))
    calls.append(PeerCall("feedback", one_message(peer_prompts.review_prompt(memory))))
    return calls


# ---------------------------------------------------------------------------- where tokens go


def scoring_breakdown(request: Request) -> list[tuple[str, int]]:
    """The parts of one scoring request and their tokens."""
    system, human = (m["content"] for m in request.body["messages"])
    parts: dict[str, str] = {}
    section = "question"
    for line in human.split("\n"):
        if line == "Key points:" or line.startswith("Key points a strong answer makes:"):
            section = "key points"
        elif line.startswith("Reference answer:"):
            section = "reference answer"
        elif line.startswith("Rubric"):
            section = "rubric: heading"
        elif line.startswith("- id "):
            section = "rubric: criteria with their anchors"
        elif line.startswith("    level "):
            section = "rubric: level descriptors"
        elif line == "<answer>":
            section = "the answer, with its tags"
        elif line.startswith(("Behavioral:", "This is a behavioral question")):
            section = "behavioral note"
        parts[section] = parts.get(section, "") + line + "\n"
    rows = [("system prompt", tokens.count(system))]
    rows += [(name, tokens.count(text)) for name, text in parts.items()]
    rows.append(("tool schema (ScoreSheet, as JSON)", tokens.tool_tokens(request.body)))
    overhead = tokens.request_tokens(request.body) - sum(n for _, n in rows)
    rows.append(("chat framing (roles, message and reply overhead)", overhead))
    return rows


# ------------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed interviews after a warm-up")
    parser.add_argument("--track", default="python")
    args = parser.parse_args()
    peer_prompts.check_shapes(tokens.count)

    with tempfile.TemporaryDirectory() as tmp, serve() as server:
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
        bank = default_bank()
        app = build_app(bank=bank)
        run = lambda seed, n, fu: run_interview(app, server, args.track, seed, n, fu)  # noqa: E731
        run(0, TIMED_QUESTIONS, True)  # warm-up: imports, client, caches
        timed = [run(seed, TIMED_QUESTIONS, True) for seed in range(1, 1 + args.runs)]
        scenarios = [run(100 + n, n, fu) for n in LENGTHS for fu in (False, True)]

    rows = timed[-1].rows
    print("LLM turn benchmark: real openai/LangChain client -> local OpenAI-compatible server")
    print(
        f"Scripted interview: track {args.track}, {TIMED_QUESTIONS} technical questions, one "
        f"follow-up each where a key point is missing; interviewer replies streamed; SQLite "
        f"history. Table: the last of {args.runs} runs. Tokens: cl100k_base, counted here."
    )
    print()
    header = f"{'turn':<16}{'calls':>6}  {'model calls':<22}{'prompt tok':>11}"
    header += f"{'server ms':>11}{'wall ms':>9}{'ours ms':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['label']:<16}{r['calls']:>6}  {', '.join(r['purposes']):<22}"
            f"{r['prompt_tokens']:>11,}{r['server_ms']:>11.1f}{r['wall_ms']:>9.1f}"
            f"{r['ours_ms']:>9.1f}"
        )
    answered = [r for run_ in timed for r in run_.rows if r["label"] != "start"]
    ours_ms = [r["ours_ms"] for r in answered]
    most_calls = max(r["calls"] for r in answered)
    print()
    print(
        f"Answered turns measured: {len(answered)} over {args.runs} interviews. "
        f"Most model calls in one turn: {most_calls} (target <= {MAX_CALLS})."
    )
    print(
        f"Time our code adds per answered turn: median {statistics.median(ours_ms):.1f} ms, "
        f"p90 {statistics.quantiles(ours_ms, n=10)[-1]:.1f} ms (target: median < "
        f"{ADDED_MS_TARGET} ms)."
    )
    cpu_ms = [r["cpu_ms"] for r in answered]
    print(
        f"  of which CPU in our thread: median {statistics.median(cpu_ms):.1f} ms (the rest is "
        f"waiting: for the database, the sockets, and for a core on a busy machine; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)."
    )

    print()
    print("Prompt tokens per interview, ours vs GPTInterviewer's shape for the same conversation")
    print(
        "(peer: plan call + one call per candidate message with its template and the whole "
        "conversation so far + feedback call)"
    )
    header = (
        f"{'questions':<10}{'follow-ups':>11}{'answers':>8}{'our calls':>10}{'ours':>9}"
        f"{'peer calls':>11}{'peer':>9}{'peer turns':>11}{'ours/peer':>10}"
    )
    print(header)
    print("-" * len(header))
    ratios_ok = True
    for interview in scenarios:
        peer = peer_interview(interview, bank, args.track)
        peer_total = sum(c.tokens for c in peer)
        answers = sum(1 for role, _ in interview.transcript if role == "candidate")
        follow_ups = sum(1 for r in interview.rows if "follow-up" in r["label"])
        ratio = interview.ours / peer_total
        ratios_ok = ratios_ok and ratio <= TOKEN_TARGET
        turns = sum(c.tokens for c in peer if c.label == "turn")
        print(
            f"{interview.questions:<10}{follow_ups:>11}{answers:>8}{len(interview.requests):>10}"
            f"{interview.ours:>9,}{len(peer):>11}{peer_total:>9,}{turns:>11,}"
            f"{ratio:>9.2f}x"
        )
    print(f"Target: ours <= {TOKEN_TARGET}x the peer at every length.")

    per_turn = next(s for s in scenarios if s.questions == TIMED_QUESTIONS and s.follow_ups)
    peer_calls = peer_interview(per_turn, bank, args.track)
    print()
    print(
        f"Per candidate message, {TIMED_QUESTIONS} questions with follow-ups: our prompt tokens "
        "(score + interviewer) beside the peer's one call"
    )
    peer_turns = [c.tokens for c in peer_calls if c.label == "turn"]
    our_turns = [r for r in per_turn.rows if r["label"] != "start"]
    print(f"{'turn':<16}{'ours':>7}{'peer':>7}")
    for r, p in zip(our_turns, peer_turns, strict=True):
        print(f"{r['label']:<16}{r['prompt_tokens']:>7,}{p:>7,}")
    start = per_turn.rows[0]["prompt_tokens"]
    print(
        f"{'start / plan':<16}{start:>7,}{peer_calls[0].tokens:>7,}   "
        f"{'wrap-up is in the last turn':<}; peer feedback call {peer_calls[-1].tokens:,}"
    )

    score_requests = [r for r in per_turn.requests if _purpose(r) == "score"]
    print()
    print(f"Where the tokens of one scoring call go (first question, {per_turn.asked[0]}):")
    breakdown = scoring_breakdown(score_requests[0])
    for name, n in breakdown:
        print(f"  {name:<50}{n:>6,}")
    print(f"  {'total':<50}{sum(n for _, n in breakdown):>6,}")
    by_purpose: dict[str, list[int]] = {}
    for r in per_turn.requests:
        by_purpose.setdefault(_purpose(r), []).append(tokens.request_tokens(r.body))
    print(
        "  Per purpose in that interview: "
        + "; ".join(
            f"{k} {len(v)} calls, {sum(v):,} tokens (mean {sum(v) / len(v):,.0f})"
            for k, v in by_purpose.items()
        )
    )

    misses = []
    if most_calls > MAX_CALLS:
        misses.append(f"a turn made {most_calls} model calls (target <= {MAX_CALLS})")
    if statistics.median(ours_ms) >= ADDED_MS_TARGET:
        misses.append(
            f"our code added a median {statistics.median(ours_ms):.1f} ms per turn "
            f"(target < {ADDED_MS_TARGET} ms)"
        )
    if not ratios_ok:
        misses.append(f"ours is above {TOKEN_TARGET}x the peer's prompt tokens at some length")
    print()
    print("MISSES: " + "; ".join(misses) + "." if misses else "All targets met.")
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
