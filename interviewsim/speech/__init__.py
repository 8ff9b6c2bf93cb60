"""Voice in and out: transcribing a recorded answer and reading the interviewer's words aloud.

Everything a page needs is a plain function here (no Streamlit):

    config = transcription_config()            # None: no endpoint; show transcription_status(None)
    transcript = transcribe_upload(config, wav_bytes)   # Transcript(text, duration_s) or SpeechError
    spoken = speak(text, speech_config())      # Spoken(audio, media_type, engine, notice)

Nothing here imports `openai` until a configured endpoint is called, so the offline product never
loads audio-provider code.
"""

from __future__ import annotations

from functools import lru_cache

from interviewsim.speech.audio import WavInfo, read_wav
from interviewsim.speech.config import (
    SpeechConfig,
    TranscriptionConfig,
    speech_config,
    transcription_config,
)
from interviewsim.speech.errors import SpeechError
from interviewsim.speech.speak import Speaker, Spoken, speak, speaker_for, speech_status
from interviewsim.speech.transcribe import (
    Capabilities,
    OpenAITranscriber,
    Transcriber,
    Transcript,
)

__all__ = [
    "Capabilities",
    "OpenAITranscriber",
    "Speaker",
    "SpeechConfig",
    "SpeechError",
    "Spoken",
    "Transcriber",
    "Transcript",
    "TranscriptionConfig",
    "WavInfo",
    "read_wav",
    "speak",
    "speaker_for",
    "speech_config",
    "speech_status",
    "transcribe_upload",
    "transcriber_for",
    "transcription_config",
    "transcription_status",
]

NOT_CONFIGURED = (
    "Answering by voice needs a transcription endpoint: set INTERVIEWSIM_STT_BASE_URL to an "
    "OpenAI-compatible server (a local whisper.cpp or faster-whisper server works) or set "
    "OPENAI_API_KEY. Typing works as always."
)


@lru_cache(maxsize=8)
def transcriber_for(config: TranscriptionConfig) -> Transcriber:
    """One transcriber (and HTTP client) per configuration, shared by every browser session."""
    return OpenAITranscriber(config)


def transcribe_upload(config: TranscriptionConfig | None, audio: bytes) -> Transcript:
    """The words of a recorded answer (WAV bytes) and its duration; raises SpeechError."""
    if config is None:
        raise SpeechError("config", NOT_CONFIGURED)
    return transcriber_for(config).transcribe(audio)


def transcription_status(config: TranscriptionConfig | None) -> str:
    """One line for the microphone: where recordings go, or what to configure."""
    if config is None:
        return NOT_CONFIGURED
    return f"Recordings are transcribed by {config.model} at {config.where}; the audio is not kept."
