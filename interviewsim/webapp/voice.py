"""Answering by voice and hearing the interviewer, on the Practice page.

A recording goes to the configured transcription endpoint; the transcript comes back in a text
area for the person to correct, and "Send" submits it like a typed answer, with the recording's
length. The recording is never stored: it lives in the browser widget until the answer is sent.
Nothing here imports a provider's client until a configured endpoint is called.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from interviewsim.config import Settings
from interviewsim.interview import ChatMessage
from interviewsim.speech import (
    SpeechError,
    Spoken,
    TranscriptionConfig,
    speak,
    speaker_for,
    speech_config,
    speech_status,
    transcribe_upload,
    transcription_config,
    transcription_status,
)
from interviewsim.speech.config import settings_values
from interviewsim.states import Role

DRAFTS_KEY = "practice_voice_drafts"  # {recording digest: Draft}, this browser session only
SPOKEN_KEY = "practice_spoken"  # {message fingerprint: Spoken}, so a rerun does not re-synthesise
READ_ALOUD_KEY = "practice_read_aloud"
NOT_KEPT = (
    "Your recording is sent for transcription and then discarded: only the words you send and "
    "the recording's length are saved."
)


@dataclass(frozen=True)
class Draft:
    """What came back for one recording: its words and length, or why there are none."""

    text: str | None
    duration_s: float | None
    problem: str | None = None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _transcribed(config: TranscriptionConfig, data: bytes) -> Draft:
    try:
        with st.spinner("Transcribing your answer…"):
            transcript = transcribe_upload(config, data)
    except SpeechError as error:
        return Draft(None, None, error.message)
    return Draft(transcript.text, transcript.duration_s)


def voice_answer(settings: Settings, key: str, send: Callable[[str, float | None], None]) -> None:
    """The microphone, and the transcript to correct and send. `key` names the question being
    answered, so the next question starts with an empty recorder."""
    try:
        config = transcription_config(settings_values(settings))
    except SpeechError as error:
        st.warning(f"Answering by voice is unavailable: {error.message}", icon=":material/mic_off:")
        return
    if config is None:
        st.caption(f":material/mic_off: {transcription_status(None)}")
        return
    recording = st.audio_input(
        "Answer by voice", key=f"practice_voice_{key}", help="Record, then check the transcript."
    )
    st.caption(f":material/lock: {NOT_KEPT} Transcribed by {config.model} at {config.where}.")
    if recording is None:
        return
    data = recording.getvalue()
    drafts: dict[str, Draft] = st.session_state.setdefault(DRAFTS_KEY, {})
    digest = _digest(data)
    if digest not in drafts:
        drafts[digest] = _transcribed(config, data)
    draft = drafts[digest]
    if draft.problem is not None or draft.text is None:
        st.warning(
            f"Your recording could not be transcribed. {draft.problem} Your recording is still "
            "here, and typing works as always.",
            icon=":material/mic_off:",
        )
        if st.button("Transcribe it again", icon=":material/refresh:", key=f"voice_again_{key}"):
            drafts.pop(digest, None)
            st.rerun()
        return
    text = st.text_area(
        "Your answer as heard: correct anything misheard, then send it",
        value=draft.text,
        key=f"practice_voice_text_{digest}",
    )
    st.caption(f"Recording: {draft.duration_s:.1f} s")
    if st.button(
        "Send this answer", type="primary", icon=":material/send:", key=f"voice_send_{digest}"
    ):
        drafts.pop(digest, None)
        send(text, draft.duration_s)
        st.rerun()


def _latest_question(messages: Sequence[ChatMessage]) -> tuple[int, ChatMessage] | None:
    """The interviewer's last message, if nothing has been answered since."""
    for n in range(len(messages) - 1, -1, -1):
        if messages[n].role == Role.interviewer:
            return n, messages[n]
        if messages[n].role == Role.candidate:
            return None
    return None


def read_aloud(settings: Settings, interview_id: int, messages: Sequence[ChatMessage]) -> None:
    """A switch (off by default) that reads each new question or follow-up aloud."""
    try:
        config = speech_config(settings_values(settings))
    except SpeechError as error:
        st.caption(f":material/volume_off: {error.message}")
        return
    available = speaker_for(config) is not None
    on = st.toggle(
        "Read questions aloud",
        value=False,
        key=READ_ALOUD_KEY,
        disabled=not available,
        help=speech_status(config),
    )
    if not (on and available):
        return
    latest = _latest_question(messages)
    if latest is None:
        return
    n, message = latest
    cache: dict[str, Spoken] = st.session_state.setdefault(SPOKEN_KEY, {})
    fingerprint = f"{interview_id}:{n}:{_digest(message.content.encode('utf-8'))}"
    if fingerprint not in cache:
        with st.spinner("Reading the question aloud…"):
            cache[fingerprint] = speak(message.content, config)
    spoken = cache[fingerprint]
    if spoken.audio is not None:
        st.audio(spoken.audio, format=spoken.media_type or "audio/wav", autoplay=True)
    if spoken.notice:
        st.caption(f":material/volume_off: {spoken.notice}")
