"""Does the offline scorer know right from wrong? Measured on human-graded data and on our probes.

Prints, in one run, each figure for the project's scorer beside a plain tf*idf cosine baseline
computed here in the same run:

1. `cs-short-answers-dev.csv` (0-5 human grades), scored by `python -m interviewsim score`, the
   command a user runs, offline: Pearson r, Spearman rho, RMSE after a linear map, per-question r.
2. `science-answers-dev.csv` (labels correct / contradictory / incorrect), per corpus: macro-F1 and
   accuracy of "scores >= 60" against the 2-way label, and the share of contradictory and of
   incorrect answers that score >= 60.
3. `bench/data/interview-probes.csv` (answers we wrote to questions of the shipped bank, each with
   a kind and an intended verdict): the share of each kind that scores >= 60.
4. Timing: median milliseconds to score one answer; seconds for 1,000 answers through the command.

The baseline has no 60 line of its own, so it is given its best threshold in hindsight on each set
(an upper bound for it). Exits 1 when a target (issue 10) is missed, 2 when an input is missing.

    python bench/scoring.py [--cs F] [--science F] [--probes F] [--skip-cli]
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from interviewsim.bank import Bank, load_bank  # noqa: E402
from interviewsim.scoring import HeuristicScorer  # noqa: E402
from interviewsim.scoring.batch import references_in, score_rows  # noqa: E402

GRADED = PROJECT_ROOT.parent / "shared" / "data" / "graded-answers"
DEFAULT_CS = GRADED / "cs-short-answers-dev.csv"
DEFAULT_SCIENCE = GRADED / "science-answers-dev.csv"
DEFAULT_PROBES = PROJECT_ROOT / "bench" / "data" / "interview-probes.csv"
LLM_SETTINGS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "INTERVIEWSIM_PROVIDER", "INTERVIEWSIM_MODEL")
_TOKEN = re.compile(r"\b\w\w+\b")  # the usual tf*idf tokens: lower-cased words of 2+ characters
LINE = 60  # the accept line on the 0-100 scale

TARGET_PEARSON = 0.60
TARGET_MACRO_F1 = 0.72
TARGET_CONTRADICTORY_PASS = 0.20
TARGET_REJECT_KIND_PASS = 0.10
TARGET_ACCEPT_KIND_PASS = 0.80
TARGET_MEDIAN_MS = 10.0
TARGET_SECONDS_PER_1000 = 10.0
REJECT_KINDS = ("confidently_wrong", "negated", "shuffled", "keyword_list", "other_question")
ACCEPT_KINDS = ("plain_words", "short_correct")
KIND_ORDER = (
    "strong",
    "partial",
    "weak",
    "plain_words",
    "short_correct",
    "star_we",
    *REJECT_KINDS,
)
WIDTH = 40


@dataclass(frozen=True)
class Agreement:
    pearson: float
    spearman: float
    rmse: float
    intercept: float  # grade ~ intercept + slope * score, fitted on this run
    slope: float
    per_question: float  # mean Pearson r over questions whose grades and scores both vary
    questions: int


@dataclass
class Targets:
    rows: list[tuple[str, str, bool]]

    def check(self, name: str, value: str, met: bool) -> None:
        self.rows.append((name, value, met))


# ------------------------------------------------------------------------------------ baseline


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


def best_tfidf_cosine(answers: Sequence[str], cells: Sequence[str]) -> np.ndarray:
    """The baseline against several accepted references: the best cosine with any of them."""
    pairs = [(i, ref) for i, cell in enumerate(cells) for ref in references_in(cell)]
    cosines = tfidf_cosine([answers[i] for i, _ in pairs], [ref for _, ref in pairs])
    best = np.zeros(len(answers))
    for (i, _), value in zip(pairs, cosines, strict=True):
        best[i] = max(best[i], value)
    return best


def best_threshold(scores: np.ndarray, accept: np.ndarray, measure: Callable) -> float:
    """The threshold on `scores` that maximises `measure(passed, accept)`: the baseline's best
    case, chosen in hindsight on the very data it is measured on."""
    candidates = np.unique(np.round(scores, 3))
    return float(max(candidates, key=lambda t: measure(scores >= t, accept)))


# ------------------------------------------------------------------------------------- measures


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


def macro_f1(passed: np.ndarray, accept: np.ndarray) -> float:
    """Mean of the F1 of "correct" and of "incorrect", passing meaning predicted correct."""
    f1s = []
    for predicted, actual in ((passed, accept), (~passed, ~accept)):
        tp = float(np.sum(predicted & actual))
        denominator = float(np.sum(predicted) + np.sum(actual))
        f1s.append(2 * tp / denominator if denominator else 0.0)
    return float(np.mean(f1s))


def accuracy(passed: np.ndarray, accept: np.ndarray) -> float:
    return float(np.mean(passed == accept))


def row(name: str, ours: str, baseline: str) -> str:
    return f"{name:{WIDTH}}{ours:>22}{baseline:>22}"


def header(title: str) -> list[str]:
    return ["", title, "", row("", "heuristic (project)", "tf*idf cosine")]


# ---------------------------------------------------------------------------- 1. cs short answers


def run_cli(input_path: Path, output_path: Path) -> float:
    """Score `input_path` with `python -m interviewsim score`; returns the wall-clock seconds."""
    env = {k: v for k, v in os.environ.items() if k not in LLM_SETTINGS}
    env["INTERVIEWSIM_NO_DOTENV"] = "1"  # the offline scorer, whatever a developer's .env says
    command = [sys.executable, "-m", "interviewsim", "score"]
    command += ["--input", str(input_path), "--output", str(output_path)]
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def score_in_process(path: Path, bank: Bank) -> pd.DataFrame:
    """Every row scored through `score_rows`, the code behind the command, in this process. A
    `reference_answers` column (several references, " || " between them) stands for
    `reference_answer`."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = [
            {"reference_answer": r.get("reference_answers", ""), **r} for r in csv.DictReader(fh)
        ]
    return pd.DataFrame(list(score_rows(rows, HeuristicScorer(), bank)))


