"""Instructors and students: every instructor operation checks the role in the core; instructors are
named in the settings or promoted (with sign-in), or unlocked by the PIN (running locally)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from interviewsim.bank import Bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.profiles import INSTRUCTOR, Owner
from interviewsim.roles import PIN_TRIES, NotAllowed, RoleError, Roles
from interviewsim.store.models import BankVersion, Classroom, Profile, QuestionBank

from .classroom_support import bank_yaml, instructor

PIN = "2468"
TEACHER_EMAIL = "Teacher@Example.org"


@pytest.fixture
def site(bank: Bank, db_url: str, monkeypatch: pytest.MonkeyPatch) -> App:
    """The app with one instructor named in the settings and a PIN for running locally."""
    monkeypatch.setenv("INTERVIEWSIM_INSTRUCTORS", "teacher@example.org, other@example.org")
    monkeypatch.setenv("INTERVIEWSIM_INSTRUCTOR_PIN", PIN)
    get_settings.cache_clear()
    return build_app(get_settings(), bank=bank)


def sign_in(app: App, subject: str, email: str | None, verified: bool = True) -> Owner:
    return app.profiles.account("https://id.example", subject, email, None, email_verified=verified)


@dataclass
class World:
    """A class and a bank made by an instructor, so a refusal is about the role alone."""

    teacher: Owner
    class_id: int
    code: str
    bank_key: str


@pytest.fixture
def world(site: App) -> World:
    teacher = instructor(site)
    site.library.upload(teacher, "w.yaml", bank_yaml("week-1"))
    made = site.classes.create(teacher, "Bootcamp", banks=["week-1"], tracks=["sample"])
    return World(teacher, made.id, made.code, "week-1")


SOON = date.today() + timedelta(days=30)
# Every instructor operation of the core, called as `who` would call it on `world`'s data.
OPERATIONS: dict[str, Callable[[App, Owner, World], Any]] = {
    "library.check": lambda a, o, w: a.library.check(o, "x.yaml", bank_yaml("mine")),
    "library.upload": lambda a, o, w: a.library.upload(o, "x.yaml", bank_yaml("mine")),
    "library.summaries": lambda a, o, w: a.library.summaries(o),
    "library.export": lambda a, o, w: a.library.export(o, w.bank_key),
    "library.set_visibility": lambda a, o, w: a.library.set_visibility(o, w.bank_key, "public"),
    "classes.create": lambda a, o, w: a.classes.create(o, "Mine", tracks=["sample"]),
    "classes.of_instructor": lambda a, o, w: a.classes.of_instructor(o),
    "classes.get": lambda a, o, w: a.classes.get(o, w.class_id),
    "classes.by_code": lambda a, o, w: a.classes.by_code(o, w.code),
    "classes.new_code": lambda a, o, w: a.classes.new_code(o, w.class_id),
    "assignments.assign": lambda a, o, w: a.assignments.assign(
        o, w.class_id, "A", 2, SOON, ["sample"]
    ),
    "assignments.of_class": lambda a, o, w: a.assignments.of_class(o, w.class_id),
    "dashboard.dashboard": lambda a, o, w: a.dashboard.dashboard(o, w.class_id),
    "dashboard.answers": lambda a, o, w: a.dashboard.answers(o, w.class_id, "week-1-q1"),
    "dashboard.students_csv": lambda a, o, w: a.dashboard.students_csv(o, w.class_id),
    "dashboard.questions_csv": lambda a, o, w: a.dashboard.questions_csv(o, w.class_id),
    "demo.run": lambda a, o, w: a.demo.run(o),
    "demo.try_answer": lambda a, o, w: a.demo.try_answer(o, "WHERE filters rows."),
    "roles.promote": lambda a, o, w: a.roles.promote(o, "someone@example.org"),
    "roles.demote": lambda a, o, w: a.roles.demote(o, "someone@example.org"),
    "roles.instructor_accounts": lambda a, o, w: a.roles.instructor_accounts(o),
}
# What anyone may do: practise, join and leave classes, read their own classes.
FOR_EVERYONE = {
    "library.practice_bank",
    "classes.join",
    "classes.leave",
    "classes.my_classes",
    "classes.owned",
    "classes.describe",
    "roles.is_instructor",
    "roles.require",
    "roles.refresh",
    "roles.unlock",
    "roles.lock",
    "roles.command_line",
    "roles.account_owner",
    "demo.question",
}


def test_every_instructor_operation_of_the_core_has_a_role_test(site: App) -> None:
    services = {
        "library": site.library,
        "classes": site.classes,
        "assignments": site.assignments,
        "dashboard": site.dashboard,
        "demo": site.demo,
        "roles": site.roles,
    }
    public = {
        f"{name}.{attr}"
        for name, service in services.items()
        for attr, member in inspect.getmembers(type(service))
        if not attr.startswith("_") and callable(member)
    }
    untested = public - set(OPERATIONS) - FOR_EVERYONE
    assert not untested, f"instructor operations without a role test: {sorted(untested)}"


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_local_student_is_refused_every_instructor_operation(
    site: App, world: World, operation: str
) -> None:
    student = site.profiles.local("Stu")
    with pytest.raises(NotAllowed, match="Only instructors can"):
        OPERATIONS[operation](site, student, world)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_signed_in_student_is_refused_every_instructor_operation(
    site: App, world: World, operation: str
) -> None:
    student = sign_in(site, "student-1", "student@example.org")
    with pytest.raises(NotAllowed, match="promote your account"):
        OPERATIONS[operation](site, student, world)
    # Claiming the role by hand does not get past the check either: the store says no.
    with pytest.raises(NotAllowed):
        OPERATIONS[operation](site, replace(student, role=INSTRUCTOR), world)


def test_a_refused_upload_stores_nothing(site: App) -> None:
    with pytest.raises(NotAllowed):
        site.library.upload(site.profiles.local("Stu"), "x.yaml", bank_yaml("sneaky"))
    with site.sessions() as s:
        assert s.scalar(select(func.count()).select_from(QuestionBank)) == 0
        assert s.scalar(select(func.count()).select_from(BankVersion)) == 0


def test_an_e_mail_named_in_the_settings_signs_in_as_an_instructor(site: App) -> None:
    teacher = sign_in(site, "teacher-1", TEACHER_EMAIL)  # case does not count
    assert teacher.instructor and site.roles.is_instructor(teacher)
    site.classes.create(teacher, "Bootcamp", tracks=["sample"])  # allowed


def test_an_address_the_provider_calls_unverified_is_not_trusted(site: App) -> None:
    impostor = sign_in(site, "impostor", TEACHER_EMAIL, verified=False)
    assert not impostor.instructor
    with pytest.raises(NotAllowed):
        site.classes.create(impostor, "Fake class", tracks=["sample"])


def test_taking_an_address_out_of_the_settings_applies_at_once(
    site: App, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = sign_in(site, "teacher-1", TEACHER_EMAIL)
    monkeypatch.setenv("INTERVIEWSIM_INSTRUCTORS", "other@example.org")
    get_settings.cache_clear()
    later = build_app(get_settings(), bank=bank, sessions=site.sessions)
    with pytest.raises(NotAllowed):
        later.classes.create(teacher, "Bootcamp", tracks=["sample"])  # the same session's owner
    assert not later.roles.refresh(teacher).instructor


def test_an_instructor_promotes_an_account_and_a_demotion_applies_at_once(site: App) -> None:
    teacher = sign_in(site, "teacher-1", TEACHER_EMAIL)
    helper = sign_in(site, "helper-1", "helper@example.org")
    assert site.roles.promote(teacher, "HELPER@example.org") == helper.name
    promoted = site.roles.refresh(helper)  # the next page run picks it up
    assert promoted.instructor
    site.classes.create(promoted, "Helper's class", tracks=["sample"])
    assert "helper@example.org" in {e for _, e in site.roles.instructor_accounts(teacher)}
    site.roles.demote(teacher, "helper@example.org")
    with pytest.raises(NotAllowed):  # the stale owner from before the demotion is refused
        site.classes.create(promoted, "Another", tracks=["sample"])


def test_an_instructor_named_in_the_settings_cannot_be_demoted_in_the_app(site: App) -> None:
    teacher = sign_in(site, "teacher-1", TEACHER_EMAIL)
    sign_in(site, "other-1", "other@example.org")
    with pytest.raises(RoleError, match="INTERVIEWSIM_INSTRUCTORS"):
        site.roles.demote(teacher, "other@example.org")


def test_promoting_an_address_that_never_signed_in_says_so(site: App) -> None:
    teacher = sign_in(site, "teacher-1", TEACHER_EMAIL)
    with pytest.raises(RoleError, match="sign in once"):
        site.roles.promote(teacher, "nobody@example.org")


def test_the_pin_unlocks_a_local_profile_for_the_session_only(site: App) -> None:
    local = site.profiles.local("Teach")
    with pytest.raises(RoleError, match="not the instructor PIN"):
        site.roles.unlock(local, "1111")
    unlocked = site.roles.unlock(local, PIN)
    assert site.roles.is_instructor(unlocked)
    site.classes.create(unlocked, "Local class", tracks=["sample"])
    assert not site.profiles.local("Teach").instructor  # nothing was stored
    assert not site.roles.is_instructor(Roles.lock(unlocked))


def test_a_local_profile_is_never_an_instructor_by_its_stored_role(site: App) -> None:
    local = site.profiles.local("Teach")
    with site.sessions() as s:
        s.get(Profile, local.profile_id).role = INSTRUCTOR  # type: ignore[union-attr]
        s.commit()
    assert not site.profiles.local("Teach").instructor


def test_the_pin_is_not_for_signed_in_accounts(site: App) -> None:
    student = sign_in(site, "student-1", "student@example.org")
    with pytest.raises(RoleError, match="the PIN is for running locally"):
        site.roles.unlock(student, PIN)


def test_without_a_pin_set_no_local_profile_can_unlock(app: App) -> None:
    with pytest.raises(RoleError, match="No instructor PIN is set"):
        app.roles.unlock(app.profiles.local("Teach"), "anything")


def test_wrong_pins_in_a_row_lock_the_pin_for_a_while(site: App) -> None:
    now = [1000.0]
    roles = Roles(site.sessions, site.settings, clock=lambda: now[0])
    local = site.profiles.local("Guesser")
    for guess in range(PIN_TRIES):
        with pytest.raises(RoleError, match="not the instructor PIN"):
            roles.unlock(local, f"{guess:04d}")
    with pytest.raises(RoleError, match="Too many wrong PINs"):
        roles.unlock(local, PIN)  # even the right one, for now
    now[0] += 61
    assert roles.unlock(local, PIN).instructor


def test_the_pin_never_reaches_the_store(site: App) -> None:
    site.roles.unlock(site.profiles.local("Teach"), PIN)
    with site.sessions() as s:
        names = [n for (n,) in s.execute(select(Profile.name))]
        classes = s.scalar(select(func.count()).select_from(Classroom))
    assert PIN not in " ".join(names) and classes == 0
