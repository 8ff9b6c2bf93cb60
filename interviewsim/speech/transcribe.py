"""Speech to text: a recorded answer sent to an OpenAI-compatible `/v1/audio/transcriptions`.

The `openai` package is imported inside the call, so a run with no transcription configured never
loads it. The recording is checked first (a WAV, not silent, not too large), so an unusable
recording gets a clear notice without a round trip; its duration comes from the WAV itself, never
from the server, so every server gives the same pace.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from interviewsim.speech.audio import check_speech, read_wav
from interviewsim.speech.config import TranscriptionConfig
from interviewsim.speech.errors import TRANSCRIBE, SpeechError, classify

NO_KEY_PLACEHOLDER = "not-needed"  # local servers ignore the key, but the SDK insists on one
MAX_BACKOFF_S = 8.0
_RETRYABLE = {"rate_limit", "server", "unreachable"}


@dataclass(frozen=True)
class Capabilities:
    """What an engine takes or gives, so a page can say what will happen before it happens."""

    engine: str  # "openai-compatible" | "espeak-ng"
    where: str  # the server (host and port), "OpenAI", or "this server"
    formats: tuple[str, ...]  # media types it accepts (transcriber) or produces (speaker)
    max_input: int  # bytes of audio (transcriber) or characters of text (speaker)
    leaves_machine: bool  # the audio or text is sent over the network


@dataclass(frozen=True)
class Transcript:
    text: str
    duration_s: float  # the recording's length, read from its WAV header


class Transcriber(Protocol):
    capabilities: Capabilities

    def transcribe(self, wav: bytes) -> Transcript:
        """The words in the recording; raises SpeechError with a message safe to show."""
        ...


class OpenAITranscriber:
    """Any OpenAI-compatible transcription endpoint: OpenAI, whisper.cpp's server, faster-whisper."""

    def __init__(self, config: TranscriptionConfig, sleep: Callable[[float], None] = time.sleep):
        self.config = config
        self.capabilities = Capabilities(
            engine="openai-compatible",
            where=config.where,
            formats=("audio/wav",),
            max_input=config.max_bytes,
            leaves_machine=True,
        )
        self._sleep = sleep
        self._client: Any = None
        self._lock = threading.Lock()

    def _openai(self) -> Any:
        with self._lock:
            if self._client is None:
                from openai import OpenAI

                key = self.config.api_key.get_secret_value() if self.config.api_key else None
                self._client = OpenAI(
                    api_key=key or NO_KEY_PLACEHOLDER,
                    base_url=self.config.base_url,
                    timeout=self.config.timeout_s,
                    max_retries=0,  # retried here, with a cap on the wait
                )
            return self._client

    def _failed(self, exc: BaseException) -> SpeechError:
        c = self.config
        return classify(
            exc, purpose=TRANSCRIBE, where=c.where, model=c.model, timeout_s=c.timeout_s
        )

    def transcribe(self, wav: bytes) -> Transcript:
        if len(wav) > self.config.max_bytes:
            raise SpeechError(
                "too_large",
                f"The recording is {len(wav) / 1e6:.0f} MB; at most "
                f"{self.config.max_bytes / 1e6:.0f} MB can be transcribed. Record a shorter answer.",
            )
        info = read_wav(wav)
        check_speech(info)
        extra: dict[str, Any] = {"language": self.config.language} if self.config.language else {}
        for attempt in range(self.config.retries + 1):
            try:
                reply = self._openai().audio.transcriptions.create(
                    file=("answer.wav", wav, "audio/wav"),
                    model=self.config.model,
                    response_format="json",
                    **extra,
                )
                break
            except Exception as exc:
                error = self._failed(exc)
                if error.kind in _RETRYABLE and attempt < self.config.retries:
                    self._sleep(min(MAX_BACKOFF_S, 0.5 * 2**attempt * (0.75 + random.random() / 4)))
                    continue
                raise error from None
        text = reply if isinstance(reply, str) else getattr(reply, "text", None)
        if not isinstance(text, str):
            raise SpeechError(
                "malformed", f"{self.config.where} sent a transcription that could not be read."
            )
        if not text.strip():
            raise SpeechError(
                "silence",
                "No words were recognised in the recording. Speak closer to the microphone and "
                "record again, or type your answer.",
            )
        return Transcript(" ".join(text.split()), info.duration_s)
