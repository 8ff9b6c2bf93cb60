"""Profiles: the local names whose histories the app keeps apart."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.store.profiles import ProfileRepository


class ProfileService:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def ensure(self, name: str) -> tuple[int, str]:
        """The profile with this name (spaces tidied), created on first use: (id, name)."""
        with self.sessions() as s:
            repo = ProfileRepository(s)
            profile = repo.get_or_create(name)
            repo.commit()
            return profile.id, profile.name
