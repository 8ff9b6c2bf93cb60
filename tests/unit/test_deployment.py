"""The container image, checked as text (no Docker engine is needed): it runs the README's command
as a user without root rights, is health-checked on Streamlit's own endpoint, and leaves secrets,
histories and the test suite out of the image."""

from __future__ import annotations

import json
import re
import shlex

from ..conftest import PROJECT_ROOT

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
IGNORED = (PROJECT_ROOT / ".dockerignore").read_text().split("\n")
README = (PROJECT_ROOT / "README.md").read_text()


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    rows = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in rows
        if line and not line.startswith("#")
    ]


def last(name: str) -> str:
    return [args for kind, args in instructions() if kind == name][-1]


def command(args: str) -> list[str]:
    return json.loads(args) if args.startswith("[") else shlex.split(args)


def readme_run_command() -> list[str]:
    block = re.search(r"\*\*Run the app\*\*.*?```bash\n(.*?)```", README, re.S)
    assert block, "the README's Run the app block"
    return shlex.split(re.search(r"streamlit run \S+", block.group(1)).group(0))


def test_the_image_is_python_3_11_slim_and_installs_the_requirements() -> None:
    assert last("FROM") == "python:3.11-slim"
    assert any("pip install -r requirements.txt" in a for k, a in instructions() if k == "RUN")


def test_the_app_runs_as_a_user_without_root_rights() -> None:
    kinds = [kind for kind, _ in instructions()]
    user = last("USER")
    assert user.split(":")[0] not in ("root", "0")
    # Everything after the switch (the command, the health check) runs as that user.
    assert kinds.index("USER") > max(i for i, kind in enumerate(kinds) if kind == "RUN")
    assert kinds.index("USER") < kinds.index("CMD")


def test_the_command_is_the_readmes_run_command_listening_on_every_interface() -> None:
    cmd = command(last("CMD"))
    expected = readme_run_command()
    assert cmd[: len(expected)] == expected == ["streamlit", "run", "streamlit_app.py"]
    assert cmd[cmd.index("--server.address") + 1] == "0.0.0.0"


def test_the_health_check_asks_streamlits_health_endpoint_on_the_served_port() -> None:
    check = last("HEALTHCHECK")
    port = command(last("CMD"))[command(last("CMD")).index("--server.port") + 1]
    assert f"127.0.0.1:{port}/_stcore/health" in check
    assert f"EXPOSE {port}" in DOCKERFILE


def test_secrets_histories_and_tests_stay_out_of_the_image_and_the_app_goes_in() -> None:
    for kept_out in (".env", ".streamlit/secrets.toml", ".git", ".interviewsim", "*.sqlite3"):
        assert kept_out in IGNORED, kept_out
    for needed in ("streamlit_app.py", "pages", "interviewsim", "data", "requirements.txt"):
        assert not any(line.strip("/") == needed for line in IGNORED), needed
