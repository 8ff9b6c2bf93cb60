"""One command's unit of work: a database session, the interview it acts on, and the speaker.

A command opens one (`with InterviewUnit(...) as uow:`), loads the interview, works through the
repository, and commits at the points where what is written must survive a later failure (the
answer before scoring, the score before the interviewer speaks). Leaving the block rolls back
whatever was not committed and closes the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.interview.model import InterviewError
from interviewsim.states import InterviewStatus
from interviewsim.store.interviews import InterviewRepository
from interviewsim.store.models import Interview, Turn
from interviewsim.usage import add_step, metering

# Shows the interviewer's words as they arrive and returns the whole text (st.write_stream).
Speaker = Callable[[Iterator[str]], str]


class InterviewUnit:
    def __init__(self, sessions: sessionmaker[Session], speak: Speaker | None = None):
        self._sessions = sessions
        self.speak = speak
        self._interview: Interview | None = None

    def __enter__(self) -> InterviewUnit:
        self.session = self._sessions()
        self.repo = InterviewRepository(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.session.rollback()  # drops only what was not committed
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    @property
    def interview(self) -> Interview:
        if self._interview is None:
            raise RuntimeError("no interview loaded in this unit of work")
        return self._interview

    def add_interview(self, **fields: object) -> Interview:
        self._interview = self.repo.add_interview(**fields)
        return self._interview

    def load(self, interview_id: int) -> Interview:
        interview = self.repo.interview(interview_id)
        if interview is None:
            raise InterviewError(f"Interview {interview_id} does not exist.")
        self._interview = interview
        return interview

    def load_open(self, interview_id: int) -> tuple[Interview, Turn]:
        """The interview and the turn waiting for an answer; refuses a finished interview."""
        interview = self.load(interview_id)
        turn = self.repo.open_turn(interview_id)
        if interview.status != InterviewStatus.active or turn is None:
            raise InterviewError("This interview has finished; start a new one to keep practising.")
        return interview, turn

    @contextmanager
    def metered(self, step: str) -> Iterator[None]:
        """Fold the model calls made inside the block (tokens, cost, time) into the interview's
        usage, and commit it. Offline steps make no calls and write nothing."""
        with metering() as meter:
            yield
        calls = meter.take()
        if calls and self._interview is not None:
            self._interview.usage = add_step(self._interview.usage, step, calls)
            self.commit()
