"""Count the rows every SELECT hands back, in this process, while a block runs: for tests (and
benchmarks) that show a page reads a bounded number of rows however long the history is.

It wraps the fetch methods of SQLAlchemy's cursor-result strategies, through which every Core
and ORM result passes its rows on, on every store and driver.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import cursor

_STRATEGIES = (
    cursor.CursorFetchStrategy,
    cursor.BufferedRowCursorFetchStrategy,
    cursor.FullyBufferedCursorFetchStrategy,
)


@dataclass
class RowsRead:
    rows: int = 0
    fetches: int = 0
    by_statement: Counter[str] = field(default_factory=Counter)  # the SQL's start -> rows


def _counting(fetch: Callable[..., Any], counter: RowsRead) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        got = fetch(*args, **kwargs)
        counter.fetches += 1
        rows = len(got) if isinstance(got, list) else int(got is not None)
        counter.rows += rows
        context = getattr(args[1], "context", None) if len(args) > 1 else None
        statement = str(getattr(context, "statement", "") or "")
        counter.by_statement[" ".join(statement.split())[:160]] += rows
        return got

    return counted


@contextmanager
def rows_read() -> Iterator[RowsRead]:
    """Yields a counter of the rows fetched from any database while the block runs."""
    counter = RowsRead()
    saved: list[tuple[type, str, Any]] = []
    for strategy in _STRATEGIES:
        for name in ("fetchone", "fetchmany", "fetchall"):
            if name in vars(strategy):
                original = vars(strategy)[name]
                saved.append((strategy, name, original))
                setattr(strategy, name, _counting(original, counter))
    try:
        yield counter
    finally:
        for strategy, name, original in reversed(saved):
            setattr(strategy, name, original)
