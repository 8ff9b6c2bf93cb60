"""Lint and formatting are part of the test command, so CI and a developer see the same thing."""

from __future__ import annotations

import shutil
import subprocess

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
