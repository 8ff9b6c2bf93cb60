"""The projector demo: one question answered three ways (strong, partial, confidently wrong, all
written by us, in `data/demo/projector.yaml`), scored live so a class sees how the scores, the
evidence and the follow-ups differ.

It never touches anyone's history: answers are scored with the scorer directly, and nothing is
written to the store. The offline scorer and interviewer are used, so the demo is the same on every
run and needs no network; an instructor can also type an answer of their own for the class.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, Question
from interviewsim.interviewer import FollowUp, OfflineInterviewer, plan_follow_up
from interviewsim.profiles import Owner
from interviewsim.roles import Roles
from interviewsim.scoring import HeuristicScorer, Scorer
from interviewsim.scoring.base import ScoreResult
from interviewsim.text import truncate

DEMO_SCRIPT = DEFAULT_DATA_DIR / "demo" / "projector.yaml"
DEMO_SEED = 14
MAX_DEMO_ANSWER = 3000


@dataclass(frozen=True)
class ScriptedAnswer:
    label: str
    note: str
    text: str


@dataclass(frozen=True)
class DemoScript:
    question_id: str
    answers: tuple[ScriptedAnswer, ...]


@dataclass(frozen=True)
class DemoRun:
    """One answer as the class sees it: its score, what it covered and missed, the follow-up."""

    label: str
    note: str
    answer: str
    result: ScoreResult
    follow_up: str | None  # what the interviewer would ask next; None: it would move on


@cache
def load_script(path: Path = DEMO_SCRIPT) -> DemoScript:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return DemoScript(
        str(data["question"]),
        tuple(
            ScriptedAnswer(str(a["label"]), str(a.get("note") or ""), str(a["text"]).strip())
            for a in data["answers"]
        ),
    )


class ProjectorDemo:
    def __init__(self, bank: Bank, roles: Roles, scorer: Scorer | None = None):
        self.bank = bank
        self.roles = roles
        self.scorer = scorer or HeuristicScorer()

    def question(self) -> Question:
        return self.bank.get(load_script().question_id)

    def run(self, owner: Owner) -> list[DemoRun]:
        """The scripted answers, each scored and followed up (nothing is stored)."""
        self.roles.require(owner, "run the projector demo")
        return [self._score(a.label, a.note, a.text) for a in load_script().answers]

    def try_answer(self, owner: Owner, answer: str) -> DemoRun:
        """An answer typed in front of the class, scored the same way (nothing is stored)."""
        self.roles.require(owner, "run the projector demo")
        text, _ = truncate(answer.strip(), MAX_DEMO_ANSWER)
        return self._score("Your answer", "Typed in class; not saved anywhere.", text)

    def _score(self, label: str, note: str, text: str) -> DemoRun:
        question = self.question()
        result = self.scorer.score(question, self.bank.rubric_for(question.category), text)
        target = plan_follow_up(question, text, result, [])
        follow_up = None
        if target is not None:
            interviewer = OfflineInterviewer(style="neutral", seed=DEMO_SEED)
            follow_up = interviewer.say(FollowUp(question, target, text, result))
        return DemoRun(label, note, text, result, follow_up)
