"""People: whose data a call may touch.

Every read and write in the core takes an `Owner`. With sign-in, the owner is the signed-in account
(found by its OIDC subject); running locally without sign-in, it is a local profile picked by name,
and the app says that histories on that machine are not private.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.store.profiles import ProfileRepository
from interviewsim.text import clean_text

PROFILE_NAME_MAX = 40
ACCOUNT_NAME_MAX = 80
STUDENT, INSTRUCTOR = "student", "instructor"


class ProfileError(ValueError):
    """A profile name that cannot be used; the message says why."""


@dataclass(frozen=True)
class Owner:
    """Whose history a call reads or writes."""

    profile_id: int
    name: str
    account: bool = False  # a signed-in account rather than a local profile
    role: str = STUDENT  # set by the core only: at sign-in, by a PIN (`roles`), or the CLI

    @property
    def instructor(self) -> bool:
        return self.role == INSTRUCTOR


def listed(email: str | None, instructors: Collection[str]) -> bool:
    """True when `email` is one of the instructors named in the settings (case does not count)."""
    return bool(email) and str(email).strip().lower() in instructors


def clean_profile_name(name: str) -> str:
    """A local profile's name, spaces tidied; refuses a blank or an over-long one (cutting it
    would let two people share a history)."""
    tidy = " ".join(clean_text(name).split())
    if not tidy:
        raise ProfileError("A profile needs a name: type one, or pick an existing profile.")
    if len(tidy) > PROFILE_NAME_MAX:
        raise ProfileError(
            f"Profile names can be up to {PROFILE_NAME_MAX} characters; that one has {len(tidy)}."
        )
    return tidy


class ProfileService:
    def __init__(self, sessions: sessionmaker[Session], instructors: Collection[str] = ()):
        self.sessions = sessions
        self.instructors = frozenset(instructors)  # settings: INTERVIEWSIM_INSTRUCTORS

    def local(self, name: str) -> Owner:
        """The local profile with this name, created on first use."""
        tidy = clean_profile_name(name)
        with self.sessions() as s:
            repo = ProfileRepository(s)
            profile = repo.get_or_create(tidy)
            repo.commit()
            # Anyone at this machine can pick any local profile, so a local profile is never an
            # instructor by itself: the instructor PIN unlocks one for a browser session.
            return Owner(profile.id, profile.name, account=False, role=STUDENT)

    def account(
        self,
        issuer: str,
        subject: str,
        email: str | None,
        name: str | None,
        email_verified: bool = True,
    ) -> Owner:
        """The signed-in account for this OIDC issuer and subject, created on first sign-in.

        It is an instructor when promoted by one, or when its e-mail is named in the settings and
        the provider has not said that address is unverified (anyone can type any address).
        """
        display = " ".join(clean_text(name or email or "You").split())[:ACCOUNT_NAME_MAX]
        with self.sessions() as s:
            repo = ProfileRepository(s)
            profile = repo.get_or_create(display, subject=f"{issuer}|{subject}", email=email)
            if email and profile.email != email:  # the provider's address changed
                profile.email = email
            repo.commit()
            named = email_verified and listed(email, self.instructors)
            role = INSTRUCTOR if named or profile.role == INSTRUCTOR else STUDENT
            return Owner(profile.id, profile.name, account=True, role=role)

    def coach_mode(self, owner: Owner) -> bool:
        """The owner's last choice of coach mode on the Practice set-up (on for a new profile)."""
        with self.sessions() as s:
            profile = ProfileRepository(s).get(owner.profile_id)
            return True if profile is None else bool(profile.coach_mode)

    def local_names(self) -> list[str]:
        with self.sessions() as s:
            return [p.name for p in ProfileRepository(s).local()]

    def delete(self, owner: Owner) -> int:
        """Delete the owner's profile or account and its whole history (interviews, answers,
        scores, transcripts), in one transaction; returns how many interviews went. Nobody
        else's rows are touched. A signed-in person who signs in again starts afresh."""
        with self.sessions() as s:
            repo = ProfileRepository(s)
            deleted = repo.delete_with_history(owner.profile_id)
            repo.commit()
            return deleted
