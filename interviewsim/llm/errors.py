"""Provider failures in our own words.

Only an exception's class name and HTTP status are read, never its text: a provider's error message
can echo part of the API key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewsim.llm.config import LLMConfig


class LLMConfigError(ValueError):
    """The settings name a provider but cannot be used as given; the message says how to fix it."""


class MissingKeyError(LLMConfigError):
    pass


class LLMError(Exception):
    """A model call failed. `message` is safe to show: it never contains provider text or keys."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        # auth | not_found | rate_limit | timeout | unreachable | server | bad_request | malformed
        # | config
        self.kind = kind
        self.message = message


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    # A reply that arrived (2xx) but could not be parsed is not an HTTP error.
    return status if isinstance(status, int) and status >= 400 else None


def classify(exc: BaseException, config: LLMConfig) -> LLMError:
    """Our own words for a provider failure."""
    if isinstance(exc, LLMError):
        return exc
    name, status, where = type(exc).__name__, _status(exc), config.where
    if status == 401 or "Authentication" in name:
        if config.typed_by_person:
            return LLMError(
                "auth",
                f"{where} rejected the API key (401) you typed. Check it on the Settings page, "
                "or forget it there to use the app's own settings.",
            )
        return LLMError(
            "auth",
            f"{where} rejected the API key (401) this app is set up with. Whoever runs the app "
            "needs to check OPENAI_API_KEY (environment, .env or .streamlit/secrets.toml); you "
            "can also use a key of your own on the Settings page.",
        )
    if status == 403 or "PermissionDenied" in name:
        whose = "the key you typed" if config.typed_by_person else "this app's API key"
        return LLMError("auth", f"{where} refused access with {whose} (403).")
    if status == 404 or "NotFound" in name:
        return LLMError(
            "not_found",
            f"{where} does not know the model {config.model!r} (404). Check INTERVIEWSIM_MODEL "
            "or the model on the Settings page.",
        )
    if status == 429 or "RateLimit" in name:
        return LLMError("rate_limit", f"{where} is limiting requests (429), even after waiting.")
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return LLMError("timeout", f"{where} did not answer within {config.timeout_s:g} s.")
    if "Connection" in name or isinstance(exc, ConnectionError):
        return LLMError("unreachable", f"Could not reach the AI provider at {where}.")
    if status is not None and status >= 500:
        return LLMError("server", f"{where} had a server error ({status}).")
    if status is not None:
        return LLMError("bad_request", f"{where} refused the request ({status}).")
    return LLMError("malformed", f"{where} sent a reply that could not be read.")


def retry_after(exc: BaseException) -> float | None:
    """The wait a 429 or 503 reply asks for, in seconds, if it says."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            return float(headers.get(header) or "") * scale
        except ValueError:
            continue
    return None