def cs_section(path: Path, bank: Bank, use_cli: bool, targets: Targets) -> float | None:
    """Agreement with the 0-5 grades; returns the command's seconds per 1,000 answers."""
    seconds = None
    if use_cli:
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / "scored.csv"
            seconds = run_cli(path, output)
            with output.open(newline="", encoding="utf-8") as fh:
                scored = pd.DataFrame(list(csv.DictReader(fh)))
    else:
        scored = score_in_process(path, bank)
    grades = scored["score"].astype(float).to_numpy()
    groups = scored["question_id"].to_numpy()
    ours = agreement(scored["overall"].astype(float).to_numpy(), grades, groups)
    cosine = tfidf_cosine(list(scored["answer"]), list(scored["reference_answer"]))
    base = agreement(cosine, grades, groups)
    mean_rmse = float(np.sqrt(np.mean((grades - grades.mean()) ** 2)))
    lines = header(f"1. Agreement with human grades: {path.name}, {len(scored)} answers (0-5)")
    lines += [
        row("Pearson r", f"{ours.pearson:.3f}", f"{base.pearson:.3f}"),
        row("Spearman rho", f"{ours.spearman:.3f}", f"{base.spearman:.3f}"),
        row("RMSE after a linear map (*)", f"{ours.rmse:.3f}", f"{base.rmse:.3f}"),
        row("per-question mean Pearson r", f"{ours.per_question:.3f}", f"{base.per_question:.3f}"),
        f"(*) least squares, fitted on this run; always predicting the mean: RMSE {mean_rmse:.3f}",
    ]
    print("\n".join(lines))
    targets.check("cs Pearson r >= 0.60", f"{ours.pearson:.3f}", ours.pearson >= TARGET_PEARSON)
    return None if seconds is None else seconds / len(scored) * 1000


# ------------------------------------------------------------------------ 2. science with labels


