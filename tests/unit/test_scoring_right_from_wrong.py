"""The offline scorer knows right from wrong (issue 10): a claim stated the other way round is
contradicted, not covered; word salad, keyword lists and answers to another question stay below an
honest partial answer; a correct answer in plain words passes; suggestions read as a coach's."""

from __future__ import annotations

import random

import pytest

from interviewsim.bank import Bank, Category, KeyPoint, Question
from interviewsim.scoring import HeuristicScorer, bands, guards, subjects
from interviewsim.scoring.batch import score_rows

from .test_scoring import INDEX_Q, PARTIAL

scorer = HeuristicScorer()


def score(bank: Bank, question: Question, answer: str, with_bank: bool = False):
    used = HeuristicScorer(bank=bank) if with_bank else scorer
    return used.score(question, bank.rubric_for(question.category), answer)


def question(prompt: str, *points: str, model: str = "") -> Question:
    return Question(
        id="t-claims",
        track="adhoc",
        category=Category.technical,
        difficulty=2,
        prompt=prompt,
        key_points=tuple(KeyPoint(text=p) for p in points),
        model_answer=model or " ".join(f"{p[0].upper()}{p[1:]}." for p in points),
    )


NEGATED = (
    "An index does not speed up lookups. It is usually a B-tree kept sorted by the indexed "
    "columns. Writes get slower because the index must be updated, and it uses extra storage."
)


def test_a_negated_key_point_is_reported_as_contradicted_with_its_quote(bank: Bank) -> None:
    result = score(bank, INDEX_Q, NEGATED)
    assert result.contradicted_points == ("an index speeds up lookups",)
    assert "an index speeds up lookups" not in result.found_points
    coverage = result.criteria[0]
    assert (
        "Contradicts: an index speeds up lookups — “An index does not speed up lookups.”"
        in coverage.evidence
    )
    assert "contradicts a key point" in result.flags


def test_a_contradicted_point_keeps_the_answer_below_the_line(bank: Bank) -> None:
    honest = score(bank, INDEX_Q, NEGATED.replace("does not speed", "speeds"))
    assert honest.overall >= 80
    assert score(bank, INDEX_Q, NEGATED).overall < bands.LINE


@pytest.mark.parametrize(
    ("point", "wrong", "right"),
    [
        (
            "corn syrup is denser than water",
            "The corn syrup is less dense than the water.",
            "Corn syrup is more dense than water.",
        ),
        (
            "a table can have only one clustered index",
            "A table can have as many clustered indexes as it likes.",
            "Any table can have just one clustered index.",
        ),
        (
            "Kahn's algorithm removes a node with zero in-degree",
            "Kahn's algorithm removes the node with the highest in-degree.",
            "Kahn's algorithm repeatedly removes a node whose in-degree is zero.",
        ),
        (
            "WHERE filters rows before grouping",
            "WHERE filters the rows after grouping.",
            "WHERE filters rows before any grouping happens.",
        ),
        (
            "the parent process waits for the child",
            "The child process waits for the parent.",
            "The parent process waits for its child.",
        ),
        (
            "terminal 3 is separated from the positive terminal by a gap",
            "Terminal 2 is separated from the positive terminal by a gap.",
            "A gap separates terminal 3 from the positive terminal.",
        ),
        (
            "do not declare components inside render",
            "Defining components inside render is the recommended way to keep them private.",
            "Never define your components inside render.",
        ),
        (
            "do not use is to compare numbers or strings",
            "For numbers and strings you should prefer is when you compare them.",
            "Never use is to compare numbers or strings.",
        ),
    ],
    ids=[
        "comparative",
        "quantity",
        "zero vs highest",
        "before/after",
        "swapped roles",
        "name",
        "a synonym under a negation",
        "advice to prefer what the point says not to use",
    ],
)
def test_opposites_flipped_quantities_swapped_roles_and_wrong_names_contradict(
    bank: Bank, point: str, wrong: str, right: str
) -> None:
    q = question("Explain it.", point)
    assert score(bank, q, wrong).contradicted_points == (point,)
    stated = score(bank, q, right)
    assert stated.contradicted_points == () and stated.found_points == (point,)


