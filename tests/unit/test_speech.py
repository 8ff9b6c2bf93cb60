"""Speech settings, WAV reading and error wording: no server, no espeak-ng needed."""

from __future__ import annotations

import io
import math
import struct
import wave

import pytest
from pydantic import SecretStr

from interviewsim.speech import (
    SpeechConfig,
    SpeechError,
    read_wav,
    speaker_for,
    speech_config,
    transcribe_upload,
    transcription_config,
    transcription_status,
)
from interviewsim.speech.audio import check_speech, tidy_wav
from interviewsim.speech.errors import TRANSCRIBE, classify

KEY = "sk-test-not-a-real-key"


def tone(seconds: float, rate: int = 16000, amplitude: float = 0.5, width: int = 2) -> bytes:
    out = io.BytesIO()
    full = 2 ** (8 * width - 1) - 1
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(width)
        w.setframerate(rate)
        samples = (
            amplitude * math.sin(2 * math.pi * 220 * n / rate) for n in range(int(seconds * rate))
        )
        if width == 1:
            w.writeframes(bytes(int(128 + 127 * s) for s in samples))
        else:
            w.writeframes(b"".join(struct.pack("<h", int(full * s)) for s in samples))
    return out.getvalue()


# -------------------------------------------------------------------------------------- settings


def test_with_nothing_set_there_is_no_transcription_and_the_microphone_says_what_to_set() -> None:
    assert transcription_config({}) is None
    status = transcription_status(None)
    assert "INTERVIEWSIM_STT_BASE_URL" in status and "OPENAI_API_KEY" in status
    with pytest.raises(SpeechError) as caught:
        transcribe_upload(None, tone(1.0))
    assert caught.value.kind == "config"


def test_an_openai_key_alone_transcribes_with_openai() -> None:
    config = transcription_config({"OPENAI_API_KEY": KEY})
    assert config is not None and config.base_url is None and config.where == "OpenAI"
    assert config.api_key is not None and config.api_key.get_secret_value() == KEY
    assert config.model == "whisper-1"


def test_the_chat_servers_url_and_key_are_shared_when_no_speech_server_is_named() -> None:
    config = transcription_config(
        {"OPENAI_BASE_URL": "http://gateway:8000/v1", "OPENAI_API_KEY": KEY}
    )
    assert config is not None and config.base_url == "http://gateway:8000/v1"
    assert config.api_key is not None and config.api_key.get_secret_value() == KEY


def test_the_openai_key_is_never_sent_to_a_separately_named_transcription_server() -> None:
    config = transcription_config(
        {"INTERVIEWSIM_STT_BASE_URL": "http://whisper:8080/v1", "OPENAI_API_KEY": KEY}
    )
    assert config is not None and config.where == "whisper:8080" and config.api_key is None
    own = transcription_config(
        {"INTERVIEWSIM_STT_BASE_URL": "http://whisper:8080/v1", "INTERVIEWSIM_STT_API_KEY": "k2"}
    )
    assert own is not None and own.api_key == SecretStr("k2")


def test_transcription_settings_are_read_and_can_switch_it_off() -> None:
    config = transcription_config(
        {
            "INTERVIEWSIM_STT_BASE_URL": "http://localhost:8080/v1",
            "INTERVIEWSIM_STT_MODEL": "base.en",
            "INTERVIEWSIM_STT_LANGUAGE": "en",
            "INTERVIEWSIM_STT_TIMEOUT": "12.5",
        }
    )
    assert config is not None
    assert (config.model, config.language, config.timeout_s) == ("base.en", "en", 12.5)
    assert transcription_config({"OPENAI_API_KEY": KEY, "INTERVIEWSIM_STT": "off"}) is None


def test_a_bad_setting_names_the_variable_but_not_its_value() -> None:
    with pytest.raises(SpeechError) as caught:
        transcription_config({"INTERVIEWSIM_STT_BASE_URL": KEY})
    assert caught.value.kind == "config" and "INTERVIEWSIM_STT_BASE_URL" in caught.value.message
    assert KEY not in caught.value.message
    with pytest.raises(SpeechError, match="INTERVIEWSIM_STT_TIMEOUT must be a number"):
        transcription_config({"OPENAI_API_KEY": KEY, "INTERVIEWSIM_STT_TIMEOUT": "soon"})


