"""WAV audio read with the standard library: length, loudness, and a header that tells the truth.

Browsers record WAV (`st.audio_input` does), espeak-ng writes it, and every transcription server
accepts it, so WAV is the one format handled here. A streamed WAV (espeak-ng's `--stdout`) carries
a placeholder length in its header; the real length is the data that is actually there.
"""

from __future__ import annotations

import io
import struct
import sys
import wave
from array import array
from dataclasses import dataclass

from interviewsim.speech.errors import SpeechError

MIN_SECONDS = 0.3  # shorter than this is a click, not an answer
SILENCE_PEAK = 0.003  # about -50 dBFS: a muted or unplugged microphone, not a quiet voice
_ARRAY_CODES = {1: "B", 2: "h", 4: "i"}


@dataclass(frozen=True)
class WavInfo:
    channels: int
    sample_rate: int
    sample_width: int  # bytes per sample
    frames: int
    duration_s: float
    peak: float | None  # loudest sample, 0-1 of full scale (None for 24-bit audio)


@dataclass(frozen=True)
class _Pcm:
    channels: int
    sample_width: int
    sample_rate: int
    frames: bytes


def _pcm(data: bytes) -> _Pcm:
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            # Read what is there, not what the header claims (a streamed header says "huge").
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError, ValueError, OSError):
        raise SpeechError(
            "unsupported_format",
            "The recording is not a WAV file this app can read. Record again, or type your answer.",
        ) from None
    if rate <= 0 or channels <= 0 or width <= 0:
        raise SpeechError("unsupported_format", "The recording's WAV header is damaged.")
    return _Pcm(channels, width, rate, frames)


def _peak(frames: bytes, sample_width: int) -> float | None:
    code = _ARRAY_CODES.get(sample_width)
    if code is None or array(code).itemsize != sample_width:
        return None
    samples = array(code)
    samples.frombytes(frames[: len(frames) - len(frames) % sample_width])
    if not samples:
        return 0.0
    if sample_width > 1 and sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    if sample_width == 1:  # 8-bit WAV is unsigned, centred on 128
        return max(max(samples) - 128, 128 - min(samples)) / 128
    loudest = max(max(samples), -min(samples))
    return loudest / float(2 ** (8 * sample_width - 1))


def _riff_info(data: bytes) -> WavInfo | None:
    """Length of a WAV the `wave` module does not decode (float or "extensible" samples), from its
    chunks: the data size over the byte rate. Loudness is then unknown."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    fmt: tuple[int, ...] | None = None
    at = 12
    while at + 8 <= len(data):
        chunk, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        body = at + 8
        if chunk == b"fmt " and size >= 16:
            fmt = struct.unpack("<HHIIHH", data[body : body + 16])
        elif chunk == b"data" and fmt is not None:
            _, channels, rate, byte_rate, block, bits = fmt
            if not (channels and rate and byte_rate and block):
                return None
            available = min(size, len(data) - body)  # a streamed header overstates the size
            frames = available // block
            return WavInfo(channels, rate, bits // 8, frames, round(frames / rate, 3), None)
        at = body + size + (size & 1)  # chunks are padded to an even length
    return None


def read_wav(data: bytes) -> WavInfo:
    """Length and loudness of a WAV recording; SpeechError("unsupported_format") if it is not one."""
    try:
        pcm = _pcm(data)
    except SpeechError:
        info = _riff_info(data)
        if info is None:
            raise
        return info
    count = len(pcm.frames) // (pcm.sample_width * pcm.channels)
    return WavInfo(
        channels=pcm.channels,
        sample_rate=pcm.sample_rate,
        sample_width=pcm.sample_width,
        frames=count,
        duration_s=round(count / pcm.sample_rate, 3),
        peak=_peak(pcm.frames, pcm.sample_width),
    )


def check_speech(info: WavInfo) -> None:
    """Refuse a recording that cannot hold an answer, before it is sent anywhere."""
    if info.duration_s < MIN_SECONDS:
        raise SpeechError(
            "silence",
            f"The recording is only {info.duration_s:.1f} s long. Record your answer again, or "
            "type it.",
        )
    if info.peak is not None and info.peak < SILENCE_PEAK:
        raise SpeechError(
            "silence",
            "The recording is silent: check that the microphone is on and allowed in the "
            "browser, then record again, or type your answer.",
        )


def tidy_wav(data: bytes) -> bytes:
    """The same audio with a header whose lengths match the data (for players that check)."""
    pcm = _pcm(data)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(pcm.channels)
        wav.setsampwidth(pcm.sample_width)
        wav.setframerate(pcm.sample_rate)
        wav.writeframes(pcm.frames)
    return out.getvalue()
