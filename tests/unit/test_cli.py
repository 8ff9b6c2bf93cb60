"""`python -m interviewsim`: practice from standard input, score a CSV, validate and count banks."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from interviewsim.bank import DEFAULT_DATA_DIR
from interviewsim.cli import main
from interviewsim.config import get_settings
from interviewsim.store import open_store
from interviewsim.store.history import HistoryQueries
from interviewsim.store.profiles import ProfileRepository

from ..conftest import PROJECT_ROOT


def run(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def test_practice_reads_answers_line_by_line_and_saves_the_interview() -> None:
    answers = "Lists are mutable and tuples are immutable.\n/skip\n/skip\n/skip\n/skip\n/skip\n"
    code, out = run(
        "practice",
        "--track",
        "sample",
        "--questions",
        "2",
        "--seed",
        "4",
        "--profile",
        "Cli",
        stdin=answers,
    )
    assert code == 0
    assert "Interviewer:" in out and "[score " in out
    assert "saved for Cli" in out
    with open_store(get_settings().sqlalchemy_url)() as s:
        profile = ProfileRepository(s).named("Cli")
        assert profile is not None
        assert len(HistoryQueries(s).interviews(profile.id)) == 1


def test_practice_ends_cleanly_when_input_runs_out() -> None:
    code, out = run("practice", "--track", "sample", "--questions", "3", "--seed", "1", stdin="")
    assert code == 0
    assert "ending here without any answers" in out


def test_practice_with_an_unknown_track_explains_the_problem(capsys) -> None:
    code, _ = run("practice", "--track", "no-such-track", stdin="")
    assert code == 1
    assert "No questions match track 'no-such-track'" in capsys.readouterr().err


def test_score_writes_the_input_columns_plus_overall_and_criteria(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    with source.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["question", "reference_answer", "answer", "student"])
        writer.writerow(
            [
                "What is a stack?",
                "A last-in first-out collection of items.",
                "A stack is last in, first out: you pop the item you pushed last.",
                "s1",
            ]
        )
        writer.writerow(["What is a stack?", "A last-in first-out collection of items.", "", "s2"])
    target = tmp_path / "scored.csv"
    code, out = run("score", "--input", str(source), "--output", str(target))
    assert code == 0 and "Scored 2 answers" in out
    rows = list(csv.DictReader(target.open()))
    assert list(rows[0])[:4] == ["question", "reference_answer", "answer", "student"]
    assert {"overall", "coverage", "depth", "clarity"} <= set(rows[0])
    assert int(rows[0]["overall"]) > int(rows[1]["overall"]) == 0


def test_score_names_missing_columns(tmp_path: Path, capsys) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("question,answer\nq,a\n")
    code, _ = run("score", "--input", str(source), "--output", str(tmp_path / "o.csv"))
    assert code == 1
    assert "missing column(s) reference_answer" in capsys.readouterr().err


def test_bank_validate_passes_on_the_shipped_bank() -> None:
    code, out = run("bank", "validate")
    assert code == 0 and out.startswith("OK:")


def test_bank_validate_fails_naming_file_question_and_field(tmp_path: Path, capsys) -> None:
    shutil.copytree(DEFAULT_DATA_DIR / "rubrics", tmp_path / "rubrics")
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "x.yaml").write_text(
        "track: x\nquestions:\n  - id: x-1\n    category: technical\n    difficulty: 9\n"
        "    prompt: p\n    model_answer: m\n"
    )
    code, _ = run("bank", "validate", str(tmp_path))
    err = capsys.readouterr().err
    assert code == 1
    assert "x.yaml: question 'x-1', field 'difficulty'" in err


def test_bank_stats_prints_counts_as_json() -> None:
    code, out = run("bank", "stats", "--format", "json")
    stats = json.loads(out)
    assert code == 0
    assert stats["by_track"]["sample"]["questions"] == 3
    assert stats["questions"] == sum(t["questions"] for t in stats["by_track"].values())


def test_the_module_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "interviewsim", "bank", "validate"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_insights_prints_fillers_hedges_and_pace_as_json() -> None:
    code, out = run(
        "insights", "--text", "Um, tuples are, like, hashable, I think.", "--duration", "3"
    )
    data = json.loads(out)
    assert code == 0
    assert data["fillers"] == {"um": 1, "like": 1} and data["hedges"] == {"I think": 1}
    assert data["word_count"] == 7 and data["pace_wpm"] == 140.0


def test_insights_of_a_file_against_a_question_name_its_missed_terms_and_time(
    tmp_path: Path,
) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("A tuple is immutable, so it can be a dictionary key.", encoding="utf-8")
    code, out = run("insights", "--file", str(answer), "--question", "sample-list-vs-tuple")
    data = json.loads(out)
    assert code == 0
    assert "immutable" in data["terms_used"] and "hashable" in data["terms_missed"]
    assert data["suggested_s"] == 120 and data["length"] == "short" and data["pace_wpm"] is None


def test_insights_of_an_unknown_question_says_so(capsys) -> None:
    code, _ = run("insights", "--text", "Tuples.", "--question", "no-such-question")
    assert code == 1
    assert "no question with id 'no-such-question'" in capsys.readouterr().err
