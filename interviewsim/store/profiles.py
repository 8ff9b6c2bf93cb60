"""Profiles: whose history it is (a local profile, or a signed-in account)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from interviewsim.store.models import CriterionScoreRow, Interview, Message, Profile, Turn


class ProfileRepository:
    def __init__(self, session: Session):
        self.session = session

    def commit(self) -> None:
        self.session.commit()

    def local(self) -> list[Profile]:
        stmt = select(Profile).where(Profile.subject.is_(None)).order_by(Profile.name)
        return list(self.session.scalars(stmt))

    def get(self, profile_id: int) -> Profile | None:
        return self.session.get(Profile, profile_id)

    def named(self, name: str) -> Profile | None:
        """The local profile with this name."""
        stmt = select(Profile).where(Profile.name == name, Profile.subject.is_(None))
        return self.session.scalar(stmt)

    def with_subject(self, subject: str) -> Profile | None:
        return self.session.scalar(select(Profile).where(Profile.subject == subject))

    def get_or_create(
        self, name: str, subject: str | None = None, email: str | None = None
    ) -> Profile:
        """The profile, created on first use. Two requests creating the same one at the same time
        get the same row: the loser of the race finds the winner's after the unique index says no.
        """
        find = (lambda: self.with_subject(subject)) if subject else (lambda: self.named(name))
        found = find()
        if found:
            return found
        try:
            with self.session.begin_nested():
                profile = Profile(name=name, subject=subject, email=email)
                self.session.add(profile)
        except IntegrityError:
            found = find()
            if found is None:  # pragma: no cover - an integrity error from something else
                raise
            return found
        return profile

    def delete_with_history(self, profile_id: int) -> int:
        """Delete the profile and everything under it; returns the interviews deleted.

        Deleted child tables first, explicitly, rather than trusting the schema's ON DELETE
        CASCADE alone (SQLite enforces it only with its foreign_keys pragma on); the cascade
        still covers any table added later that hangs off a profile or an interview.
        """
        interviews = select(Interview.id).where(Interview.profile_id == profile_id)
        turns = select(Turn.id).where(Turn.interview_id.in_(interviews))
        count = self.session.scalar(
            select(func.count()).select_from(Interview).where(Interview.profile_id == profile_id)
        )
        for stmt in (
            delete(CriterionScoreRow).where(CriterionScoreRow.turn_id.in_(turns)),
            delete(Message).where(Message.interview_id.in_(interviews)),
            delete(Turn).where(Turn.interview_id.in_(interviews)),
            delete(Interview).where(Interview.profile_id == profile_id),
            delete(Profile).where(Profile.id == profile_id),
        ):
            self.session.execute(stmt, execution_options={"synchronize_session": False})
        return int(count or 0)
