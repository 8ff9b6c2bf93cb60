"""The transcript as stored: a message that repeats what its turn already holds keeps a reference
to the turn (`messages.turn_id`) and only what the turn cannot give back (migration 0009).

- an answer: its text, time, truncation and spoken length are the turn's; nothing else is kept;
- a question or follow-up: its words are the turn's `prompt_text`, its question index the turn's;
- a coach verdict: its text is re-worded from the verdict, its question index, attempt and "so far"
  come from the turn, its key points are indices into the turn's question snapshot (the snapshot
  of a version never changes), its delivery insights are the turn's own.

`pack` is checked by `unpack` before anything is dropped: a message whose copy cannot be given back
exactly (same text, same meta, keys in the same order) is kept whole. So a reference never changes
what a conversation, a report or an export reads; it only leaves out a second copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from interviewsim.coaching import Verdict
from interviewsim.states import Role, TurnKind

# A coach verdict's meta keys in the order `add_verdict` writes them; the first is the turn's.
COACH_KEYS = (
    "question_index",
    "overall",
    "band",
    "points",
    "suggestion",
    "attempt",
    "previous",
    "so_far",
    "reasons",
    "delivery",
)
FROM_THE_TURN = frozenset({"question_index", "attempt", "so_far"})
THE_TURNS_INSIGHTS = 1  # the stored "delivery" value that stands for the turn's own insights


class TurnFacts(Protocol):
    """What a message can take from its turn (a `models.Turn`, or a row in a migration)."""

    question_index: int
    attempt: int
    kind: str
    answer: str | None
    prompt_text: str
    time_taken_s: float | None
    answer_truncated: bool
    duration_s: float | None
    overall: float | None
    insights: dict[str, Any] | None

    @property
    def key_points(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Stored:
    """What a message row keeps: its content (None: the turn's) and the rest of its meta."""

    content: str | None
    meta: dict[str, Any]


def answer_meta(turn: TurnFacts) -> dict[str, Any]:
    """What the chat shows under an answer: its time, whether it was cut, how long it was spoken."""
    meta: dict[str, Any] = {"time_taken_s": turn.time_taken_s, "truncated": turn.answer_truncated}
    if turn.duration_s is not None:
        meta["duration_s"] = turn.duration_s
    return meta


def pack(role: str, content: str, meta: dict[str, Any], turn: TurnFacts) -> Stored | None:
    """The message as it is kept beside a reference to `turn`; None when it must be kept whole."""
    if role == Role.candidate:
        stored = Stored(None if content == turn.answer else content, {})
    elif role == Role.interviewer:
        rest = {k: v for k, v in meta.items() if k != "question_index"}
        stored = Stored(None if content == turn.prompt_text else content, rest)
    elif role == Role.coach:
        stored = _pack_verdict(content, meta, turn)
    else:
        return None
    if not _same(unpack(role, stored, turn), (content, meta)):
        return None
    return stored


def unpack(role: str, stored: Stored, turn: TurnFacts) -> tuple[str, dict[str, Any]]:
    """The message's content and meta, as they were written, from its row and its turn."""
    if role == Role.candidate:
        said = stored.content if stored.content is not None else turn.answer or ""
        return said, answer_meta(turn)
    if role == Role.interviewer:
        meta = {"question_index": turn.question_index, **stored.meta}
        return stored.content if stored.content is not None else turn.prompt_text, meta
    if role == Role.coach:
        meta = _unpack_verdict_meta(stored.meta, turn)
        if stored.content is not None:
            return stored.content, meta
        return Verdict.from_meta(meta).text, meta
    return stored.content or "", dict(stored.meta)


# The verdict's keys a typical verdict leaves at these values; kept only when they differ.
DEFAULTS: dict[str, Any] = {"suggestion": None, "previous": None, "reasons": []}
MARKS = {"hit": "h", "missed": "m", "contradicted": "c"}
MARKED = {v: k for k, v in MARKS.items()}


def _pack_verdict(content: str, meta: dict[str, Any], turn: TurnFacts) -> Stored:
    kept = {k: v for k, v in meta.items() if k not in FROM_THE_TURN}
    for key, default in DEFAULTS.items():
        if key in kept and kept[key] == default:
            del kept[key]
    overall = kept.get("overall")
    if isinstance(overall, int) and turn.overall is not None and overall == int(turn.overall):
        del kept["overall"]
    if "points" in kept:
        kept["points"] = _pack_points(kept["points"], turn.key_points)
    if isinstance(kept.get("suggestion"), str):
        kept["suggestion"] = _pack_suggestion(kept["suggestion"], turn.key_points)
    if "delivery" in kept and kept["delivery"] == turn.insights:
        kept["delivery"] = THE_TURNS_INSIGHTS
    if Verdict.from_meta(_unpack_verdict_meta(kept, turn)).text != content:
        return Stored(content, kept)
    return Stored(None, kept)


def _unpack_verdict_meta(kept: dict[str, Any], turn: TurnFacts) -> dict[str, Any]:
    derived: dict[str, Any] = {
        **DEFAULTS,
        "question_index": turn.question_index,
        "attempt": turn.attempt,
        "so_far": turn.kind == TurnKind.follow_up,
    }
    if turn.overall is not None:
        derived["overall"] = int(turn.overall)
    meta: dict[str, Any] = {}
    for key in COACH_KEYS:
        if key in kept:
            meta[key] = kept[key]
        elif key in derived:
            meta[key] = derived[key]
    meta.update({k: v for k, v in kept.items() if k not in meta})
    if "points" in meta:
        meta["points"] = _unpack_points(meta["points"], turn.key_points)
    if "suggestion" in meta:
        meta["suggestion"] = _unpack_suggestion(meta["suggestion"], turn.key_points)
    if meta.get("delivery") == THE_TURNS_INSIGHTS:
        meta["delivery"] = turn.insights
    return meta


def _pack_points(points: Any, key_points: Sequence[str]) -> Any:
    """[[text, mark], ...] as the marks alone ("hhm") when the points are the question's key
    points in order, else with each key point's text as its index."""
    if not isinstance(points, list) or not all(_is_point(p) for p in points):
        return points
    texts = [p[0] for p in points]
    if texts == list(key_points) and all(p[1] in MARKS for p in points):
        return "".join(MARKS[p[1]] for p in points)
    index = {text: n for n, text in enumerate(key_points)}
    return [[index[p[0]], p[1]] if p[0] in index else p for p in points]


def _unpack_points(points: Any, key_points: Sequence[str]) -> Any:
    if isinstance(points, str):
        return [[text, MARKED[m]] for text, m in zip(key_points, points, strict=True)]
    if not isinstance(points, list):
        return points
    return [[key_points[p[0]], p[1]] if _is_index(p, len(key_points)) else p for p in points]


def _pack_suggestion(text: str, key_points: Sequence[str]) -> Any:
    """A suggestion that quotes a key point ("Add this point: ...") as [what comes before it,
    the key point's index, what comes after]."""
    for n, point in sorted(enumerate(key_points), key=lambda p: -len(p[1])):
        before, found, after = text.partition(point) if point else (text, "", "")
        if found:
            return [before, n, after]
    return text


def _unpack_suggestion(value: Any, key_points: Sequence[str]) -> Any:
    if (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and isinstance(value[2], str)
        and _is_index([value[1], None], len(key_points))
    ):
        return value[0] + key_points[value[1]] + value[2]
    return value


def _is_point(p: Any) -> bool:
    return isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)


def _is_index(p: Any, count: int) -> bool:
    return (
        isinstance(p, list)
        and len(p) == 2
        and isinstance(p[0], int)
        and not isinstance(p[0], bool)
        and 0 <= p[0] < count
    )


def _same(got: tuple[str, dict[str, Any]], wanted: tuple[str, dict[str, Any]]) -> bool:
    """Equal, keys in the same order too (an export writes them in that order)."""
    return got[0] == wanted[0] and _ordered(got[1]) == _ordered(wanted[1])


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [_ordered(v) for v in value]
    return (type(value).__name__, value)  # 1 and 1.0, or True and 1, are not the same JSON
