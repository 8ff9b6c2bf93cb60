"""`python -m interviewsim`: practise in the terminal, score a CSV, validate and count a bank,
read delivery insights on an answer; the instructor commands (store and export banks, create
classes, report on them) are in `cli_instructor`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from interviewsim import cli_instructor
from interviewsim.bank import BankError, bank_roots, load_bank
from interviewsim.bank_library import LibraryError
from interviewsim.class_model import ClassError
from interviewsim.cli_audio import AudioAnswer, AudioFolderError, audio_answers
from interviewsim.config import SettingsError, get_settings
from interviewsim.insights import command as insights_command
from interviewsim.interview import InterviewError, InterviewSetup
from interviewsim.interviewer import STYLES
from interviewsim.profiles import ProfileError
from interviewsim.roles import NotAllowed, RoleError
from interviewsim.scoring.batch import BatchInputError, score_csv
from interviewsim.selection import MIXED
from interviewsim.store import StoreError

if TYPE_CHECKING:
    from interviewsim.bootstrap import App
    from interviewsim.interview import InterviewService
    from interviewsim.profiles import Owner

SKIP, END = "/skip", "/end"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m interviewsim", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    practice = sub.add_parser(
        "practice",
        help="run an interview in the terminal",
        description=f"Answers are read from standard input, one line each. "
        f"Type {SKIP} to skip a question, {END} to finish early.",
    )
    practice.add_argument("--track", required=True)
    practice.add_argument("--questions", type=int, default=5)
    practice.add_argument("--seed", type=int, default=None)
    practice.add_argument(
        "--type",
        default=MIXED,
        dest="interview_type",
        help="behavioral, technical, system_design, situational or mixed",
    )
    practice.add_argument("--difficulty", type=int, choices=(1, 2, 3), default=None)
    practice.add_argument("--style", choices=STYLES, default="neutral")
    practice.add_argument("--profile", default="default")
    practice.add_argument(
        "--audio",
        type=Path,
        metavar="DIR",
        help="answer from the WAV files in DIR (sorted by name), through the configured "
        "transcription endpoint (INTERVIEWSIM_STT_BASE_URL or OPENAI_API_KEY)",
    )

    score = sub.add_parser("score", help="score a CSV of answers")
    score.add_argument("--input", required=True, type=Path)
    score.add_argument("--output", required=True, type=Path)

    bank = sub.add_parser(
        "bank", help="validate or count a bank folder; import, export or list stored banks"
    )
    bank_sub = bank.add_subparsers(dest="bank_command", required=True)
    validate = bank_sub.add_parser("validate")
    validate.add_argument("paths", nargs="*", type=Path)
    stats = bank_sub.add_parser("stats")
    stats.add_argument("--format", choices=("json", "text"), default="text")
    stats.add_argument("paths", nargs="*", type=Path)

    insights_command.add_parser(sub)
    cli_instructor.add_bank_commands(bank_sub)
    cli_instructor.add_class_commands(sub)
    return parser


def _app() -> App:
    from interviewsim.bootstrap import build_app

    return build_app()


def _practice(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    from interviewsim.bootstrap import build_app

    app = build_app()
    # Checked before the interview starts: no endpoint or no files means nothing to answer with.
    spoken = audio_answers(args.audio, app.settings) if args.audio is not None else None
    service = app.interviews
    owner = app.profiles.local(args.profile)
    setup = InterviewSetup(
        args.track,
        args.interview_type,
        args.difficulty,
        args.questions,
        args.style,
        args.seed,
    )
    interview_id = service.start(owner, setup)
    shown = 0

    def show_new() -> None:
        nonlocal shown
        messages = service.view(owner, interview_id).messages
        for m in messages[shown:]:
            if m.role == "candidate":
                continue
            prefix = {"interviewer": "Interviewer", "notice": "Note", "coach": "Coach"}.get(
                m.role, m.role
            )
            print(f"\n{prefix}: {m.content}", file=out)
        shown = len(messages)

    show_new()
    while not service.view(owner, interview_id).finished:
        if spoken is not None:
            _answer_from_audio(service, owner, interview_id, next(spoken, None), out)
            show_new()
            continue
        print("\n> ", end="", file=out, flush=True)
        line = stdin.readline()
        if line == "" or line.strip() == END:
            service.end_early(owner, interview_id)
        elif line.strip() == SKIP:
            service.skip(owner, interview_id)
        else:
            outcome = service.submit_answer(owner, interview_id, line)
            if outcome.result:
                r = outcome.result
                levels = ", ".join(f"{c.name} {c.level}/5" for c in r.criteria)
                print(f"  [score {r.overall}/100: {levels}]", file=out)
        show_new()
    report = app.history.report(owner, interview_id)
    overall = f"{report.overall:.0f}/100" if report.overall is not None else "not scored"
    print(f"\nInterview #{interview_id} saved for {owner.name}: overall {overall}.", file=out)
    return 0


def _answer_from_audio(
    service: InterviewService,
    owner: Owner,
    interview_id: int,
    spoken: AudioAnswer | None,
    out: TextIO,
) -> None:
    """One recording as the answer to the waiting question: its transcript, score and insights."""
    if spoken is None:
        print("\nNo recordings left: the interview ends here.", file=out)
        service.end_early(owner, interview_id)
        return
    if spoken.text is None:
        print(f"\n[{spoken.name}] {spoken.problem} The question is skipped.", file=out)
        service.skip(owner, interview_id)
        return
    print(f"\n> [{spoken.name}, {spoken.duration_s or 0:.1f} s] {spoken.text}", file=out)
    outcome = service.submit_answer(owner, interview_id, spoken.text, duration_s=spoken.duration_s)
    if outcome.result:
        r = outcome.result
        levels = ", ".join(f"{c.name} {c.level}/5" for c in r.criteria)
        print(f"  [score {r.overall}/100: {levels}]", file=out)
    if outcome.delivery is not None:
        for line in outcome.delivery.summary():
            print(f"  [insight] {line}", file=out)


def _score(args: argparse.Namespace, out: TextIO) -> int:
    from interviewsim.bootstrap import build_backend

    if not args.input.is_file():
        print(f"error: {args.input} not found", file=sys.stderr)
        return 2
    settings = get_settings()
    bank = load_bank(*bank_roots(settings.extra_bank_paths))
    # The LLM scorer when the settings name a usable provider, else the heuristic one. (The rows
    # of a CSV are questions of their own: no bank question is their sibling.)
    scorer = build_backend(settings, bank).scorer
    rows = score_csv(args.input, args.output, scorer, bank)
    print(f"Scored {rows} answers into {args.output}", file=out)
    return 0


def _bank(args: argparse.Namespace, out: TextIO) -> int:
    bank = load_bank(*(args.paths or bank_roots(get_settings().extra_bank_paths)))
    if args.bank_command == "validate":
        print(
            f"OK: {len(bank.questions)} questions in {len(bank.tracks)} tracks, "
            f"{len(bank.rubrics)} rubrics.",
            file=out,
        )
    elif args.format == "json":
        print(json.dumps(bank.stats(), indent=2), file=out)
    else:
        stats = bank.stats()
        print(f"{stats['questions']} questions, {stats['tracks']} tracks", file=out)
        for track, s in stats["by_track"].items():
            print(
                f"  {track:20} {s['questions']:4}  {s['by_category']}  "
                f"difficulty {s['by_difficulty']}",
                file=out,
            )
    return 0


def main(
    argv: Sequence[str] | None = None, stdin: TextIO | None = None, out: TextIO | None = None
) -> int:
    args = _parser().parse_args(argv)
    stdin, out = stdin or sys.stdin, out or sys.stdout
    try:
        if args.command == "practice":
            return _practice(args, stdin, out)
        if args.command == "score":
            return _score(args, out)
        if args.command == "insights":
            return insights_command.run(args, stdin, out)
        if args.command == "class":
            return cli_instructor.run_class(_app(), args, out)
        if args.bank_command in cli_instructor.BANK_COMMANDS:
            return cli_instructor.run_bank(_app(), args, out)
        return _bank(args, out)
    except BankError as exc:
        print("The question bank has problems:\n" + str(exc), file=sys.stderr)
        return 1
    except (
        StoreError,
        InterviewError,
        BatchInputError,
        SettingsError,
        ProfileError,
        NotAllowed,
        RoleError,
        LibraryError,
        ClassError,
        AudioFolderError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
