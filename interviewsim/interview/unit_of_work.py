"""One command's unit of work: a database session, the interview it acts on, and the speaker.

A command opens one (`with InterviewUnit(...) as uow:`), loads the owner's interview, works through
the repository, and commits at the points where what is written must survive a later failure (the
answer before scoring, the score before the interviewer speaks). Leaving the block rolls back
whatever was not committed and closes the session.

A command that changes an interview first *claims* it: one atomic UPDATE that sets a short lease
(`busy_until`) only if no other command holds one. A second submit of the same answer, a second tab
or a second app server therefore waits its turn instead of writing over the first. The lease is
released when the command ends, however it ends; if the process dies, it expires by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from types import TracebackType

from sqlalchemy import CursorResult, or_, update
from sqlalchemy.orm import Session, sessionmaker

from interviewsim.interview.model import InterviewError, utcnow
from interviewsim.profiles import Owner
from interviewsim.states import InterviewStatus
from interviewsim.store.interviews import InterviewRepository
from interviewsim.store.models import Interview
from interviewsim.usage import add_step, metering

log = logging.getLogger(__name__)
# Shows the interviewer's words as they arrive and returns the whole text (st.write_stream).
Speaker = Callable[[Iterator[str]], str]
# Longer than any command takes with retries and timeouts; only a crashed process waits it out.
LEASE = timedelta(minutes=3)


class InterviewBusy(InterviewError):
    """Another command is working on this interview right now."""


class InterviewUnit:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        speak: Speaker | None = None,
        clock: Callable[[], datetime] = utcnow,
    ):
        self._sessions = sessions
        self.speak = speak
        self.clock = clock
        self._interview: Interview | None = None
        self._claimed: int | None = None

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
        if self._claimed is not None:
            # Stopped part-way (an error, or the browser moved on): let the next call carry on
            # at once rather than wait for the lease to run out.
            try:
                self._set_lease(self._claimed, None)
            except Exception as exc:  # the store itself failed: the lease runs out instead
                log.warning(
                    "could not release interview %s (%s)", self._claimed, type(exc).__name__
                )
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

    def load(self, interview_id: int, owner: Owner) -> Interview:
        """The owner's interview. Someone else's reads exactly like one that does not exist."""
        interview = self.repo.interview_of(owner.profile_id, interview_id)
        if interview is None:
            raise InterviewError(f"Interview {interview_id} does not exist.")
        self._interview = interview
        return interview

    def claim(self, interview_id: int, owner: Owner) -> Interview:
        """Take the interview's lease for this command, or say why not."""
        now = self.clock()
        taken = self._set_lease(interview_id, now + LEASE, owner=owner, free_at=now)
        if not taken:
            interview = self.load(interview_id, owner)
            if interview.status != InterviewStatus.active:
                raise InterviewError(
                    "This interview has finished; start a new one to keep practising."
                )
            raise InterviewBusy(
                "Your last answer is still being worked on; give it a moment, then try again."
            )
        self._claimed = interview_id
        return self.load(interview_id, owner)

    def release(self) -> None:
        """End this command's lease (written with the command's last commit)."""
        if self._claimed is not None:
            stmt = update(Interview).where(Interview.id == self._claimed).values(busy_until=None)
            self.session.execute(stmt.execution_options(synchronize_session=False))
            self._claimed = None

    def busy(self, interview: Interview) -> bool:
        return interview.busy_until is not None and interview.busy_until > self.clock()

    def _set_lease(
        self,
        interview_id: int,
        until: datetime | None,
        owner: Owner | None = None,
        free_at: datetime | None = None,
    ) -> bool:
        stmt = update(Interview).where(Interview.id == interview_id)
        if owner is not None:
            stmt = stmt.where(
                Interview.profile_id == owner.profile_id,
                Interview.status == InterviewStatus.active,
            )
        if free_at is not None:
            stmt = stmt.where(or_(Interview.busy_until.is_(None), Interview.busy_until <= free_at))
        result = self.session.execute(
            stmt.values(busy_until=until).execution_options(synchronize_session=False)
        )
        self.session.commit()
        self.session.expire_all()  # what was loaded before the claim may be out of date
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

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
