"""Scoring many answers from a table (the `score` command and the scoring benchmark share this)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from interviewsim.bank import Bank, Category, KeyPoint, Question
from interviewsim.scoring.base import Scorer, ScoreResult

REQUIRED_COLUMNS = ("question", "reference_answer", "answer")
# separates accepted reference answers in a cell: wordings of one right answer
ALTERNATIVE_REFERENCES = " || "


class BatchInputError(ValueError):
    pass


def _key_points(raw: str) -> tuple[KeyPoint, ...]:
    # Key points in a cell are separated by ";" (or new lines); "|" separates alternative phrasings.
    points = []
    for chunk in raw.replace("\n", ";").split(";"):
        phrasings = [p.strip() for p in chunk.split("|") if p.strip()]
        if phrasings:
            points.append(KeyPoint(text=phrasings[0], alternatives=tuple(phrasings[1:])))
    return tuple(points)


def question_for_row(row: dict[str, str], number: int, reference: str | None = None) -> Question:
    """The question a row describes; `reference` overrides the row's reference answer."""
    category = (row.get("category") or "technical").strip() or "technical"
    try:
        Category(category)
    except ValueError:
        raise BatchInputError(
            f"row {number}: column 'category' is {category!r}; "
            f"use one of {', '.join(c.value for c in Category)}"
        ) from None
    return Question(
        id=f"row-{number}",
        track="adhoc",
        category=Category(category),
        difficulty=2,
        prompt=row["question"].strip() or "(no question)",
        model_answer=(reference if reference is not None else row["reference_answer"]).strip()
        or "(no reference answer)",
        key_points=_key_points(row.get("key_points") or ""),
    )


def references_in(cell: str) -> list[str]:
    """The reference answers in a cell: one, or several separated by ALTERNATIVE_REFERENCES."""
    return [r.strip() for r in cell.split(ALTERNATIVE_REFERENCES.strip()) if r.strip()] or [cell]


def score_rows(
    rows: Iterable[dict[str, str]], scorer: Scorer, bank: Bank
) -> Iterator[dict[str, Any]]:
    """Each input row with `overall` (0-100) and one column per rubric criterion (level 1-5).

    A row may give several accepted reference answers (separated by " || "): they are read as the
    wordings of one key point, so the answer must state one of them, as a grader accepts any.
    """
    cache: dict[tuple[str, ...], Question] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        missing = [c for c in REQUIRED_COLUMNS if c not in row or row[c] is None]
        if missing:
            raise BatchInputError(f"row {number}: missing column(s) {', '.join(missing)}")
        refs = references_in(row["reference_answer"])
        if len(refs) > 1 and not (row.get("key_points") or "").strip():
            # Several accepted answers are several wordings of one right answer: one key point.
            key = (row["question"], row["reference_answer"], "", row.get("category") or "")
            question = cache.get(key) or cache.setdefault(
                key, _one_point(question_for_row(row, number, refs[0]), refs)
            )
            result = scorer.score(question, bank.rubric_for(question.category), row["answer"] or "")
            yield _scored(row, result)
            continue
        best: ScoreResult | None = None
        for reference in refs:  # one reference (or written key points): as the row says
            key = (
                row["question"],
                reference,
                row.get("key_points") or "",
                row.get("category") or "",
            )
            question = cache.get(key) or cache.setdefault(
                key, question_for_row(row, number, reference)
            )
            result = scorer.score(question, bank.rubric_for(question.category), row["answer"] or "")
            if best is None or result.overall > best.overall:
                best = result
        assert best is not None
        yield _scored(row, best)


def _one_point(question: Question, references: list[str]) -> Question:
    point = KeyPoint(text=references[0], alternatives=tuple(references[1:]))
    return question.model_copy(update={"key_points": (point,)})


def _scored(row: dict[str, str], result: ScoreResult) -> dict[str, Any]:
    return {**row, "overall": result.overall, **{c.criterion_id: c.level for c in result.criteria}}


def score_csv(input_path: Path, output_path: Path, scorer: Scorer, bank: Bank) -> int:
    """Score every row of `input_path` into `output_path`; returns the number of rows."""
    with input_path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise BatchInputError(
                f"{input_path}: missing column(s) {', '.join(missing)}; "
                f"expected {', '.join(REQUIRED_COLUMNS)} (optional: key_points, category)"
            )
        scored = list(score_rows(reader, scorer, bank))
    extra = list(dict.fromkeys(k for row in scored for k in row if k not in header))
    with output_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header + extra, restval="")
        writer.writeheader()
        writer.writerows(scored)
    return len(scored)
