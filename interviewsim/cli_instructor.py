"""The instructor commands of `python -m interviewsim`, on the same core as the app's pages.

    bank import FILE [--id ID] [--visibility private|class|public]
    bank export ID [--version N] [--output FILE]
    bank list
    class create NAME --bank ID [--bank ID ...] [--track T ...] [--starts DATE] [--ends DATE]
    class list
    class report CODE [--format csv|text] [--questions] [--output FILE]

The command line runs with the server's own access to the store, so it acts as an instructor: as
the local profile `--as NAME` (default "Instructor"), or as the signed-in account `--email ADDRESS`,
which must be an instructor already.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from interviewsim.bank_library import Visibility
from interviewsim.bank_upload import UploadRejected
from interviewsim.class_model import join_link
from interviewsim.profiles import Owner
from interviewsim.roles import Roles

if TYPE_CHECKING:  # the app is built by the caller, only for the commands that need it
    from interviewsim.bootstrap import App

DEFAULT_INSTRUCTOR = "Instructor"
BANK_COMMANDS = ("import", "export", "list")


def _who(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--as",
        dest="as_name",
        default=DEFAULT_INSTRUCTOR,
        help="the local profile to act as (default: %(default)s)",
    )
    group.add_argument("--email", help="act as the signed-in account with this e-mail")


def add_bank_commands(bank_sub: Any) -> None:
    imported = bank_sub.add_parser("import", help="check a bank file and store it in the database")
    imported.add_argument("file", type=Path)
    imported.add_argument("--id", dest="bank_id", help="the bank's id (default: from the file)")
    imported.add_argument("--visibility", choices=[v.value for v in Visibility])
    _who(imported)
    exported = bank_sub.add_parser("export", help="write a stored bank as YAML")
    exported.add_argument("bank_id")
    exported.add_argument("--version", type=int, default=None)
    exported.add_argument("--output", type=Path, default=None)
    _who(exported)
    listed = bank_sub.add_parser("list", help="the stored banks you own, and public ones")
    _who(listed)


def add_class_commands(sub: Any) -> None:
    classes = sub.add_parser("class", help="create classes and report on them")
    class_sub = classes.add_subparsers(dest="class_command", required=True)
    create = class_sub.add_parser("create", help="create a class and print its join code")
    create.add_argument("name")
    create.add_argument("--bank", action="append", default=[], help="a stored bank's id")
    create.add_argument("--track", action="append", default=[], help="a built-in track")
    create.add_argument("--starts", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    create.add_argument("--ends", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    create.add_argument("--url", default="http://localhost:8501", help="the app's address")
    _who(create)
    listed = class_sub.add_parser("list", help="your classes and their join codes")
    _who(listed)
    report = class_sub.add_parser("report", help="the class dashboard's figures")
    report.add_argument("code")
    report.add_argument("--format", choices=("csv", "text"), default="text")
    report.add_argument("--questions", action="store_true", help="per question, not per student")
    report.add_argument("--output", type=Path, default=None)
    _who(report)


def instructor(app: App, args: argparse.Namespace) -> Owner:
    if getattr(args, "email", None):
        return app.roles.account_owner(args.email)
    return Roles.command_line(app.profiles.local(args.as_name))


def run_bank(app: App, args: argparse.Namespace, out: TextIO) -> int:
    owner = instructor(app, args)
    if args.bank_command == "import":
        if not args.file.is_file():
            print(f"error: {args.file} not found", file=sys.stderr)
            return 2
        try:
            stored = app.library.upload(
                owner, args.file.name, args.file.read_bytes(), args.bank_id, args.visibility
            )
        except UploadRejected as exc:
            count = len(exc.problems)
            print(
                f"Not stored: {count} problem{'' if count == 1 else 's'} to fix.", file=sys.stderr
            )
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
        print(
            f"Stored bank '{stored.key}' version {stored.version}: {stored.questions} questions "
            f"in {', '.join(stored.tracks)}.",
            file=out,
        )
    elif args.bank_command == "export":
        text = app.library.export(owner, args.bank_id, args.version)
        if args.output:
            args.output.write_text(text, encoding="utf-8")
            print(f"Wrote {args.output}", file=out)
        else:
            out.write(text)
    else:
        for b in app.library.summaries(owner):
            print(
                f"{b.key:24} v{b.version:<3} {b.questions:4} questions  {b.visibility.value:8} "
                f"{b.owner_name}  {b.title}",
                file=out,
            )
    return 0


def run_class(app: App, args: argparse.Namespace, out: TextIO) -> int:
    owner = instructor(app, args)
    if args.class_command == "create":
        info = app.classes.create(owner, args.name, args.bank, args.track, args.starts, args.ends)
        print(info.code, file=out)
        print(f"Class '{info.name}' created. Join link: {join_link(args.url, info.code)}", file=out)
    elif args.class_command == "list":
        for c in app.classes.of_instructor(owner):
            ends = f"ends {c.ends_on:%Y-%m-%d}" if c.ends_on else "no end date"
            print(f"{c.code}  {c.members:3} students  {ends:16} {c.name}", file=out)
    else:
        info = app.classes.by_code(owner, args.code)
        if args.format == "csv":
            make = app.dashboard.questions_csv if args.questions else app.dashboard.students_csv
            data = make(owner, info.id)
            if args.output:
                args.output.write_bytes(data)
                print(f"Wrote {args.output}", file=out)
            else:
                out.write(data.decode("utf-8-sig"))
        else:
            _print_report(app, owner, info.id, args.questions, out)
    return 0


def _print_report(app: App, owner: Owner, class_id: int, questions: bool, out: TextIO) -> None:
    board = app.dashboard.dashboard(owner, class_id)
    average = "-" if board.average is None else f"{board.average:.0f}/100"
    print(
        f"{board.classroom.name}: {len(board.students)} students, {board.answers} answers, "
        f"average {average}",
        file=out,
    )
    if questions:
        for q in board.questions:
            print(
                f"  {q.average:5.1f} ±{q.spread:4.1f}  {q.answers:4} answers  {q.question_id}",
                file=out,
            )
        return
    for s in board.students:
        avg = "-" if s.average is None else f"{s.average:.0f}"
        trend = "" if s.trend is None else f" trend {s.trend:+.1f}/interview"
        print(f"  {s.name:24} {s.interviews:3} interviews  average {avg:>3}{trend}", file=out)
