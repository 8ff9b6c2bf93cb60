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

It also serves the audio endpoints, from the same script:

- `POST /v1/audio/transcriptions` takes a multipart upload, parses the file with `wave` (a file
  that is not a valid WAV gets a 400, as from OpenAI) and answers with the reply's `text` as the
  transcript (`Reply(text="")` is an empty one); with no script, `transcriber(request)` decides,
  by default `DEFAULT_TRANSCRIPT`. The upload is kept in `request.files`, its WAV facts in
  `request.files["file"].wav`, the form fields in `request.body`.
- `POST /v1/audio/speech` answers with a short valid WAV or MP3, as the request's
  `response_format` asks (MP3 by default).
"""

from __future__ import annotations

import io
import json
import math
import struct
import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_TEXT = "Could you tell me more about that?"
DEFAULT_TRANSCRIPT = "Lists are mutable and tuples are immutable."
TRANSCRIPTIONS, SPEECH, CHAT = "/audio/transcriptions", "/audio/speech", "/chat/completions"


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


@dataclass(frozen=True)
class Wav:
    """What `wave` read from an uploaded file."""

    channels: int
    sample_rate: int
    sample_width: int
    frames: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes
    wav: Wav | None  # None when the file is not a valid WAV


@dataclass
class Request:
    path: str
    body: dict[str, Any]  # the JSON body, or a multipart upload's form fields
    authorization: str
    seconds: float = 0.0  # the server's own time, from reading the request to the last byte
    # Set once `seconds` is final (the client can hold the reply a moment before that).
    done: threading.Event = field(default_factory=threading.Event)
    files: dict[str, Upload] = field(default_factory=dict)  # a multipart upload's files

    @property
    def endpoint(self) -> str:
        for name in (TRANSCRIPTIONS, SPEECH, CHAT):
            if self.path.rstrip("/").endswith(name):
                return name
        return self.path

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


def read_wav(data: bytes) -> Wav | None:
    """The file's WAV facts, or None if `wave` cannot read it. Counts the frames actually present:
    a streamed WAV (espeak-ng --stdout) has a placeholder length in its header."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = len(w.readframes(w.getnframes())) // (channels * width)
    except (wave.Error, EOFError, ValueError, ZeroDivisionError):
        return None
    return Wav(channels, rate, width, frames) if frames and rate else None


def parse_multipart(content_type: str, raw: bytes) -> tuple[dict[str, str], dict[str, Upload]]:
    """Form fields and files of a multipart/form-data body."""
    boundary = ""
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary":
            boundary = value.strip('"')
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    if not boundary:
        return fields, files
    for part in raw.split(b"--" + boundary.encode())[1:]:
        if part.startswith(b"--"):
            break  # the closing delimiter
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = dict(
            (k.strip().lower(), v.strip().strip('"'))
            for k, _, v in (
                p.partition("=") for p in headers.get("content-disposition", "").split(";")
            )
        )
        name = disposition.get("name", "")
        if "filename" in disposition:
            files[name] = Upload(
                disposition["filename"],
                headers.get("content-type", ""),
                content,
                read_wav(content),
            )
        else:
            fields[name] = content.decode("utf-8", "replace")
    return fields, files


def tone_wav(seconds: float = 0.25, rate: int = 16000) -> bytes:
    """A short 440 Hz tone as a valid 16-bit mono WAV."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
                for n in range(int(seconds * rate))
            )
        )
    return out.getvalue()


def silent_mp3(frames: int = 10) -> bytes:
    """Valid MPEG-1 Layer III frames (32 kbit/s, 44.1 kHz, mono) holding silence."""
    header = bytes([0xFF, 0xFB, 0x10, 0xC4])
    return (header + bytes(104 - len(header))) * frames  # 144 * 32000 / 44100 bytes a frame


class FakeOpenAI:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Request] = []
        self.responder: Callable[[Request], Reply] = lambda request: Reply(text=DEFAULT_TEXT)
        self.transcriber: Callable[[Request], Reply] = lambda request: Reply(
            text=DEFAULT_TRANSCRIPT
        )
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
        if request.endpoint == TRANSCRIPTIONS:
            return self.transcriber(request)
        if request.endpoint == SPEECH:
            return Reply()
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
        content_type = self.headers.get("Content-Type", "")
        body: dict[str, Any]
        files: dict[str, Upload] = {}
        if content_type.lower().startswith("multipart/form-data"):
            body, files = parse_multipart(content_type, raw)
        else:
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {}
        request = Request(self.path, body, self.headers.get("Authorization", ""), files=files)
        self.fake.record(request)  # before replying: a client holding its reply sees its request
        reply = self.fake.next_reply(request)
        try:
            if reply.delay:
                time.sleep(reply.delay)
            if request.endpoint not in (CHAT, TRANSCRIPTIONS, SPEECH):
                self._json(404, {"error": {"message": "not found", "type": "invalid_request"}})
            elif reply.status >= 400:
                self._error(reply, request)
            elif request.endpoint == TRANSCRIPTIONS:
                self._transcription(reply, request)
            elif request.endpoint == SPEECH:
                self._speech(request)
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

    def _invalid(self, message: str) -> None:
        payload = {"error": {"message": message, "type": "invalid_request_error", "code": "400"}}
        self._json(400, payload)

    def _body(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _transcription(self, reply: Reply, request: Request) -> None:
        upload = request.files.get("file")
        if upload is None or not request.body.get("model"):
            self._invalid("A 'file' upload and a 'model' field are required.")
            return
        if upload.wav is None:
            self._invalid("Invalid file format. The upload is not a readable WAV file.")
            return
        if reply.malformed:
            self._json(200, b'{"text": ')
            return
        text = DEFAULT_TRANSCRIPT if reply.text is None else reply.text
        fmt = request.body.get("response_format", "json")
        if fmt == "text":
            self._body(200, "text/plain; charset=utf-8", text.encode())
        elif fmt == "verbose_json":
            duration = round(upload.wav.duration_s, 2)
            self._json(200, {"text": text, "language": "en", "duration": duration, "segments": []})
        else:
            self._json(200, {"text": text})

    def _speech(self, request: Request) -> None:
        if not request.body.get("input") or not request.body.get("model"):
            self._invalid("'input' and 'model' are required.")
            return
        fmt = request.body.get("response_format", "mp3")
        if fmt == "wav":
            self._body(200, "audio/wav", tone_wav())
        elif fmt == "mp3":
            self._body(200, "audio/mpeg", silent_mp3())
        else:
            self._invalid("This server speaks only mp3 and wav.")

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