def test_a_passive_and_a_double_negative_state_the_point_the_right_way_round(bank: Bank) -> None:
    q = question("Explain it.", "the scheduler calls the worker", "the path is open")
    result = score(bank, q, "The worker is called by the scheduler. There is no closed path.")
    assert result.contradicted_points == ()
    assert set(result.found_points) == {"the scheduler calls the worker", "the path is open"}


@pytest.mark.parametrize(
    ("point", "stated", "denied"),
    [
        (
            "a closed path contains bulb B",
            "Bulb B is contained in a closed path.",
            "Bulb B is not contained in a closed path.",
        ),
        (
            "if bulb A burns out, there is no longer a closed path containing B, C and the battery",
            "If bulb A burns out, B and C are no longer contained in a closed path with the battery.",
            "Bulbs B and C are still contained in closed paths with the battery.",
        ),
    ],
)
def test_being_contained_in_something_is_that_thing_containing_it(
    bank: Bank, point: str, stated: str, denied: str
) -> None:
    q = question("Explain it.", point)
    right = score(bank, q, stated)
    assert right.contradicted_points == () and right.found_points == (point,)
    assert score(bank, q, denied).contradicted_points == (point,)


def test_shuffled_reference_keyword_list_and_other_question_score_below_a_partial_answer(
    bank: Bank,
) -> None:
    asked = bank.get("sql-left-vs-inner-join")
    other = bank.get("sql-where-vs-having")
    partial = (
        "An inner join returns only the rows that have a match in both tables, while a left join "
        "keeps every row from the left table and fills the missing right columns with NULL."
    )
    words = asked.model_answer.split()
    random.Random(7).shuffle(words)
    keywords = "inner join left join matching rows NULL right table ON clause WHERE anti-join"
    partial_score = score(bank, asked, partial, with_bank=True).overall
    assert partial_score >= 40
    shuffled = score(bank, asked, " ".join(words), with_bank=True)
    listed = score(bank, asked, keywords, with_bank=True)
    elsewhere = score(bank, asked, other.model_answer, with_bank=True)
    assert "word salad" in shuffled.flags and shuffled.overall < partial_score
    assert "keyword list" in listed.flags and listed.overall < partial_score
    assert "answers another question" in elsewhere.flags and elsewhere.overall < partial_score
    assert any(other.prompt in e for e in elsewhere.criteria[0].evidence)


def test_without_sibling_questions_the_other_question_check_stays_off(bank: Bank) -> None:
    asked = bank.get("sql-left-vs-inner-join")
    other = bank.get("sql-where-vs-having")
    assert "answers another question" not in score(bank, asked, other.model_answer).flags


def test_no_model_answer_in_the_bank_reads_as_an_answer_to_another_question(
    bank: Bank,
) -> None:
    checker = HeuristicScorer(bank=bank)
    flagged = [
        q.id
        for q in bank.questions
        if "answers another question"
        in checker.score(q, bank.rubric_for(q.category), q.model_answer).flags
    ]
    assert flagged == []


def test_a_correct_answer_in_plain_words_scores_at_least_60(bank: Bank) -> None:
    plain = (
        "Think of the index at the back of a book: instead of reading every page to find a "
        "topic, you look it up and jump straight to the right page, so finding rows gets much "
        "quicker. It is normally a tree kept in sorted order by the columns you picked. The price "
        "is that every insert or change has to fix up that list too, so saving data takes longer, "
        "and the list itself takes room on disk."
    )
    result = score(bank, INDEX_Q, plain)
    assert result.overall >= bands.LINE
    assert result.contradicted_points == () and result.flags == ()


def test_turning_up_is_increasing(bank: Bank) -> None:
    q = question("What happens to the volume?", "the volume increases")
    assert score(bank, q, "The volume turns up.").found_points == ("the volume increases",)
    assert score(bank, q, "The volume goes down.").contradicted_points == ("the volume increases",)


def test_sentences_that_differ_only_in_a_name_or_symbol_are_not_repetition(bank: Bank) -> None:
    q = question(
        "Which bulbs stay lit, and how do you stop the service?",
        "bulbs A and C stay lit",
        "send SIGTERM first and SIGKILL only if it does not exit",
    )
    for answer in (
        "Bulb A stays lit. Bulb C stays lit.",
        "Send SIGTERM to the process first. Send SIGKILL to the process only if it hangs.",
        "Lookups are O(1) on average. Lookups are O(n) in the worst case.",
    ):
        assert "repeats itself" not in score(bank, q, answer).flags


