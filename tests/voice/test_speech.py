"""The interviewer's words read aloud: through the speech endpoint when one is configured, by
espeak-ng on this server otherwise, and off with a notice when neither is there."""

from __future__ import annotations

import io
import wave
from dataclasses import replace

from interviewsim.speech import SpeechConfig, speak, speech_status
from interviewsim.testing.fake_openai import FakeOpenAI, Reply

from .conftest import TEST_KEY

QUESTION = "What is the difference between a list and a tuple in Python?"


def wav_seconds(audio: bytes) -> float:
    with wave.open(io.BytesIO(audio)) as w:
        return w.getnframes() / w.getframerate()


def test_the_speech_endpoint_reads_the_question_as_mp3(
    fake_audio: FakeOpenAI, tts: SpeechConfig
) -> None:
    spoken = speak(QUESTION, tts)
    request = fake_audio.requests[-1]
    assert request.path == "/v1/audio/speech"
    assert request.body == {
        "model": "fake-tts",
        "input": QUESTION,
        "voice": "alloy",
        "response_format": "mp3",
    }
    assert request.authorization == f"Bearer {TEST_KEY}"
    assert spoken.media_type == "audio/mpeg" and spoken.engine == "openai-compatible"
    assert spoken.audio is not None and spoken.audio[:2] == b"\xff\xfb"  # an MPEG audio frame
    assert spoken.notice is None


def test_the_speech_endpoint_can_return_wav(fake_audio: FakeOpenAI, tts: SpeechConfig) -> None:
    spoken = speak(QUESTION, replace(tts, format="wav"))
    assert spoken.media_type == "audio/wav" and spoken.audio is not None
    assert wav_seconds(spoken.audio) > 0


def test_without_an_endpoint_espeak_ng_reads_the_question_as_a_wav_with_a_true_header(
    espeak: str,
) -> None:
    spoken = speak(QUESTION, SpeechConfig())
    assert spoken.engine == "espeak-ng" and spoken.media_type == "audio/wav"
    assert spoken.audio is not None
    assert 1.5 < wav_seconds(spoken.audio) < 15  # the header's length is the real one
    assert "espeak-ng (this server)" in speech_status(SpeechConfig())


def test_a_failing_endpoint_falls_back_to_espeak_ng_with_a_notice(
    fake_audio: FakeOpenAI, tts: SpeechConfig, espeak: str
) -> None:
    fake_audio.script(Reply(status=401, echo_key=True))
    spoken = speak(QUESTION, tts)
    assert spoken.engine == "espeak-ng" and spoken.audio is not None
    assert spoken.notice is not None
    assert "rejected the API key for speech (401)" in spoken.notice
    assert "Read by espeak-ng instead." in spoken.notice and TEST_KEY not in spoken.notice


def test_an_endpoint_chosen_on_its_own_fails_with_a_notice_and_no_audio(
    fake_audio: FakeOpenAI, tts: SpeechConfig
) -> None:
    fake_audio.script(Reply(status=500))
    spoken = speak(QUESTION, replace(tts, engine="api"))
    assert spoken.audio is None and spoken.notice is not None
    assert "server error (500)" in spoken.notice


def test_with_neither_an_endpoint_nor_espeak_ng_reading_aloud_is_off_with_what_to_set() -> None:
    spoken = speak(QUESTION, SpeechConfig(espeak_command="no-such-espeak-ng"))
    assert spoken.audio is None and spoken.engine is None
    assert spoken.notice is not None
    assert "INTERVIEWSIM_TTS_BASE_URL" in spoken.notice and "espeak-ng" in spoken.notice


def test_reading_aloud_switched_off_says_so() -> None:
    spoken = speak(QUESTION, SpeechConfig(engine="off"))
    assert spoken.audio is None and spoken.notice is not None and "off" in spoken.notice
