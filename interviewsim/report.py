"""One interview's report: per-question scores, rubric levels, evidence and suggestions, attempts
compared; its Markdown and JSON exports."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from interviewsim.bank import Question
from interviewsim.coaching import AttemptChange, compare_attempts
from interviewsim.insights import Insights
from interviewsim.markdown_text import escape, fence
from interviewsim.scoring.base import ScoreResult
from interviewsim.store.models import Interview, Turn


@dataclass(frozen=True)
class Exchange:
    kind: str  # main | follow_up
    prompt: str
    answer: str | None
    skipped: bool
    time_taken_s: float | None
    truncated: bool = False
    attempt: int = 1
    duration_s: float | None = None  # a spoken answer's recording length
    insights: Insights | None = None  # how it was said (answers given before 0008 have none)


@dataclass(frozen=True)
class Attempt:
    """One go at a question: its main turn and follow-ups, and the score they earned together."""

    number: int
    exchanges: list[Exchange]
    result: ScoreResult | None  # None: skipped (or not answered yet)

    @property
    def answer(self) -> str:
        """What was said in this attempt, the follow-up answers included."""
        return "\n".join(e.answer for e in self.exchanges if e.answer)

    @property
    def time_taken_s(self) -> float:
        return sum(e.time_taken_s or 0 for e in self.exchanges if not e.skipped)


@dataclass(frozen=True)
class EarlierAnswer:
    """The last time the question was answered in an earlier interview (its final attempt)."""

    interview_id: int
    started_at: datetime
    answer: str
    result: ScoreResult


@dataclass(frozen=True)
class QuestionReport:
    index: int
    question: Question
    reason: str
    exchanges: list[Exchange]  # every attempt's, in order
    result: ScoreResult | None  # the final score, over the answer and any follow-up answers
    attempts: list[Attempt] = field(default_factory=list)
    earlier: EarlierAnswer | None = None

    @property
    def skipped(self) -> bool:
        return self.result is None

    @property
    def standing(self) -> Attempt | None:
        """The attempt that holds the question's score: the latest one scored."""
        return next((a for a in reversed(self.attempts) if a.result is not None), None)

    @property
    def time_taken_s(self) -> float:
        """Time spent on the attempt that holds the score (as Progress counts it)."""
        if self.standing is not None:
            return self.standing.time_taken_s
        return sum(e.time_taken_s or 0 for e in self.exchanges if not e.skipped)

    @property
    def total_time_s(self) -> float:
        """Time spent on every attempt."""
        return sum(e.time_taken_s or 0 for e in self.exchanges if not e.skipped)

    @property
    def comparison(self) -> list[AttemptChange]:
        """The attempts side by side: score, change, key points, what was newly covered or lost."""
        return compare_attempts([a.result for a in self.attempts])


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
    coach: bool = False

    @property
    def answered(self) -> list[QuestionReport]:
        return [q for q in self.questions if q.result is not None]


def _attempts(turns: list[Turn]) -> list[Attempt]:
    by_number: dict[int, list[Turn]] = {}
    for turn in turns:
        by_number.setdefault(turn.attempt or 1, []).append(turn)
    attempts = []
    for number, its_turns in sorted(by_number.items()):
        scored = [t.result for t in its_turns if t.result]
        result = ScoreResult.from_dict(scored[-1]) if scored else None
        attempts.append(Attempt(number, [_exchange(t) for t in its_turns], result))
    return attempts


def _exchange(t: Turn) -> Exchange:
    return Exchange(
        t.kind,
        t.prompt_text,
        t.answer,
        t.skipped,
        t.time_taken_s,
        t.answer_truncated,
        t.attempt,
        t.duration_s,
        Insights.from_stored(t.insights) if t.insights else None,
    )


