"""Report exports: Markdown keeps user text inert, JSON round-trips the scores."""

from __future__ import annotations

import json

from interviewsim.interview import InterviewSetup
from interviewsim.report import to_json, to_markdown


def test_markdown_and_json_exports_hold_answers_scores_and_model_answers(
    service, history, owner
) -> None:
    interview_id = service.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=2)
    )
    service.submit_answer(
        owner, interview_id, "Lists are mutable; <b>tuples</b> are **immutable**."
    )
    service.end_early(owner, interview_id)
    report = history.report(owner, interview_id)

    markdown = to_markdown(report)
    assert "```text\nLists are mutable; <b>tuples</b> are **immutable**.\n```" in markdown
    assert report.questions[0].question.model_answer in markdown
    assert "| Key points covered |" in markdown

    data = json.loads(to_json(report))
    assert data["interview_id"] == interview_id
    assert data["questions"][0]["result"]["overall"] == report.questions[0].result.overall


def test_markdown_export_carries_the_ai_improved_answer_and_usage(service, history, owner) -> None:
    from dataclasses import replace

    interview_id = service.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=2)
    )
    service.submit_answer(owner, interview_id, "Lists are mutable; tuples are immutable.")
    report = history.report(owner, interview_id)
    question = report.questions[0]
    improved = replace(question.result, improved_answer="Lists change; tuples never do. <b>")
    report = replace(
        report,
        questions=[replace(question, result=improved)],
        usage={
            "model": "m-test",
            "calls": 3,
            "input_tokens": 1200,
            "output_tokens": 80,
            "cost_usd": 0.0012,
        },
    )
    markdown = to_markdown(report)
    assert "**An improved answer (AI):**" in markdown
    assert "```text\nLists change; tuples never do. <b>\n```" in markdown
    assert "AI usage: m-test, 3 model calls, 1,200 tokens in / 80 out, about $0.0012" in markdown
