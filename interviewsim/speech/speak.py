"""Text to speech for the interviewer: an OpenAI-compatible `/v1/audio/speech` endpoint when one is
configured, else espeak-ng when it is installed on this server, else off with a notice.

The `openai` package is imported inside the call; espeak-ng runs as a subprocess that reads the
text on standard input (never as an argument, so no text can pass for an option).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from interviewsim.speech.audio import tidy_wav
from interviewsim.speech.config import SpeechConfig
from interviewsim.speech.errors import SPEAK, SpeechError, classify
from interviewsim.speech.transcribe import NO_KEY_PLACEHOLDER, Capabilities

ESPEAK_TIMEOUT_S = 30.0
OFF_NOTICE = (
    "Reading questions aloud is off: set INTERVIEWSIM_TTS_BASE_URL (or OPENAI_API_KEY) for a "
    "speech endpoint, or install espeak-ng on the server (apt-get install espeak-ng)."
)


class Speaker(Protocol):
    capabilities: Capabilities

    def speak(self, text: str) -> bytes:
        """Audio of `text` in the media type of `capabilities.formats[0]`; raises SpeechError."""
        ...


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at the last sentence end that fits when there is one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > limit // 2 else cut


class OpenAISpeaker:
    def __init__(self, config: SpeechConfig):
        self.config = config
        self.capabilities = Capabilities(
            engine="openai-compatible",
            where=config.where,
            formats=(config.media_type,),
            max_input=config.max_chars,
            leaves_machine=True,
        )
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
                    max_retries=0,  # reading aloud is optional: fail fast, fall back
                )
            return self._client

    def speak(self, text: str) -> bytes:
        c = self.config
        try:
            reply = self._openai().audio.speech.create(
                model=c.model,
                voice=c.voice,
                input=_clip(text, c.max_chars),
                response_format=c.format,
            )
            audio = reply.content
        except Exception as exc:
            raise classify(
                exc, purpose=SPEAK, where=c.where, model=c.model, timeout_s=c.timeout_s
            ) from None
        if not isinstance(audio, bytes) or not audio:
            raise SpeechError("malformed", f"{c.where} sent no audio.")
        return tidy_wav(audio) if c.format == "wav" else audio


class EspeakSpeaker:
    def __init__(self, executable: str, voice: str, wpm: int):
        self.executable, self.voice, self.wpm = executable, voice, wpm
        self.capabilities = Capabilities(
            engine="espeak-ng",
            where="this server",
            formats=("audio/wav",),
            max_input=4096,
            leaves_machine=False,
        )

    def speak(self, text: str) -> bytes:
        command = [self.executable, "--stdout", "--stdin", "-v", self.voice, "-s", str(self.wpm)]
        try:
            done = subprocess.run(
                command,
                input=_clip(text, self.capabilities.max_input).encode("utf-8"),
                capture_output=True,
                timeout=ESPEAK_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            raise SpeechError("unavailable", "espeak-ng could not read the text aloud.") from None
        if done.returncode != 0 or not done.stdout:
            raise SpeechError("unavailable", "espeak-ng could not read the text aloud.")
        return tidy_wav(done.stdout)  # its streamed header gives no length


def espeak_speaker(config: SpeechConfig) -> EspeakSpeaker | None:
    """espeak-ng, when it is installed on this server."""
    executable = shutil.which(config.espeak_command)
    return EspeakSpeaker(executable, config.espeak_voice, config.espeak_wpm) if executable else None


@dataclass(frozen=True)
class Spoken:
    """Audio for `st.audio(spoken.audio, format=spoken.media_type)`, or None with the reason."""

    audio: bytes | None
    media_type: str | None
    engine: str | None  # "openai-compatible" | "espeak-ng"
    notice: str | None  # for the person: why nothing plays, or that a fallback read it


def speaker_for(config: SpeechConfig) -> Speaker | None:
    """The engine `config` chooses, or None when reading aloud is off or impossible here."""
    if config.engine == "off":
        return None
    if config.engine in ("auto", "api") and config.api_configured:
        return OpenAISpeaker(config)
    if config.engine in ("auto", "espeak"):
        return espeak_speaker(config)
    return None


def speech_status(config: SpeechConfig) -> str:
    """One line for the page: which engine will read questions aloud, or what to set up."""
    speaker = speaker_for(config)
    if speaker is None:
        if config.engine == "off":
            return "Reading questions aloud is switched off (INTERVIEWSIM_TTS=off)."
        return OFF_NOTICE
    c = speaker.capabilities
    return f"Questions are read aloud by {c.engine} ({c.where})."


def speak(text: str, config: SpeechConfig) -> Spoken:
    """Audio of `text`, never raising: a failure becomes a notice, and when the configured endpoint
    fails in "auto" mode espeak-ng reads the text instead if it is installed."""
    speaker = speaker_for(config)
    if speaker is None:
        return Spoken(None, None, None, speech_status(config))
    try:
        return Spoken(speaker.speak(text), speaker.capabilities.formats[0], _engine(speaker), None)
    except SpeechError as error:
        fallback = espeak_speaker(config) if config.engine == "auto" else None
        if fallback is None or isinstance(speaker, EspeakSpeaker):
            return Spoken(None, None, None, error.message)
        try:
            audio = fallback.speak(text)
        except SpeechError:
            return Spoken(None, None, None, error.message)
        return Spoken(
            audio, "audio/wav", "espeak-ng", f"{error.message} Read by espeak-ng instead."
        )


def _engine(speaker: Speaker) -> str:
    return speaker.capabilities.engine
