"""One interview's report: per-question scores, rubric levels, evidence and suggestions; exports."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from interviewsim.bank import Question
from interviewsim.markdown_text import escape, fence
from interviewsim.scoring.base import ScoreResult
from interviewsim.store.models import Interview


@dataclass(frozen=True)
class Exchange:
    kind: str  # main | follow_up
    prompt: str
    answer: str | None
    skipped: bool
    time_taken_s: float | None
    truncated: bool = False


@dataclass(frozen=True)
class QuestionReport:
    index: int
    question: Question
    reason: str
    exchanges: list[Exchange]
    result: ScoreResult | None  # the final score, over the answer and any follow-up answers

    @property
    def skipped(self) -> bool:
        return self.result is None

    @property
    def time_taken_s(self) -> float:
        return sum(e.time_taken_s or 0 for e in self.exchanges if not e.skipped)


@dataclass(frozen=True)
class InterviewReport:
    interview_id: int
    profile: str
    track: str
    interview_type: str
    difficulty: int
    style: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    overall: float | None
    interviewer: str
    scorer: str
    questions: list[QuestionReport]
    usage: dict[str, Any] = field(default_factory=dict)

    @property
    def answered(self) -> list[QuestionReport]:
        return [q for q in self.questions if q.result is not None]


def build_report(interview: Interview) -> InterviewReport:
    """Build from an interview loaded with its turns and their scores."""
    by_index: dict[int, list] = {}
    for turn in interview.turns:
        by_index.setdefault(turn.question_index, []).append(turn)
    questions = []
    for index, turns in sorted(by_index.items()):
        scored = [t for t in turns if t.result]
        questions.append(
            QuestionReport(
                index=index,
                question=Question.model_validate(turns[0].question),
                reason=interview.plan[index].get("reason", "")
                if index < len(interview.plan)
                else "",
                exchanges=[
                    Exchange(
                        t.kind,
                        t.prompt_text,
                        t.answer,
                        t.skipped,
                        t.time_taken_s,
                        t.answer_truncated,
                    )
                    for t in turns
                ],
                result=ScoreResult.from_dict(scored[-1].result) if scored else None,
            )
        )
    return InterviewReport(
        interview_id=interview.id,
        profile=interview.profile.name,
        track=interview.track,
        interview_type=interview.interview_type,
        difficulty=interview.difficulty,
        style=interview.style,
        status=interview.status,
        started_at=interview.started_at,
        finished_at=interview.finished_at,
        overall=interview.overall,
        interviewer=interview.interviewer,
        scorer=interview.scorer,
        questions=questions,
        usage=dict(interview.usage or {}),
    )


def _usage_lines(usage: dict[str, Any]) -> list[str]:
    if not usage.get("calls"):
        return []
    cost = usage.get("cost_usd")
    return [
        f"- AI usage: {escape(str(usage.get('model', '?')), one_line=True)}, {usage['calls']} model calls, "
        f"{usage.get('input_tokens', 0):,} tokens in / {usage.get('output_tokens', 0):,} out"
        + (f", about ${cost:.4f}" if cost is not None else "")
    ]


def to_markdown(report: InterviewReport) -> str:
    """The report as Markdown. Every text a person typed or a model wrote is fenced or escaped
    (`markdown_text`): no HTML, image or link in it comes alive in any Markdown viewer."""

    def line(text: str) -> str:
        return escape(text, one_line=True)

    lines = [
        f"# Interview report #{report.interview_id}",
        "",
        f"- Profile: {line(report.profile)}",
        f"- Track: {line(report.track)} ({line(report.interview_type.replace('_', ' '))}), "
        f"interviewer style: {line(report.style)}",
        f"- Started: {report.started_at:%Y-%m-%d %H:%M} UTC; status: {report.status}",
        f"- Overall: {report.overall:.0f}/100" if report.overall is not None else "- Overall: -",
        *_usage_lines(report.usage),
        "",
    ]
    for q in report.questions:
        lines += [f"## Q{q.index + 1}. {line(q.question.prompt)}", ""]
        for e in q.exchanges:
            label = "Follow-up" if e.kind == "follow_up" else "Question"
            lines += [f"**{label}:** {escape(e.prompt)}", ""]
            if e.skipped:
                lines += ["*(skipped)*", ""]
            elif e.answer is not None:
                taken = f" ({e.time_taken_s:.0f} s)" if e.time_taken_s is not None else ""
                lines += [f"**Answer{taken}:**", "", fence(e.answer), ""]
        if q.result is None:
            lines += ["Not scored (skipped).", ""]
            continue
        lines += [
            f"**Score: {q.result.overall}/100**",
            "",
            "| Criterion | Level | Evidence |",
            "|---|---|---|",
        ]
        for c in q.result.criteria:
            evidence = "<br>".join(escape(e, in_table=True) for e in c.evidence) or "-"
            lines.append(f"| {escape(c.name, in_table=True)} | {c.level}/5 | {evidence} |")
        suggestions = [s for c in q.result.criteria for s in c.suggestions]
        if suggestions:
            lines += ["", "**Suggestions:**", *[f"- {line(s)}" for s in dict.fromkeys(suggestions)]]
        if q.result.improved_answer:
            lines += ["", "**An improved answer (AI):**", "", fence(q.result.improved_answer)]
        lines += [
            "",
            "<details><summary>Model answer</summary>",
            "",
            escape(q.question.model_answer),
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)


def to_json(report: InterviewReport) -> str:
    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json")
        if hasattr(value, "__dataclass_fields__"):
            return {k: encode(getattr(value, k)) for k in value.__dataclass_fields__}
        if isinstance(value, list | tuple):
            return [encode(v) for v in value]
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        return value

    return json.dumps(encode(report), indent=2, ensure_ascii=False)