def test_scoring_stays_deterministic(bank: Bank) -> None:
    asked = bank.get("sql-left-vs-inner-join")
    answers = [NEGATED, PARTIAL, asked.model_answer, bank.get("sql-where-vs-having").model_answer]
    first = [score(bank, asked, a, with_bank=True) for a in answers]
    again = [
        HeuristicScorer(bank=bank).score(asked, bank.rubric_for(asked.category), a) for a in answers
    ]
    assert first == again
    assert [score(bank, INDEX_Q, a) for a in answers] == [score(bank, INDEX_Q, a) for a in answers]


def test_suggestions_are_sentences_about_the_missing_point(bank: Bank) -> None:
    result = score(bank, INDEX_Q, PARTIAL)
    suggestions = result.criteria[0].suggestions
    assert suggestions and all(s[0].isupper() and s.endswith(".") for s in suggestions)
    assert any("the index must be updated" in s for s in suggestions)
    assert not any(s.startswith("Say explicitly") for s in suggestions)
    contradicted = score(bank, INDEX_Q, NEGATED).criteria[0].suggestions
    assert contradicted[0] == (
        "Check this: you said “An index does not speed up lookups.”, but an index speeds up "
        "lookups."
    )


def test_no_canned_line_for_what_the_answer_already_does(bank: Bank) -> None:
    with_example = PARTIAL + " For example, an index on users.email makes a login query fast."
    depth = next(
        c for c in score(bank, INDEX_Q, with_example).criteria if c.criterion_id == "depth"
    )
    assert not any("example" in s.lower() for s in depth.suggestions)


def test_an_answer_stating_any_one_of_several_accepted_references_passes(bank: Bank) -> None:
    row = {
        "question": "Why was the bulb off?",
        "reference_answer": "the bulb is not in a closed path || there is a gap in the circuit",
        "answer": "Because there is a gap in the circuit.",
    }
    alone = {**row, "reference_answer": "the bulb is not in a closed path"}
    both, first = (next(score_rows([r], scorer, bank))["overall"] for r in (row, alone))
    assert both > first and both >= bands.LINE


def test_score_bands_and_the_line_are_explained() -> None:
    assert [bands.band_for(s).name for s in (100, 80, 79, 60, 59, 40, 39, 0)] == [
        "strong",
        "strong",
        "accepted",
        "accepted",
        "not yet",
        "not yet",
        "needs work",
        "needs work",
    ]
    assert "60 is the line" in bands.LINE_EXPLANATION
    assert "offline" in bands.scorer_label("heuristic")
    assert "offline" not in bands.scorer_label("llm")


def test_in_a_comparison_a_sentence_about_one_side_says_nothing_of_the_other(bank: Bank) -> None:
    q = question(
        "What is the difference between WHERE and HAVING?",
        "WHERE filters individual rows before grouping",
        "HAVING filters groups after aggregation",
    )
    result = score(bank, q, "HAVING filters individual rows before grouping.")
    assert "WHERE filters individual rows before grouping" not in result.found_points
    # it says of HAVING what is true of WHERE (roles swapped), and "before" where HAVING's is "after"
    assert set(result.contradicted_points) == {p.text for p in q.key_points}
    both = score(bank, q, "WHERE filters rows before grouping; HAVING filters groups after it.")
    assert set(both.found_points) == set(p.text for p in q.key_points)


def test_two_names_with_their_roles_swapped_contradict_both_points(bank: Bank) -> None:
    asked = bank.get("py-args-kwargs")
    swapped = score(
        bank,
        asked,
        "*args collects the keyword arguments into a dictionary and **kwargs collects the extra "
        "positional arguments into a list. The stars do nothing special at the call site, and you "
        "can only use them in methods.",
        with_bank=True,
    )
    assert swapped.overall < bands.LINE
    assert set(swapped.contradicted_points) == {p.text for p in asked.key_points[:2]}
    right = score(
        bank,
        asked,
        "*args collects the extra positional arguments into a tuple and **kwargs collects the "
        "extra keyword arguments into a dict. In a call, a star unpacks a list into positional "
        "arguments and a double star unpacks a dict into keyword arguments.",
        with_bank=True,
    )
    assert right.overall >= bands.LINE and right.contradicted_points == ()


