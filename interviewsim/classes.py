"""Classes: an instructor's group of students, the banks and tracks they practise, and a join code.

A student who joins sees the class's banks first on the Practice page, and is told that the class's
instructor can read their answers on the class's tracks from the moment they joined (the dashboard
reads nothing else). Assignments are in `interviewsim.assignments`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.bank import Bank
from interviewsim.bank_library import Visibility
from interviewsim.class_model import (
    CLASS_NAME_MAX,
    CODE_LENGTH,
    AssignmentStatus,
    ClassError,
    ClassInfo,
    MyClass,
    assignment_info,
    ended,
    new_join_code,
    normalise_code,
    status_of,
)
from interviewsim.interview.model import utcnow
from interviewsim.profiles import Owner
from interviewsim.roles import Roles
from interviewsim.store.banks import PRIVATE, PUBLIC, BankRepository
from interviewsim.store.class_reports import ClassReportQueries
from interviewsim.store.classes import ClassRepository
from interviewsim.store.models import Classroom
from interviewsim.text import clean_text


class Classes:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        roles: Roles,
        packaged: Bank,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.sessions = sessions
        self.roles = roles
        self.packaged = packaged
        self.clock = clock

    # ---------------------------------------------------------------------------- instructor
    def create(
        self,
        owner: Owner,
        name: str,
        banks: Sequence[str] = (),
        tracks: Sequence[str] = (),
        starts_on: date | None = None,
        ends_on: date | None = None,
    ) -> ClassInfo:
        """A new class with a fresh join code."""
        self.roles.require(owner, "create classes")
        tidy = " ".join(clean_text(name).split())
        if not tidy:
            raise ClassError("A class needs a name.")
        if len(tidy) > CLASS_NAME_MAX:
            raise ClassError(f"Class names can be up to {CLASS_NAME_MAX} characters.")
        if starts_on and ends_on and ends_on < starts_on:
            raise ClassError("The class cannot end before it starts.")
        if ends_on and ends_on < self.clock().date():
            raise ClassError("That end date has passed: the join code would never work.")
        with self.sessions() as s:
            bank_ids, bank_tracks = self._usable_banks(s, owner, banks)
            named = self._known_tracks(tracks, bank_tracks)
            if not bank_ids and not named:
                raise ClassError("Choose at least one bank or track for the class to practise.")
            repo = ClassRepository(s)
            for _ in range(5):  # a taken code is astronomically rare: draw again
                classroom = repo.add_class(
                    bank_ids,
                    name=tidy,
                    owner_id=owner.profile_id,
                    join_code=new_join_code(),
                    tracks=named,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    created_at=self.clock(),
                )
                if classroom is not None:
                    repo.commit()
                    return self.describe(s, [classroom])[0]
        raise ClassError("Could not draw a free join code; try again.")  # pragma: no cover

    def _usable_banks(
        self, s: Session, owner: Owner, keys: Sequence[str]
    ) -> tuple[list[int], set[str]]:
        """The ids of these banks, if the instructor may give them to a class (their own and not
        private, or public), and the tracks they hold."""
        wanted = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
        repo = BankRepository(s)
        found = {b.key: b for b in repo.by_keys(wanted)}
        for key in wanted:
            bank = found.get(key)
            if bank is None or (bank.owner_id != owner.profile_id and bank.visibility != PUBLIC):
                raise ClassError(f"No bank with the id {key!r} is yours or public.")
            if bank.visibility == PRIVATE:
                raise ClassError(
                    f"Bank {key!r} is private: share it with your classes "
                    f"({Visibility.class_.label.lower()}) first."
                )
        ids = [found[k].id for k in wanted]
        return ids, {t for ts in repo.tracks_of(ids).values() for t in ts}

    def _known_tracks(self, tracks: Sequence[str], bank_tracks: set[str]) -> list[str]:
        named = list(dict.fromkeys(t.strip() for t in tracks if t.strip()))
        unknown = [t for t in named if t not in self.packaged.tracks and t not in bank_tracks]
        if unknown:
            raise ClassError(
                f"Unknown track {unknown[0]!r}: name a built-in track or one of the chosen banks'."
            )
        return named

    def of_instructor(self, owner: Owner) -> list[ClassInfo]:
        self.roles.require(owner, "see their classes")
        with self.sessions() as s:
            return self.describe(s, ClassRepository(s).of_owner(owner.profile_id))

    def get(self, owner: Owner, class_id: int) -> ClassInfo:
        self.roles.require(owner, "see a class")
        with self.sessions() as s:
            return self.describe(s, [self.owned(s, owner, class_id)])[0]

    def by_code(self, owner: Owner, code: str) -> ClassInfo:
        """One of the instructor's classes by its join code (the command line's handle)."""
        self.roles.require(owner, "see a class")
        with self.sessions() as s:
            found = ClassRepository(s).by_code(normalise_code(code))
            if found is None or found.owner_id != owner.profile_id:
                raise ClassError(f"You have no class with the join code {code!r}.")
            return self.describe(s, [found])[0]

    def new_code(self, owner: Owner, class_id: int) -> str:
        """Replace the class's join code (the old one stops working; members stay)."""
        self.roles.require(owner, "change a class's join code")
        with self.sessions() as s:
            classroom = self.owned(s, owner, class_id)
            classroom.join_code = new_join_code()
            s.commit()
            return classroom.join_code

    # ------------------------------------------------------------------------------ students
    def join(self, owner: Owner, code: str) -> MyClass:
        """Join the class with this code; joining again changes nothing."""
        typed = normalise_code(code)
        if not typed:
            raise ClassError("Type the join code your instructor gave you.")
        with self.sessions() as s:
            repo = ClassRepository(s)
            classroom = repo.by_code(typed) if len(typed) == CODE_LENGTH else None
            if classroom is None:
                raise ClassError(
                    f"No class has the join code {code.strip()[:20]!r}. Check it with your "
                    f"instructor: codes are {CODE_LENGTH} letters and digits."
                )
            if ended(classroom.ends_on, self.clock().date()):
                raise ClassError(
                    f"The class {classroom.name!r} ended on {classroom.ends_on:%d %b %Y}: its join "
                    "code no longer works."
                )
            repo.add_member(classroom.id, owner.profile_id, self.clock())
            repo.commit()
        return next(c for c in self.my_classes(owner) if c.id == classroom.id)

    def leave(self, owner: Owner, class_id: int) -> None:
        """Leave a class: its instructor no longer sees this person's answers."""
        with self.sessions() as s:
            ClassRepository(s).remove_member(class_id, owner.profile_id)
            s.commit()

    def my_classes(self, owner: Owner) -> list[MyClass]:
        """The classes this person belongs to, with their assignments' status for them."""
        today = self.clock().date()
        with self.sessions() as s:
            repo = ClassRepository(s)
            memberships = repo.memberships(owner.profile_id)
            assignments = repo.assignments([c.id for c, _, _ in memberships])
            out = []
            for classroom, member, instructor in memberships:
                scope = ClassRepository(s).scope(classroom)
                statuses = []
                for row in (a for a in assignments if a.class_id == classroom.id):
                    info = assignment_info(row)
                    answered = (
                        ClassReportQueries(s)
                        .assignment_progress(
                            scope,
                            ClassRepository(s).assignment_tracks(row),
                            row.created_at,
                            row.due_on,
                        )
                        .get(owner.profile_id, 0)
                    )
                    statuses.append(
                        AssignmentStatus(info, answered, status_of(info, answered, today))
                    )
                out.append(
                    MyClass(
                        classroom.id,
                        classroom.name,
                        instructor,
                        member.joined_at,
                        tuple(sorted(scope.tracks)),
                        classroom.ends_on,
                        ended(classroom.ends_on, today),
                        tuple(statuses),
                    )
                )
            return out

    # -------------------------------------------------------------------------------- shared
    @staticmethod
    def owned(s: Session, owner: Owner, class_id: int) -> Classroom:
        """One of the instructor's classes; someone else's reads as not theirs."""
        classroom = ClassRepository(s).get(class_id)
        if classroom is None or classroom.owner_id != owner.profile_id:
            raise ClassError(f"Class {class_id} is not one of yours.")
        return classroom

    def describe(self, s: Session, classes: Sequence[Classroom]) -> list[ClassInfo]:
        repo = ClassRepository(s)
        ids = [c.id for c in classes]
        banks, counts = repo.bank_keys(ids), repo.member_counts(ids)
        today = self.clock().date()
        return [
            ClassInfo(
                c.id,
                c.name,
                c.join_code,
                c.starts_on,
                c.ends_on,
                tuple(k for _, k in banks[c.id]),
                tuple(c.tracks),
                counts.get(c.id, 0),
                ended(c.ends_on, today),
                c.created_at,
            )
            for c in classes
        ]
