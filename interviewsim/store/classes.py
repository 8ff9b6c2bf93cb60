"""Classes, their banks, members and assignments."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from interviewsim.store.banks import BankRepository
from interviewsim.store.class_reports import ClassScope
from interviewsim.store.models import (
    Assignment,
    ClassBank,
    ClassMember,
    Classroom,
    Profile,
    QuestionBank,
)


class ClassRepository:
    def __init__(self, session: Session):
        self.session = session

    def commit(self) -> None:
        self.session.commit()

    def add_class(self, bank_ids: Collection[int], **fields: Any) -> Classroom | None:
        """The new class, or None when its join code is already taken (draw another)."""
        try:
            with self.session.begin_nested():
                classroom = Classroom(**fields)
                self.session.add(classroom)
                self.session.flush()
                for bank_id in bank_ids:
                    self.session.add(ClassBank(class_id=classroom.id, bank_id=bank_id))
                self.session.flush()
        except IntegrityError:
            return None
        return classroom

    def get(self, class_id: int) -> Classroom | None:
        return self.session.get(Classroom, class_id)

    def by_code(self, code: str) -> Classroom | None:
        return self.session.scalar(select(Classroom).where(Classroom.join_code == code))

    def of_owner(self, owner_id: int) -> list[Classroom]:
        stmt = (
            select(Classroom)
            .where(Classroom.owner_id == owner_id)
            .order_by(Classroom.created_at.desc(), Classroom.id.desc())
        )
        return list(self.session.scalars(stmt))

    def bank_keys(self, class_ids: Collection[int]) -> dict[int, list[tuple[int, str]]]:
        """(bank id, key) of each class's banks."""
        out: dict[int, list[tuple[int, str]]] = {cid: [] for cid in class_ids}
        if not class_ids:
            return out
        stmt = (
            select(ClassBank.class_id, QuestionBank.id, QuestionBank.key)
            .join(QuestionBank, QuestionBank.id == ClassBank.bank_id)
            .where(ClassBank.class_id.in_(list(class_ids)))
            .order_by(QuestionBank.key)
        )
        for class_id, bank_id, key in self.session.execute(stmt).all():
            out[class_id].append((bank_id, key))
        return out

    def member_counts(self, class_ids: Collection[int]) -> dict[int, int]:
        if not class_ids:
            return {}
        stmt = (
            select(ClassMember.class_id, func.count())
            .where(ClassMember.class_id.in_(list(class_ids)))
            .group_by(ClassMember.class_id)
        )
        return {cid: n for cid, n in self.session.execute(stmt).all()}

    # ------------------------------------------------------------------------------ members
    def member(self, class_id: int, profile_id: int) -> ClassMember | None:
        return self.session.get(ClassMember, (class_id, profile_id))

    def add_member(self, class_id: int, profile_id: int, now: datetime) -> ClassMember:
        """The membership, created on first join; joining twice (two tabs) is one row."""
        found = self.member(class_id, profile_id)
        if found:
            return found
        try:
            with self.session.begin_nested():
                member = ClassMember(class_id=class_id, profile_id=profile_id, joined_at=now)
                self.session.add(member)
        except IntegrityError:
            again = self.member(class_id, profile_id)
            if again is None:  # pragma: no cover - an integrity error from something else
                raise
            return again
        return member

    def remove_member(self, class_id: int, profile_id: int) -> None:
        self.session.execute(
            delete(ClassMember).where(
                ClassMember.class_id == class_id, ClassMember.profile_id == profile_id
            )
        )

    def memberships(self, profile_id: int) -> list[tuple[Classroom, ClassMember, str]]:
        """The classes this person belongs to, with their membership and instructor's name,
        most recently joined first."""
        stmt = (
            select(Classroom, ClassMember, Profile.name)
            .join(ClassMember, ClassMember.class_id == Classroom.id)
            .join(Profile, Profile.id == Classroom.owner_id)
            .where(ClassMember.profile_id == profile_id)
            .order_by(ClassMember.joined_at.desc(), Classroom.id.desc())
        )
        return [(c, m, name) for c, m, name in self.session.execute(stmt).all()]

    # -------------------------------------------------------------------------- assignments
    def add_assignment(self, **fields: Any) -> Assignment:
        assignment = Assignment(**fields)
        self.session.add(assignment)
        self.session.flush()
        return assignment

    def assignments(self, class_ids: Collection[int]) -> list[Assignment]:
        if not class_ids:
            return []
        stmt = (
            select(Assignment)
            .where(Assignment.class_id.in_(list(class_ids)))
            .order_by(Assignment.due_on, Assignment.id)
        )
        return list(self.session.scalars(stmt))

    # ------------------------------------------------------------------------------- scope
    def scope(self, classroom: Classroom) -> ClassScope:
        """What the class may read: its tracks (named, and its banks' newest versions'), up to
        its end."""
        bank_ids = [b for b, _ in self.bank_keys([classroom.id])[classroom.id]]
        tracks = set(classroom.tracks)
        for ts in BankRepository(self.session).tracks_of(bank_ids).values():
            tracks |= set(ts)
        return ClassScope(classroom.id, frozenset(tracks), classroom.ends_on)

    def assignment_tracks(self, assignment: Assignment) -> frozenset[str]:
        """The tracks an assignment counts: named, and its banks' (as they are now)."""
        banks = BankRepository(self.session)
        bank_ids = [b.id for b in banks.by_keys(assignment.banks)]
        tracks = set(assignment.tracks)
        for ts in banks.tracks_of(bank_ids).values():
            tracks |= set(ts)
        return frozenset(tracks)
