"""Provider configuration and the one chat client every LLM feature goes through.

Only imported when a provider is configured, and even then LangChain and the provider SDKs are
imported inside functions, so `import interviewsim.llm` stays cheap and the offline path never
loads them.

Settings are looked up in one fixed order: a value typed on the Settings page (this browser session
only) -> `st.secrets` -> the environment / `.env`. The API key is held as a `SecretStr` and is
written nowhere: not to the database, a log, a file, or any message shown to the person. Errors are
translated into our own wording (`LLMError.message`), never the provider's, because a provider's
error text can echo part of the key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.util import find_spec
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr

from interviewsim.config import Settings
from interviewsim.usage import Call, record

log = logging.getLogger(__name__)

OPENAI = "openai"  # OpenAI itself, or any OpenAI-compatible server through a base URL
DEFAULT_MODEL = "gpt-4.1-mini"
NO_KEY_PLACEHOLDER = "not-needed"  # local servers ignore the key, but the SDK insists on one
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_RETRIES = 2  # for rate limits, server errors and connection failures
MAX_BACKOFF_S = 8.0  # a long Retry-After would freeze the interview: give up and go offline
STRUCTURED_METHODS = ("function_calling", "json_schema", "json_mode")

# USD per million tokens (input, output), OpenAI list prices when this was written. A dated model
# name ("gpt-4.1-mini-2025-04-14") matches its prefix. Other models: set INTERVIEWSIM_LLM_PRICE.
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
}
# Reasoning models accept only their default temperature.
_FIXED_TEMPERATURE_PREFIXES = ("o1", "o3", "o4", "gpt-5")

# How long the client stays "down" after a failure of each kind, so the rest of the interview
# goes straight to the offline path instead of waiting for the same failure on every call.
_PAUSE_S = {
    "auth": 600.0,
    "not_found": 600.0,
    "unreachable": 20.0,
    "timeout": 20.0,
    "server": 20.0,
    "rate_limit": 20.0,
}
_RETRYABLE = {"rate_limit", "server", "unreachable"}


class LLMConfigError(ValueError):
    """The settings name a provider but cannot be used as given; the message says how to fix it."""


class MissingKeyError(LLMConfigError):
    pass


class LLMError(Exception):
    """A model call failed. `message` is safe to show: it never contains provider text or keys."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        # auth | not_found | rate_limit | timeout | unreachable | server | bad_request | malformed
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class LLMConfig:
    provider: str = OPENAI
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    retries: int = DEFAULT_RETRIES
    price_per_mtok: tuple[float, float] | None = None  # overrides the price table
    structured_method: str = "function_calling"
    # (setting, where it came from), for the Settings page
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def where(self) -> str:
        """The server, for messages: host and port only (a URL may carry credentials)."""
        if not self.base_url:
            return "OpenAI" if self.provider == OPENAI else self.provider
        parts = urlsplit(self.base_url)
        return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else "?"

    @property
    def label(self) -> str:
        return f"{self.model} via {self.where}"

    def source(self, setting: str) -> str:
        return dict(self.sources).get(setting, "default")

    def fingerprint(self) -> str:
        """A stable id for caching clients per configuration (a hash; the key cannot be read back)."""
        secret = self.api_key.get_secret_value() if self.api_key else ""
        raw = "\x00".join(
            map(str, (self.provider, self.model, self.base_url, secret, self.timeout_s)),
        )
        raw += f"\x00{self.retries}\x00{self.price_per_mtok}\x00{self.structured_method}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def price(self) -> tuple[float, float] | None:
        if self.price_per_mtok:
            return self.price_per_mtok
        if self.provider != OPENAI or self.where not in ("OpenAI", "api.openai.com"):
            return None  # a local or third-party server: its price is not ours to guess
        matches = [name for name in PRICES_PER_MTOK if self.model.startswith(name)]
        return PRICES_PER_MTOK[max(matches, key=len)] if matches else None

    def cost(self, input_tokens: int, output_tokens: int) -> float | None:
        price = self.price()
        if price is None:
            return None
        return (input_tokens * price[0] + output_tokens * price[1]) / 1_000_000


# -------------------------------------------------------------------------------- configuration

_NAMES = {  # setting -> the variable that holds it in st.secrets and the environment
    "provider": "INTERVIEWSIM_PROVIDER",
    "model": "INTERVIEWSIM_MODEL",
    "base_url": "OPENAI_BASE_URL",
    "api_key": "OPENAI_API_KEY",
}


def _plain(value: Any) -> str:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return str(value).strip() if value is not None else ""


