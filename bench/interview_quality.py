"""Does the offline interviewer listen? Scripted interviews over every track, through the real service.

**Probe interviews.** For each answer in `bench/data/interview-probes.csv` (issue 10's probes: strong,
partial, weak, wrong, negated, shuffled, keyword lists, answers to another question, "we" stories),
an interview that asks that probe's question: the app is built (`build_app`) over a bank holding
only that question, so the real selection plans it, while the offline scorer is given the whole
shipped bank, as `build_backend` gives it, so it can tell an answer to a sibling question. Every
interview shares one temporary SQLite file. The probe is the first answer; each follow-up is
answered with the question's model answer; the wrap-up closes it. Styles rotate.

**"I don't know" interviews.** For every track, a real 5-question interview (the app's own
selection on the whole bank) answered with scripts a candidate uses: "I don't know" then "hint"
then an attempt; "Sorry, I'm not sure." then "move on"; "No idea" then Skip; "Can you repeat the
question?" then "I don't know"; "not sure" then "yes please" then the model answer.

**Baseline**, in the same run: the interviewer before issue 11 (`interviewer_before.py`, commit
b4d3c07) on the same first answers and the same scores.

Figures: share of follow-ups that are the bank's own (of those on key points, and of all); follow-ups
that quote two or more bare keywords; praise after a weak, wrong or "not sure" answer (by the
probe's human verdict, and by the score); content follow-ups after "I don't know" unless a hint
was asked; contradicted answers that got a challenge (answers read as word salad or a keyword
list are left out and counted apart: they state nothing, and are never quoted back); answers to
another question pointed out; questions asked again in other words; greetings of "Guest"; praise
in wrap-ups below the line; and questions written from every key point of the bank (for points no
authored follow-up fits): how many state the point. Targets (issue 11): bare keywords 0, praise
after weak/wrong/not sure 0, follow-ups after "I don't know" 0, challenged >= 90%; and ours:
authored share of key-point follow-ups >= 90%, written questions saying their point 0. Praise is
checked against the score, as the interviewer only knows the score; praise after a wrong answer
the scorer passed is printed beside it (those are the scorer's false accepts). Exits non-zero
when a target is missed.

    python bench/interview_quality.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import interviewer_before  # beside this script in bench/

from interviewsim import text as tx
from interviewsim.backends import Backend
from interviewsim.bank import Bank, Category, Question, default_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import Settings
from interviewsim.interview import InterviewSetup
from interviewsim.interviewer.phrasing import question_from_point
from interviewsim.interviewer.rephrase import in_other_words, question_topic
from interviewsim.profiles import Owner
from interviewsim.scoring import HeuristicScorer, ScoreResult
from interviewsim.states import CONTENT_TARGETS

PROBES = Path(__file__).resolve().parent / "data" / "interview-probes.csv"
STYLES = ("friendly", "neutral", "demanding")
CHALLENGE_TARGET = 0.90
AUTHORED_TARGET = 0.90
PRAISE = re.compile(
    r"\b(good|great|nice|excellent|well done|did well|do well|like where|i like|helpful|solid|"
    r"strong|impressive|perfect|brilliant|fantastic|spot on|love|exactly right|well put)\b",
    re.I,
)
QUOTED = re.compile(r"[“\"‘']([^”\"’']{2,80})[”\"’']")
# What a candidate types, step by step, and what kind of reply each step is.
SCRIPTS = (
    (("I don't know.", "unsure"), ("hint", "request"), ("{attempt}", "attempt")),
    (("Sorry, I'm not sure.", "unsure"), ("move on", "request")),
    (("No idea, sorry.", "unsure"), ("<skip>", "")),
    (("Can you repeat the question?", "request"), ("I don't know", "unsure")),
    (("Hmm, not sure.", "unsure"), ("yes please", "request"), ("{model}", "reference")),
)
HINT_REQUESTS = ("hint", "yes please")


STATES_NOTHING = frozenset({"word salad", "keyword list"})


def states_something(result: ScoreResult | None) -> bool:
    """Not word salad or a keyword list (an answer that states nothing to challenge)."""
    return not (result and set(result.flags) & STATES_NOTHING)


@dataclass
class Reaction:
    """What the interviewer said back to one reply."""

    question: Question
    reply: str
    quality: str  # "reject" / "accept" (the probe's verdict), "unsure", "request", "reference"
    score: int
    contradicted: bool  # the scorer found a key point stated the wrong way round
    other: bool  # the scorer read the answer as another question's
    kind: str | None  # the follow-up's target kind; None when the interviewer moved on
    text: str
    probe_kind: str = ""
    hint_asked: bool = False
    # False for word salad and keyword lists: they state nothing to challenge, and the
    # interviewer rightly never quotes them back (`interviewer.base._content_target`)
    states: bool = True


@dataclass
class Run:
    reactions: list[Reaction] = field(default_factory=list)
    greetings: list[tuple[str, str]] = field(default_factory=list)  # (profile name, greeting)
    wrap_ups: list[tuple[float | None, str]] = field(default_factory=list)


def read_probes(limit: int | None) -> list[dict[str, str]]:
    with PROBES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows[:limit] if limit else rows


def own_words(question: Question) -> str:
    """Everything the bank itself says about a question: praise words found there are content."""
    parts = [question.prompt, question.model_answer, *question.follow_up_texts]
    parts += [p for kp in question.key_points for p in kp.phrasings]
    return " ".join(parts)


def praises(text: str, question: Question) -> bool:
    bank_words = {m.group(0).lower() for m in PRAISE.finditer(own_words(question))}
    return any(m.group(0).lower() not in bank_words for m in PRAISE.finditer(text))


def quotes_bare_keywords(text: str) -> bool:
    """A quoted run of two or more words with no function word among them ("serving, nearby,
    edge"), or three or more single words in a comma list. Counted on follow-ups the interviewer
    puts together, not on the bank's own (written as questions by us: the quotes in "filters on
    last_name = 'Smith', first_name > 'M'" are SQL values, not keywords)."""
    for match in QUOTED.finditer(text):
        words = tx.words(match.group(1))
        if len(words) >= 2 and len(tx.content_words(match.group(1))) == len(words):
            return True
    return bool(re.search(r"\b\w+, \w+, \w+\b(?![\w ]*\b(?:is|are|was|do|does)\b)", text)) and any(
        len(tx.words(piece)) == 1 for piece in re.findall(r"(?<=, )\w+(?=,)", text)
    )


def is_authored(text: str, question: Question) -> bool:
    return any(f in text for f in question.follow_up_texts)


# ------------------------------------------------------------------------------ the new run


def new_messages(app: App, owner: Owner, interview_id: int, seen: int):
    messages = app.interviews.view(owner, interview_id).messages
    return messages[seen:], len(messages)


def reaction_from(messages, question: Question, reply: str, quality: str, outcome, **kw):
    said = [m for m in messages if m.role == "interviewer"]
    follow = next((m for m in said if m.meta.get("follow_up")), None)
    first = follow or (said[0] if said else None)
    result = outcome.result
    behavioral = question.category == Category.behavioral
    return Reaction(
        question,
        reply,
        quality,
        result.overall if result else 0,
        bool(result and result.contradicted_points) and not behavioral,
        bool(result and "answers another question" in result.flags),
        follow.meta.get("target") if follow else None,
        first.content if first else "",
        states=states_something(result),
        **kw,
    )


def probe_interviews(bank: Bank, backend: Backend, settings: Settings, rows, run: Run) -> None:
    shared = None
    for n, row in enumerate(rows):
        question = bank.get(row["question_id"])
        only = Bank((question,), bank.rubrics, bank.tracks)
        app = build_app(settings, bank=only, sessions=shared, backend=backend)
        shared = app.sessions
        name = ("Ada", "Guest", "default")[n % 3]
        owner = app.profiles.local(name)
        setup = InterviewSetup(question.track, num_questions=1, style=STYLES[n % 3], seed=n + 1)
        interview_id = app.interviews.start(owner, setup)
        messages, seen = new_messages(app, owner, interview_id, 0)
        run.greetings.append((name, messages[0].content))
        reply, quality = row["answer"], row["verdict"]
        for _ in range(4):
            outcome = app.interviews.submit_answer(owner, interview_id, reply)
            messages, seen = new_messages(app, owner, interview_id, seen)
            run.reactions.append(
                reaction_from(messages, question, reply, quality, outcome, probe_kind=row["kind"])
            )
            if outcome.finished:
                break
            reply, quality = question.model_answer, "reference"
        view = app.interviews.view(owner, interview_id)
        if not view.finished:
            app.interviews.end_early(owner, interview_id)
            view = app.interviews.view(owner, interview_id)
        report = app.history.report(owner, interview_id)
        run.wrap_ups.append((report.overall, view.messages[-1].content))


def dont_know_interviews(bank: Bank, backend: Backend, settings: Settings, run: Run) -> None:
    app = build_app(settings, bank=bank, backend=backend)
    attempts: dict[str, str] = {}
    with PROBES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "partial":
                attempts.setdefault(row["question_id"], row["answer"])
    owner = app.profiles.local("Grace")
    for t, track in enumerate(sorted(bank.tracks)):
        setup = InterviewSetup(track, num_questions=5, style=STYLES[t % 3], seed=100 + t)
        interview_id = app.interviews.start(owner, setup)
        _, seen = new_messages(app, owner, interview_id, 0)
        for q in range(5):
            if app.interviews.view(owner, interview_id).finished:
                break
            question = asked_now(app, owner, interview_id, bank.filter(track=track))
            hint_asked = False
            for step, quality in SCRIPTS[(t + q) % len(SCRIPTS)]:
                if step == "<skip>":
                    app.interviews.skip(owner, interview_id)
                    _, seen = new_messages(app, owner, interview_id, seen)
                    break
                attempt = attempts.get(question.id, "I think it has to do with performance.")
                reply = step.format(attempt=attempt, model=question.model_answer)
                outcome = app.interviews.submit_answer(owner, interview_id, reply)
                messages, seen = new_messages(app, owner, interview_id, seen)
                reaction = reaction_from(messages, question, reply, quality, outcome)
                reaction.hint_asked = hint_asked
                run.reactions.append(reaction)
                hint_asked = hint_asked or step in HINT_REQUESTS
                if reaction.kind is None:
                    break  # the interviewer moved on
        if not app.interviews.view(owner, interview_id).finished:
            app.interviews.end_early(owner, interview_id)


def asked_now(app: App, owner: Owner, interview_id: int, track: list[Question]) -> Question:
    """The question being asked: the latest planned question the transcript shows."""
    messages = app.interviews.view(owner, interview_id).messages
    for m in reversed(messages):
        if m.role == "interviewer" and not m.meta.get("follow_up"):
            for q in track:
                if q.prompt in m.content:
                    return q
    raise RuntimeError("no question found in the transcript")


# ------------------------------------------------------------------------------- baseline


def baseline(bank: Bank, scorer: HeuristicScorer, rows) -> Run:
    run = Run()
    replies = [(row["question_id"], row["answer"], row["verdict"], row["kind"]) for row in rows]
    for track in sorted(bank.tracks):
        for q in bank.filter(track=track)[:5]:
            replies += [(q.id, s[0][0], s[0][1], "") for s in SCRIPTS]
    for n, (question_id, answer, quality, kind) in enumerate(replies):
        question = bank.get(question_id)
        result = scorer.score(question, bank.rubric_for(question.category), answer)
        target, text = interviewer_before.say_after(question, answer, result, STYLES[n % 3], n + 1)
        behavioral = question.category == Category.behavioral
        run.reactions.append(
            Reaction(
                question,
                answer,
                quality,
                result.overall,
                bool(result.contradicted_points) and not behavioral,
                "answers another question" in result.flags,
                target,
                text,
                probe_kind=kind,
                states=states_something(result),
            )
        )
    return run


# -------------------------------------------------------------------------------- figures


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def figures(run: Run) -> dict[str, tuple[int, int]]:
    r = run.reactions
    follow = [x for x in r if x.kind]
    on_points = [x for x in follow if x.kind in ("point", "challenge")]
    weak = [x for x in r if x.quality == "reject"]
    below = [x for x in r if x.quality in ("reject", "accept") and x.score < 60]
    unsure = [x for x in r if x.quality == "unsure"]
    after_idk = [x for x in unsure if not x.hint_asked]
    contradicted = [
        x for x in r if x.contradicted and x.states and x.quality in ("reject", "accept")
    ]
    other = [x for x in r if x.probe_kind == "other_question" and x.quality == "reject"]
    return {
        "authored, of follow-ups on key points": (
            sum(is_authored(x.text, x.question) for x in on_points),
            len(on_points),
        ),
        "authored, of all follow-ups": (
            sum(is_authored(x.text, x.question) for x in follow),
            len(follow),
        ),
        "follow-ups quoting 2+ bare keywords": (
            sum(
                quotes_bare_keywords(x.text) and not is_authored(x.text, x.question) for x in follow
            ),
            len(follow),
        ),
        "praise after a weak or wrong answer (verdict)": (
            sum(praises(x.text, x.question) for x in weak),
            len(weak),
        ),
        "... weak or wrong answers the scorer passed (>= 60)": (
            sum(x.score >= 60 for x in weak),
            len(weak),
        ),
        "praise after an answer scored below 60": (
            sum(praises(x.text, x.question) for x in below),
            len(below),
        ),
        'praise after "not sure"': (sum(praises(x.text, x.question) for x in unsure), len(unsure)),
        'content follow-ups after "I don\'t know" (no hint asked)': (
            sum(x.kind in CONTENT_TARGETS for x in after_idk),
            len(after_idk),
        ),
        "contradicted answers challenged": (
            sum(x.kind == "challenge" for x in contradicted),
            len(contradicted),
        ),
        "contradicted answers read as another question's": (
            sum(x.other for x in contradicted),
            len(contradicted),
        ),
        "other-question probes pointed out": (sum(x.kind == "other" for x in other), len(other)),
        "other-question probes the scorer flagged": (sum(x.other for x in other), len(other)),
    }


def written_questions(bank: Bank) -> dict[str, tuple[int, int]]:
    """A question written from every key point of the bank (as if none had an authored one):
    whether it says the point itself (holds every content word of it), and, a looser reading,
    whether said as an answer the offline scorer would credit the point in full."""
    scorer = HeuristicScorer()
    restating = giving = bare = unended = total = 0
    for q in bank.questions:
        if q.category == Category.behavioral:
            continue  # a story's points describe what to tell; asking for it names it by design
        topic = question_topic(q.prompt)
        rubric = bank.rubric_for(q.category)
        for kp in q.key_points:
            asked = question_from_point(kp.text, topic, q.category.value)
            total += 1
            wanted = set(tx.content_stems(kp.text))
            restating += len(wanted) >= 2 and wanted <= set(tx.content_stems(asked))
            giving += kp.text in scorer.score(q, rubric, asked).found_points
            bare += quotes_bare_keywords(asked)
            unended += not asked.endswith("?")
    return {
        "written questions that say their key point": (restating, total),
        "written questions the scorer would credit with their point": (giving, total),
        "written questions quoting bare keywords": (bare, total),
        "written questions that are not questions": (unended, total),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N probes")
    args = parser.parse_args()
    bank = default_bank()
    rows = read_probes(args.limit)
    scorer = HeuristicScorer(bank=bank)
    backend = Backend(scorer=scorer)  # what build_backend makes offline, given the bank
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_path=Path(folder) / "quality.sqlite3")
        ours = Run()
        probe_interviews(bank, backend, settings, rows, ours)
        dont_know_interviews(bank, backend, settings, ours)
    took = time.perf_counter() - started
    before = baseline(bank, scorer, rows)
    tracks = len({bank.get(r["question_id"]).track for r in rows})
    print(
        f"{len(rows)} probe interviews over {tracks} tracks and {len(bank.tracks)} 'I don't know' "
        f"interviews through the real service ({took:.0f} s); {len(ours.reactions)} replies."
    )
    print(
        f"Baseline: the interviewer before issue 11 on the same {len(before.reactions)} first answers.\n"
    )
    ours_f, before_f = figures(ours), figures(before)
    width = max(map(len, ours_f)) + 2
    print(f"{'':{width}}{'ours':>16}  {'before':>16}")
    for name, (part, whole) in ours_f.items():
        b_part, b_whole = before_f[name]
        print(f"{name:{width}}{share(part, whole):>16}  {share(b_part, b_whole):>16}")
    for x in ours.reactions:
        if x.kind and quotes_bare_keywords(x.text) and not is_authored(x.text, x.question):
            print(f"  bare keywords ({x.kind}, {x.question.id}): {x.text[:200]!r}")
    print()
    repeats = [x for x in ours.reactions if x.kind == "repeat"]
    reworded = sum(in_other_words(x.question.prompt)[1] for x in repeats)
    all_reworded = sum(in_other_words(q.prompt)[1] for q in bank.questions)
    print(
        f"Questions asked again: {len(repeats)}, in other words: {share(reworded, len(repeats))}; "
        f"the bank's questions a rule rewords: {share(all_reworded, len(bank.questions))}."
    )
    hints = [x for x in ours.reactions if x.kind == "hint"]
    unasked = sum(x.reply not in ("hint", "yes please") for x in hints)
    print(f"Hints given: {len(hints)}, without being asked for: {unasked}.")
    jumbled = [x for x in ours.reactions if x.contradicted and not x.states]
    print(
        f"Contradicted answers read as word salad or a keyword list (not challenged): {len(jumbled)}."
    )
    guests = [g for name, g in ours.greetings if name != "Ada"]
    named = [g for name, g in ours.greetings if name == "Ada"]
    no_name = sum(bool(re.search(r"\b(guest|default)\b", g, re.I)) for g in guests)
    print(
        f"Greetings of 'Guest' or 'default' by that name: {share(no_name, len(guests))}; "
        f"of 'Ada' by name: {share(sum('Ada' in g for g in named), len(named))}."
    )
    low = [(avg, text) for avg, text in ours.wrap_ups if avg is not None and avg < 60]
    low_praise = sum(bool(PRAISE.search(text)) for _, text in low)
    print(f"Wrap-ups below 60 that praise: {share(low_praise, len(low))}.")
    written = written_questions(bank)
    for name, (part, whole) in written.items():
        print(f"{name}: {share(part, whole)} (technical, system design and situational points)")
    kinds = Counter(x.kind or "moved on" for x in ours.reactions)
    print("\nReactions: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))

    checks = {
        "follow-ups quoting 2+ bare keywords = 0": ours_f["follow-ups quoting 2+ bare keywords"][0]
        == 0,
        "praise after a weak or wrong answer scored below 60 = 0": ours_f[
            "praise after an answer scored below 60"
        ][0]
        == 0,
        'praise after "not sure" = 0': ours_f['praise after "not sure"'][0] == 0,
        'content follow-ups after "I don\'t know" = 0': ours_f[
            'content follow-ups after "I don\'t know" (no hint asked)'
        ][0]
        == 0,
        f"contradicted answers challenged >= {CHALLENGE_TARGET:.0%}": _at_least(
            ours_f["contradicted answers challenged"], CHALLENGE_TARGET
        ),
        f"authored share of key-point follow-ups >= {AUTHORED_TARGET:.0%}": _at_least(
            ours_f["authored, of follow-ups on key points"], AUTHORED_TARGET
        ),
        "written questions saying their key point = 0": written[
            "written questions that say their key point"
        ][0]
        == 0,
        "wrap-ups below 60 that praise = 0": low_praise == 0,
        "greetings of 'Guest' by that name = 0": no_name == 0,
    }
    print()
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    return 0 if all(checks.values()) else 1


def _at_least(figure: tuple[int, int], target: float) -> bool:
    part, whole = figure
    return whole > 0 and part / whole >= target


if __name__ == "__main__":
    sys.exit(main())
