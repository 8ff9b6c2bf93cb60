"""Profiles: whose history it is."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewsim.store.models import Profile

PROFILE_NAME_MAX = 40


class ProfileRepository:
    def __init__(self, session: Session):
        self.session = session

    def commit(self) -> None:
        self.session.commit()

    def all(self) -> list[Profile]:
        return list(self.session.scalars(select(Profile).order_by(Profile.name)))

    def named(self, name: str) -> Profile | None:
        return self.session.scalar(select(Profile).where(Profile.name == name))

    def get_or_create(self, name: str) -> Profile:
        name = " ".join(name.split())[:PROFILE_NAME_MAX]
        if not name:
            raise ValueError("A profile needs a name.")
        found = self.named(name)
        if found:
            return found
        profile = Profile(name=name)
        self.session.add(profile)
        self.session.flush()
        return profile