def test_an_and_that_starts_a_statement_about_the_other_thing_ends_the_clause(bank: Bank) -> None:
    q = question(
        "What do ping and traceroute show?",
        "ping measures the round trip time to one host",
        "traceroute lists every router on the path",
    )
    swapped = "Traceroute measures the round trip time to one host and ping lists every router."
    assert set(score(bank, q, swapped).contradicted_points) == {p.text for p in q.key_points}
    both = "Ping measures the round trip time to one host and traceroute lists every router."
    assert set(score(bank, q, both).found_points) == {p.text for p in q.key_points}


def test_sentence_openings_moved_into_the_middle_of_a_sentence_read_as_word_salad() -> None:
    prose = (
        "Every value goes into a hash set as the scan reaches it. Each new value is checked "
        "against the set first. Any value already there is a duplicate. With n values this "
        "costs O(n) time and O(n) memory. Sorting a copy needs less memory. Equal values then "
        "sit side by side."
    )
    assert not guards.is_word_salad(prose)
    for seed in range(4):
        words = prose.split()
        random.Random(seed).shuffle(words)
        assert guards.is_word_salad(" ".join(words))


def test_opposite_words_that_trade_places_across_a_one_way_relation_contradict(
    bank: Bank,
) -> None:
    point = "union by rank attaches the smaller tree under the larger"
    q = question("Explain union by rank.", point)
    wrong = score(bank, q, "Union by rank attaches the larger tree under the smaller one.")
    assert wrong.contradicted_points == (point,)
    for right in (
        "Union by rank attaches the smaller tree under the larger one.",
        "Union by rank puts the larger tree above the smaller one.",
    ):
        assert score(bank, q, right).contradicted_points == ()


def test_a_list_of_three_things_in_the_question_sets_them_side_by_side() -> None:
    assert subjects.contrasted("Why do we split data into training, validation and test sets?") == (
        frozenset({"training"}),
        frozenset({"validation"}),
        frozenset({"test"}),
    )
    assert subjects.contrasted("How do you read, review and merge a pull request?") == ()


def test_when_to_reach_for_one_thing_and_when_for_another_sets_them_side_by_side() -> None:
    flexbox, grid = subjects.contrasted("When do you reach for flexbox and when for CSS grid?")
    assert flexbox == {"flexbox"} and "grid" in grid
    asks_again = "When do you use mocks and other test doubles, and when do they make tests worse?"
    assert subjects.contrasted(asks_again) == ()
    should = subjects.contrasted("When should you use a list and when should you use a tuple?")
    assert should == (frozenset({"list"}), frozenset({"tuple"}))
    assert subjects.contrasted("When would you use a list and when a tuple?") == (
        frozenset({"list"}),
        frozenset({"tuple"}),
    )


def test_a_version_number_in_a_compared_name_keeps_the_name_whole() -> None:
    oauth, oidc = subjects.contrasted("Explain OAuth 2.0 and OpenID Connect. Which flow is best?")
    assert "oauth" in oauth and "openid" in oidc


def test_what_both_compared_things_do_said_of_each_in_its_own_words_is_not_swapped(
    bank: Bank,
) -> None:
    q = question(
        "When do you reach for flexbox and when for CSS grid?",
        "flexbox is one dimensional, laying items out in a row or a column",
        "grid is two dimensional, controlling rows and columns together",
    )
    for right in (
        "Flexbox works in one dimension, a row or a column; grid handles two dimensions, laying "
        "items out in rows and columns at once.",
        "Grid is two-dimensional and lays items out in rows and columns together. Flexbox is "
        "one-dimensional: a row or a column.",
        "Grid is the two-dimensional one: it controls rows and columns together. Flexbox is "
        "one-dimensional, laying items along a single row or a single column.",
    ):
        assert score(bank, q, right).contradicted_points == (), right


