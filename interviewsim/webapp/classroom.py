"""The Streamlit side of classes and instructors: which pages a person gets, the instructor PIN,
joining a class from a `?join=CODE` link, and what a student is told about their class answers.

The role itself is decided and checked in the core (`interviewsim.roles`); a page only asks.
"""

from __future__ import annotations

import streamlit as st

from interviewsim.bootstrap import App
from interviewsim.class_model import JOIN_PARAM
from interviewsim.profiles import Owner
from interviewsim.roles import RoleError
from interviewsim.webapp.people import OWNER_KEY, sign_in_configured
from interviewsim.webapp.render import plain

JOIN_FORM_KEY = "class_join_code"  # the join form's code field on My classes
FROM_LINK_KEY = "classroom_join_link"  # the code in that field came from a join link
MY_CLASSES_PAGE = "pages/my_classes.py"
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
        # Known but not listed: a reload (which ends the unlock) or a bookmark lands on the page
        # itself, which asks for the PIN, rather than on Streamlit's "Page not found".
        hidden = [
            st.Page(path, title=title, icon=icon, visibility="hidden")
            for path, title, icon in INSTRUCTOR_PAGES
        ]
        return {"": [*pages, *hidden]}
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


def join_link_followed() -> bool:
    """Whether this run follows a `?join=CODE` link: the code goes into the My classes form,
    for the person to press Join there (joining lets an instructor read their answers, so a
    link alone does not do it), and out of the URL (a bookmark or a reload does not ask again).
    The caller then opens My classes, once the navigation knows the page."""
    code = st.query_params.get(JOIN_PARAM)
    if not code:
        return False
    del st.query_params[JOIN_PARAM]
    st.session_state[JOIN_FORM_KEY] = code.strip()[:40]
    st.session_state[FROM_LINK_KEY] = True
    return True


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
            ":material/key: Instructor pages are unlocked for this browser session (PIN; a "
            "reload asks for it again). "
            "Anyone at this machine can open local profiles."
        )
