"""The offline interviewer and the shared follow-up policy."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from interviewsim.bank import Bank, Category, Question
from interviewsim.interviewer import (
    MAX_FOLLOW_UPS,
    Acknowledge,
    Ask,
    AskAgain,
    FollowUp,
    Greeting,
    OfflineInterviewer,
    WrapUp,
    plan_follow_up,
)
from interviewsim.interviewer.probes import challenge_clause, probe_for
from interviewsim.interviewer.replies import Reply
from interviewsim.interviewer.story import story_parts
from interviewsim.scoring import HeuristicScorer, ScoreResult
from interviewsim.states import FollowUpTarget, TargetKind

scorer = HeuristicScorer()


def _score(bank: Bank, question_id: str, answer: str):
    q = bank.get(question_id)
    return q, scorer.score(q, bank.rubric_for(q.category), answer)


def test_a_missing_key_point_gets_a_follow_up_about_it(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", "Lists are mutable and tuples are immutable.")
    target = plan_follow_up(q, "Lists are mutable and tuples are immutable.", result, [])
    assert target is not None and target.kind is TargetKind.point
    assert target.detail in result.missing_points


def test_no_follow_up_when_every_key_point_is_covered(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", bank.get("sample-list-vs-tuple").model_answer)
    assert result.missing_points == ()
    assert plan_follow_up(q, q.model_answer, result, []) is None


def test_never_more_than_two_follow_ups_and_never_the_same_one_twice(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", "Tuples are immutable.")
    asked: list[FollowUpTarget] = []
    while (target := plan_follow_up(q, "Tuples are immutable.", result, asked)) is not None:
        assert target not in asked
        asked.append(target)
    assert len(asked) == MAX_FOLLOW_UPS


def test_a_behavioral_answer_missing_its_result_is_asked_for_it(bank: Bank) -> None:
    answer = "At my last job I was responsible for a PDF export. I built it after reading the docs."
    q, result = _score(bank, "sample-beh-learned-new-library", answer)
    assert q.category == Category.behavioral
    star_result = FollowUpTarget(TargetKind.star, "result")
    assert plan_follow_up(q, answer, result, []) == star_result
    words = OfflineInterviewer(seed=1).say(FollowUp(q, star_result, answer, result))
    assert "result" in words.lower()


def test_the_question_is_asked_word_for_word(bank: Bank) -> None:
    q = bank.get("sample-list-vs-tuple")
    assert q.prompt in OfflineInterviewer(seed=3).say(Ask(q, 1, 3))


def test_wording_depends_on_style_and_is_repeatable_for_a_seed() -> None:
    cue = Greeting("Python", 3, "Ada")
    friendly = OfflineInterviewer(style="friendly", seed=7).say(cue)
    demanding = OfflineInterviewer(style="demanding", seed=7).say(cue)
    assert friendly != demanding
    assert friendly == OfflineInterviewer(style="friendly", seed=7).say(cue)
    assert "Ada" in friendly and "3" in friendly


def test_an_empty_answer_is_met_with_a_request_to_answer_or_skip(bank: Bank) -> None:
    words = OfflineInterviewer().say(AskAgain(bank.get("sample-list-vs-tuple"), "empty"))
    assert "skip" in words.lower()


def test_the_wrap_up_reports_answers_and_average() -> None:
    words = OfflineInterviewer().say(WrapUp(answered=3, skipped=1, average=64.2))
    assert "3 question" in words and "skipped 1" in words and "64/100" in words


def test_the_wrap_up_counts_in_words_not_with_a_bracketed_plural() -> None:
    assert "You answered 1 question." in OfflineInterviewer().say(WrapUp(1, 0, 70.0))
    assert "You answered 4 questions and skipped 1." in OfflineInterviewer().say(WrapUp(4, 1, 70.0))


def test_a_follow_up_target_keeps_the_stored_form_the_history_already_holds() -> None:
    for stored in ("point:tuples are hashable", "star:result", "short"):
        assert str(FollowUpTarget.parse(stored)) == stored
    assert FollowUpTarget.parse("point:a: b").detail == "a: b"


# ------------------------------------------------------------------- follow-ups a person would ask

JOINS = Question(
    id="t-joins",
    track="sample",
    category=Category.technical,
    difficulty=1,
    prompt="What is the difference between an INNER JOIN and a LEFT JOIN?",
    key_points=[
        "an inner join returns only rows that have a match in both tables",
        "a left join returns every row from the left table, with NULLs where nothing matches",
        "a left join filtered on a NULL right key finds rows with no match",
    ],
    model_answer="An inner join keeps matching rows only; a left join keeps every left row.",
    follow_ups=[
        "What does a FULL OUTER JOIN return?",
        {"text": "A customer has no orders: do they show up in an inner join?", "probes": [1]},
        {"text": "How would you count orders per customer, zero included?", "probes": [1, 2]},
        {"text": "What happens to customers without orders in a left join?", "probes": [2]},
        {"text": "How would you list the customers who never ordered?", "probes": [3]},
    ],
)
INNER_ONLY = "An inner join keeps only the rows that match on both sides."


def _joins(answer: str) -> ScoreResult:
    """A score that found the first key point and missed the other two (what the interviewer
    does with it is under test here, not the scorer)."""
    result = scorer.score(JOINS, bank_rubric(), answer)
    points = [kp.text for kp in JOINS.key_points]
    return replace(result, found_points=(points[0],), missing_points=tuple(points[1:]))


def bank_rubric():
    from interviewsim.bank import DEFAULT_DATA_DIR, load_bank

    return load_bank(DEFAULT_DATA_DIR).rubric_for(Category.technical)


def test_the_authored_follow_up_that_probes_the_first_missed_point_is_asked() -> None:
    result = _joins(INNER_ONLY)
    target = plan_follow_up(JOINS, INNER_ONLY, result, [])
    assert target == FollowUpTarget(TargetKind.point, JOINS.key_points[1].text)
    words = OfflineInterviewer(seed=4).say(FollowUp(JOINS, target, INNER_ONLY, result))
    # probes [2] only: the one probing [1, 2] would ask about a point the answer already made
    assert "What happens to customers without orders in a left join?" in words
    assert "count orders per customer" not in words


def test_a_follow_up_is_never_one_already_asked_or_about_a_point_already_probed() -> None:
    result = _joins(INNER_ONLY)
    first = plan_follow_up(JOINS, INNER_ONLY, result, [])
    assert first is not None
    said = [OfflineInterviewer(seed=4).say(FollowUp(JOINS, first, INNER_ONLY, result))]
    second = plan_follow_up(JOINS, INNER_ONLY, result, [first], said=said)
    assert second == FollowUpTarget(TargetKind.point, JOINS.key_points[2].text)
    words = OfflineInterviewer(seed=4).say(FollowUp(JOINS, second, INNER_ONLY, result))
    assert "How would you list the customers who never ordered?" in words


def test_without_a_fitting_authored_follow_up_a_question_is_written_from_the_key_point(
    bank: Bank,
) -> None:
    q, result = _score(bank, "sample-index", "An index speeds up lookups, usually a B-tree.")
    point = "writes get slower because the index must be updated"
    assert point in result.missing_points
    target = FollowUpTarget(TargetKind.point, point)
    said = {
        OfflineInterviewer(style=s, seed=n).say(FollowUp(q, target, "", result))
        for s in ("friendly", "neutral", "demanding")
        for n in range(3)
    }
    for words in said:
        assert words.endswith("?") and "“" not in words and '"' not in words
        assert point not in words and "slower" not in words  # asks about it, never says it
        assert "writes" in words  # ... about the idea the point is about
    again = OfflineInterviewer(seed=1).say(FollowUp(q, target, "", result))
    assert again == OfflineInterviewer(seed=1).say(FollowUp(q, target, "", result))


def test_no_follow_up_quotes_a_list_of_keywords(bank: Bank) -> None:
    for q in bank.filter(track="sample"):
        for point in q.key_points:
            result = scorer.score(q, bank.rubric_for(q.category), "I am not sure.")
            target = FollowUpTarget(TargetKind.point, point.text)
            for style in ("friendly", "neutral", "demanding"):
                words = OfflineInterviewer(style=style).say(FollowUp(q, target, "", result))
                assert "“" not in words and '"' not in words
                assert not re.search(r"\b\w+, \w+, \w+\b", words), words


# ------------------------------------------------------------------------ reacting to what was said


def test_not_sure_is_offered_a_hint_or_moving_on_and_no_follow_up_on_content(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", "Sorry, I'm not sure.")
    target = plan_follow_up(q, "Sorry, I'm not sure.", result, [])
    assert target == FollowUpTarget(TargetKind.offer)
    for style in ("friendly", "neutral", "demanding"):
        words = OfflineInterviewer(style=style, seed=2).say(FollowUp(q, target, "", result))
        assert "hint" in words.lower() and "skip" in words.lower()
        assert not re.search(r"\b(good|great|nice|like where)\b", words, re.I)


def test_a_hint_is_given_only_when_asked_and_never_twice_and_it_counts_as_a_follow_up(
    bank: Bank,
) -> None:
    q, result = _score(bank, "sample-index", "I don't know.")
    offer = plan_follow_up(q, "I don't know.", result, [])
    hint = plan_follow_up(q, "I don't know.", result, [offer], latest="hint")
    assert offer == FollowUpTarget(TargetKind.offer) and hint is not None
    assert hint.kind is TargetKind.hint
    words = OfflineInterviewer(seed=3).say(FollowUp(q, hint, "", result))
    assert q.key_points[0].text not in words  # a nudge, not the point itself
    # the limit is reached: another "hint", or anything else, moves on, saying why
    assert plan_follow_up(q, "I don't know.", result, [offer, hint], latest="hint") is None
    moving_on = OfflineInterviewer(seed=3).say(Acknowledge(q, result, Reply.hint))
    assert "help" in moving_on  # not a bare "Okay. Next."
    # "yes" takes the hint only when one was offered
    assert plan_follow_up(q, "", result, [offer], latest="yes please") == hint
    assert plan_follow_up(q, "", result, [offer], latest="no thanks") is None


def test_a_hint_asked_for_after_a_follow_up_is_about_another_missed_point(bank: Bank) -> None:
    answer = "An index is a separate structure."
    q, result = _score(bank, "sample-index", answer)
    follow_up = plan_follow_up(q, answer, result, [])
    assert follow_up is not None and follow_up.kind is TargetKind.point
    hint = plan_follow_up(q, answer, result, [follow_up], latest="Could I have a hint?")
    assert hint is not None and hint.kind is TargetKind.hint
    assert hint.detail != follow_up.detail and hint.detail in result.missing_points
    asked = probe_for(q, follow_up, result, answer).text
    nudge = probe_for(q, hint, result, answer, asked=[follow_up], said=[asked]).text
    assert asked.rstrip("?").lower() not in nudge.lower()


def test_a_request_to_repeat_gets_the_question_in_other_words(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", "Can you repeat the question?")
    target = plan_follow_up(q, "Can you repeat the question?", result, [])
    assert target == FollowUpTarget(TargetKind.repeat)
    words = OfflineInterviewer(seed=1).say(FollowUp(q, target, "", result))
    assert q.prompt not in words
    assert "How do a list and a tuple in Python differ?" in words


def test_a_design_how_to_prompt_is_reworded_as_a_question_that_reads_as_english() -> None:
    from interviewsim.interviewer.rephrase import in_other_words

    prompt = "Design how to keep the full change history of customer records."
    words, _ = in_other_words(prompt)
    assert words.startswith("How would you keep the full change history of customer records")
    assert "build how to" not in words


def test_a_request_to_repeat_is_honoured_once_even_when_the_follow_ups_are_used_up(
    bank: Bank,
) -> None:
    q, result = _score(bank, "sample-index", "I don't know.")
    offer = FollowUpTarget(TargetKind.offer)
    hint = plan_follow_up(q, "I don't know.", result, [offer], latest="hint")
    assert hint is not None
    again = "Could you repeat the question?"
    repeat = plan_follow_up(q, "I don't know.", result, [offer, hint], latest=again)
    assert repeat == FollowUpTarget(TargetKind.repeat)  # not "Okay. Next."
    assert plan_follow_up(q, "I don't know.", result, [offer, hint, repeat], latest=again) is None


def test_a_request_after_an_answer_is_read_as_the_request_not_as_the_answer_so_far(
    bank: Bank,
) -> None:
    # The score so far has the first answer's points in it: the request's own words decide.
    answer = "An index makes writes faster because nothing else needs updating."
    q, result = _score(bank, "sample-index", answer)
    assert result.contradicted_points
    challenge = plan_follow_up(q, answer, result, [])
    assert challenge is not None and challenge.kind is TargetKind.challenge
    again = "Could you repeat the question?"
    assert plan_follow_up(q, answer, result, [challenge], latest=again) == FollowUpTarget(
        TargetKind.repeat
    )


def test_a_contradicted_point_is_challenged_with_the_candidates_own_words(bank: Bank) -> None:
    answer = "An index makes writes faster because nothing else needs updating."
    q, result = _score(bank, "sample-index", answer)
    point = "writes get slower because the index must be updated"
    assert result.contradicted_points == (point,)
    target = plan_follow_up(q, answer, result, [])
    assert target == FollowUpTarget(TargetKind.challenge, point)
    words = OfflineInterviewer(style="neutral", seed=1).say(FollowUp(q, target, answer, result))
    assert words.startswith("Are you sure an index makes writes faster?")
    assert words.rstrip().endswith("?") and "slower" not in words


def test_a_challenge_quotes_the_claim_not_the_words_that_introduce_it(bank: Bank) -> None:
    # in the browser: "Are you sure you had that wrong: *args collects the keyword arguments ...?"
    answer = "Sorry, I had that wrong: an index makes writes faster because nothing needs updating."
    q, result = _score(bank, "sample-index", answer)
    target = plan_follow_up(q, answer, result, [])
    assert target is not None and target.kind is TargetKind.challenge
    words = OfflineInterviewer(style="neutral", seed=1).say(FollowUp(q, target, answer, result))
    assert words.startswith("Are you sure an index makes writes faster?"), words


def test_a_challenge_quotes_the_clause_about_the_points_own_subject() -> None:
    said = (
        "*args is for keyword arguments and collects them into a dict, and **kwargs collects "
        "the positional arguments into a list."
    )
    point = "**kwargs collects extra keyword arguments into a dict"
    assert challenge_clause(said, point) == "**kwargs collects the positional arguments into a list"
    # a clause that only names the subject is not the claim, but the claim is said of it
    mutex = "A mutex, unlike a semaphore, lets many threads in at once."
    assert challenge_clause(mutex, "a mutex lets one thread in at a time") == (
        "a mutex, unlike a semaphore, lets many threads in at once"
    )


def test_a_challenge_on_a_condition_quotes_the_claim_that_follows_it() -> None:
    # "Are you sure when you define __eq__?" questioned a condition, not what was said of it.
    said = "When you define __eq__, Python keeps the default __hash__ so objects stay hashable."
    point = "defining __eq__ sets __hash__ to None, making instances unhashable"
    assert challenge_clause(said, point) == (
        "that when you define __eq__, Python keeps the default __hash__"
    )


@pytest.mark.parametrize(
    ("said", "point", "challenge"),
    [
        (  # "Are you sure which is the most recently used entry?"
            "On put you pop the heap's root, which is the most recently used entry.",
            "evict the least recently used entry",
            "on put you pop the heap's root, which is the most recently used entry",
        ),
        (  # "Are you sure whereas SIGTERM cannot be caught ...?"
            "SIGKILL can be handled, whereas SIGTERM cannot be caught and ends the process.",
            "SIGTERM can be caught so the process can shut down cleanly",
            "SIGTERM cannot be caught and ends the process",
        ),
        (  # "Are you sure penalises the absolute values ...?"
            "L2, the lasso, penalises the absolute values of the weights.",
            "L1 penalises the absolute values of the weights",
            "L2, the lasso, penalises the absolute values of the weights",
        ),
        (  # "Are you sure naN === NaN is true ...?"
            "NaN === NaN is true, which is why you can use it to test for NaN.",
            "NaN is not equal to itself, so use Number.isNaN",
            "NaN === NaN is true, which is why you can use it to test for NaN",
        ),
    ],
)
def test_a_challenge_repeats_a_whole_claim_in_the_candidates_words(
    said: str, point: str, challenge: str
) -> None:
    assert challenge_clause(said, point) == challenge


def test_a_jumbled_answer_is_not_challenged_with_its_own_jumbled_words(bank: Bank) -> None:
    # Quoted back, the words of a word salad read as nonsense ("Are you sure still changes are
    # /orders PUT or is means ...?"): such an answer states nothing to be questioned.
    answer = "An index makes writes faster because nothing else needs updating."
    q, result = _score(bank, "sample-index", answer)
    jumbled = replace(result, flags=[*result.flags, "word salad"])
    target = plan_follow_up(q, answer, jumbled, [])
    assert target is not None and target.kind is not TargetKind.challenge


def test_an_answer_to_another_question_is_named_and_the_question_asked_again(bank: Bank) -> None:
    q = bank.get("sample-list-vs-tuple")
    answer = bank.get("sample-index").model_answer
    result = HeuristicScorer(bank=bank).score(q, bank.rubric_for(q.category), answer)
    target = plan_follow_up(q, answer, result, [])
    assert target is not None and target.kind is TargetKind.other
    words = OfflineInterviewer(seed=2).say(FollowUp(q, target, answer, result))
    assert "different question" in words or "another question" in words
    assert "What is a database index" in words and "list and a tuple" in words


def test_praise_only_follows_an_answer_that_earned_it(bank: Bank) -> None:
    praise = re.compile(r"\b(good|great|nice|helpful|like where|solid)\b", re.I)
    q = bank.get("sample-list-vs-tuple")
    weak = scorer.score(q, bank.rubric_for(q.category), "Lists hold things.")
    strong = scorer.score(q, bank.rubric_for(q.category), q.model_answer)
    assert weak.overall < 60 <= strong.overall
    target = FollowUpTarget(TargetKind.point, q.key_points[1].text)
    praised = set()
    for style in ("friendly", "neutral", "demanding"):
        for seed in range(6):
            after_weak = [
                OfflineInterviewer(style=style, seed=seed).say(FollowUp(q, target, "", weak)),
                OfflineInterviewer(style=style, seed=seed).say(Acknowledge(q, weak)),
            ]
            assert not any(praise.search(w) for w in after_weak), after_weak
            words = OfflineInterviewer(style=style, seed=seed).say(Acknowledge(q, strong))
            praised.add(bool(praise.search(words)))
    assert True in praised  # an answer that earned it can be praised


def test_the_wrap_up_follows_the_scores() -> None:
    for style in ("friendly", "neutral", "demanding"):
        low = OfflineInterviewer(style=style).say(WrapUp(answered=3, skipped=0, average=26))
        assert not re.search(r"\b(well|great|good|solid|strong)\b", low, re.I), low
    high = OfflineInterviewer(style="friendly").say(WrapUp(answered=3, skipped=0, average=88))
    assert "did really well" in high


def test_a_person_is_greeted_by_name_only_when_they_gave_one() -> None:
    for style in ("friendly", "neutral", "demanding"):
        for seed in range(4):
            for nobody in ("Guest", "default", "", "user-4821", "ada@example.com"):
                words = OfflineInterviewer(style=style, seed=seed).say(Greeting("SQL", 3, nobody))
                assert nobody.lower() not in words.lower() or not nobody
                assert not re.search(r"\b(guest|default)\b|, \.|^\.", words, re.I), words
            named = OfflineInterviewer(style=style, seed=seed).say(Greeting("SQL", 3, "Ada"))
            assert "Ada" in named


# ---------------------------------------------------------------------------- stories (STAR)

STORY = (
    "As the lead on the payments team, I noticed that checkout errors had doubled. I rolled back "
    "the release, wrote a test for the bug and shared a short review with the team. Support "
    "tickets fell by thirty percent within two weeks."
)


def test_story_parts_are_read_from_numbers_in_words_and_roles() -> None:
    parts = story_parts(STORY)
    assert {"task", "action", "result"} <= set(parts)
    assert "task" in story_parts("I was the on-call engineer that night.")
    assert "result" in story_parts("It saved us two weeks of manual work.")
    assert "action" not in story_parts("We fixed it together and it went well.")


def test_no_star_prompt_asks_for_a_part_the_story_already_has(bank: Bank) -> None:
    q = bank.get("sample-beh-learned-new-library")
    result = scorer.score(q, bank.rubric_for(q.category), STORY)
    # whatever the scorer missed, the interviewer does not ask for what was told
    told = ScoreResult(
        result.overall,
        result.criteria,
        result.found_points,
        result.missing_points,
        star_missing=("situation", "task", "action", "result"),
    )
    asked: list[FollowUpTarget] = []
    while (target := plan_follow_up(q, STORY, told, asked)) is not None:
        asked.append(target)
    assert FollowUpTarget(TargetKind.star, "result") not in asked
    assert FollowUpTarget(TargetKind.star, "task") not in asked
    assert FollowUpTarget(TargetKind.star, "action") not in asked
    assert FollowUpTarget(TargetKind.point, "states a measurable result") not in asked


def test_a_hedged_answer_is_an_answer_and_a_bare_i_dont_know_is_not(bank: Bank) -> None:
    from interviewsim.interviewer.replies import read_reply

    q = bank.get("sample-index")
    hedged = "I'm not sure, but I think an index speeds up lookups because it avoids a scan."
    result = scorer.score(q, bank.rubric_for(q.category), hedged)
    assert read_reply(hedged, result) is Reply.answer
    for reply in ("Sorry, I'm not sure.", "I don't know", "No idea, sorry.", "idk"):
        assert read_reply(reply) is Reply.dont_know, reply
    assert read_reply("Can you repeat the question?") is Reply.repeat
    assert read_reply("Could I have a hint, please?") is Reply.hint
    assert read_reply("yes please") is Reply.answer  # "yes" takes a hint only once offered
    assert read_reply("yes please", offered=True) is Reply.hint


@pytest.mark.parametrize(
    ("reply", "offered", "asked"),
    [
        ("Um, can I get a hint?", False, Reply.hint),
        ("Uh... hint please", False, Reply.hint),
        ("Hmm, okay, let's move on.", False, Reply.move_on),
        ("Er, could you repeat the question?", False, Reply.repeat),
        ("Um, yes please", True, Reply.hint),
        ("Well, no thanks", True, Reply.move_on),
    ],
)
def test_a_request_that_opens_with_a_filler_is_still_a_request(
    reply: str, offered: bool, asked: Reply
) -> None:
    from interviewsim.interviewer.replies import read_reply

    assert read_reply(reply, offered=offered) is asked


def test_a_filler_before_an_answer_leaves_it_an_answer() -> None:
    from interviewsim.interviewer.replies import read_reply

    assert (
        read_reply("Um, a hint of the answer is that an index avoids a full scan.") is Reply.answer
    )
    assert read_reply("Well, next I would add an index on the foreign key.") is Reply.answer
