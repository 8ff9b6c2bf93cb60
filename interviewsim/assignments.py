"""Assignments: "N questions from these tracks or banks by this date", set by a class's
instructor, with each student's status (done, in progress, not started, missed).

An answer counts towards an assignment when it is a scored question on one of the assignment's
tracks (named, or its banks'), answered in the class's reach between the assignment's creation and
the end of its due day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.class_model import (
    ASSIGNMENT_TITLE_MAX,
    MAX_ASSIGNED,
    AssignmentInfo,
    ClassError,
    assignment_info,
)
from interviewsim.classes import Classes
from interviewsim.interview.model import utcnow
from interviewsim.profiles import Owner
from interviewsim.roles import Roles
from interviewsim.store.classes import ClassRepository
from interviewsim.text import clean_text


class Assignments:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        roles: Roles,
        classes: Classes,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.sessions = sessions
        self.roles = roles
        self.classes = classes
        self.clock = clock

    def assign(
        self,
        owner: Owner,
        class_id: int,
        title: str,
        questions: int,
        due_on: date,
        tracks: Sequence[str] = (),
        banks: Sequence[str] = (),
    ) -> AssignmentInfo:
        """Set "`questions` questions from these tracks or banks by `due_on`" for the class."""
        self.roles.require(owner, "set assignments")
        tidy = " ".join(clean_text(title).split())[:ASSIGNMENT_TITLE_MAX]
        if not 1 <= questions <= MAX_ASSIGNED:
            raise ClassError(f"Assign between 1 and {MAX_ASSIGNED} questions.")
        if due_on < self.clock().date():
            raise ClassError("That due date has passed.")
        with self.sessions() as s:
            classroom = self.classes.owned(s, owner, class_id)
            info = self.classes.describe(s, [classroom])[0]
            scope = ClassRepository(s).scope(classroom)
            bad_banks = [b for b in banks if b not in info.banks]
            bad_tracks = [t for t in tracks if t not in scope.tracks]
            if bad_banks or bad_tracks:
                raise ClassError(
                    "An assignment draws on the class's own banks and tracks; "
                    f"{(bad_banks + bad_tracks)[0]!r} is not one of them."
                )
            if not tracks and not banks:
                raise ClassError("Choose the tracks or banks the questions come from.")
            row = ClassRepository(s).add_assignment(
                class_id=class_id,
                title=tidy or f"{questions} questions",
                questions=questions,
                tracks=list(dict.fromkeys(tracks)),
                banks=list(dict.fromkeys(banks)),
                due_on=due_on,
                created_at=self.clock(),
            )
            s.commit()
            return assignment_info(row)

    def of_class(self, owner: Owner, class_id: int) -> list[AssignmentInfo]:
        self.roles.require(owner, "see a class's assignments")
        with self.sessions() as s:
            self.classes.owned(s, owner, class_id)
            return [assignment_info(a) for a in ClassRepository(s).assignments([class_id])]