def test_the_names_the_question_gives_do_not_cover_what_the_point_claims_of_them(
    bank: Bank,
) -> None:
    q = question(
        "Explain why you got a voltage reading of 0 for terminal 1 and terminal 4.",
        "terminals 1 and 4 are connected",
    )
    assert score(bank, q, "Terminal 1 is connected to terminal 4.").overall >= 60
    separate = score(bank, q, "Terminal 1 is separate from terminal 4.")
    assert separate.overall < 60 and separate.contradicted_points == (q.key_points[0].text,)
    named_only = score(bank, q, "It is about terminal 1 and terminal 4.")
    assert named_only.overall < 60 and named_only.found_points == ()


def test_an_opposite_word_said_of_another_thing_does_not_contradict(bank: Bank) -> None:
    point = KeyPoint(
        text="use grouped folds for related rows",
        alternatives=("keep the same customer in one fold",),
    )
    q = question("What is k-fold cross-validation, and why use it?", point.text)
    q = q.model_copy(update={"key_points": (point,)})
    other_thing = score(
        bank, q, "You train k times, each time holding out a different fold for validation."
    )
    assert other_thing.contradicted_points == ()


def test_a_participle_before_or_after_its_noun_says_the_same(bank: Bank) -> None:
    q = question("What is event delegation?", "dynamically added items work without new listeners")
    right = score(
        bank, q, "It automatically works for items added after the listener was attached."
    )
    assert right.contradicted_points == ()
    # a noun ending like a participle is not one: the sides are still swapped
    forks = question("What does fork do?", "the parent process forks children")
    swapped = score(bank, forks, "The children fork the parent process.")
    assert swapped.contradicted_points == (forks.key_points[0].text,)


@pytest.mark.parametrize(
    ("point", "right", "wrong"),
    [
        (
            "the same key always maps to the same bucket",
            "A key never maps to a different bucket.",
            "A key can map to a different bucket each time.",
        ),
        (
            "use the same fixed random seed for every run",
            "Never use a different seed from one run to the next.",
            "Use a different seed for every run.",
        ),
    ],
)
def test_an_opposite_word_said_of_the_same_thing_still_counts(
    bank: Bank, point: str, right: str, wrong: str
) -> None:
    q = question("What makes the result repeatable?", point)
    assert score(bank, q, right).contradicted_points == ()
    assert score(bank, q, wrong).contradicted_points == (point,)


@pytest.mark.parametrize(
    ("point", "right", "wrong"),
    [
        (
            "objects that compare equal must have equal hashes",
            "Two objects that compare equal must also have equal hashes.",
            "Objects that compare equal should have different hashes.",
        ),
        (
            "the same key always maps to the same bucket",
            "The same key always ends up in the same bucket.",
            "The same key can map to a different bucket each time.",
        ),
    ],
)
def test_a_word_the_point_says_twice_kept_in_one_place_and_reversed_in_the_other_contradicts(
    bank: Bank, point: str, right: str, wrong: str
) -> None:
    q = question("What rule must the two follow?", point)
    assert score(bank, q, right).contradicted_points == ()
    assert score(bank, q, wrong).contradicted_points == (point,)


def test_roles_swapped_between_three_things_of_a_list_contradict(bank: Bank) -> None:
    q = question(
        "Why do teams keep development, staging and production environments apart?",
        "development is where engineers try changes freely",
        "staging runs the release candidate for a final check",
        "production serves real users",
    )
    swapped = score(
        bank,
        q,
        "Staging is where engineers try changes freely. Development runs the release candidate "
        "for a final check, and production serves real users.",
    )
    assert set(q.key_points[i].text for i in (0, 1)) <= set(swapped.contradicted_points)
    right = score(
        bank,
        q,
        "Development is where engineers try changes freely. Staging runs the release candidate "
        "for a final check, and production serves real users.",
    )
    assert right.contradicted_points == ()
    assert set(right.found_points) == {p.text for p in q.key_points}


