"""A whole interview on the LLM path: the real client, streaming, follow-ups, usage, tailoring."""

from __future__ import annotations

import json
from collections.abc import Iterator

from interviewsim.bootstrap import App
from interviewsim.interviewer import FollowUp
from interviewsim.interviewer.llm import cue_messages
from interviewsim.states import FollowUpTarget, TargetKind
from interviewsim.testing.fake_openai import FakeOpenAI, Reply
from interviewsim.testing.scripted import FOLLOW_UP_TEXT, WRAP_UP_TEXT, ScriptedModel

from .conftest import ada, finish, start

ANSWER = "Lists are mutable and tuples are immutable, so tuples can be dictionary keys."


class Collector:
    """Stands in for st.write_stream: records each piece as it arrives."""

    def __init__(self) -> None:
        self.replies: list[list[str]] = []

    def __call__(self, chunks: Iterator[str]) -> str:
        pieces = list(chunks)
        self.replies.append(pieces)
        return "".join(pieces)


def test_a_whole_llm_interview_asks_bank_questions_follows_up_and_wraps_up(
    llm_app: App, llm_env: FakeOpenAI, scripted: ScriptedModel
) -> None:
    interview_id = start(llm_app, questions=2)
    finish(llm_app, interview_id, ANSWER)

    view = llm_app.interviews.view(ada(llm_app), interview_id)
    said = [m.content for m in view.messages if m.role == "interviewer"]
    report = llm_app.history.report(ada(llm_app), interview_id)
    assert report.status == "completed" and report.scorer == "llm" and report.interviewer == "llm"
    for q in report.questions:  # each bank question asked as written (the model kept it)
        assert any(q.question.prompt in s for s in said)
        assert [e.kind for e in q.exchanges] == ["main", "follow_up"]  # one follow-up each
    assert said.count(FOLLOW_UP_TEXT) == 2
    assert said[-1] == WRAP_UP_TEXT
    assert not [m for m in view.messages if m.role == "notice"]
    first, second = ["score", "follow_up", "score"], ["score", "follow_up", "score"]
    assert scripted.seen == ["ask", *first, "ask", *second, "other"]  # "other": the wrap-up


def test_the_interviewers_words_stream_in_pieces_and_what_was_shown_is_saved(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    interview_id = start(llm_app, questions=1)
    collector = Collector()
    llm_app.interviews.submit_answer(ada(llm_app), interview_id, ANSWER, speak=collector)
    assert collector.replies and len(collector.replies[-1]) > 3  # word by word, not one block
    assert llm_env.requests[-1].streamed
    saved = [
        m.content
        for m in llm_app.interviews.view(ada(llm_app), interview_id).messages
        if m.role == "interviewer"
    ]
    assert saved[-1] == "".join(collector.replies[-1])


def test_a_model_that_replaces_the_bank_question_has_it_appended_word_for_word(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    llm_env.script(Reply(text="Tell me about your favourite holiday."))
    interview_id = start(llm_app, questions=1)
    asked = llm_app.interviews.view(ada(llm_app), interview_id).messages[-1].content
    question = llm_app.history.report(ada(llm_app), interview_id).questions[0].question
    assert asked.startswith("Tell me about your favourite holiday.")
    assert asked.endswith(question.prompt)


def test_every_turn_costs_at_most_two_model_calls_and_usage_is_stored_per_turn(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    interview_id = start(llm_app, questions=2)
    finish(llm_app, interview_id, ANSWER)
    usage = llm_app.history.report(ada(llm_app), interview_id).usage
    answers = [s for s in usage["steps"] if s["step"] == "answer"]
    assert len(answers) == 4 and all(s["calls"] <= 2 for s in answers)
    assert usage["calls"] == len(llm_env.requests)
    assert usage["input_tokens"] == sum(s["input_tokens"] for s in usage["steps"]) > 0
    assert usage["output_tokens"] > 0 and usage["model"] == "fake-model"
    assert usage["cost_usd"] is None  # a local server's price is unknown


def test_the_follow_up_prompt_carries_the_chosen_follow_up_and_stays_the_same_size(
    llm_app: App, llm_env: FakeOpenAI, bank
) -> None:
    interview_id = start(llm_app, questions=2)
    finish(llm_app, interview_id, ANSWER)
    follow_ups = [r for r in llm_env.requests if "<candidate_answer>" in r.task]
    # The first uncovered key point ("tuples are hashable ...") is asked about through the bank's
    # own follow-up on it; the point itself is not in the prompt.
    authored = bank.get("sample-list-vs-tuple").follow_up_texts[0]
    assert f"<follow_up>\n{authored}\n</follow_up>" in follow_ups[0].task
    assert "tuples are hashable" not in follow_ups[0].task
    # Only the current question's exchange is sent: later prompts do not carry earlier ones.
    assert "list and a tuple" not in follow_ups[-1].task


def test_a_long_answer_is_cut_to_its_latest_part_in_the_follow_up_prompt(bank) -> None:
    question = bank.get("sample-list-vs-tuple")
    from interviewsim.scoring import HeuristicScorer

    result = HeuristicScorer().score(question, bank.rubric_for(question.category), "x")
    long_answer = "start " + "word " * 5000 + "finish"
    messages = cue_messages(
        "neutral", FollowUp(question, FollowUpTarget(TargetKind.short), long_answer, result)
    )
    assert len(messages[1][1]) < 3000
    assert "finish" in messages[1][1] and "start" not in messages[1][1]


def test_a_job_description_adds_tailored_questions_marked_as_generated(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    interview_id = start(
        llm_app,
        questions=3,
        kind="mixed",
        job_description="Backend engineer: Kafka, Postgres, Python.",
    )
    tailor = next(r for r in llm_env.requests if "<job_description>" in r.task)
    assert "Kafka, Postgres" in tailor.task
    finish(llm_app, interview_id, ANSWER)
    report = llm_app.history.report(ada(llm_app), interview_id)
    generated = [q for q in report.questions if q.question.generated]
    assert len(report.questions) == 3 and len(generated) == 1
    assert "Kafka" in generated[0].question.prompt
    assert generated[0].reason.startswith("Written for this interview")
    messages = llm_app.interviews.view(ada(llm_app), interview_id).messages
    assert any(m.meta.get("generated") for m in messages if m.role == "interviewer")


def test_tailoring_without_a_provider_says_it_needs_one(app: App) -> None:
    interview_id = start(app, questions=2, job_description="Kafka")
    notices = [
        m.content
        for m in app.interviews.view(ada(app), interview_id).messages
        if m.role == "notice"
    ]
    assert any("need an AI provider" in n for n in notices)


def test_the_report_json_carries_usage_and_the_improved_answer(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    from interviewsim.report import to_json

    interview_id = start(llm_app, questions=1)
    finish(llm_app, interview_id, ANSWER)
    data = json.loads(to_json(llm_app.history.report(ada(llm_app), interview_id)))
    assert data["usage"]["calls"] >= 3
    assert data["questions"][0]["result"]["improved_answer"].startswith("A clearer answer")


def test_a_model_interviewer_replies_word_by_word(llm_app) -> None:
    assert llm_app.interviews.backend.replies_stream is True
