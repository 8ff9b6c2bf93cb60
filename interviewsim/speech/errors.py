"""One error type for every speech failure, in our own words.

A provider's error text can echo part of the API key or of what was sent, so a failure is told
apart only by its exception class name and HTTP status, the way the chat client does it, and the
message shown to the person is written here.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

TRANSCRIBE, SPEAK = "transcription", "speech"
_SETTINGS = {
    TRANSCRIBE: ("INTERVIEWSIM_STT_API_KEY", "INTERVIEWSIM_STT_BASE_URL", "INTERVIEWSIM_STT_MODEL"),
    SPEAK: ("INTERVIEWSIM_TTS_API_KEY", "INTERVIEWSIM_TTS_BASE_URL", "INTERVIEWSIM_TTS_MODEL"),
}


class SpeechError(Exception):
    """A recording could not be transcribed or a text could not be spoken.

    `kind` is one of: config, auth, not_found, rate_limit, timeout, unreachable, server,
    unsupported_format, too_large, silence, bad_request, malformed, unavailable. `message` is safe
    to show: it never contains provider text, keys or the audio's content.
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    return status if isinstance(status, int) and status >= 400 else None


def classify(
    exc: BaseException, *, purpose: str, where: str, model: str, timeout_s: float
) -> SpeechError:
    """Our own words for a failed call to a speech endpoint (`purpose`: TRANSCRIBE or SPEAK)."""
    if isinstance(exc, SpeechError):
        return exc
    name, status = type(exc).__name__, _status(exc)
    key_var, url_var, model_var = _SETTINGS[purpose]
    if status in (401, 403) or "Authentication" in name or "PermissionDenied" in name:
        error = SpeechError(
            "auth",
            f"{where} rejected the API key for {purpose} ({status or 401}). Check {key_var} "
            "(or OPENAI_API_KEY).",
        )
    elif status == 404 or "NotFound" in name:
        error = SpeechError(
            "not_found",
            f"{where} has no {purpose} endpoint or does not know the model {model!r} (404). "
            f"Check {url_var} and {model_var}.",
        )
    elif status == 429 or "RateLimit" in name:
        error = SpeechError("rate_limit", f"{where} is limiting requests (429). Try again shortly.")
    elif "Timeout" in name or isinstance(exc, TimeoutError):
        error = SpeechError("timeout", f"{where} did not answer within {timeout_s:g} s.")
    elif "Connection" in name or isinstance(exc, ConnectionError):
        error = SpeechError("unreachable", f"Could not reach the {purpose} server at {where}.")
    elif status == 413:
        error = SpeechError("too_large", f"{where} refused the recording as too large (413).")
    elif status in (400, 415, 422) and purpose == TRANSCRIBE:
        error = SpeechError(
            "unsupported_format",
            f"{where} could not use this recording ({status}): it may be too short or in a "
            "format the server does not accept. Record again, or type your answer.",
        )
    elif status is not None and status >= 500:
        error = SpeechError("server", f"{where} had a server error ({status}).")
    elif status is not None:
        error = SpeechError("bad_request", f"{where} refused the {purpose} request ({status}).")
    else:
        error = SpeechError("malformed", f"{where} sent a {purpose} reply that could not be read.")
    # Kind and class only: the provider's own message may quote the key.
    log.warning("%s call failed: %s (%s)", purpose.capitalize(), error.kind, name)
    return error