def test_a_clause_that_goes_on_about_the_same_thing_counts_with_it_for_swapped_roles(
    bank: Bank,
) -> None:
    q = question(
        "What is the difference between a fuse and a circuit breaker?",
        "a fuse melts under too much current and must be replaced",
        "a circuit breaker trips without melting and can be reset",
    )
    swapped = score(
        bank,
        q,
        "The circuit breaker is the one that melts and must be replaced when the current is too "
        "much, and a fuse just trips so you reset it.",
    )
    assert q.key_points[0].text in swapped.contradicted_points
    right = score(
        bank,
        q,
        "The fuse is the one that melts and must be replaced when the current is too much, and a "
        "circuit breaker just trips so you reset it.",
    )
    assert right.contradicted_points == ()


def test_things_compared_are_named_by_their_other_forms_too(bank: Bank) -> None:
    q = question(
        "What is the difference between sanding and sealing a wooden floor?",
        "sanding removes the worn top layer of the wood",
        "sealing coats the bare wood against water",
    )
    swapped = (
        "You seal it to remove the worn top layer of the wood, then sand to coat it against water."
    )
    assert set(score(bank, q, swapped).contradicted_points) == {p.text for p in q.key_points}
    right = "You sand to remove the worn top layer of the wood, then seal to coat the bare wood against water."
    assert set(score(bank, q, right).found_points) == {p.text for p in q.key_points}
    assert subjects.names_of("having") == frozenset({"having"})  # never "have"


def test_a_thing_named_by_a_word_and_its_kind_keeps_the_word(bank: Bank) -> None:
    q = question(
        "What is the difference between kiln drying and air drying timber?",
        "kiln drying uses heated chambers and takes days",
        "air drying stacks the boards outdoors and takes months",
    )
    swapped = "Air drying uses heated chambers and takes days, and kiln drying stacks the boards outdoors for months."
    assert set(score(bank, q, swapped).contradicted_points) == {p.text for p in q.key_points}


def test_a_doubled_function_word_among_other_breaks_reads_as_word_salad() -> None:
    # a shuffle that happens to break word order in only one check of seven, as a careful
    # sentence can; but "the the" and "to to" come with it
    shuffled = (
        "the page cache keeps recently read blocks in memory so to a second read of the same "
        "file is served from to to RAM and the the disk is not touched again; writes land in "
        "the cache first and the kernel flushes them later, which is why a sync matters"
    )
    share, checked = guards.salad_share(shuffled)
    assert guards.SALAD_SHARE > share >= guards.SALAD_SHARE_DOUBLED and checked >= 8
    assert guards.is_word_salad(shuffled)
    # one "the the" in prose that reads in order is a typo, not salad
    typo = (
        "The page cache keeps recently read blocks in memory, so a second read of the same file "
        "is served from RAM and the the disk is not touched again."
    )
    assert not guards.is_word_salad(typo)


def test_an_answer_that_states_no_key_point_in_full_stays_below_the_line_and_says_why(
    bank: Bank,
) -> None:
    # found in the browser: every point ✗, and yet "Accepted · 60/100"
    asked = bank.get("py-args-kwargs")
    pieces = score(
        bank,
        asked,
        "The single star is for keyword arguments: *args gathers them into a dict, and **kwargs "
        "gathers the positional ones into a list. In a call the stars do nothing, they only "
        "matter in the definition.",
        with_bank=True,
    )
    assert pieces.found_points == ()
    assert pieces.overall < bands.LINE
    assert "covers no key point in full" in pieces.flags
    assert any("none of the key points in full" in e for e in pieces.criteria[0].evidence)
    one = score(bank, asked, "*args collects the extra positional arguments into a tuple.")
    assert "covers no key point in full" not in one.flags


@pytest.mark.parametrize(
    "right",
    [
        "Objects that compare equal must have equal hashes.",
        "If two objects compare equal, their hashes must be equal too.",
        "Equal hashes must follow for objects that compare equal.",
    ],
)
def test_a_rule_stated_with_its_two_sides_exchanged_is_its_converse_not_the_rule(
    bank: Bank, right: str
) -> None:
    point = "objects that compare equal must have equal hashes"
    q = question("What is the contract between __eq__ and __hash__?", point)
    converse = score(bank, q, "Objects with equal hashes must compare equal.")
    assert converse.contradicted_points == (point,)
    stated = score(bank, q, right)
    assert stated.contradicted_points == () and stated.found_points == (point,)