def build_report(
    interview: Interview, earlier: Mapping[str, EarlierAnswer] | None = None
) -> InterviewReport:
    """Build from an interview loaded with its turns and their scores; `earlier` holds, per
    question id, its last answer in an earlier interview (for the comparison)."""
    by_index: dict[int, list[Turn]] = {}
    for turn in interview.turns:
        by_index.setdefault(turn.question_index, []).append(turn)
    questions = []
    for index, turns in sorted(by_index.items()):
        attempts = _attempts(turns)
        standing = next((a for a in reversed(attempts) if a.result is not None), None)
        question = Question.model_validate(turns[0].question)
        questions.append(
            QuestionReport(
                index=index,
                question=question,
                reason=interview.plan[index].get("reason", "")
                if index < len(interview.plan)
                else "",
                exchanges=[_exchange(t) for t in turns],
                result=standing.result if standing else None,
                attempts=attempts,
                earlier=(earlier or {}).get(question.id),
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
        coach=bool(interview.coach),
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
        several = len(q.attempts) > 1
        for attempt in q.attempts:
            if several:
                score = f"{attempt.result.overall}/100" if attempt.result else "not scored"
                lines += [f"### Attempt {attempt.number} · {score}", ""]
            lines += _exchange_lines(attempt.exchanges)
        if several or q.earlier:
            lines += _comparison_lines(q)
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


# The interviewer's words carry their own lead-in ("First question:", "A follow-up:"), so the
# transcript names who spoke rather than what kind of turn it was.
SPEAKER = "Interviewer"


def _exchange_lines(exchanges: list[Exchange]) -> list[str]:
    lines: list[str] = []
    for e in exchanges:
        lines += [f"**{SPEAKER}:** {escape(e.prompt)}", ""]
        if e.skipped:
            lines += ["*(skipped)*", ""]
        elif e.answer is not None:
            taken = f" ({e.time_taken_s:.0f} s)" if e.time_taken_s is not None else ""
            spoken = f", spoken for {e.duration_s:.0f} s" if e.duration_s else ""
            lines += [f"**Answer{taken}{spoken}:**", "", fence(e.answer), ""]
            if e.insights is not None:
                # The lines quote the answer's own words: escaped like any text a person typed.
                said = [f"- {escape(s, one_line=True)}" for s in e.insights.summary()]
                lines += ["*How it was said:*", "", *said, ""]
    return lines


def _cell(text: str) -> str:
    """Bank or model text (a generated question's key points) in a table cell, shown as written."""
    return escape(text, in_table=True)


def _comparison_lines(q: QuestionReport) -> list[str]:
    lines = ["**Attempts compared**", ""]
    if q.earlier:
        lines += [
            f"Earlier, in interview #{q.earlier.interview_id} "
            f"({q.earlier.started_at:%Y-%m-%d}): {q.earlier.result.overall}/100",
            "",
        ]
    lines += [
        "| Attempt | Score | Change | Key points | Newly covered | Lost |",
        "|---|---|---|---|---|---|",
    ]
    for c in q.comparison:
        score = f"{c.overall}/100 ({c.band})" if c.overall is not None else "skipped"
        change = f"{c.change:+d}" if c.change is not None else "-"
        points = "<br>".join(f"{p.symbol} {_cell(p.text)}" for p in c.points) or "-"
        newly = "<br>".join(_cell(p) for p in c.newly_covered) or "-"
        lost = "<br>".join(_cell(p) for p in c.lost) or "-"
        lines.append(f"| {c.number} | {score} | {change} | {points} | {newly} | {lost} |")
    return [*lines, ""]


def to_json(report: InterviewReport) -> str:
    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json")
        if hasattr(value, "__dataclass_fields__"):
            fields = {k: encode(getattr(value, k)) for k in value.__dataclass_fields__}
            if isinstance(value, QuestionReport) and len(value.attempts) > 1:
                fields["comparison"] = encode(value.comparison)
            return fields
        if isinstance(value, StrEnum):
            return str(value)
        if isinstance(value, list | tuple):
            return [encode(v) for v in value]
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        return value

    return json.dumps(encode(report), indent=2, ensure_ascii=False)
