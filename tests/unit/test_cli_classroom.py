"""The instructor commands: `bank import` (every problem printed, nothing stored), `bank export`,
`class create` (prints the join code), `class report CODE --format csv`; `bank validate` and
`bank stats` unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from interviewsim.class_model import CODE_ALPHABET, CODE_LENGTH
from interviewsim.cli import main

from ..conftest import PROJECT_ROOT
from .classroom_support import bank_yaml

TEMPLATE = PROJECT_ROOT / "data" / "templates" / "bank.yaml"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdin=io.StringIO(""), out=out)
    return code, out.getvalue()


def test_bank_import_prints_every_problem_and_stores_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "week1.yaml"
    broken.write_bytes(
        bank_yaml("week-1", "a-1", "a-2").replace(b"difficulty: 1", b"difficulty: 8")
    )
    code, _ = run("bank", "import", str(broken))
    err = capsys.readouterr().err
    assert code == 1
    assert "Not stored: 2 problems to fix." in err
    assert "week1.yaml, question 'a-1', field 'difficulty'" in err
    assert "week1.yaml, question 'a-2', field 'difficulty'" in err
    assert run("bank", "list") == (0, "")


def test_bank_import_then_export_round_trips(db_url: str, tmp_path: Path) -> None:
    code, out = run("bank", "import", str(TEMPLATE))
    assert code == 0 and "Stored bank 'my-course-week-1' version 1: 2 questions" in out
    code, exported = run("bank", "export", "my-course-week-1")
    assert code == 0 and exported.startswith("bank: my-course-week-1\n")
    again = tmp_path / "again.yaml"
    again.write_text(exported)
    assert "version 2" in run("bank", "import", str(again))[1]


def test_class_create_prints_the_join_code_and_class_report_gives_csv(db_url: str) -> None:
    run("bank", "import", str(TEMPLATE))
    code, out = run(
        "class", "create", "Bootcamp A", "--bank", "my-course-week-1", "--track", "sample"
    )
    join_code = out.splitlines()[0]
    assert code == 0 and len(join_code) == CODE_LENGTH and set(join_code) <= set(CODE_ALPHABET)
    assert f"?join={join_code}" in out
    code, report = run("class", "report", join_code, "--format", "csv")
    assert code == 0
    assert next(csv.reader(io.StringIO(report)))[:4] == ["student", "email", "joined", "interviews"]
    code, text = run("class", "report", join_code)
    assert code == 0 and text.startswith("Bootcamp A: 0 students")


def test_another_profile_cannot_report_on_a_class(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    join_code = run("class", "create", "Bootcamp A", "--track", "sample")[1].splitlines()[0]
    code, _ = run("class", "report", join_code, "--as", "Someone else")
    assert code == 1 and "no class with the join code" in capsys.readouterr().err


def test_a_signed_in_account_that_is_not_an_instructor_is_refused(
    app, capsys: pytest.CaptureFixture[str]
) -> None:
    app.profiles.account("https://id.example", "s-1", "student@example.org", "Stu")
    code, _ = run("class", "create", "Mine", "--track", "sample", "--email", "student@example.org")
    assert code == 1 and "Only instructors can create classes" in capsys.readouterr().err


def test_bank_validate_and_stats_still_read_bank_folders(db_url: str) -> None:
    assert run("bank", "validate")[0] == 0
    code, out = run("bank", "stats", "--format", "json")
    assert code == 0 and '"questions"' in out
