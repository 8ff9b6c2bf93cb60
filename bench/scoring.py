"""How well the offline scorer agrees with human graders, next to a tf*idf-cosine baseline.

Scores a graded CSV (columns question, reference_answer, answer, plus a human grade) by running
`python -m interviewsim score` on it, the command a user runs, offline (no LLM settings, no `.env`).
Then prints, for the project's scorer and for a plain tf*idf cosine with the reference answer computed
here in the same run: Pearson r, Spearman rho, and RMSE on the grade scale after a linear map of the
score onto it (least squares, fitted on this same run, so RMSE is a best case for either); the mean
of the per-question Pearson r; and throughput.
Targets (issue 3): Pearson r >= 0.55; 1,000 answers in under 10 s through the command.

    python bench/scoring.py [--input F] [--grade-column score] [--question-column question_id]
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = (
    PROJECT_ROOT.parent / "shared" / "data" / "graded-answers" / "cs-short-answers-dev.csv"
)
LLM_SETTINGS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "INTERVIEWSIM_PROVIDER", "INTERVIEWSIM_MODEL")
_TOKEN = re.compile(r"\b\w\w+\b")  # the usual tf*idf tokens: lower-cased words of 2+ characters


@dataclass(frozen=True)
class Agreement:
    pearson: float
    spearman: float
    rmse: float
    intercept: float  # grade ~ intercept + slope * score, fitted on this run
    slope: float
    per_question: float  # mean Pearson r over questions whose grades and scores both vary
    questions: int


def run_cli(input_path: Path, output_path: Path) -> float:
    """Score `input_path` with `python -m interviewsim score`; returns the wall-clock seconds."""
    env = {k: v for k, v in os.environ.items() if k not in LLM_SETTINGS}
    env["INTERVIEWSIM_NO_DOTENV"] = "1"  # the offline scorer, whatever a developer's .env says
    command = [sys.executable, "-m", "interviewsim", "score"]
    command += ["--input", str(input_path), "--output", str(output_path)]
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def tfidf_cosine(answers: Sequence[str], references: Sequence[str]) -> np.ndarray:
    """Cosine of raw-count tf * smoothed idf vectors, idf over every answer and reference given."""
    docs = [Counter(_TOKEN.findall(t.lower())) for t in answers]
    refs = [Counter(_TOKEN.findall(t.lower())) for t in references]
    corpus = docs + [Counter(set(r)) for r in dict.fromkeys(map(str, references))]
    df = Counter(w for d in corpus for w in d)
    idf = {w: math.log((1 + len(corpus)) / (1 + n)) + 1 for w, n in df.items()}

    def cosine(a: Counter[str], b: Counter[str]) -> float:
        va = {w: n * idf.get(w, 1.0) for w, n in a.items()}
        vb = {w: n * idf.get(w, 1.0) for w, n in b.items()}
        dot = sum(v * vb.get(w, 0.0) for w, v in va.items())
        norm = math.sqrt(sum(v * v for v in va.values()) * sum(v * v for v in vb.values()))
        return dot / norm if norm else 0.0

    return np.array([cosine(a, r) for a, r in zip(docs, refs, strict=True)])


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    if np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def agreement(scores: np.ndarray, grades: np.ndarray, groups: np.ndarray) -> Agreement:
    slope, intercept = np.polyfit(scores, grades, 1)
    mapped = intercept + slope * scores
    per_question = [pearson(scores[groups == g], grades[groups == g]) for g in pd.unique(groups)]
    per_question = [r for r in per_question if not math.isnan(r)]
    return Agreement(
        pearson=pearson(scores, grades),
        spearman=pearson(pd.Series(scores).rank().to_numpy(), pd.Series(grades).rank().to_numpy()),
        rmse=float(np.sqrt(np.mean((mapped - grades) ** 2))),
        intercept=float(intercept),
        slope=float(slope),
        per_question=float(np.mean(per_question)) if per_question else float("nan"),
        questions=len(per_question),
    )


def report(
    name: str, rows: int, grade_column: str, ours: Agreement, baseline: Agreement, base_rmse: float
) -> list[str]:
    width = 34
    lines = [
        f"Agreement with human graders: {name}, {rows} answers, grade column '{grade_column}'",
        "",
        f"{'':{width}}{'heuristic (project)':>22}{'tf*idf cosine':>22}",
        f"{'Pearson r':{width}}{ours.pearson:>22.3f}{baseline.pearson:>22.3f}",
        f"{'Spearman rho':{width}}{ours.spearman:>22.3f}{baseline.spearman:>22.3f}",
        f"{'RMSE after a linear map (*)':{width}}{ours.rmse:>22.3f}{baseline.rmse:>22.3f}",
        f"{'per-question mean Pearson r':{width}}{ours.per_question:>22.3f}"
        f"{baseline.per_question:>22.3f}",
        f"{'  (questions with varying grades)':{width}}{ours.questions:>22d}"
        f"{baseline.questions:>22d}",
        "",
        "(*) least-squares map of each score onto the grade scale, fitted on this same run:",
        f"    heuristic: grade = {ours.intercept:.3f} + {ours.slope:.4f} x overall (0-100)",
        f"    tf*idf:    grade = {baseline.intercept:.3f} + {baseline.slope:.4f} x cosine (0-1)",
        f"    always predicting the mean grade: RMSE {base_rmse:.3f}",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--grade-column", default="score")
    parser.add_argument(
        "--question-column",
        default="question_id",
        help="groups answers for the per-question r (falls back to the question text)",
    )
    args = parser.parse_args(argv)
    if not args.input.is_file():
        print(f"error: {args.input} not found", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "scored.csv"
        seconds = run_cli(args.input, output)
        with output.open(newline="", encoding="utf-8") as fh:
            scored = pd.DataFrame(list(csv.DictReader(fh)))

    grades = scored[args.grade_column].astype(float).to_numpy()
    group_column = args.question_column if args.question_column in scored else "question"
    groups = scored[group_column].to_numpy()
    ours = agreement(scored["overall"].astype(float).to_numpy(), grades, groups)
    cosine = tfidf_cosine(list(scored["answer"]), list(scored["reference_answer"]))
    baseline = agreement(cosine, grades, groups)
    base_rmse = float(np.sqrt(np.mean((grades - grades.mean()) ** 2)))

    rows = len(scored)
    for line in report(args.input.name, rows, args.grade_column, ours, baseline, base_rmse):
        print(line)
    print()
    print(
        f"Throughput: `python -m interviewsim score` scored {rows} answers in {seconds:.2f} s "
        f"wall clock, start-up included: {rows / seconds:,.0f} answers/s "
        f"(1,000 answers in {1000 / (rows / seconds):.1f} s; target < 10 s)."
    )
    print(f"Target Pearson r >= 0.55: {'met' if ours.pearson >= 0.55 else 'NOT met'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
