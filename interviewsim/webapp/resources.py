"""Shared resources for the pages, created once per server process and shared across sessions.

The service is thread-safe: it holds a sessionmaker and immutable data, and opens a database session
per call. A store that cannot be opened is reported on the page instead of crashing it.
"""

from __future__ import annotations

import streamlit as st

from interviewsim.bank import Bank, default_bank
from interviewsim.config import get_settings
from interviewsim.services import base_service
from interviewsim.session import InterviewService
from interviewsim.store import StoreError
from interviewsim.webapp.profile import PROFILE_KEY, PROFILE_NAME_KEY, profile_picker
from interviewsim.webapp.provider import service_for_session


@st.cache_resource(show_spinner=False)
def _service(database_url: str) -> InterviewService:
    return base_service(get_settings(), default_bank())


def get_service() -> InterviewService:
    """The interview service for this session (offline, or with the AI provider its settings
    name), or a clear error on the page (and a stop) if the store is unusable."""
    try:
        return service_for_session(_service(get_settings().database_url))
    except StoreError as exc:
        st.error(str(exc), icon=":material/database:")
        st.stop()
        raise  # unreachable: st.stop() ends the script run


def get_bank() -> Bank:
    return default_bank()


def current_profile() -> tuple[int, str]:
    """The profile chosen in the sidebar.

    The entry file normally sets it before a page runs; on a fresh server the first visit to a
    page's own URL can run the page first, so the picker is drawn here in that case.
    """
    if PROFILE_KEY not in st.session_state:
        return profile_picker(get_service())
    return st.session_state[PROFILE_KEY], st.session_state[PROFILE_NAME_KEY]
