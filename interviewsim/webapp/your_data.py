"""Settings → Your data: download everything kept for you (JSON), or delete it for good.

A signed-in person deletes their account and its history, then is signed out; a local profile is
deleted with its history and the app goes back to the Guest profile. Deleting asks first, in a
dialog, and the core command (`ProfileService.delete`) takes the owner, so it can only ever
delete the owner's own rows.
"""

from __future__ import annotations

import streamlit as st

from interviewsim.bootstrap import App
from interviewsim.profiles import Owner
from interviewsim.views import my_data_json
from interviewsim.webapp.people import OWNER_KEY, SUBJECT_KEY
from interviewsim.webapp.render import plain

DONE_KEY = "your_data_done"  # what was deleted, said once on the next run
CONFIRM_WORD = "delete"
CONFIRMING_KEY = "your_data_confirming"  # the delete dialog is open


def show_your_data(app: App, owner: Owner) -> None:
    st.subheader("Your data")
    if done := st.session_state.pop(DONE_KEY, None):
        st.success(done, icon=":material/check_circle:")
    whose = "your account" if owner.account else f"the profile **{plain(owner.name)}**"
    st.caption(
        f"Everything kept for {whose}: the profile, every interview with its questions, "
        "answers, scores, transcript and AI usage."
    )
    left, right = st.columns(2)
    left.download_button(
        "Download all my data (JSON)",
        lambda: my_data_json(app.history.all_my_data(owner)),  # read only when clicked
        file_name="interviewsim-my-data.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",  # no rerun: one started by the click can drop the file's address
        width="stretch",
        key="your_data_download",
    )
    label = "Delete my account and history" if owner.account else "Delete this profile"
    right.button(
        label,
        icon=":material/delete_forever:",
        width="stretch",
        key="your_data_delete",
        on_click=_start_confirming,
    )
    # Kept open by a flag rather than by the click alone, so that typing the confirmation,
    # which reruns the page, does not close it.
    if st.session_state.get(CONFIRMING_KEY):
        _confirm_delete(app, owner)


def _start_confirming() -> None:
    st.session_state[CONFIRMING_KEY] = True


def _stop_confirming() -> None:
    st.session_state.pop(CONFIRMING_KEY, None)


@st.dialog("Delete for good?", on_dismiss=_stop_confirming)
def _confirm_delete(app: App, owner: Owner) -> None:
    count = app.history.interview_page(owner, 0, 1).total  # a count in SQL, not every row
    what = "your account" if owner.account else f"the profile **{plain(owner.name)}**"
    st.markdown(
        f"This deletes {what} and its {count} interview{'s' if count != 1 else ''}: every "
        "answer, score and transcript. It cannot be undone; download your data first to keep "
        "a copy."
    )
    typed = st.text_input(f"Type **{CONFIRM_WORD}** to confirm", key="your_data_confirm")
    left, right = st.columns(2)
    if left.button(
        "Delete for good",
        type="primary",
        icon=":material/delete_forever:",
        disabled=typed.strip().lower() != CONFIRM_WORD,
        width="stretch",
        key="your_data_delete_go",
    ):
        deleted = app.profiles.delete(owner)
        for key in (OWNER_KEY, SUBJECT_KEY, CONFIRMING_KEY, "app_profile_pick"):
            st.session_state.pop(key, None)
        if owner.account:
            st.logout()  # signing in again starts a new, empty account
            return
        st.query_params.pop("profile", None)
        st.session_state[DONE_KEY] = (
            f"Deleted the profile {plain(owner.name)} and its "
            f"{deleted} interview{'s' if deleted != 1 else ''}."
        )
        st.rerun()
    if right.button("Cancel", width="stretch", key="your_data_cancel"):
        _stop_confirming()
        st.rerun()
