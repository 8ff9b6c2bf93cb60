"""The interview probe set (`bench/data/interview-probes.csv`) is well formed and fits the bank.

The probe set measures whether the scorer tells right from wrong; these tests check the data, not
the scorer: ids resolve in the shipped bank, kinds and verdicts are the documented ones, every kind
has enough rows, the set spans the tracks, and no answer is a copy of another or of the bank.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, load_bank

from ..conftest import PROJECT_ROOT

PROBES = PROJECT_ROOT / "bench" / "data" / "interview-probes.csv"
COLUMNS = ["probe_id", "question_id", "kind", "verdict", "answer", "answers_question_id", "note"]
MIN_ROWS_PER_KIND = {
    "strong": 15,
    "partial": 15,
    "weak": 15,
    "plain_words": 15,
    "short_correct": 15,
    "confidently_wrong": 15,
    "negated": 15,
    "shuffled": 15,
    "keyword_list": 15,
    "other_question": 15,
    "star_we": 12,
}
# Kinds whose definition fixes the verdict; partial and star_we are judged row by row.
VERDICT_OF_KIND = {
    "strong": "accept",
    "plain_words": "accept",
    "short_correct": "accept",
    "weak": "reject",
    "confidently_wrong": "reject",
    "negated": "reject",
    "shuffled": "reject",
    "keyword_list": "reject",
    "other_question": "reject",
}
MIN_ROWS = 220
MIN_TRACKS = 10
COPIED_RUN = 15  # this many words in a row shared with a bank model answer counts as pasted


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.fixture(scope="module")
def shipped() -> Bank:
    return load_bank(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def probes() -> list[dict[str, str]]:
    with Path(PROBES).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_the_probe_set_has_at_least_the_agreed_number_of_rows(probes: list[dict[str, str]]) -> None:
    assert len(probes) >= MIN_ROWS


def test_probe_ids_are_numbered_in_order_without_gaps(probes: list[dict[str, str]]) -> None:
    assert [p["probe_id"] for p in probes] == [f"p{i:03d}" for i in range(1, len(probes) + 1)]


def test_every_question_id_exists_in_the_shipped_bank(
    probes: list[dict[str, str]], shipped: Bank
) -> None:
    unknown = [(p["probe_id"], p["question_id"]) for p in probes if p["question_id"] not in shipped]
    assert not unknown


def test_an_other_question_answer_names_a_different_question_of_the_same_track(
    probes: list[dict[str, str]], shipped: Bank
) -> None:
    problems = []
    for p in probes:
        other = p["answers_question_id"]
        if p["kind"] != "other_question":
            if other:
                problems.append((p["probe_id"], "answers_question_id set on a non-other kind"))
            continue
        if other not in shipped:
            problems.append((p["probe_id"], f"unknown answers_question_id {other!r}"))
        elif other == p["question_id"]:
            problems.append((p["probe_id"], "answers the question it was asked"))
        elif shipped.get(other).track != shipped.get(p["question_id"]).track:
            problems.append((p["probe_id"], "answers a question of another track"))
    assert not problems


def test_kinds_and_verdicts_are_the_documented_ones(probes: list[dict[str, str]]) -> None:
    bad = [
        p["probe_id"]
        for p in probes
        if p["kind"] not in MIN_ROWS_PER_KIND or p["verdict"] not in {"accept", "reject"}
    ]
    assert not bad


def test_each_kind_has_at_least_its_minimum_number_of_rows(probes: list[dict[str, str]]) -> None:
    counts = Counter(p["kind"] for p in probes)
    short = {
        kind: counts[kind] for kind, least in MIN_ROWS_PER_KIND.items() if counts[kind] < least
    }
    assert not short


def test_the_verdict_follows_the_kind_where_the_kind_decides_it(
    probes: list[dict[str, str]],
) -> None:
    off = [
        (p["probe_id"], p["kind"], p["verdict"])
        for p in probes
        if p["kind"] in VERDICT_OF_KIND and p["verdict"] != VERDICT_OF_KIND[p["kind"]]
    ]
    assert not off


def test_the_set_spans_at_least_ten_tracks(probes: list[dict[str, str]], shipped: Bank) -> None:
    tracks = {shipped.get(p["question_id"]).track for p in probes}
    assert len(tracks) >= MIN_TRACKS, sorted(tracks)


def test_star_we_stories_answer_behavioral_track_questions(
    probes: list[dict[str, str]], shipped: Bank
) -> None:
    elsewhere = [
        p["probe_id"]
        for p in probes
        if p["kind"] == "star_we" and shipped.get(p["question_id"]).track != "behavioral"
    ]
    assert not elsewhere


def test_behavioral_questions_appear_in_kinds_other_than_star_we(
    probes: list[dict[str, str]], shipped: Bank
) -> None:
    kinds = {p["kind"] for p in probes if shipped.get(p["question_id"]).track == "behavioral"} - {
        "star_we"
    }
    assert len(kinds) >= 8, sorted(kinds)


def test_no_two_probes_share_an_answer(probes: list[dict[str, str]]) -> None:
    seen = Counter(" ".join(_words(p["answer"])) for p in probes)
    assert not [text[:60] for text, n in seen.items() if n > 1 or not text]


def test_a_shuffled_answer_uses_exactly_the_words_of_a_strong_answer_in_the_set(
    probes: list[dict[str, str]],
) -> None:
    strong = {tuple(sorted(p["answer"].split())) for p in probes if p["kind"] == "strong"}
    orphans = [
        p["probe_id"]
        for p in probes
        if p["kind"] == "shuffled" and tuple(sorted(p["answer"].split())) not in strong
    ]
    assert not orphans


def test_no_answer_pastes_a_run_of_a_bank_model_answer(
    probes: list[dict[str, str]], shipped: Bank
) -> None:
    runs: set[tuple[str, ...]] = set()
    for q in shipped.questions:
        words = _words(q.model_answer)
        runs.update(tuple(words[i : i + COPIED_RUN]) for i in range(len(words) - COPIED_RUN + 1))
    pasted = []
    for p in probes:
        words = _words(p["answer"])
        if any(
            tuple(words[i : i + COPIED_RUN]) in runs for i in range(len(words) - COPIED_RUN + 1)
        ):
            pasted.append(p["probe_id"])
    assert not pasted
