"""`python -m interviewsim insights`: delivery insights on one answer, printed as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO


def add_parser(commands: Any) -> None:
    """Register the `insights` subcommand on the CLI's subparsers."""
    parser = commands.add_parser(
        "insights",
        help="delivery insights on one answer, as JSON",
        description="Fillers, hedges, most-used words, job terms, pace and length of an answer.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the answer")
    source.add_argument("--file", type=Path, help="a file holding the answer ('-' for stdin)")
    parser.add_argument("--question", help="a question id: key terms and suggested time from it")
    parser.add_argument(
        "--track", help="the track whose job terms to look for (default: the question's)"
    )
    parser.add_argument(
        "--duration", type=float, help="seconds the spoken answer took (gives the pace)"
    )


def run(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    from interviewsim.bank import default_bank
    from interviewsim.config import get_settings
    from interviewsim.insights import insights, track_terms

    if args.file is not None:
        if str(args.file) == "-":
            answer = stdin.read()
        elif args.file.is_file():
            answer = args.file.read_text(encoding="utf-8")
        else:
            print(f"error: {args.file} not found", file=sys.stderr)
            return 2
    else:
        answer = args.text
    if args.duration is not None and args.duration <= 0:
        print("error: --duration must be a positive number of seconds", file=sys.stderr)
        return 2
    question, terms = None, None
    if args.question or args.track:
        bank = default_bank(get_settings().extra_bank_paths)
        if args.question:
            if args.question not in bank:
                print(f"error: no question with id {args.question!r}", file=sys.stderr)
                return 1
            question = bank.get(args.question)
        track = args.track or (question.track if question else None)
        if track and track not in bank.tracks:
            print(f"error: no track {track!r}", file=sys.stderr)
            return 1
        terms = track_terms(bank, track) if track else None
    result = insights(answer, question, terms, duration_s=args.duration)
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), file=out)
    return 0
