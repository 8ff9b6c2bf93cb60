"""Where transcription and speech go, read from the settings object (`interviewsim.config`) or from
any mapping of variable names to values.

Each endpoint has its own variables and falls back to the chat provider's `OPENAI_BASE_URL` and
`OPENAI_API_KEY` when only those are set. A key is never sent to a server it was not given for:
`OPENAI_API_KEY` is used only with `OPENAI_BASE_URL` (or OpenAI itself), never with a separate
`INTERVIEWSIM_STT_BASE_URL` or `INTERVIEWSIM_TTS_BASE_URL`.

    INTERVIEWSIM_STT             auto (default) | off
    INTERVIEWSIM_STT_BASE_URL    e.g. http://localhost:8080/v1 (whisper.cpp, faster-whisper server)
    INTERVIEWSIM_STT_API_KEY
    INTERVIEWSIM_STT_MODEL       whisper-1
    INTERVIEWSIM_STT_LANGUAGE    e.g. en (optional; the server detects it otherwise)
    INTERVIEWSIM_STT_TIMEOUT     60 (seconds)
    INTERVIEWSIM_TTS             auto (default) | api | espeak | off
    INTERVIEWSIM_TTS_BASE_URL, INTERVIEWSIM_TTS_API_KEY
    INTERVIEWSIM_TTS_MODEL       tts-1
    INTERVIEWSIM_TTS_VOICE       alloy
    INTERVIEWSIM_TTS_FORMAT      mp3 | wav
    INTERVIEWSIM_TTS_TIMEOUT     30 (seconds)
    INTERVIEWSIM_ESPEAK_PATH     espeak-ng (a name on PATH, or a path)
    INTERVIEWSIM_ESPEAK_VOICE    en-us
    INTERVIEWSIM_ESPEAK_WPM      160
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import SecretStr

from interviewsim.config import VARIABLES, Settings, get_settings
from interviewsim.speech.errors import SpeechError

DEFAULT_STT_MODEL = "whisper-1"
DEFAULT_TTS_MODEL = "tts-1"
DEFAULT_VOICE = "alloy"
DEFAULT_ESPEAK_VOICE = "en-us"
DEFAULT_ESPEAK_WPM = 160
MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # OpenAI's limit for one transcription upload
TTS_FORMATS = {"mp3": "audio/mpeg", "wav": "audio/wav"}
TTS_ENGINES = ("auto", "api", "espeak", "off")
_ESPEAK_VOICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]*")  # never an option: it goes on a command


def where(base_url: str | None) -> str:
    """The server, for messages: host and port only (a URL may carry credentials)."""
    if not base_url:
        return "OpenAI"
    parts = urlsplit(base_url)
    return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else "?"


@dataclass(frozen=True)
class TranscriptionConfig:
    """An OpenAI-compatible `/v1/audio/transcriptions` endpoint. No base URL means OpenAI."""

    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = DEFAULT_STT_MODEL
    language: str | None = None
    timeout_s: float = 60.0
    retries: int = 1  # after a rate limit, a server error or a refused connection
    max_bytes: int = MAX_UPLOAD_BYTES

    @property
    def where(self) -> str:
        return where(self.base_url)


@dataclass(frozen=True)
class SpeechConfig:
    """How questions are read aloud: an OpenAI-compatible `/v1/audio/speech` endpoint, espeak-ng on
    this server, or neither. `engine` "auto" takes the endpoint when one is set, else espeak-ng."""

    engine: str = "auto"
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = DEFAULT_TTS_MODEL
    voice: str = DEFAULT_VOICE
    format: str = "mp3"
    timeout_s: float = 30.0
    espeak_command: str = "espeak-ng"
    espeak_voice: str = DEFAULT_ESPEAK_VOICE
    espeak_wpm: int = DEFAULT_ESPEAK_WPM
    max_chars: int = 4096  # OpenAI's limit for one speech request

    @property
    def api_configured(self) -> bool:
        return bool(self.base_url or self.api_key)

    @property
    def where(self) -> str:
        return where(self.base_url)

    @property
    def media_type(self) -> str:
        return TTS_FORMATS[self.format]


def settings_values(settings: Settings | None = None) -> dict[str, object]:
    """The settings as the variables that set them (the process-wide settings by default)."""
    settings = settings if settings is not None else get_settings()
    return {name: getattr(settings, field) for name, field in VARIABLES.items()}


def _get(values: Mapping[str, object], name: str) -> str:
    value = values.get(name)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return str(value).strip() if value is not None else ""


def _url(values: Mapping[str, object], name: str) -> str | None:
    url = _get(values, name)
    if url and urlsplit(url).scheme not in ("http", "https"):
        # The value is not echoed: a key pasted into the wrong field would be shown.
        raise SpeechError("config", f"{name} must start with http:// or https://.")
    return url or None


def _number(values: Mapping[str, object], name: str, default: float) -> float:
    raw = _get(values, name)
    try:
        number = float(raw) if raw else default
    except ValueError:
        raise SpeechError("config", f"{name} must be a number.") from None
    if number <= 0:
        raise SpeechError("config", f"{name} must be more than 0.")
    return number


def _endpoint(values: Mapping[str, object], prefix: str) -> tuple[str | None, SecretStr | None]:
    """Base URL and key for one endpoint, falling back to the chat provider's as a pair."""
    own_url = _url(values, f"{prefix}_BASE_URL")
    own_key = _get(values, f"{prefix}_API_KEY")
    if own_url:
        return own_url, SecretStr(own_key) if own_key else None
    shared_url = _url(values, "OPENAI_BASE_URL")
    key = own_key or _get(values, "OPENAI_API_KEY")
    return shared_url, SecretStr(key) if key else None


