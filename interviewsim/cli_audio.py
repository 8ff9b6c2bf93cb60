"""`practice --audio DIR`: answers read from WAV files, in name order, through the configured
transcription endpoint. A file that cannot be transcribed skips its question with the reason; the
file itself is left where it is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interviewsim.config import Settings
from interviewsim.speech import (
    SpeechError,
    TranscriptionConfig,
    transcribe_upload,
    transcription_config,
    transcription_status,
)
from interviewsim.speech.config import settings_values


class AudioFolderError(ValueError):
    """The folder or the settings cannot give answers; the message says what to do."""


@dataclass(frozen=True)
class AudioAnswer:
    name: str  # the file's name
    text: str | None
    duration_s: float | None
    problem: str | None = None  # why there is no transcript


def recordings(folder: Path) -> list[Path]:
    """The WAV files in `folder`, sorted by name."""
    if not folder.is_dir():
        raise AudioFolderError(f"{folder} is not a folder.")
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".wav")
    if not found:
        raise AudioFolderError(f"{folder} holds no .wav files.")
    return found


def endpoint(settings: Settings) -> TranscriptionConfig:
    """The configured transcription endpoint, or an error saying what to set."""
    try:
        config = transcription_config(settings_values(settings))
    except SpeechError as error:
        raise AudioFolderError(error.message) from None
    if config is None:
        raise AudioFolderError(transcription_status(None).replace(" Typing works as always.", ""))
    return config


def audio_answers(folder: Path, settings: Settings) -> Iterator[AudioAnswer]:
    """Each recording's transcript, transcribed when it is reached (checks come first)."""
    config, files = endpoint(settings), recordings(folder)
    return (_answer(path, config) for path in files)


def _answer(path: Path, config: TranscriptionConfig) -> AudioAnswer:
    try:
        transcript = transcribe_upload(config, path.read_bytes())
    except OSError:
        return AudioAnswer(path.name, None, None, f"{path.name} could not be read.")
    except SpeechError as error:
        return AudioAnswer(path.name, None, None, error.message)
    return AudioAnswer(path.name, transcript.text, transcript.duration_s)
