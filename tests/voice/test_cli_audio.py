"""`python -m interviewsim practice --audio DIR`: WAV files made by espeak-ng answer the questions
in name order through the local transcription server; each transcript, score and insight is
printed; with no endpoint configured the command says what to set and starts nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from interviewsim.cli import main
from interviewsim.config import get_settings
from interviewsim.testing.fake_openai import FakeOpenAI, Reply

from .conftest import TEST_KEY, Recording


@pytest.fixture
def folder(recordings: dict[str, Recording], tmp_path: Path) -> Path:
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(recordings["fillers"].path, answers / "2-fillers.wav")
    shutil.copy(recordings["answer"].path, answers / "1-answer.wav")
    (answers / "notes.txt").write_text("not a recording")
    return answers


def test_recordings_answer_the_questions_in_name_order_with_scores_and_insights(
    fake_audio: FakeOpenAI,
    folder: Path,
    recordings: dict[str, Recording],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_STT_BASE_URL", fake_audio.url)
    monkeypatch.setenv("INTERVIEWSIM_STT_API_KEY", TEST_KEY)
    get_settings.cache_clear()
    fake_audio.script(Reply(text=recordings["answer"].text), Reply(text=recordings["fillers"].text))
    out = io.StringIO()
    code = main(
        [
            "practice",
            "--track",
            "sample",
            "--questions",
            "1",
            "--seed",
            "3",
            "--audio",
            str(folder),
        ],
        out=out,
    )
    printed = out.getvalue()
    assert code == 0
    uploads = [r.files["file"].data for r in fake_audio.requests if r.files]
    assert uploads[0] == recordings["answer"].wav  # 1-answer.wav first
    assert "> [1-answer.wav, " in printed and recordings["answer"].text in printed
    assert "[score " in printed
    assert "[insight] Pace: " in printed
    assert "saved for default" in printed


def test_with_no_transcription_endpoint_the_command_says_what_to_set(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["practice", "--track", "sample", "--audio", str(folder)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: Answering by voice needs a transcription endpoint")
    assert "INTERVIEWSIM_STT_BASE_URL" in err


def test_a_folder_without_recordings_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_STT_BASE_URL", "http://127.0.0.1:9/v1")
    get_settings.cache_clear()
    assert main(["practice", "--track", "sample", "--audio", str(tmp_path)]) == 1
    assert "holds no .wav files" in capsys.readouterr().err
