"""Instructors and students: who may run the instructor operations, checked here in the core.

With sign-in, an account is an instructor when its e-mail is named in the settings
(INTERVIEWSIM_INSTRUCTORS) or another instructor promoted it; every check reads the store again, so a
demotion or a name taken out of the settings applies at once. Running locally (no sign-in), anyone
at the machine can pick any profile, so the instructor PIN (INTERVIEWSIM_INSTRUCTOR_PIN) unlocks the
instructor pages for one browser session instead; nothing about it is stored. The command line runs
with the server's own access and acts as an instructor (`command_line`).
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from interviewsim.config import Settings
from interviewsim.profiles import INSTRUCTOR, STUDENT, Owner, listed
from interviewsim.store.models import Profile
from interviewsim.store.profiles import ProfileRepository

PIN_TRIES = 5  # wrong PINs in a row before the PIN is refused for a while
PIN_LOCKOUT_S = 60.0
# Wrong PIN tries per (store, profile), process-wide: the app is rebuilt on every page run.
_FAILURES: dict[tuple[str, int], tuple[int, float]] = {}
_FAILURES_LOCK = threading.Lock()


class NotAllowed(PermissionError):
    """An instructor operation asked for by someone who is not an instructor; says what to do."""


class RoleError(ValueError):
    """A role change or PIN that cannot be honoured; the message says why."""


class Roles:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.sessions = sessions
        self.instructors = frozenset(settings.instructors)
        self._pin = settings.instructor_pin
        self._clock = clock
        self._store = str(sessions.kw.get("bind", id(sessions)))

    @property
    def pin_configured(self) -> bool:
        return self._pin is not None

    # --------------------------------------------------------------------------------- checks
    def is_instructor(self, owner: Owner) -> bool:
        if not owner.instructor:
            return False
        if not owner.account:  # unlocked by the PIN for this session, or the command line
            return True
        with self.sessions() as s:
            profile = ProfileRepository(s).get(owner.profile_id)
            return profile is not None and self._account_role(profile) == INSTRUCTOR

    def require(self, owner: Owner, action: str) -> None:
        """Raise `NotAllowed` unless `owner` is an instructor now; `action` names the operation."""
        if not self.is_instructor(owner):
            if owner.account:
                how = (
                    "Ask an instructor to promote your account, or the host to name your e-mail "
                    "in INTERVIEWSIM_INSTRUCTORS."
                )
            elif self._pin is None:
                how = "Set INTERVIEWSIM_INSTRUCTOR_PIN on the server, then unlock with it."
            else:
                how = "Unlock the instructor pages with the instructor PIN."
            raise NotAllowed(f"Only instructors can {action}. {how}")

    def refresh(self, owner: Owner) -> Owner:
        """The account with its role as the store and settings say now (a promotion or demotion
        made since sign-in). A settings-named instructor stays one only if sign-in granted it (the
        provider did not call the address unverified). Local profiles are returned as they are."""
        if not owner.account:
            return owner
        with self.sessions() as s:
            profile = ProfileRepository(s).get(owner.profile_id)
            if profile is None:
                return replace(owner, role=STUDENT)
            promoted = profile.role == INSTRUCTOR
            named = owner.instructor and listed(profile.email, self.instructors)
            return replace(owner, role=INSTRUCTOR if promoted or named else STUDENT)

    def _account_role(self, profile: Profile) -> str:
        if profile.role == INSTRUCTOR or listed(profile.email, self.instructors):
            return INSTRUCTOR
        return STUDENT

    # ----------------------------------------------------------------------------- local PIN
    def unlock(self, owner: Owner, pin: str) -> Owner:
        """The local profile as an instructor for this browser session, when `pin` is right."""
        if owner.account:
            raise RoleError(
                "With sign-in, instructors are named in INTERVIEWSIM_INSTRUCTORS or promoted by "
                "another instructor; the PIN is for running locally."
            )
        if self._pin is None:
            raise RoleError(
                "No instructor PIN is set: set INTERVIEWSIM_INSTRUCTOR_PIN on the server to use the "
                "instructor pages without sign-in."
            )
        who = (self._store, owner.profile_id)
        with _FAILURES_LOCK:
            tries, last = _FAILURES.get(who, (0, 0.0))
            if tries >= PIN_TRIES and self._clock() - last < PIN_LOCKOUT_S:
                raise RoleError(
                    f"Too many wrong PINs: try again in a minute (after {PIN_TRIES} wrong tries the "
                    "PIN is refused for a while)."
                )
            if not hmac.compare_digest(pin.strip().encode(), self._pin.get_secret_value().encode()):
                _FAILURES[who] = (tries + 1, self._clock())
                raise RoleError("That is not the instructor PIN.")
            _FAILURES.pop(who, None)
        return replace(owner, role=INSTRUCTOR)

    @staticmethod
    def lock(owner: Owner) -> Owner:
        """Back to a student for the rest of the session (the page's "Lock" button)."""
        return owner if owner.account else replace(owner, role=STUDENT)

    @staticmethod
    def command_line(owner: Owner) -> Owner:
        """The command line runs with the server's own access to the store: it acts as an
        instructor for the local profile it names."""
        return replace(owner, role=INSTRUCTOR)

    def account_owner(self, email: str) -> Owner:
        """The signed-in account with this e-mail, as the command line acts for it: with the role
        the store and settings give it (the check of each operation still applies)."""
        with self.sessions() as s:
            profile = self._account_with(s, email)
            return Owner(profile.id, profile.name, account=True, role=self._account_role(profile))

    # --------------------------------------------------------------------- promote, demote
    def promote(self, actor: Owner, email: str) -> str:
        """Make the account with this e-mail an instructor; returns its display name."""
        self.require(actor, "promote other people to instructor")
        with self.sessions() as s:
            profile = self._account_with(s, email)
            profile.role = INSTRUCTOR
            s.commit()
            return profile.name

    def demote(self, actor: Owner, email: str) -> str:
        """Make the account with this e-mail a student again; returns its display name."""
        self.require(actor, "change people's roles")
        with self.sessions() as s:
            profile = self._account_with(s, email)
            if listed(profile.email, self.instructors):
                raise RoleError(
                    f"{email} is named in INTERVIEWSIM_INSTRUCTORS: take it out of the settings "
                    "to make that account a student."
                )
            profile.role = STUDENT
            s.commit()
            return profile.name

    def instructor_accounts(self, actor: Owner) -> list[tuple[str, str]]:
        """(name, e-mail) of every account that is an instructor now."""
        self.require(actor, "see who the instructors are")
        with self.sessions() as s:
            stmt = select(Profile).where(Profile.subject.is_not(None)).order_by(Profile.name)
            return [
                (p.name, p.email or "")
                for p in s.scalars(stmt)
                if self._account_role(p) == INSTRUCTOR
            ]

    @staticmethod
    def _account_with(s: Session, email: str) -> Profile:
        wanted = email.strip().lower()
        stmt = select(Profile).where(
            Profile.subject.is_not(None), func.lower(Profile.email) == wanted
        )
        found = list(s.scalars(stmt))
        if not found:
            raise RoleError(
                f"No account has signed in with {email!r} yet: ask them to sign in once, then "
                "promote them."
            )
        if len(found) > 1:
            raise RoleError(
                f"{len(found)} accounts have signed in with {email!r}; ask the host to settle it."
            )
        return found[0]