def transcription_config(values: Mapping[str, object] | None = None) -> TranscriptionConfig | None:
    """The transcription endpoint the settings name, or None when there is none (or it is off).

    `values` maps variable names to values (strings or `SecretStr`); the settings by default.
    Raises SpeechError("config") for a value that cannot be used, naming the variable only.
    """
    values = settings_values() if values is None else values
    if _get(values, "INTERVIEWSIM_STT").lower() == "off":
        return None
    base_url, key = _endpoint(values, "INTERVIEWSIM_STT")
    if not base_url and not key:
        return None
    return TranscriptionConfig(
        base_url=base_url,
        api_key=key,
        model=_get(values, "INTERVIEWSIM_STT_MODEL") or DEFAULT_STT_MODEL,
        language=_get(values, "INTERVIEWSIM_STT_LANGUAGE") or None,
        timeout_s=_number(values, "INTERVIEWSIM_STT_TIMEOUT", 60.0),
    )


def speech_config(values: Mapping[str, object] | None = None) -> SpeechConfig:
    """How questions would be read aloud under these settings (see `SpeechConfig.engine`)."""
    values = settings_values() if values is None else values
    engine = _get(values, "INTERVIEWSIM_TTS").lower() or "auto"
    if engine not in TTS_ENGINES:
        raise SpeechError("config", f"INTERVIEWSIM_TTS must be one of {', '.join(TTS_ENGINES)}.")
    fmt = _get(values, "INTERVIEWSIM_TTS_FORMAT").lower() or "mp3"
    if fmt not in TTS_FORMATS:
        raise SpeechError(
            "config", f"INTERVIEWSIM_TTS_FORMAT must be one of {', '.join(TTS_FORMATS)}."
        )
    base_url, key = _endpoint(values, "INTERVIEWSIM_TTS")
    espeak_voice = _get(values, "INTERVIEWSIM_ESPEAK_VOICE") or DEFAULT_ESPEAK_VOICE
    if not _ESPEAK_VOICE.fullmatch(espeak_voice):
        raise SpeechError("config", "INTERVIEWSIM_ESPEAK_VOICE must be a voice name such as en-us.")
    return SpeechConfig(
        engine=engine,
        base_url=base_url,
        api_key=key,
        model=_get(values, "INTERVIEWSIM_TTS_MODEL") or DEFAULT_TTS_MODEL,
        voice=_get(values, "INTERVIEWSIM_TTS_VOICE") or DEFAULT_VOICE,
        format=fmt,
        timeout_s=_number(values, "INTERVIEWSIM_TTS_TIMEOUT", 30.0),
        espeak_command=_get(values, "INTERVIEWSIM_ESPEAK_PATH") or "espeak-ng",
        espeak_voice=espeak_voice,
        espeak_wpm=int(_number(values, "INTERVIEWSIM_ESPEAK_WPM", DEFAULT_ESPEAK_WPM)),
    )
