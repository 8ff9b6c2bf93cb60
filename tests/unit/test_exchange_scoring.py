"""An exchange is scored as the candidate left it: a reply to a follow-up that takes back a key
point the first answer made leaves that point contradicted, not covered by the earlier words."""

from __future__ import annotations

from interviewsim.bank import Bank, Category, KeyPoint, Question
from interviewsim.scoring import HeuristicScorer, bands
from interviewsim.scoring.exchange import exchange_text

QUESTION = Question(
    id="t-exchange",
    track="adhoc",
    category=Category.technical,
    difficulty=2,
    prompt="How does a write-ahead log make a database crash-safe?",
    key_points=(
        KeyPoint(text="every change is written to the log before the data pages are changed"),
        KeyPoint(text="after a crash the database replays the log to redo committed changes"),
        KeyPoint(text="the log is flushed to disk when a transaction commits"),
    ),
    model_answer=(
        "Every change is written to the log before the data pages are changed. After a crash "
        "the database replays the log to redo committed changes. The log is flushed to disk "
        "when a transaction commits."
    ),
)
FIRST = (
    "Every change is written to the log before the data pages are changed, and the log is "
    "flushed to disk when a transaction commits. After a crash the database replays the log to "
    "redo committed changes."
)
scorer = HeuristicScorer()


def score(bank: Bank, *replies: str):
    return scorer.score_exchange(QUESTION, bank.rubric_for(QUESTION.category), list(replies))


def test_a_follow_up_reply_that_takes_a_point_back_leaves_it_contradicted(bank: Bank) -> None:
    kept = score(bank, FIRST, "It matters because a torn page can then be repaired.")
    assert kept.contradicted_points == ()
    taken_back = score(
        bank,
        FIRST,
        "Actually, the log is not flushed to disk when a transaction commits; it is written "
        "out later, in the background.",
    )
    point = QUESTION.key_points[2].text
    assert point in taken_back.contradicted_points
    assert taken_back.overall < kept.overall
    evidence = " ".join(taken_back.criteria[0].evidence)
    assert "Contradicts" in evidence and "not flushed to disk" in evidence


def test_one_reply_scores_as_the_answer_alone(bank: Bank) -> None:
    rubric = bank.rubric_for(QUESTION.category)
    assert score(bank, FIRST) == scorer.score(QUESTION, rubric, FIRST)


def test_a_reply_that_only_adds_keeps_the_score_of_the_exchange_as_one_text(bank: Bank) -> None:
    rubric = bank.rubric_for(QUESTION.category)
    replies = [FIRST, "The same log also feeds replicas."]
    assert (
        score(bank, *replies).overall
        == scorer.score(QUESTION, rubric, exchange_text(replies)).overall
    )
    assert score(bank, *replies).overall >= bands.LINE
