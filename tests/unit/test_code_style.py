"""Lint and formatting are part of the test command, so CI and a developer see the same thing."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from ..conftest import PROJECT_ROOT

RUFF = shutil.which("ruff")


@pytest.mark.skipif(RUFF is None, reason="ruff is installed by requirements-dev.txt")
@pytest.mark.parametrize(
    "args", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"]
)
def test_ruff_finds_nothing_to_fix(args: list[str]) -> None:
    done = subprocess.run(
        [RUFF, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_no_type_errors_in_the_core() -> None:
    pytest.importorskip("mypy", reason="mypy is installed by requirements-dev.txt")
    done = subprocess.run(
        [sys.executable, "-m", "mypy"],  # files and options from pyproject.toml
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


MAX_CLASS_LINES = 250
MAX_MODULE_LINES = 520
# Cohesive modules that one idea holds together; a line count is no reason to cut them.
COHESIVE = {
    "interviewsim/scoring/heuristic.py",  # the signals and the scorer that combines them
    "interviewsim/scoring/claims.py",  # reading a sentence as a claim and aligning two of them
    "interviewsim/analytics.py",  # frames and figures of one page
}


def test_classes_and_modules_in_the_core_stay_small_enough_to_read() -> None:
    too_big = []
    for path in sorted((PROJECT_ROOT / "interviewsim").rglob("*.py")):
        name = path.relative_to(PROJECT_ROOT).as_posix()
        if "/migrations/versions/" in name:
            continue
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES and name not in COHESIVE:
            too_big.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    too_big.append(f"{name}: class {node.name} has {length} lines")
    assert not too_big, "\n".join(too_big)
