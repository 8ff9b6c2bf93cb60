"""The Settings page's speech section: where recordings are transcribed and who reads questions
aloud, and a transcription or speech server typed for this browser session only (kept in the
session's memory with the provider fields, never written anywhere)."""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import SecretStr

from interviewsim.config import Settings
from interviewsim.speech import (
    SpeechError,
    speech_config,
    speech_status,
    transcription_config,
    transcription_status,
)
from interviewsim.speech.config import settings_values
from interviewsim.webapp.provider import TYPED_KEY, typed

SPEECH_FIELDS = ("stt_base_url", "stt_api_key", "tts_base_url", "tts_api_key")


def set_typed_speech(values: dict[str, str]) -> None:
    """Use these speech servers and keys for this session; blank ones fall back to the server's."""
    kept = {k: v for k, v in typed().items() if k not in SPEECH_FIELDS}
    for name, value in values.items():
        if value.strip():
            kept[name] = SecretStr(value.strip()) if name.endswith("api_key") else value.strip()
    st.session_state[TYPED_KEY] = kept


def _status_lines(settings: Settings) -> list[str]:
    values = settings_values(settings)
    lines: list[str] = []
    for describe in (
        lambda: transcription_status(transcription_config(values)),
        lambda: speech_status(speech_config(values)),
    ):
        try:
            lines.append(describe())
        except SpeechError as error:
            lines.append(error.message)
    return lines


def show_speech_settings(settings: Settings) -> None:
    st.subheader("Speaking your answers")
    st.caption("  \n".join(_status_lines(settings)))
    with st.form("settings_speech"):
        st.markdown("**Use a speech server for this browser session**")
        st.caption(
            "Kept in this session's memory only. A server typed here never receives the host's "
            "keys; recordings are transcribed and then discarded."
        )
        left, right = st.columns(2)
        entered: dict[str, Any] = {
            "stt_base_url": left.text_input(
                "Transcription base URL",
                key="settings_stt_base_url",
                placeholder="http://localhost:8080/v1",
            ),
            "stt_api_key": left.text_input(
                "Transcription API key", type="password", key="settings_stt_api_key"
            ),
            "tts_base_url": right.text_input(
                "Speech base URL",
                key="settings_tts_base_url",
                placeholder="http://localhost:8880/v1",
            ),
            "tts_api_key": right.text_input(
                "Speech API key", type="password", key="settings_tts_api_key"
            ),
        }
        if st.form_submit_button("Use for this session", icon=":material/mic:"):
            set_typed_speech(entered)
            for name in ("settings_stt_api_key", "settings_tts_api_key"):
                st.session_state.pop(name, None)  # the widgets need not hold the keys any more
            st.rerun()
