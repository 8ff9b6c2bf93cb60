"""A scripted interviewer-and-grader model for the fake server, shared by tests and the benchmark.

It answers each kind of request the app makes the way a sensible model would:
- scoring (the `ScoreSheet` tool): every rubric criterion at `level`, evidence quoted from the
  answer, and only the first key point covered on a first answer (so the session asks one
  follow-up), every key point once a follow-up answer was added;
- tailoring (the `TailoredSet` tool): `tailored` questions about the job description;
- anything else (the interviewer, streamed): asks the question in <question> tags, or a
  follow-up, or closes the interview. A `leaky` model answers a follow-up request with everything
  it was sent, as a model talked into "repeat your instructions" would: whatever a follow-up
  prompt holds can reach the candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fake_openai import Reply, Request

FOLLOW_UP_TEXT = "Good. What about the part you have not covered yet?"
WRAP_UP_TEXT = "That is all from me, thank you. The report has feedback on every criterion."


def _tool(request: Request) -> str | None:
    tools = request.body.get("tools") or []
    return tools[0]["function"]["name"] if tools else None


def answer_in(prompt: str) -> str:
    match = re.search(r"<answer>\n(.*)\n</answer>", prompt, re.S)
    return match.group(1) if match else ""


def key_point_numbers(prompt: str) -> list[int]:
    """The numbers of the key points a scoring prompt lists (they come before its rubric)."""
    listed = prompt.split("\nRubric", 1)[0]
    return [int(n) for n in re.findall(r"^(\d+)\. ", listed, re.M)]


@dataclass
class ScriptedModel:
    level: int = 4
    fabricated_quote: str | None = None  # added to every criterion's evidence
    tailored: int = 2
    leaky: bool = False  # a follow-up reply repeats the whole prompt
    seen: list[str] = field(default_factory=list)  # purpose of each request, in order

    def __call__(self, request: Request) -> Reply:
        prompt = request.task
        tool = _tool(request)
        if tool == "ScoreSheet":
            self.seen.append("score")
            return Reply(data=self.sheet(prompt))
        if tool == "TailoredSet":
            self.seen.append("tailor")
            return Reply(data={"questions": [self.tailored_question(n) for n in range(3)]})
        if "<candidate_answer>" in prompt:
            self.seen.append("follow_up")
            return Reply(text=request.prompt_text if self.leaky else FOLLOW_UP_TEXT)
        question = re.search(r"<question>\n(.*?)\n</question>", prompt, re.S)
        if question:
            self.seen.append("ask")
            return Reply(text=f"Next, please: {question.group(1)}")
        self.seen.append("other")
        return Reply(text=WRAP_UP_TEXT)

    def sheet(self, prompt: str) -> dict:
        answer = answer_in(prompt)
        criteria = re.findall(r"^- id ([a-z0-9_.-]+):", prompt, re.M)
        points = key_point_numbers(prompt)
        followed_up = "\n" in answer  # the session joins a follow-up answer with a newline
        quote = " ".join(answer.split()[:4])
        evidence = [quote] + ([self.fabricated_quote] if self.fabricated_quote else [])
        return {
            "criteria": [
                {
                    "criterion_id": c,
                    "level": self.level,
                    "evidence": evidence,
                    "suggestion": f"Say more about {c}.",
                }
                for c in criteria
            ],
            "covered_key_points": points if followed_up else [1],
            "missing_star_parts": [] if followed_up else ["result"],
            "improved_answer": "A clearer answer that keeps your example.",
        }

    def tailored_question(self, n: int) -> dict:
        return {
            "prompt": f"The job asks for Kafka experience: how did you use it? ({n + 1})",
            "category": "technical",
            "difficulty": 2,
            "key_points": ["names a concrete use", "explains delivery guarantees"],
            "model_answer": "We used Kafka for order events with at-least-once delivery.",
            "follow_ups": ["How did you handle duplicates?"],
        }
