"""Delivery insights: fillers, hedges, most-used words, job terms, pace and length, on crafted text."""

from __future__ import annotations

import json

import pytest

from interviewsim.bank import Bank
from interviewsim.insights import Insights, insights, key_terms, track_terms


def fillers(text: str) -> dict[str, int]:
    return {c.text: c.count for c in insights(text).fillers}


def hedges(text: str) -> dict[str, int]:
    return {c.text: c.count for c in insights(text).hedges}


# ------------------------------------------------------------------------------------- fillers


def test_fillers_inside_words_are_not_fillers() -> None:
    assert (
        fillers("It is likely, unlike before, that the umbrella errs and the user likes it.") == {}
    )


def test_thinking_sounds_count_in_any_case_spelling_and_punctuation() -> None:
    found = fillers("Um, the cache… UM… ummm, uh — errr, erm, hmm. Uhh!")
    assert found == {"um": 3, "uh": 2, "er": 1, "erm": 1, "hmm": 1}


def test_a_bare_er_counts_only_where_a_pause_sets_it_apart() -> None:
    assert fillers("We drew the ER diagram first.") == {}
    assert fillers("We drew the, er, diagram first. Er the schema.") == {"er": 2}


def test_like_as_a_verb_or_a_preposition_is_not_a_filler() -> None:
    text = (
        "I like Python. Languages like Go compile ahead of time. It works like a queue. "
        "I'd like to add one thing, and it looks like the index was missing. Like I said, "
        "it's the tools I like."
    )
    assert fillers(text) == {}


def test_like_set_off_by_pauses_or_before_an_intensifier_is_a_filler() -> None:
    assert fillers("It was, like, really slow.") == {"like": 1}
    assert fillers("It was like really slow and like super flaky.") == {"like": 2}
    assert fillers("Like, we had to — like — rewrite it.") == {"like": 2}
    assert fillers("um like the cache") == {"um": 1, "like": 1}


def test_you_know_and_i_mean_count_only_when_they_fill() -> None:
    assert fillers("And, you know, it broke. I mean, the disk was full, you know.") == {
        "you know": 2,
        "I mean": 1,
    }
    assert fillers("Do you know the answer? You know the drill. That is what I mean.") == {}
    assert fillers("It was you know really hard, you know what I mean?") == {"you know": 2}


def test_kind_of_naming_a_type_is_not_a_filler_but_softening_a_claim_is() -> None:
    assert fillers("What kind of index is it? A very different sort of tree.") == {}
    assert fillers("It is kind of slow and we sort of fixed it.") == {"kind of": 1, "sort of": 1}


def test_filler_adverbs_count_and_curly_quotes_and_em_dashes_are_read_as_punctuation() -> None:
    text = "Basically—it’s literally, like, “actually” the same thing… honestly."
    assert fillers(text) == {
        "basically": 1,
        "literally": 1,
        "like": 1,
        "actually": 1,
        "honestly": 1,
    }


def test_the_filler_rate_is_per_hundred_words() -> None:
    result = insights("Um, the index speeds up reads but, um, slows down every write.")
    assert result.word_count == 12
    assert result.filler_count == 2
    assert result.filler_rate == pytest.approx(16.7)


# -------------------------------------------------------------------------------------- hedges


def test_hedges_are_counted_once_each_with_the_longest_phrase_winning() -> None:
    text = "I’m not sure, but I think maybe it is probably the cache. I guess we sort of knew."
    assert hedges(text) == {
        "I'm not sure": 1,
        "I think": 1,
        "maybe": 1,
        "probably": 1,
        "I guess": 1,
        "sort of": 1,
    }


def test_a_softening_kind_of_is_both_a_filler_and_a_hedge_but_a_type_is_neither() -> None:
    softening = insights("It's kind of slow.")
    assert [c.text for c in softening.fillers] == [c.text for c in softening.hedges] == ["kind of"]
    typed = insights("It's a kind of tree.")
    assert typed.fillers == typed.hedges == ()


def test_a_confident_answer_has_no_hedges() -> None:
    result = insights("Tuples are immutable, so they can be dictionary keys. Lists cannot.")
    assert result.hedges == () and result.hedge_rate == 0.0


# ----------------------------------------------------------------------------- most-used words


def test_most_used_words_group_forms_of_a_word_and_leave_out_stop_words_and_fillers() -> None:
    text = (
        "The cache helps. Caching is, um, literally the answer: we cached the results, and the "
        "results were literally fast. The index mattered once."
    )
    top = {c.text: c.count for c in insights(text).top_words}
    assert top == {"cache": 3, "results": 2}  # "literally" is a filler; "index" was said once


def test_most_used_words_are_the_five_most_frequent() -> None:
    text = " ".join(f"{w} {w}" for w in ("alpha", "beta", "gamma", "delta", "omega", "sigma"))
    text += " alpha"
    top = insights(text).top_words
    assert [c.text for c in top] == ["alpha", "beta", "gamma", "delta", "omega"]
    assert top[0].count == 3


# ---------------------------------------------------------------------------------- job terms


