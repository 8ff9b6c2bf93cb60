"""The LLM backend: the model words the interview, scores the answers and writes tailored questions.

Every failure falls back to the offline wording or the heuristic scorer with a notice (see
`interviewer.llm` and `scoring.llm`), so declaring these capabilities never risks an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewsim.backends import Backend, Capabilities
from interviewsim.interviewer import Interviewer
from interviewsim.interviewer.llm import LLMInterviewer, tailor_questions
from interviewsim.llm.client import ChatClient
from interviewsim.scoring import Scorer
from interviewsim.scoring.llm import LLMScorer
from interviewsim.tailoring import Tailoring, TailorRequest


@dataclass
class LLMBackend(Backend):
    client: ChatClient | None = None
    name: str = field(default="llm", init=False)
    capabilities: Capabilities = field(
        default=Capabilities(can_stream=True, can_tailor=True), init=False
    )

    @classmethod
    def for_client(cls, client: ChatClient, fallback: Scorer | None = None) -> LLMBackend:
        return cls(scorer=LLMScorer(client, fallback=fallback), client=client)

    def interviewer(self, style: str, seed: int) -> Interviewer:
        return LLMInterviewer(style=style, seed=seed, client=self.client)

    def tailor(self, request: TailorRequest) -> Tailoring:
        assert self.client is not None
        return tailor_questions(self.client, request)
