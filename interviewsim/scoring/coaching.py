"""Suggestions worded as a coach would say them, built from the key point they are about.

A key point is written as a statement ("a left join keeps every row from the left table"), as an
instruction or phrase ("use merge or upsert on a unique key"), or, for behavioral questions, as
what a strong answer does ("admits the mistake quickly and tells the right people"). Each needs its
own sentence frame to come out grammatical, so the frame is chosen from the point's form.
"""

from __future__ import annotations

# A point opening with one of these (or with a name: "WHERE", "Python") is a statement of fact;
# any other opening may be an instruction ("use merge on a unique key") or a phrase.
_SUBJECT_OPENINGS = frozenset(
    "a an the this that these those each every all both its their it they there some most many "
    "no only one two any".split()
)


def _as_clause(point: str) -> str:
    """The point as the end of a sentence: no closing stop, and a lower-case start unless it opens
    with a name ("WHERE", "Python")."""
    point = " ".join(point.strip().rstrip(".;:!").split())
    if (
        not point
        or point[:2].isupper()
        or (point[0].isupper() and point.split()[0] not in _CAPS_OK)
    ):
        return point
    return point[0].lower() + point[1:]


_CAPS_OK = frozenset("A An The This That These Those Each Every All Both Its It They There".split())


def is_statement(point: str) -> bool:
    """Whether the point reads as a statement of fact ("a left join keeps every left row")."""
    first = point.split()[0] if point.split() else ""
    return first.lower() in _SUBJECT_OPENINGS or (first[:1].isupper() and len(point.split()) > 2)


def missing(point: str, behavioral: bool, derived: bool) -> str:
    """What to add when the answer leaves the point out."""
    clause = _as_clause(point)
    if derived:
        return f"Cover this part of the reference answer: “{clause}”."
    if behavioral:
        return f"A strong answer here {clause}."
    if is_statement(point):
        return f"Mention that {clause}."
    return f"Add this point: {clause}."


def partial(point: str, behavioral: bool, derived: bool) -> str:
    """What to add when the answer touches the point but leaves part of it out."""
    clause = _as_clause(point)
    if derived:
        return f"Finish this part of the reference answer: “{clause}”."
    if behavioral:
        return f"Go further: a strong answer here {clause}."
    if is_statement(point):
        return f"You are close on one point; say in full that {clause}."
    return f"You are close on one point; say it in full: {clause}."


def contradicted(point: str, quote: str) -> str:
    """What to correct when the answer states the point the other way round."""
    said = " ".join(quote.split())
    if len(said) > 120:
        said = said[:119] + "…"
    return f"Check this: you said “{said}”, but {_as_clause(point)}."