def test_track_terms_are_words_the_track_uses_far_more_than_the_rest_of_the_bank(
    bank: Bank,
) -> None:
    python = track_terms(bank, "python")
    assert {"hashable", "decorator", "kwargs"} <= set(python)
    assert not {"example", "use", "different", "sharding"} & set(python)
    assert "sharding" in track_terms(bank, "system-design")


def test_key_terms_come_from_the_key_points_and_skip_everyday_words(bank: Bank) -> None:
    question = bank.get("sample-list-vs-tuple")
    words = [t.word for t in key_terms(question, track_terms(bank, "python"))]
    assert words[:6] == ["lists", "mutable", "tuples", "immutable", "hashable", "dictionary"]
    assert not {"slightly", "faster", "suit"} & set(words)


def test_a_code_name_and_a_describing_verb_are_no_key_terms() -> None:
    # "key terms you did not use: stat, statements, receives" read as noise
    from interviewsim.bank import default_bank

    shipped = default_bank()
    slow = shipped.get("sql-sit-slow-query-in-production")
    words = {t.word for t in key_terms(slow, track_terms(shipped, "sql"))}
    assert "query" in words and not {"stat", "statements", "pg"} & words
    methods = shipped.get("py-classmethod-vs-staticmethod")
    words = {t.word for t in key_terms(methods, track_terms(shipped, "python"))}
    assert {"classmethod", "staticmethod", "cls"} <= words and "receives" not in words
    dataclasses = shipped.get("py-dataclasses")
    assert "init" in {t.word for t in key_terms(dataclasses, track_terms(shipped, "python"))}


def test_terms_used_and_key_terms_missed(bank: Bank) -> None:
    question = bank.get("sample-list-vs-tuple")
    result = insights(
        "A list is mutable and a tuple is immutable, so I pick a tuple for fixed records.",
        question,
        track_terms(bank, "python"),
    )
    assert {"list", "mutable", "tuple", "immutable"} <= set(result.terms_used)
    assert "pick" not in result.terms_used
    assert "hashable" in result.terms_missed and "dictionary" in result.terms_missed
    assert "mutable" not in result.terms_missed


def test_a_misspelt_key_term_is_not_reported_as_missed(bank: Bank) -> None:
    question = bank.get("sample-list-vs-tuple")
    result = insights("Tuples are hashible, lists are not.", question, track_terms(bank, "python"))
    assert "hashable" not in result.terms_missed


def test_without_a_question_or_track_there_are_no_terms() -> None:
    result = insights("Tuples are hashable.")
    assert result.terms_used == result.terms_missed == ()


# ------------------------------------------------------------------------------ pace and length


def test_pace_is_words_per_minute_of_the_recording() -> None:
    answer = " ".join(["word"] * 150)
    assert insights(answer, duration_s=60).pace_wpm == 150.0
    assert insights(answer, duration_s=60).pace == "steady"
    assert insights(answer, duration_s=120).pace == "slow"
    assert insights(answer, duration_s=45).pace == "fast"


def test_a_typed_answer_has_no_pace_but_an_estimated_speaking_time() -> None:
    result = insights(" ".join(["word"] * 70))
    assert result.pace_wpm is None and not result.spoken
    assert result.speaking_s == 30.0  # 70 words at 140 words per minute


def test_length_is_judged_against_the_questions_suggested_time(bank: Bank) -> None:
    question = bank.get("sample-list-vs-tuple")  # time_limit_s: 120
    short = insights("Lists are mutable.", question)
    assert short.suggested_s == 120 and short.length == "short"
    assert insights(" ".join(["word"] * 200), question).length == "fits"  # about 86 s
    assert insights("Lists are mutable.", question, duration_s=150).length == "long"
    assert insights("Lists are mutable.", suggested_s=None).length is None


# ------------------------------------------------------------------------------------- output


def test_insights_round_trip_through_json(bank: Bank) -> None:
    result = insights(
        "Um, tuples are, like, hashable. Um, I think.",
        bank.get("sample-list-vs-tuple"),
        track_terms(bank, "python"),
        duration_s=4.5,
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert data["fillers"] == {"um": 2, "like": 1}
    assert data["hedges"] == {"I think": 1}
    assert Insights.from_dict(data) == result


def test_an_empty_answer_has_zero_counts_and_no_pace() -> None:
    result = insights("", duration_s=3.0)
    assert result.word_count == 0 and result.filler_rate == 0.0
    assert result.pace_wpm == 0.0 and result.top_words == ()


def test_the_summary_names_each_insight_in_plain_words(bank: Bank) -> None:
    result = insights(
        "Um, lists are mutable. Um, lists change.", bank.get("sample-list-vs-tuple"), duration_s=6
    )
    summary = "\n".join(result.summary())
    assert "2 fillers (28.6 per 100 words): “um” ×2." in summary
    assert "Most-used words: lists (2)" in summary
    assert "Pace: 70 words per minute (slow)." in summary
    assert "Length: spoke for 6 s of a suggested 2 min 00 s (short)." in summary