def science_section(path: Path, bank: Bank, targets: Targets) -> None:
    scored = score_in_process(path, bank)
    overall = scored["overall"].astype(float).to_numpy()
    cosine = best_tfidf_cosine(list(scored["answer"]), list(scored["reference_answers"]))
    lines = header(f"2. Right, wrong and contradictory: {path.name}, 2-way label, line at {LINE}")
    for corpus in ("sciEntsBank", "beetle"):
        mask = (scored["corpus"] == corpus).to_numpy()
        accept = (scored["label_2way"] == "correct").to_numpy()[mask]
        three = scored["label_3way"].to_numpy()[mask]
        passed = overall[mask] >= LINE
        cut = best_threshold(cosine[mask], accept, macro_f1)
        base = cosine[mask] >= cut
        f1, base_f1 = macro_f1(passed, accept), macro_f1(base, accept)
        contradictory = float(np.mean(passed[three == "contradictory"]))
        lines += [
            f"  {corpus} ({int(mask.sum())} answers; baseline line at cosine {cut:.3f})",
            row("    macro-F1", f"{f1:.3f}", f"{base_f1:.3f}"),
            row("    accuracy", f"{accuracy(passed, accept):.3f}", f"{accuracy(base, accept):.3f}"),
        ]
        for label in ("correct", "contradictory", "incorrect"):
            share = float(np.mean(passed[three == label]))
            base_share = float(np.mean(base[three == label]))
            lines.append(
                row(f"    {label} answers scoring >= {LINE}", f"{share:.0%}", f"{base_share:.0%}")
            )
        targets.check(f"{corpus} macro-F1 >= 0.72", f"{f1:.3f}", f1 >= TARGET_MACRO_F1)
        targets.check(
            f"{corpus} contradictory >= {LINE} <= 20%",
            f"{contradictory:.1%}",
            contradictory <= TARGET_CONTRADICTORY_PASS,
        )
    print("\n".join(lines))


# ---------------------------------------------------------------------------------- 3. probes


def probes_section(path: Path, bank: Bank, targets: Targets) -> None:
    if not path.is_file():
        print(f"\n3. Interview probes: {path} not found; probe figures not measured.")
        targets.check("interview probes present", "absent", False)
        return
    probes = pd.read_csv(path, dtype=str, keep_default_na=False)
    unknown = sorted(set(probes["question_id"]) - {q.id for q in bank.questions})
    if unknown:
        print(f"\n3. Interview probes: {len(unknown)} unknown question id(s), e.g. {unknown[:3]}")
        probes = probes[~probes["question_id"].isin(unknown)]
    scorer = HeuristicScorer(bank=bank)
    overall = []
    for probe in probes.itertuples():
        question = bank.get(probe.question_id)
        rubric = bank.rubric_for(question.category)
        overall.append(scorer.score(question, rubric, probe.answer).overall)
    passed = np.array(overall) >= LINE
    references = [bank.get(q).model_answer for q in probes["question_id"]]
    cosine = tfidf_cosine(list(probes["answer"]), references)
    accept = (probes["verdict"] == "accept").to_numpy()
    cut = best_threshold(cosine, accept, accuracy)
    base = cosine >= cut
    tracks = probes["question_id"].map(lambda q: bank.get(q).track).nunique()
    lines = header(
        f"3. Interview probes: {path.name}, {len(probes)} answers to "
        f"{probes['question_id'].nunique()} questions in {tracks} tracks; share scoring >= {LINE}"
    )
    lines.append(f"  (baseline line at cosine {cut:.3f}, its best accuracy in hindsight)")
    kinds = [k for k in KIND_ORDER if k in set(probes["kind"])]
    kinds += sorted(set(probes["kind"]) - set(kinds))
    for kind in kinds:
        mask = (probes["kind"] == kind).to_numpy()
        want = "accept" if kind in ACCEPT_KINDS else "reject" if kind in REJECT_KINDS else ""
        name = f"  {kind} (n={int(mask.sum())}{', should ' + want if want else ''})"
        share, base_share = float(np.mean(passed[mask])), float(np.mean(base[mask]))
        lines.append(row(name, f"{share:.0%}", f"{base_share:.0%}"))
        if kind in REJECT_KINDS:
            targets.check(
                f"probes {kind} pass <= 10%", f"{share:.1%}", share <= TARGET_REJECT_KIND_PASS
            )
        if kind in ACCEPT_KINDS:
            targets.check(
                f"probes {kind} pass >= 80%", f"{share:.1%}", share >= TARGET_ACCEPT_KIND_PASS
            )
    lines.append(
        row(
            "  agreement with the intended verdict",
            f"{accuracy(passed, accept):.0%}",
            f"{accuracy(base, accept):.0%}",
        )
    )
    print("\n".join(lines))


