"""Voice tests: real speech made by espeak-ng, sent through the real `openai` client to the local
OpenAI-compatible server, which checks each upload is a valid WAV.

Locally, a missing espeak-ng skips these tests with the reason; in CI (INTERVIEWSIM_REQUIRE_BROWSER=1,
and `.ci/run` installs it) it fails them, so a green CI run always includes real audio.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from interviewsim.speech import SpeechConfig, TranscriptionConfig
from interviewsim.testing.fake_openai import FakeOpenAI, serve

TEST_KEY = "sk-test-not-a-real-key"
SENTENCES = {
    "answer": "Lists are mutable and tuples are immutable, so a tuple can be a dictionary key.",
    "fillers": "Um, so, basically, tuples are, like, immutable, you know.",
}


def _missing(reason: str) -> None:
    if os.environ.get("INTERVIEWSIM_REQUIRE_BROWSER"):
        pytest.fail(f"voice tests are required here: {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class Recording:
    text: str
    path: Path

    @property
    def wav(self) -> bytes:
        return self.path.read_bytes()


@pytest.fixture(scope="session")
def espeak() -> str:
    executable = shutil.which("espeak-ng")
    if executable is None:
        _missing("espeak-ng is not installed (apt-get install espeak-ng)")
    assert executable is not None
    return executable


@pytest.fixture(scope="session")
def recordings(espeak: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Recording]:
    """Each known sentence spoken by espeak-ng into a WAV file, once per test session."""
    folder = tmp_path_factory.mktemp("speech")
    made = {}
    for name, text in SENTENCES.items():
        path = folder / f"{name}.wav"
        subprocess.run(
            [espeak, "-v", "en-us", "-s", "160", "-w", str(path), "--stdin"],
            input=text.encode(),
            check=True,
            capture_output=True,
        )
        made[name] = Recording(text, path)
    return made


@pytest.fixture(scope="session")
def streamed_wav(espeak: str) -> bytes:
    """espeak-ng's `--stdout` WAV, whose header holds a placeholder length."""
    done = subprocess.run(
        [espeak, "--stdout", "--stdin", "-v", "en-us"],
        input=SENTENCES["answer"].encode(),
        check=True,
        capture_output=True,
    )
    return done.stdout


@pytest.fixture
def fake_audio() -> Iterator[FakeOpenAI]:
    with serve() as server:
        yield server


@pytest.fixture
def stt(fake_audio: FakeOpenAI) -> TranscriptionConfig:
    return TranscriptionConfig(
        base_url=fake_audio.url, api_key=SecretStr(TEST_KEY), model="fake-whisper", timeout_s=5
    )


@pytest.fixture
def tts(fake_audio: FakeOpenAI) -> SpeechConfig:
    return SpeechConfig(
        base_url=fake_audio.url, api_key=SecretStr(TEST_KEY), model="fake-tts", timeout_s=5
    )
