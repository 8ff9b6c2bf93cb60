"""The app for this browser session, built from shared, cached parts.

The store (engine and session factory), the bank and the server-wide backend are created once per
server process and shared across sessions; they are thread-safe (a session factory, immutable data,
a client that opens a connection per call). What a person typed on the Settings page builds a
backend for this session only; on the host's key, a daily allowance per person can apply (see
`interviewsim.allowance`). A store or setting that cannot be used is reported on the page instead
of crashing it.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from interviewsim.bank import default_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import Settings, SettingsError
from interviewsim.profiles import Owner
from interviewsim.store import StoreError, open_store
from interviewsim.webapp.people import OWNER_KEY, still_current
from interviewsim.webapp.people import current_owner as draw_owner
from interviewsim.webapp.provider import backend_for_session, session_settings


@st.cache_resource(show_spinner=False)
def _store(database_url: str) -> sessionmaker[Session]:
    return open_store(database_url)


def get_settings() -> Settings:
    """This session's settings, or a clear error on the page (and a stop)."""
    try:
        return session_settings()
    except SettingsError as exc:
        st.error(f"A setting cannot be used: {exc}", icon=":material/settings:")
        st.stop()
        raise  # unreachable: st.stop() ends the script run


def get_app() -> App:
    """Store, bank and backend for this session, or a clear error on the page (and a stop)."""
    settings = get_settings()
    try:
        sessions = _store(settings.sqlalchemy_url)
    except StoreError as exc:
        st.error(str(exc), icon=":material/database:")
        st.stop()
        raise  # unreachable
    bank = default_bank(settings.extra_bank_paths)  # the settings just read, not read again
    return build_app(
        settings,
        bank=bank,
        sessions=sessions,
        backend=backend_for_session(settings, bank),
        owner=session_owner,
    )


def session_owner() -> Owner | None:
    """This session's person once the sidebar has settled it: whose model calls these are."""
    owner = st.session_state.get(OWNER_KEY)
    return owner if isinstance(owner, Owner) else None


def current_owner() -> Owner:
    """Whose history this run shows: the signed-in account or the profile picked in the sidebar.

    The entry file normally settles it before a page runs; on a fresh server the first visit to a
    page's own URL can run the page first, so the sidebar is drawn here in that case.
    """
    owner = st.session_state.get(OWNER_KEY)
    if not (isinstance(owner, Owner) and still_current(owner)):
        return draw_owner(get_app())
    return owner