def resolve_config(
    settings: Settings,
    typed: Mapping[str, Any] | None = None,
    secrets: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> LLMConfig:
    """The provider to use (callers first check that one is wanted: `services.wants_llm`).

    Each setting comes from the first source that has it: typed on the Settings page -> `st.secrets`
    -> the environment or `.env` (already read into `settings`). Raises `MissingKeyError` when
    OpenAI is meant but no key is found anywhere, with the three ways to provide one.
    """
    typed, secrets = typed or {}, secrets or {}
    environ = os.environ if environ is None else environ
    from_env = {
        "provider": settings.provider,
        "model": settings.model,
        "base_url": settings.openai_base_url,
        "api_key": settings.openai_api_key,
    }
    values: dict[str, str] = {}
    sources: list[tuple[str, str]] = []
    for setting, variable in _NAMES.items():
        for origin, value in (
            ("typed on the Settings page", typed.get(setting)),
            ("st.secrets", secrets.get(variable)),
            ("environment or .env", from_env[setting]),
        ):
            if _plain(value):
                values[setting] = _plain(value)
                sources.append((setting, origin))
                break

    provider = values.get("provider", OPENAI).lower().replace("-", "_")
    if provider in ("openai_compatible", "compatible"):
        provider = OPENAI
    base_url = values.get("base_url")
    if base_url and urlsplit(base_url).scheme not in ("http", "https"):
        # The value is not echoed: a key pasted into the wrong field would be shown.
        raise LLMConfigError(
            "OPENAI_BASE_URL must start with http:// or https://, for example "
            "http://localhost:11434/v1."
        )
    key = values.get("api_key")
    if provider == OPENAI and not key and not base_url:
        raise MissingKeyError(
            "No API key for OpenAI. Set OPENAI_API_KEY in the environment or in a .env file, add "
            "OPENAI_API_KEY to .streamlit/secrets.toml, or type a key on the Settings page (kept "
            "for this browser session only). For a local OpenAI-compatible server, set "
            "OPENAI_BASE_URL instead."
        )

    def number(variable: str, default: float) -> float:
        raw = _plain(secrets.get(variable)) or environ.get(variable, "").strip()
        try:
            return float(raw) if raw else default
        except ValueError:
            raise LLMConfigError(f"{variable} must be a number, not {raw[:20]!r}.") from None

    price = None
    raw_price = _plain(secrets.get("INTERVIEWSIM_LLM_PRICE")) or environ.get(
        "INTERVIEWSIM_LLM_PRICE", ""
    )
    if raw_price.strip():
        try:
            inp, out = (float(p) for p in raw_price.split(","))
            price = (inp, out)
        except ValueError:
            raise LLMConfigError(
                "INTERVIEWSIM_LLM_PRICE must be two numbers, USD per million input and output "
                "tokens, e.g. 0.4,1.6."
            ) from None
    method = (
        _plain(secrets.get("INTERVIEWSIM_STRUCTURED_OUTPUT"))
        or environ.get("INTERVIEWSIM_STRUCTURED_OUTPUT", "").strip()
        or "function_calling"
    )
    if method not in STRUCTURED_METHODS:
        raise LLMConfigError(
            f"INTERVIEWSIM_STRUCTURED_OUTPUT must be one of {', '.join(STRUCTURED_METHODS)}."
        )
    return LLMConfig(
        provider=provider,
        model=values.get("model", DEFAULT_MODEL),
        base_url=base_url,
        api_key=SecretStr(key) if key else None,
        timeout_s=max(0.1, number("INTERVIEWSIM_LLM_TIMEOUT", DEFAULT_TIMEOUT_S)),
        retries=max(0, int(number("INTERVIEWSIM_LLM_RETRIES", DEFAULT_RETRIES))),
        price_per_mtok=price,
        structured_method=method,
        sources=tuple(sources),
    )


# ---------------------------------------------------------------------------------------- errors


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    # A reply that arrived (2xx) but could not be parsed is not an HTTP error.
    return status if isinstance(status, int) and status >= 400 else None


def classify(exc: BaseException, config: LLMConfig) -> LLMError:
    """Our own words for a provider failure. Only the class name and status code are read."""
    if isinstance(exc, LLMError):
        return exc
    name, status, where = type(exc).__name__, _status(exc), config.where
    if status == 401 or "Authentication" in name:
        return LLMError(
            "auth",
            f"{where} rejected the API key (401). Check the key on the Settings page or in "
            "OPENAI_API_KEY.",
        )
    if status == 403 or "PermissionDenied" in name:
        return LLMError("auth", f"{where} refused access with this API key (403).")
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


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            return float(headers.get(header)) * scale
        except (TypeError, ValueError):
            continue
    return None


# ---------------------------------------------------------------------------------------- client


def _text(content: Any) -> str:
    """Message content as text (some providers send a list of typed parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p if isinstance(p, str) else str(p.get("text", ""))
            for p in content
            if isinstance(p, str | dict)
        )
    return ""


def _usage(message: Any) -> dict[str, Any]:
    return dict(getattr(message, "usage_metadata", None) or {})


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4)  # when the server does not report usage


Messages = Sequence[tuple[str, str]]  # (role, text): role is "system" or "human"


class ChatClient:
    """Talks to one configured model: plain, streamed and structured replies.

    Shared by every browser session (cached), so it holds no per-request state except the pause
    after a failure, which is deliberately shared: a provider that is down is down for everyone.
    Retries rate limits, server errors and refused connections with capped exponential backoff;
    every call is timed and its tokens recorded into the current usage meter.
    """

    def __init__(self, config: LLMConfig, sleep: Any = time.sleep):
        if config.provider != OPENAI and find_spec("langchain") is None:
            package = f"langchain-{config.provider.replace('_', '-')}"
            raise LLMConfigError(
                f"The provider {config.provider!r} needs LangChain's provider packages: "
                f"pip install langchain {package}. Any OpenAI-compatible server works without "
                "them: set OPENAI_BASE_URL."
            )
        self.config = config
        self._sleep = sleep
        self._lock = threading.Lock()
        self._models: dict[float | None, Any] = {}
        self._structured: dict[type, Any] = {}
        self._paused_until = 0.0
        self._pause_error: LLMError | None = None

    # ------------------------------------------------------------------------------- models
    def model(self, temperature: float | None) -> Any:
        if self.config.model.startswith(_FIXED_TEMPERATURE_PREFIXES):
            temperature = None
        with self._lock:
            if temperature not in self._models:
                self._models[temperature] = self._new_model(temperature)
            return self._models[temperature]

    def _new_model(self, temperature: float | None) -> Any:
        c = self.config
        key = c.api_key.get_secret_value() if c.api_key else None
        extra: dict[str, Any] = {} if temperature is None else {"temperature": temperature}
        if c.provider == OPENAI:
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                model=c.model,
                api_key=SecretStr(key or NO_KEY_PLACEHOLDER),
                base_url=c.base_url,
                timeout=c.timeout_s,
                max_retries=0,  # we retry ourselves, with a cap on the wait
                stream_usage=True,
                use_responses_api=False,  # compatible servers speak chat completions
                **extra,
            )
        try:
            from langchain.chat_models import init_chat_model

            if key:
                extra["api_key"] = key
            if c.base_url:
                extra["base_url"] = c.base_url
            return init_chat_model(
                c.model, model_provider=c.provider, timeout=c.timeout_s, max_retries=0, **extra
            )
        except ImportError:
            raise LLMError(
                "config",
                f"The provider {c.provider!r} needs its LangChain package: pip install "
                f"langchain-{c.provider.replace('_', '-')}.",
            ) from None
        except Exception as exc:  # e.g. an unknown provider name: never echo its text
            raise LLMError(
                "config",
                f"LangChain cannot start the provider {c.provider!r} ({type(exc).__name__}).",
            ) from None

    # --------------------------------------------------------------------- failure handling
    def _check_paused(self) -> None:
        paused = self._pause_error
        if paused is not None and time.monotonic() < self._paused_until:
            raise LLMError(paused.kind, paused.message)

    def _failed(self, exc: BaseException, purpose: str) -> LLMError:
        error = classify(exc, self.config)
        # Type and kind only: a provider's own message can contain part of the key.
        log.warning("LLM %s call failed: %s (%s)", purpose, error.kind, type(exc).__name__)
        if error.kind in _PAUSE_S:
            self._pause_error = error
            self._paused_until = time.monotonic() + _PAUSE_S[error.kind]
        return error

    def _backoff(self, attempt: int, exc: BaseException) -> float:
        wanted = _retry_after(exc)
        if wanted is None:
            wanted = 0.5 * 2**attempt * (0.75 + 0.25 * random.random())
        return min(max(wanted, 0.0), MAX_BACKOFF_S)

    def _with_retries(self, purpose: str, attempt_call: Any) -> Any:
        for attempt in range(self.config.retries + 1):
            self._check_paused()
            try:
                return attempt_call()
            except LLMError:
                raise
            except Exception as exc:
                kind = classify(exc, self.config).kind
                if kind in _RETRYABLE and attempt < self.config.retries:
                    self._sleep(self._backoff(attempt, exc))
                    continue
                raise self._failed(exc, purpose) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _record(
        self,
        purpose: str,
        started: float,
        usage: Mapping[str, Any],
        prompt: Messages,
        reply: str,
        **meta: Any,
    ) -> None:
        tokens_in = int(
            usage.get("input_tokens") or _estimate_tokens(" ".join(t for _, t in prompt))
        )
        tokens_out = int(usage.get("output_tokens") or _estimate_tokens(reply))
        record(
            Call(
                purpose=purpose,
                model=self.config.model,
                input_tokens=tokens_in,
                output_tokens=tokens_out,
                seconds=round(time.perf_counter() - started, 4),
                cost_usd=self.config.cost(tokens_in, tokens_out),
                question_id=meta.get("question_id"),
            )
        )

    # -------------------------------------------------------------------------------- calls
    def complete(
        self,
        messages: Messages,
        *,
        purpose: str,
        temperature: float | None = 0.7,
        **meta: Any,
    ) -> str:
        model = self.model(temperature)
        started = time.perf_counter()
        reply = self._with_retries(purpose, lambda: model.invoke(list(messages)))
        text = _text(reply.content)
        self._record(purpose, started, _usage(reply), messages, text, **meta)
        return text

    def stream(
        self, messages: Messages, *, purpose: str, temperature: float | None = 0.7, **meta: Any
    ) -> Iterator[str]:
        """Text pieces as they arrive. Retries happen only before the first piece is shown."""
        model = self.model(temperature)
        started = time.perf_counter()
        pieces: list[str] = []
        usage: dict[str, Any] = {}
        chunks = self._with_retries(purpose, lambda: _first_and_rest(model.stream(list(messages))))
        try:
            for chunk in chunks:
                if getattr(chunk, "usage_metadata", None):
                    usage = dict(chunk.usage_metadata)
                piece = _text(chunk.content)
                if piece:
                    pieces.append(piece)
                    yield piece
        except LLMError:
            raise
        except Exception as exc:  # malformed stream, dropped connection, read timeout
            raise self._failed(exc, purpose) from None
        finally:
            self._record(purpose, started, usage, messages, "".join(pieces), **meta)

    def structured(
        self, messages: Messages, schema: type[BaseModel], *, purpose: str, **meta: Any
    ) -> BaseModel:
        """A reply parsed into `schema`, at temperature 0. Raises LLMError("malformed") when the
        reply does not fit the schema, so the caller can ask again."""
        with self._lock:
            steps = self._structured.get(schema)
        if steps is None:
            # LangChain binds the schema the way the method needs (tool, response format) and
            # parses the reply; its `include_raw` variant would run the two in a thread pool, so
            # the model step and the parsing steps are run one after the other here instead.
            chain = self.model(0.0).with_structured_output(
                schema, method=self.config.structured_method
            )
            steps = (chain.first, chain.steps[1:])
            with self._lock:
                self._structured[schema] = steps
        bound, parsers = steps
        started = time.perf_counter()
        raw = self._with_retries(purpose, lambda: bound.invoke(list(messages)))
        self._record(purpose, started, _usage(raw), messages, _text(raw.content), **meta)
        try:
            parsed: Any = raw
            for parser in parsers:
                parsed = parser.invoke(parsed)
        except Exception as exc:  # a validation or parsing error: the reply did not fit
            log.warning(
                "LLM %s reply did not fit %s (%s)", purpose, schema.__name__, type(exc).__name__
            )
            raise LLMError(
                "malformed", f"{self.config.where} sent a reply that did not fit."
            ) from None
        if not isinstance(parsed, schema):
            log.warning("LLM %s reply held no %s", purpose, schema.__name__)
            raise LLMError("malformed", f"{self.config.where} sent a reply that did not fit.")
        return parsed


def _first_and_rest(chunks: Iterator[Any]) -> Iterator[Any]:
    """Start a stream and wait for its first chunk, so connection errors surface (and are retried)
    before anything is shown; then hand back the whole stream."""
    iterator = iter(chunks)
    try:
        first = next(iterator)
    except StopIteration:
        return iter(())

    def rest() -> Iterator[Any]:
        yield first
        yield from iterator

    return rest()


# ---------------------------------------------------------------------------- test connection


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str


def test_connection(config: LLMConfig) -> ConnectionCheck:
    """Send one tiny request; say plainly whether it worked and, if not, what to fix."""
    try:
        client = ChatClient(replace(config, retries=0))
        started = time.perf_counter()
        client.complete(
            [("human", "Reply with the single word: OK")],
            purpose="test",
            temperature=0.0,  # no token cap: newer models reject `max_tokens`
        )
    except (LLMError, LLMConfigError) as exc:
        return ConnectionCheck(False, getattr(exc, "message", None) or str(exc))
    elapsed = (time.perf_counter() - started) * 1000
    return ConnectionCheck(True, f"Connected: {config.label} answered in {elapsed:.0f} ms.")


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
