"""The Streamlit side of classes and instructors: which pages a person gets, the instructor PIN,
joining a class from a `?join=CODE` link, and what a student is told about their class answers.

The role itself is decided and checked in the core (`interviewsim.roles`); a page only asks.
"""

from __future__ import annotations

import streamlit as st

from interviewsim.bootstrap import App
from interviewsim.class_model import JOIN_PARAM, ClassError
from interviewsim.profiles import Owner
from interviewsim.roles import RoleError
from interviewsim.webapp.people import OWNER_KEY, sign_in_configured
from interviewsim.webapp.render import plain

JOINED_KEY = "classroom_joined"  # a message for the next run after joining from a link
INSTRUCTOR_PAGES = (
    ("pages/instructor_banks.py", "Banks", ":material/upload_file:"),
    ("pages/instructor_classes.py", "Classes", ":material/groups:"),
    ("pages/class_dashboard.py", "Class dashboard", ":material/leaderboard:"),
    ("pages/projector_demo.py", "Projector demo", ":material/co_present:"),
)


TEACH = "Teach"  # the top bar's menu of instructor pages


def class_pages(app: App, owner: Owner) -> dict[str, list[st.Page]]:
    """The pages for classes this person gets, by section of the top bar: "My classes" for
    everyone (unsectioned, `""`); for an instructor, their pages in one "Teach" menu, so the bar
    stays one short row on a projector; running locally with a PIN set, the page that unlocks
    them."""
    owner = refreshed(app, owner)
    pages = [st.Page("pages/my_classes.py", title="My classes", icon=":material/school:")]
    if app.roles.is_instructor(owner):
        teach = [st.Page(path, title=title, icon=icon) for path, title, icon in INSTRUCTOR_PAGES]
        return {"": pages, TEACH: teach}
    if not owner.account and app.roles.pin_configured:
        pages.append(
            st.Page("pages/instructor_access.py", title="Instructor access", icon=":material/key:")
        )
    return {"": pages}


def refreshed(app: App, owner: Owner) -> Owner:
    """The owner with a promotion or demotion made since sign-in, kept for this session."""
    current = app.roles.refresh(owner)
    if current != owner:
        st.session_state[OWNER_KEY] = current
    return current


def instructor_or_stop(app: App, owner: Owner) -> Owner:
    """For the top of an instructor page: the owner, or a sentence on what to do and a stop. (The
    core refuses every instructor operation on its own; this only spares a page of errors.)"""
    owner = refreshed(app, owner)
    if app.roles.is_instructor(owner):
        return owner
    if owner.account or not app.roles.pin_configured:
        st.info(
            "This page is for instructors. Ask an instructor to promote your account, or the host "
            "to add your e-mail to INTERVIEWSIM_INSTRUCTORS.",
            icon=":material/lock:",
        )
    else:
        st.info("This page is for instructors: unlock it with the instructor PIN.")
        pin_form(app, owner)
    st.stop()
    raise AssertionError("unreachable")


def pin_form(app: App, owner: Owner) -> None:
    with st.form("instructor_pin", border=True):
        pin = st.text_input("Instructor PIN", type="password", key="instructor_pin_value")
        if st.form_submit_button("Unlock instructor pages", type="primary", icon=":material/key:"):
            try:
                st.session_state[OWNER_KEY] = app.roles.unlock(owner, pin)
            except RoleError as exc:
                st.error(str(exc), icon=":material/lock:")
                return
            st.rerun()


def join_from_link(app: App, owner: Owner) -> None:
    """Join the class a `?join=CODE` link names, once, then take the code out of the URL."""
    code = st.query_params.get(JOIN_PARAM)
    if code:
        del st.query_params[JOIN_PARAM]
        try:
            joined = app.classes.join(owner, code)
        except ClassError as exc:
            st.session_state[JOINED_KEY] = ("error", str(exc))
        else:
            st.session_state[JOINED_KEY] = (
                "success",
                f"You joined {joined.name}: its questions come first on the Practice page.",
            )
    if JOINED_KEY in st.session_state:
        kind, message = st.session_state.pop(JOINED_KEY)
        with st.sidebar:
            (st.success if kind == "success" else st.error)(
                plain(message), icon=":material/school:"
            )


def class_answers_notice(app: App, owner: Owner) -> None:
    """Tell a student, where they read their own answers, who else can read them."""
    mine = [c for c in app.classes.my_classes(owner) if not c.ended]
    if not mine:
        return
    names = ", ".join(f"**{plain(c.name)}** ({plain(c.instructor)})" for c in mine)
    tracks = sorted({t for c in mine for t in c.tracks})
    st.caption(
        f":material/visibility: The instructors of your class{'es' if len(mine) > 1 else ''} "
        f"{names} can read your answers on the class tracks ({plain(', '.join(tracks))}) from "
        "the day you joined. Leave a class on the My classes page to stop that."
    )


def local_instructor_note(app: App, owner: Owner) -> None:
    if not owner.account and owner.instructor and not sign_in_configured():
        st.caption(
            ":material/key: Instructor pages are unlocked for this browser session (PIN). "
            "Anyone at this machine can open local profiles."
        )
