"""A spoken answer, recorded by espeak-ng, transcribed through the real openai client: the server
sees a valid WAV, the transcript comes back, and the WAV's own length gives the pace. Every
provider failure becomes a clear notice that quotes neither the provider nor the key."""

from __future__ import annotations

import io
import logging
import socket
import wave

import pytest
from pydantic import SecretStr

from interviewsim.insights import insights
from interviewsim.speech import SpeechError, TranscriptionConfig, transcribe_upload
from interviewsim.speech.transcribe import OpenAITranscriber
from interviewsim.testing.fake_openai import FakeOpenAI, Reply, silent_mp3

from .conftest import TEST_KEY, Recording


def test_a_spoken_answer_arrives_as_a_valid_wav_and_its_transcript_gives_the_pace(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    spoken = recordings["answer"]
    fake_audio.script(Reply(text=spoken.text))

    transcript = transcribe_upload(stt, spoken.wav)

    request = fake_audio.requests[-1]
    upload = request.files["file"]
    assert request.path == "/v1/audio/transcriptions"
    assert request.body["model"] == "fake-whisper"
    assert request.authorization == f"Bearer {TEST_KEY}"
    assert upload.wav is not None and upload.content_type == "audio/wav"
    assert upload.data == spoken.wav
    assert transcript.text == spoken.text
    assert transcript.duration_s == pytest.approx(upload.wav.duration_s, abs=0.001)
    assert 2.0 < transcript.duration_s < 12.0  # fifteen words of speech
    result = insights(transcript.text, duration_s=transcript.duration_s)
    assert result.spoken and result.word_count == 15
    assert result.pace_wpm == pytest.approx(15 / transcript.duration_s * 60, abs=0.1)


def test_fillers_in_a_spoken_answer_are_found_in_its_transcript(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    spoken = recordings["fillers"]
    fake_audio.script(Reply(text=spoken.text))
    transcript = transcribe_upload(stt, spoken.wav)
    found = {c.text: c.count for c in insights(transcript.text, duration_s=3).fillers}
    assert found == {"um": 1, "basically": 1, "like": 1, "you know": 1}


def test_a_streamed_wav_is_measured_by_its_data_not_its_placeholder_header(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, streamed_wav: bytes
) -> None:
    transcript = transcribe_upload(stt, streamed_wav)
    upload = fake_audio.requests[-1].files["file"]
    assert upload.wav is not None
    assert transcript.duration_s == pytest.approx(upload.wav.duration_s, abs=0.001)
    assert transcript.duration_s < 30  # the header claims about 13 hours


def test_the_configured_language_is_sent_with_the_upload(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    transcribe_upload(
        TranscriptionConfig(base_url=stt.base_url, api_key=stt.api_key, language="en"),
        recordings["answer"].wav,
    )
    assert fake_audio.requests[-1].body["language"] == "en"


# -------------------------------------------------------------------------------------- failures


def failure(config: TranscriptionConfig, wav: bytes) -> SpeechError:
    with pytest.raises(SpeechError) as caught:
        transcribe_upload(config, wav)
    return caught.value


def test_a_rejected_key_says_which_setting_to_check_and_never_echoes_the_key(
    fake_audio: FakeOpenAI,
    stt: TranscriptionConfig,
    recordings: dict[str, Recording],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_audio.script(Reply(status=401, echo_key=True, error="Incorrect API key provided"))
    with caplog.at_level(logging.DEBUG):
        error = failure(stt, recordings["answer"].wav)
    assert error.kind == "auth"
    assert "rejected the API key for transcription (401)" in error.message
    assert "INTERVIEWSIM_STT_API_KEY" in error.message
    for text in (error.message, str(error), caplog.text):
        assert TEST_KEY not in text and "Incorrect API key" not in text


def test_a_rate_limit_is_retried_once_and_then_succeeds(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    fake_audio.script(Reply(status=429), Reply(text="Tuples are immutable."))
    transcriber = OpenAITranscriber(stt, sleep=lambda seconds: None)
    assert transcriber.transcribe(recordings["answer"].wav).text == "Tuples are immutable."
    assert len(fake_audio.requests) == 2


def test_a_lasting_rate_limit_is_reported(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    fake_audio.script(Reply(status=429), Reply(status=429))
    transcriber = OpenAITranscriber(stt, sleep=lambda seconds: None)
    with pytest.raises(SpeechError) as caught:
        transcriber.transcribe(recordings["answer"].wav)
    assert caught.value.kind == "rate_limit" and "(429)" in caught.value.message


def test_a_server_that_does_not_answer_in_time_is_a_timeout(
    fake_audio: FakeOpenAI, recordings: dict[str, Recording]
) -> None:
    config = TranscriptionConfig(base_url=fake_audio.url, timeout_s=0.3, retries=0)
    fake_audio.script(Reply(delay=1.5))
    error = failure(config, recordings["answer"].wav)
    assert error.kind == "timeout" and "within 0.3 s" in error.message


def test_a_format_the_server_refuses_is_reported_as_unsupported(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    fake_audio.script(Reply(status=400, error="Invalid file format. Supported formats: ['flac']"))
    error = failure(stt, recordings["answer"].wav)
    assert error.kind == "unsupported_format"
    assert "could not use this recording (400)" in error.message and "flac" not in error.message


def test_audio_that_is_not_a_wav_is_refused_before_anything_is_sent(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig
) -> None:
    error = failure(stt, silent_mp3())
    assert error.kind == "unsupported_format" and "not a WAV file" in error.message
    assert fake_audio.requests == []


def test_a_silent_recording_is_refused_before_anything_is_sent(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig
) -> None:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(bytes(2 * 16000 * 2))  # two seconds of digital silence
    error = failure(stt, out.getvalue())
    assert error.kind == "silence" and "silent" in error.message
    assert fake_audio.requests == []


def test_an_empty_transcript_says_no_words_were_recognised(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    fake_audio.script(Reply(text="  "))
    error = failure(stt, recordings["answer"].wav)
    assert error.kind == "silence" and "No words were recognised" in error.message


def test_a_server_without_the_endpoint_or_model_names_both_settings(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    fake_audio.script(Reply(status=404))
    error = failure(stt, recordings["answer"].wav)
    assert error.kind == "not_found"
    assert "INTERVIEWSIM_STT_BASE_URL" in error.message and "'fake-whisper'" in error.message


def test_an_unreadable_reply_is_malformed(
    fake_audio: FakeOpenAI, stt: TranscriptionConfig, recordings: dict[str, Recording]
) -> None:
    fake_audio.script(Reply(malformed=True))
    assert failure(stt, recordings["answer"].wav).kind == "malformed"


def test_a_server_that_is_not_running_is_unreachable(recordings: dict[str, Recording]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    config = TranscriptionConfig(
        base_url=f"http://127.0.0.1:{port}/v1", api_key=SecretStr(TEST_KEY), retries=0
    )
    error = failure(config, recordings["answer"].wav)
    assert error.kind == "unreachable" and f"127.0.0.1:{port}" in error.message
