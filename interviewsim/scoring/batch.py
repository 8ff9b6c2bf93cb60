"""Scoring many answers from a table (the `score` command and the scoring benchmark share this)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from interviewsim.bank import Bank, Category, KeyPoint, Question
from interviewsim.scoring.base import Scorer

REQUIRED_COLUMNS = ("question", "reference_answer", "answer")


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


def question_for_row(row: dict[str, str], number: int) -> Question:
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
        model_answer=row["reference_answer"].strip() or "(no reference answer)",
        key_points=_key_points(row.get("key_points") or ""),
    )


def score_rows(
    rows: Iterable[dict[str, str]], scorer: Scorer, bank: Bank
) -> Iterator[dict[str, Any]]:
    """Each input row with `overall` (0-100) and one column per rubric criterion (level 1-5)."""
    cache: dict[tuple[str, ...], Question] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        missing = [c for c in REQUIRED_COLUMNS if c not in row or row[c] is None]
        if missing:
            raise BatchInputError(f"row {number}: missing column(s) {', '.join(missing)}")
        key = (
            row["question"],
            row["reference_answer"],
            row.get("key_points") or "",
            row.get("category") or "",
        )
        question = cache.get(key) or cache.setdefault(key, question_for_row(row, number))
        result = scorer.score(question, bank.rubric_for(question.category), row["answer"] or "")
        yield {
            **row,
            "overall": result.overall,
            **{c.criterion_id: c.level for c in result.criteria},
        }


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
