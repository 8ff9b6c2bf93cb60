"""Column types that pass every text through `clean_text` on its way into the database, and SQL
functions that give the same result on SQLite and PostgreSQL.

SQLite stores a NUL byte that PostgreSQL refuses (in text, and in JSON once it is read with `->>`),
so text is normalised here, in one place, and both stores accept and return the same thing. Values
compared in a query go through the same cleaning, so a lookup finds what was stored.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from sqlalchemy import JSON, LargeBinary, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from interviewsim.store.errors import TextTooLong
from interviewsim.text import clean_text


def clean_json(value: Any) -> Any:
    """`value` with every string in it (keys too) cleaned; other values are returned as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_json(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


class CleanText(TypeDecorator[str]):
    """TEXT, cleaned on write."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else clean_text(value)


class CleanString(TypeDecorator[str]):
    """VARCHAR(n), cleaned on write. A longer value is refused on every store (SQLite would keep
    it, PostgreSQL would not): callers cut or refuse long input before it gets here."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        value = clean_text(value)
        limit: int | None = getattr(self.impl_instance, "length", None)
        if limit is not None and len(value) > limit:
            raise TextTooLong(len(value), limit)
        return value


class CleanJSON(TypeDecorator[Any]):
    """JSON, with every string inside cleaned on write."""

    impl = JSON
    cache_ok = True
    # As plain JSON: Python None is stored as JSON null (the ORM must not skip the column).
    should_evaluate_none = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return clean_json(value)


# What a score result and delivery insights are made of (their keys, the scorer's phrases, the
# packaged rubrics' criteria), as deflate's preset dictionary: a document of a few hundred bytes
# repeats these words once each, which plain zlib cannot shorten. Packed values name their
# dictionary by their first byte; this one must never change (a new one gets a new first byte).
JSON_WORDS_1 = (
    '{"w":,"f":{"um":},"h":{},"t":{},"u":[],"m":[],"s":"p":,"d":,'
    '"STAR structure","Ownership","Result and impact","Clarity and concision","Sound approach",'
    '"Reasoning and trade-offs","Requirements and components","Trade-offs and scale",'
    '"Structure and communication","Key points covered","Depth and examples",'
    '"Clarity and structure","Clarity", words in  sentences, about  words each.'
    '"Example: “","Trade-off: “","Reasoning: “","Covered: ", — “…”"],"suggestions":["Add this '
    'point: "]},{"criterion_id":"star","name":"","level":,"weight":0.2,"evidence":["'
    '{"criterion_id":"clarity","name":"","level":,"weight":0.25,"evidence":["'
    '{"criterion_id":"depth","name":"","level":,"weight":0.35,"evidence":["'
    '"contradicted_points":[],"star_missing":[],"flags":[],"scorer":"heuristic","notice":null,'
    '"improved_answer":null,"dropped_quotes":0}'
    '{"overall":,"criteria":[{"criterion_id":"coverage","name":"","level":,"weight":0.4,'
    '"evidence":["],"suggestions":[]},"found_points":["","missing_points":["'
).encode()
WITH_WORDS_1 = b"\x01"  # the first byte of a value deflated with JSON_WORDS_1 (zlib's is 0x78)


class PackedJSON(TypeDecorator[Any]):
    """JSON kept compressed in a binary column, for documents that are only ever read whole (a
    turn's full score result: evidence and suggestions; its delivery insights). Deflated with the
    preset dictionary `JSON_WORDS_1` (values written before it are plain zlib and read as they
    are). Strings inside are cleaned on write; SQL NULL stands for None."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        return pack_json(clean_json(value))

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> Any:
        return None if value is None else unpack_json(bytes(value))


def pack_json(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zdict=JSON_WORDS_1)
    return WITH_WORDS_1 + deflate.compress(text) + deflate.flush()


def unpack_json(value: bytes) -> Any:
    if value[:1] == WITH_WORDS_1:
        inflate = zlib.decompressobj(-15, zdict=JSON_WORDS_1)
        text = inflate.decompress(value[1:]) + inflate.flush()
    else:  # plain zlib, as written before migration 0009
        text = zlib.decompress(value)
    return json.loads(text.decode("utf-8"))


class PackedText(TypeDecorator[str]):
    """Text kept in a binary column, zlib-compressed when that pays (long answers halve), cleaned
    on write. The same text always packs to the same bytes, so equality in a query still works."""

    impl = LargeBinary
    cache_ok = True
    THRESHOLD = 160  # bytes: shorter text stays as it is (compression would not pay)

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else pack_text(value)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:
        return None if value is None else unpack_text(bytes(value))


def pack_text(value: str) -> bytes:
    raw = clean_text(value).encode("utf-8")
    if len(raw) >= PackedText.THRESHOLD:
        return b"z" + zlib.compress(raw, 6)
    return b"t" + raw


def unpack_text(value: bytes) -> str:
    body = value[1:]
    return (zlib.decompress(body) if value[:1] == b"z" else body).decode("utf-8")


class day_of(FunctionElement[str]):
    """The calendar day of a timestamp as 'YYYY-MM-DD' text, the same on every store (PostgreSQL's
    date() would return a date object, and its text form follows the server's DateStyle)."""

    type = String()
    inherit_cache = True
    name = "day_of"


@compiles(day_of)
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(day_of, "postgresql")
def _day_of_postgresql(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


class week_of(FunctionElement[str]):
    """The Monday of the week a timestamp falls in, as 'YYYY-MM-DD' text on every store."""

    type = String()
    inherit_cache = True
    name = "week_of"


@compiles(week_of)
def _week_of_sqlite(element: week_of, compiler: SQLCompiler, **kw: Any) -> str:
    # 'weekday 0' moves forward to the Sunday ending the week (or stays on it); six days back.
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


@compiles(week_of, "postgresql")
def _week_of_postgresql(element: week_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char(date_trunc('week', {compiler.process(element.clauses, **kw)}), 'YYYY-MM-DD')"


class month_of(FunctionElement[str]):
    """The first day of the month a timestamp falls in, as 'YYYY-MM-DD' text on every store."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_of_sqlite(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m-01', {compiler.process(element.clauses, **kw)})"


@compiles(month_of, "postgresql")
def _month_of_postgresql(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char(date_trunc('month', {compiler.process(element.clauses, **kw)}), 'YYYY-MM-DD')"