def test_speech_settings_choose_the_engine_voice_and_format() -> None:
    config = speech_config(
        {
            "INTERVIEWSIM_TTS_BASE_URL": "http://kokoro:8880/v1",
            "INTERVIEWSIM_TTS_VOICE": "af_bella",
            "INTERVIEWSIM_TTS_FORMAT": "wav",
        }
    )
    assert config.api_configured and config.where == "kokoro:8880"
    assert (config.voice, config.media_type) == ("af_bella", "audio/wav")
    assert not speech_config({}).api_configured
    with pytest.raises(SpeechError, match="INTERVIEWSIM_TTS must be one of"):
        speech_config({"INTERVIEWSIM_TTS": "loud"})
    with pytest.raises(SpeechError, match="INTERVIEWSIM_ESPEAK_VOICE"):
        speech_config({"INTERVIEWSIM_ESPEAK_VOICE": "--version"})


def test_the_engine_follows_the_setting() -> None:
    speaker = speaker_for(SpeechConfig(base_url="http://tts:1/v1"))
    assert speaker is not None and speaker.capabilities.engine == "openai-compatible"
    assert speaker.capabilities.leaves_machine
    assert speaker_for(SpeechConfig(engine="off", base_url="http://tts:1/v1")) is None
    assert speaker_for(SpeechConfig(espeak_command="no-such-espeak-ng")) is None
    assert speaker_for(SpeechConfig(engine="api", espeak_command="espeak-ng")) is None


# ------------------------------------------------------------------------------------------ WAV


def test_a_wavs_duration_and_loudness_are_read_from_the_file() -> None:
    info = read_wav(tone(1.5))
    assert info.duration_s == 1.5 and info.sample_rate == 16000 and info.channels == 1
    assert info.peak == pytest.approx(0.5, abs=0.01)
    assert read_wav(tone(0.5, width=1)).peak == pytest.approx(0.5, abs=0.02)


def test_a_streamed_header_with_a_placeholder_length_is_measured_by_its_data() -> None:
    data = bytearray(tone(1.0))
    data[4:8] = data[40:44] = struct.pack("<I", 0x7FFFF000)  # what espeak-ng --stdout writes
    assert read_wav(bytes(data)).duration_s == 1.0
    tidied = tidy_wav(bytes(data))
    with wave.open(io.BytesIO(tidied)) as w:
        assert w.getnframes() == 16000


def test_a_float_wav_that_the_wave_module_cannot_decode_still_has_a_duration() -> None:
    samples = b"".join(struct.pack("<f", 0.25) for _ in range(8000))
    fmt = struct.pack("<HHIIHH", 3, 1, 16000, 64000, 4, 32)  # format 3: IEEE float
    body = b"WAVEfmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(samples))
    data = b"RIFF" + struct.pack("<I", len(body) + len(samples)) + body + samples
    info = read_wav(data)
    assert info.duration_s == 0.5 and info.peak is None


@pytest.mark.parametrize("data", [b"", b"ID3\x04 an mp3", b"RIFF\x00\x00\x00\x00WAVE"])
def test_what_is_not_a_wav_is_an_unsupported_format(data: bytes) -> None:
    with pytest.raises(SpeechError) as caught:
        read_wav(data)
    assert caught.value.kind == "unsupported_format"


def test_silent_or_too_short_recordings_are_refused() -> None:
    check_speech(read_wav(tone(1.0)))  # speech-like: passes
    for wav, words in ((tone(1.0, amplitude=0.0), "silent"), (tone(0.1), "only 0.1 s")):
        with pytest.raises(SpeechError) as caught:
            check_speech(read_wav(wav))
        assert caught.value.kind == "silence" and words in caught.value.message


# --------------------------------------------------------------------------------------- errors


class FakeStatusError(Exception):
    def __init__(self, status_code: int):
        super().__init__(f"provider says: bad key {KEY}")
        self.status_code = status_code


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, "auth"),
        (403, "auth"),
        (404, "not_found"),
        (413, "too_large"),
        (415, "unsupported_format"),
        (429, "rate_limit"),
        (503, "server"),
        (409, "bad_request"),
    ],
)
def test_each_http_failure_has_its_kind_and_never_the_providers_words(
    status: int, kind: str
) -> None:
    error = classify(
        FakeStatusError(status), purpose=TRANSCRIBE, where="whisper:8080", model="m", timeout_s=5
    )
    assert error.kind == kind
    assert "whisper:8080" in error.message
    assert KEY not in error.message and "provider says" not in error.message


def test_timeouts_and_refused_connections_are_told_apart() -> None:
    def kind(exc: Exception) -> str:
        return classify(exc, purpose=TRANSCRIBE, where="w", model="m", timeout_s=5).kind

    assert kind(TimeoutError()) == "timeout"
    assert kind(ConnectionRefusedError()) == "unreachable"
    assert kind(ValueError("garbled")) == "malformed"