# ---------------------------------------------------------------------------------- 4. timing


def median_ms_per_answer(path: Path, bank: Bank, limit: int = 1000) -> float:
    """Median wall-clock milliseconds of one `score` call, over the first `limit` answers."""
    from interviewsim.scoring.batch import question_for_row

    scorer = HeuristicScorer(bank=bank)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))[:limit]
    times = []
    for number, r in enumerate(rows, start=2):
        question = question_for_row(r, number)
        rubric = bank.rubric_for(question.category)
        started = time.perf_counter()
        scorer.score(question, rubric, r["answer"])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def timing_section(cs: Path, bank: Bank, seconds_per_1000: float | None, targets: Targets) -> None:
    median = median_ms_per_answer(cs, bank)
    bank_median = _median_bank_ms(bank)
    print("\n4. Timing")
    print(f"  median time to score one answer (cs answers, in process): {median:.2f} ms")
    print(
        f"  median time to score one answer (bank questions, other-question check on): {bank_median:.2f} ms"
    )
    targets.check(
        "median ms per answer < 10",
        f"{max(median, bank_median):.2f} ms",
        max(median, bank_median) < TARGET_MEDIAN_MS,
    )
    if seconds_per_1000 is not None:
        print(
            f"  1,000 answers through `python -m interviewsim score`, start-up included: "
            f"{seconds_per_1000:.2f} s"
        )
        targets.check(
            "1,000 answers through score < 10 s",
            f"{seconds_per_1000:.2f} s",
            seconds_per_1000 < TARGET_SECONDS_PER_1000,
        )


def _median_bank_ms(bank: Bank) -> float:
    """Scoring the bank's own model answers and a short partial one, with sibling questions on."""
    scorer = HeuristicScorer(bank=bank)
    times = []
    for q in bank.questions:
        rubric = bank.rubric_for(q.category)
        for answer in (q.model_answer, " ".join(q.model_answer.split()[:25])):
            started = time.perf_counter()
            scorer.score(q, rubric, answer)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cs", type=Path, default=DEFAULT_CS)
    parser.add_argument("--science", type=Path, default=DEFAULT_SCIENCE)
    parser.add_argument("--probes", type=Path, default=DEFAULT_PROBES)
    parser.add_argument(
        "--skip-cli", action="store_true", help="score the cs file in process (no throughput)"
    )
    args = parser.parse_args(argv)
    for path in (args.cs, args.science):
        if not path.is_file():
            print(f"error: {path} not found", file=sys.stderr)
            return 2
    bank = load_bank(PROJECT_ROOT / "data")
    targets = Targets([])
    seconds = cs_section(args.cs, bank, not args.skip_cli, targets)
    science_section(args.science, bank, targets)
    probes_section(args.probes, bank, targets)
    timing_section(args.cs, bank, seconds, targets)
    print("\nTargets (issue 10)")
    for name, value, met in targets.rows:
        print(f"  {name:{WIDTH}}{value:>12}   {'met' if met else 'NOT met'}")
    missed = [name for name, _, met in targets.rows if not met]
    print(f"\n{'All targets met.' if not missed else f'{len(missed)} target(s) missed.'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
