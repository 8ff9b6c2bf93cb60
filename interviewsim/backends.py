"""Who words the interview and scores the answers: a backend, offline unless an AI provider is set.

A backend declares what it can do (`Capabilities`), and callers branch on the declaration: the
Practice page offers tailored questions only when `can_tailor`, and streams the interviewer's words
only when `can_stream`. The offline backend is complete on its own; the LLM one (in
`interviewsim.llm.backend`) is imported only when a provider is configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewsim.bank import Bank
from interviewsim.interviewer import Interviewer, OfflineInterviewer
from interviewsim.scoring import HeuristicScorer, Scorer
from interviewsim.tailoring import Tailoring, TailorRequest


@dataclass(frozen=True)
class Capabilities:
    can_stream: bool = False  # the interviewer's words arrive piece by piece
    can_tailor: bool = False  # it can write questions for a job description or résumé
    can_transcribe: bool = False  # it can turn a spoken answer into text


@dataclass
class Backend:
    """The offline backend: template interviewer, heuristic scorer, no tailoring.

    `notice` says why an AI provider that the settings name is not in use; the service shows it at
    the start of each interview.
    """

    scorer: Scorer = field(default_factory=HeuristicScorer)
    notice: str | None = None
    name: str = field(default="offline", init=False)
    capabilities: Capabilities = field(default=Capabilities(), init=False)

    @property
    def replies_stream(self) -> bool:
        """Whether the interviewer's replies come word by word from a model (worth showing as they
        arrive); the offline interviewer's come whole, at once."""
        return self.name != "offline"

    def interviewer(self, style: str, seed: int) -> Interviewer:
        return OfflineInterviewer(style=style, seed=seed)

    def tailor(self, request: TailorRequest) -> Tailoring:
        return Tailoring([], "Tailored questions need an AI provider (see Settings).")


_offline: dict[int, tuple[Bank, Backend]] = {}


def offline_backend(bank: Bank, notice: str | None = None) -> Backend:
    """The offline backend for `bank`: its scorer compares an answer with the bank's other
    questions of the same track (an answer to another question is flagged). The comparison
    index is built once per bank."""
    held = _offline.get(id(bank))
    if held is None or held[0] is not bank:
        held = (bank, Backend(scorer=HeuristicScorer(bank=bank)))
        _offline[id(bank)] = held
    if notice is None:
        return held[1]
    return Backend(scorer=held[1].scorer, notice=notice)
