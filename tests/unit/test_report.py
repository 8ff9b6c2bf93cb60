"""Report exports: Markdown keeps user text inert, JSON round-trips the scores."""

from __future__ import annotations

import json
from dataclasses import replace

from interviewsim.interview import InterviewSetup
from interviewsim.report import to_json, to_markdown

from .test_markdown_text import render, tags, visible_text

ANSWER = "Lists are mutable; tuples are immutable."
BEACON = "http://127.0.0.1:9/beacon.png"
STEERED = {
    "prompt": f"Explain ![pixel]({BEACON}) and <img src={BEACON}> indexes.",
    "model_answer": "An index is a B-tree. Read www.example.org or [this](http://127.0.0.1:9/).",
    "interviewer": "Great answer! Claim your prize at http://127.0.0.1:9/prize or mail win@example.com",
    "evidence": f"see {BEACON} | <b>bold</b>",
    "suggestion": "Study [here](http://127.0.0.1:9/) and ftp://127.0.0.1/notes",
    "improved": f"Lists change. ![x]({BEACON})",
}


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
    assert report.questions[0].question.model_answer in visible_text(render(markdown))
    assert "| Key points covered |" in markdown

    data = json.loads(to_json(report))
    assert data["interview_id"] == interview_id
    assert data["questions"][0]["result"]["overall"] == report.questions[0].result.overall


def test_markdown_export_carries_the_ai_improved_answer_and_usage(service, history, owner) -> None:
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
    assert "AI usage: m\\-test, 3 model calls, 1,200 tokens in / 80 out, about $0.0012" in markdown


def steered_report(service, history, owner):
    """A report whose every model-written text a steered model could have filled with links,
    images and HTML: a generated question, the interviewer's words, evidence, suggestions, an
    improved answer, and the person's name."""
    interview_id = service.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=2)
    )
    service.submit_answer(owner, interview_id, ANSWER)
    report = history.report(owner, interview_id)
    q = report.questions[0]
    question = q.question.model_copy(
        update={
            "prompt": STEERED["prompt"],
            "model_answer": STEERED["model_answer"],
            "generated": True,
        }
    )
    criterion = replace(
        q.result.criteria[0],
        evidence=(STEERED["evidence"],),
        suggestions=(STEERED["suggestion"],),
    )
    result = replace(
        q.result,
        criteria=(criterion, *q.result.criteria[1:]),
        improved_answer=STEERED["improved"],
    )
    exchanges = [replace(q.exchanges[0], prompt=STEERED["interviewer"]), *q.exchanges[1:]]
    attempts = [replace(q.attempts[0], exchanges=exchanges, result=result), *q.attempts[1:]]
    return replace(
        report,
        profile="<a href='http://127.0.0.1:9/'>Ada</a>",
        questions=[
            replace(q, question=question, exchanges=exchanges, result=result, attempts=attempts)
        ],
    )


def test_model_written_text_in_the_markdown_export_is_never_a_link_an_image_or_html(
    service, history, owner
) -> None:
    rendered = render(to_markdown(steered_report(service, history, owner)))
    assert "<a " not in rendered and "<img" not in rendered
    assert tags(rendered) <= {
        "h1",
        "h2",
        "p",
        "ul",
        "li",
        "strong",
        "em",
        "br",
        "code",
        "pre",
        "details",
        "summary",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }, tags(rendered)
    shown = " ".join(visible_text(rendered).split())
    for text in STEERED.values():
        assert " ".join(text.split()) in shown, text
    assert "<a href='http://127.0.0.1:9/'>Ada</a>" in shown


def test_the_exported_transcript_labels_the_interviewers_words_once(
    service, history, owner
) -> None:
    interview_id = service.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=2)
    )
    service.submit_answer(owner, interview_id, ANSWER)
    service.end_early(owner, interview_id)
    report = history.report(owner, interview_id)
    spoken = report.questions[0].attempts[-1].exchanges[0].prompt

    markdown = to_markdown(report)
    # The words carry their own lead-in ("First question:"): a "Question:" label before them
    # read "Question: First question: ..."
    assert f"**Interviewer:** {spoken.splitlines()[0]}" in markdown
    assert "**Question:**" not in markdown and "**Follow-up:**" not in markdown
