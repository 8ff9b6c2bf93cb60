"""The sidebar's profile picker: whose history the pages show."""

from __future__ import annotations

import streamlit as st

from interviewsim.bootstrap import App

PROFILE_KEY = "app_profile_id"
PROFILE_NAME_KEY = "app_profile_name"
NEW_PROFILE = "+ New profile…"


def profile_picker(app: App) -> tuple[int, str]:
    """Render the picker in the sidebar and remember the choice for this session and the URL."""
    with st.sidebar:
        st.markdown("### :material/record_voice_over: InterviewSim")
        names = app.history.profile_names()
        # The URL keeps the profile across reloads; session state keeps it across page switches.
        wanted = (
            st.query_params.get("profile")
            or st.session_state.get(PROFILE_NAME_KEY)
            or (names[0] if names else "Guest")
        )
        options = [*sorted(set(names) | {wanted}), NEW_PROFILE]
        choice = st.selectbox(
            "Profile",
            options,
            index=options.index(wanted),
            key="app_profile_pick",
            help="Each profile keeps its own history on this machine.",
        )
        if choice == NEW_PROFILE:
            with st.form("app_new_profile", clear_on_submit=True, border=False):
                new_name = st.text_input("Name for the new profile", max_chars=40)
                if st.form_submit_button("Create profile") and new_name.strip():
                    st.query_params["profile"] = " ".join(new_name.split())
                    del st.session_state["app_profile_pick"]
                    st.rerun()
            choice = wanted
        profile_id, profile_name = app.profiles.ensure(choice)
    st.session_state[PROFILE_KEY], st.session_state[PROFILE_NAME_KEY] = profile_id, profile_name
    if st.query_params.get("profile") != profile_name:
        st.query_params["profile"] = profile_name
    return profile_id, profile_name
