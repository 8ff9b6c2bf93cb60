"""Who is using the app: the signed-in account, or (running locally) a profile picked by name.

With `[auth]` in `.streamlit/secrets.toml`, a person signs in with Streamlit's `st.login` (OIDC) and
sees only their own history: there is no picker, and `?profile=` is ignored. Without it, the sidebar
offers local profiles, with a note that they are not private. A host can require sign-in with
`INTERVIEWSIM_REQUIRE_LOGIN`.
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from interviewsim.bootstrap import App
from interviewsim.class_model import JOIN_PARAM
from interviewsim.profiles import PROFILE_NAME_MAX, Owner, ProfileError
from interviewsim.webapp.render import plain

OWNER_KEY = "app_owner"
SUBJECT_KEY = "app_sub"  # the OIDC subject the held owner was found for
NEW_PROFILE = "+ New profile…"
GUEST = "Guest"


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def shows_no_page(app: App) -> bool:
    """Whether this run ends on the sign-in screen (or on sign-in missing from a host that
    requires it) instead of a page: the entry script then lists no pages."""
    if sign_in_configured():
        return not st.user.is_logged_in
    return app.settings.require_login


def still_current(owner: Owner) -> bool:
    """Whether an owner kept in session state still holds for this run: the same signed-in
    account with sign-in on, a local profile without. A page that runs on its own (Streamlit runs
    a page's file directly on a fresh server's first visit to its address) checks this rather
    than trust what an earlier run left behind."""
    if not sign_in_configured():
        return not owner.account
    user = st.user
    return (
        owner.account
        and bool(user.is_logged_in)
        and st.session_state.get(SUBJECT_KEY) == str(user.get("sub") or "")
    )


def current_owner(app: App) -> Owner:
    """The owner for this run, drawing the sidebar's sign-in or profile controls. Stops the run
    with a sign-in screen when someone must sign in first."""
    signing_in = sign_in_configured()
    if signing_in and not st.user.is_logged_in:
        _sign_in_screen()
    with st.sidebar:
        _sidebar_title()
        if signing_in:
            owner = _signed_in(app)
        elif app.settings.require_login:
            st.error(
                "This app requires sign-in, but sign-in is not configured: add an [auth] section "
                "to .streamlit/secrets.toml (see the README's Sign-in section).",
                icon=":material/lock:",
            )
            st.stop()
            raise AssertionError("unreachable")
        else:
            owner = _local_profile(app)
    st.session_state[OWNER_KEY] = owner
    return owner


def _sidebar_title() -> None:
    st.markdown("### :material/record_voice_over: InterviewSim")


def _signed_in(app: App) -> Owner:
    user = st.user
    if "profile" in st.query_params:  # a signed-in person only ever sees their own history
        del st.query_params["profile"]
    subject, issuer = str(user.get("sub") or ""), str(user.get("iss") or "")
    held = st.session_state.get(OWNER_KEY)
    if not (
        isinstance(held, Owner) and held.account and st.session_state.get(SUBJECT_KEY) == subject
    ):
        email = user.get("email")
        held = app.profiles.account(
            issuer,
            subject,
            str(email) if email else None,
            str(user.get("name") or "") or None,
            email_verified=user.get("email_verified") is not False,
        )
        st.session_state[SUBJECT_KEY] = subject
    st.markdown(f"Signed in as **{plain(held.name)}**")
    st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="app_sign_out")
    return held


def _sign_in_screen() -> NoReturn:
    """What someone signed out sees instead of a page; stops the run."""
    with st.sidebar:
        _sidebar_title()
        st.caption("Sign in to practise. Your history is private to you.")
    st.title("InterviewSim")
    st.markdown(
        "Mock interviews with a scorer that explains itself. Sign in to start: your answers, "
        "scores and progress are kept for you alone."
    )
    code = st.query_params.get(JOIN_PARAM)
    if code:  # a class's join link: signing in comes back to the start page, without it
        st.info(
            f"You are joining a class with the code **{plain(code[:20])}**. Sign in, then open "
            "the link again, or type the code on the My classes page.",
            icon=":material/school:",
        )
    st.button(
        "Sign in", type="primary", icon=":material/login:", on_click=st.login, key="app_login"
    )
    st.stop()
    raise AssertionError("unreachable")


def _local_profile(app: App) -> Owner:
    names = app.profiles.local_names()
    held = st.session_state.get(OWNER_KEY)
    # The URL keeps the profile across reloads; session state keeps it across page switches.
    wanted = st.query_params.get("profile") or (held.name if isinstance(held, Owner) else GUEST)
    options = [*sorted(set(names) | {wanted}), NEW_PROFILE]
    choice = st.selectbox(
        "Profile",
        options,
        index=options.index(wanted),
        key="app_profile_pick",
        help="Each profile keeps its own history on this machine.",
    )
    if choice == NEW_PROFILE:
        _new_profile_form(app)
        choice = wanted
    st.caption(
        ":material/lock_open: Profiles on this machine are not private: anyone using this app "
        "can open any of them. Hosts can turn on sign-in (see the README)."
    )
    if not (isinstance(held, Owner) and not held.account and held.name == choice):
        try:
            held = app.profiles.local(choice)
        except ProfileError as exc:  # a hand-edited ?profile= that is blank or too long
            st.warning(str(exc))
            held = app.profiles.local(GUEST)
    if st.query_params.get("profile") != held.name:
        st.query_params["profile"] = held.name
    return held


def _new_profile_form(app: App) -> None:
    with st.form("app_new_profile", clear_on_submit=False, border=False):
        new_name = st.text_input(
            "Name for the new profile",
            max_chars=PROFILE_NAME_MAX + 20,  # room to type past the limit and be told why
            key="app_new_profile_name",
        )
        if st.form_submit_button("Create profile"):
            try:
                owner = app.profiles.local(new_name)
            except ProfileError as exc:
                st.error(str(exc))
                return
            st.session_state[OWNER_KEY] = owner
            st.query_params["profile"] = owner.name
            del st.session_state["app_profile_pick"]
            st.rerun()
