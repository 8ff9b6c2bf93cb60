"""A small OpenAI-compatible server on 127.0.0.1 for tests and benchmarks.

Serves `POST /v1/chat/completions`, plain and streamed (server-sent events), with scripted replies,
and records every request, so the real `openai`/LangChain client is exercised end to end:

    with serve() as server:
        server.script(Reply(text="Tell me about lists."), Reply(data={...}), Reply(status=429))
        ...  # point OPENAI_BASE_URL at server.url
        server.requests[-1].body["messages"]

Replies are taken from the script in order; when it is empty, `responder(request)` decides (by
default a short text). A `data` reply becomes a tool call when the request offers tools (LangChain's
function-calling structured output) and JSON content otherwise. Token counts are estimated as
characters / 4, like a real server's would roughly be.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_TEXT = "Could you tell me more about that?"


@dataclass
class Reply:
    text: str | None = None  # assistant content
    data: dict[str, Any] | None = None  # a structured reply (tool call arguments or JSON content)
    status: int = 200
    error: str = ""  # error message for status >= 400
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (for client timeouts)
    malformed: bool = False  # a body (or, streamed, an event) that is not valid JSON
    echo_key: bool = False  # put the request's API key in the error text, as some providers do


@dataclass
class Request:
    path: str
    body: dict[str, Any]
    authorization: str
    seconds: float = 0.0  # the server's own time, from reading the request to the last byte
    # Set once `seconds` is final (the client can hold the reply a moment before that).
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def streamed(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def structured(self) -> bool:
        return bool(self.body.get("tools") or self.body.get("response_format"))

    @property
    def prompt_text(self) -> str:
        return "\n".join(_content(m) for m in self.body.get("messages", []))

    @property
    def task(self) -> str:
        """The last message: what this request asks for (the system prompt comes first)."""
        messages = self.body.get("messages") or [{}]
        return _content(messages[-1])


def _content(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def prompt_tokens(body: dict[str, Any]) -> int:
    text = "".join(_content(m) for m in body.get("messages", []))
    text += json.dumps(body.get("tools") or body.get("response_format") or "")
    return max(1, len(text) // 4) + 3 * len(body.get("messages", []))


class FakeOpenAI:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Request] = []
        self.responder: Callable[[Request], Reply] = lambda request: Reply(text=DEFAULT_TEXT)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------------------- control
    def script(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def next_reply(self, request: Request) -> Reply:
        with self._lock:
            if self.replies:
                return self.replies.popleft()
        return self.responder(request)

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        assert isinstance(host, str)  # an IPv4 server's address
        return f"http://{host}:{port}/v1"

    def server_seconds(self, requests: list[Request] | None = None) -> float:
        """The server's own time handling `requests` (all so far by default)."""
        handled = self.requests if requests is None else requests
        for request in handled:
            request.done.wait(5)
        return sum(r.seconds for r in handled)

    def start(self) -> FakeOpenAI:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@contextmanager
def serve() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client closing its keep-alive connection is not worth a traceback


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    disable_nagle_algorithm = True  # small writes go out at once, as on a real server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests assert on their own logs

    def do_POST(self) -> None:
        started = time.perf_counter()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {}
        request = Request(self.path, body, self.headers.get("Authorization", ""))
        self.fake.record(request)  # before replying: a client holding its reply sees its request
        reply = self.fake.next_reply(request)
        try:
            if reply.delay:
                time.sleep(reply.delay)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": "not found", "type": "invalid_request"}})
            elif reply.status >= 400:
                self._error(reply, request)
            elif request.streamed:
                self._stream(reply, body)
            else:
                self._complete(reply, body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
        finally:
            request.seconds = time.perf_counter() - started
            request.done.set()

    # ---------------------------------------------------------------------------- replies
    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, reply: Reply, request: Request) -> None:
        message = reply.error or {401: "Incorrect API key provided."}.get(reply.status, "error")
        if reply.echo_key:
            message += f" Key: {request.authorization.removeprefix('Bearer ')}"
        kind = {401: "invalid_request_error", 429: "rate_limit_error"}.get(reply.status, "error")
        payload = {"error": {"message": message, "type": kind, "code": str(reply.status)}}
        self._json(reply.status, payload, reply.headers)

    def _message(self, reply: Reply, body: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
        """The assistant message, its text (for token counts) and the finish reason."""
        if reply.data is not None and body.get("tools"):
            choice = body.get("tool_choice")
            name = (
                choice["function"]["name"]
                if isinstance(choice, dict)
                else body["tools"][0]["function"]["name"]
            )
            arguments = json.dumps(reply.data)
            function = {"name": name, "arguments": arguments}
            call = {"id": "call_1", "type": "function", "function": function}
            return (
                {"role": "assistant", "content": None, "tool_calls": [call]},
                arguments,
                "tool_calls",
            )
        text = json.dumps(reply.data) if reply.data is not None else (reply.text or DEFAULT_TEXT)
        return {"role": "assistant", "content": text}, text, "stop"

    def _usage(self, body: dict[str, Any], text: str) -> dict[str, int]:
        tokens_in, tokens_out = prompt_tokens(body), max(1, len(text) // 4)
        return {
            "prompt_tokens": tokens_in,
            "completion_tokens": tokens_out,
            "total_tokens": tokens_in + tokens_out,
        }

    def _complete(self, reply: Reply, body: dict[str, Any]) -> None:
        if reply.malformed:
            self._json(200, b'{"id": "chatcmpl-1", "choices": [{"message": ')
            return
        message, text, finish = self._message(reply, body)
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": self._usage(body, text),
        }
        self._json(200, payload)

    def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        _, text, _ = self._message(reply, body)
        base = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
        }

        def event(data: str) -> None:
            raw = f"data: {data}\n\n".encode()
            self.wfile.write(f"{len(raw):x}\r\n".encode() + raw + b"\r\n")
            self.wfile.flush()

        def chunk(delta: dict[str, Any], finish: str | None = None) -> None:
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
            event(json.dumps({**base, "choices": [choice]}))

        chunk({"role": "assistant", "content": ""})
        words = text.split(" ")
        for n, word in enumerate(words):
            chunk({"content": word + (" " if n < len(words) - 1 else "")})
            if reply.malformed and n == 1:
                event('{"id": "chatcmpl-1", "choices": [{"delta": ')  # cut off mid-object
                break
        else:
            chunk({}, "stop")
            if (body.get("stream_options") or {}).get("include_usage"):
                event(json.dumps({**base, "choices": [], "usage": self._usage(body, text)}))
            event("[DONE]")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
