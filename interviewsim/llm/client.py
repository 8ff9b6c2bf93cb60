"""The one chat client every LLM feature goes through: plain, streamed and structured replies.

LangChain and the provider SDKs are imported inside functions, so importing this module stays
cheap. The API key is written nowhere: not to the database, a log, a file, or any message shown to
the person; failures are translated into our own wording (`errors.classify`).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec
from typing import Any

from pydantic import BaseModel, SecretStr

from interviewsim.llm.config import OPENAI, LLMConfig
from interviewsim.llm.errors import LLMConfigError, LLMError, classify, retry_after
from interviewsim.usage import Call, record

log = logging.getLogger(__name__)

NO_KEY_PLACEHOLDER = "not-needed"  # local servers ignore the key, but the SDK insists on one
MAX_BACKOFF_S = 8.0  # a long Retry-After would freeze the interview: give up and go offline
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
LONG_PAUSE_S = 60.0  # a pause this long is named in the notice, with whom it affects


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

    The client for the app's own provider settings is shared by every browser session (cached), so
    it holds no per-request state except the pause after a failure, which is deliberately shared:
    a provider that is down, or a host's key that is rejected, is so for everyone, and a long
    pause says so in its notice. A key or server typed on the Settings page gets a client of that
    session's own (`webapp.provider`), so its failures pause that session only.
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
            pause = _PAUSE_S[error.kind]
            if pause >= LONG_PAUSE_S:
                error = LLMError(error.kind, f"{error.message} {self._pause_words(pause)}")
                log.warning(
                    "LLM paused for %.0f s after a %s failure (%s)",
                    pause,
                    error.kind,
                    "this session only" if self.config.typed_by_person else "every session",
                )
            self._pause_error = error
            self._paused_until = time.monotonic() + pause
        return error

    def _pause_words(self, seconds: float) -> str:
        """Who is affected by a long pause, and until when (in UTC: the server's clock)."""
        until = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%H:%M")
        who = (
            "in this browser session"
            if self.config.typed_by_person
            else "for everyone using this app's provider settings"
        )
        return f"AI features are off {who} until {until} UTC; interviews carry on offline."

    def _backoff(self, attempt: int, exc: BaseException) -> float:
        wanted = retry_after(exc)
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
