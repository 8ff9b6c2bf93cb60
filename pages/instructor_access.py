"""Instructor access: running locally without sign-in, the instructor PIN unlocks the instructor
pages for this browser session."""

import streamlit as st

from interviewsim.webapp.classroom import pin_form
from interviewsim.webapp.resources import current_owner, get_app

app = get_app()
owner = current_owner()
st.title("Instructor access")
if owner.instructor:
    st.success("The instructor pages are unlocked for this browser session.")
    st.stop()
st.markdown(
    "Instructors upload their own question banks, create classes with a join code, follow their "
    "classes on a dashboard and demo the scorer on a projector. Without sign-in, the instructor "
    "PIN set on this server (INTERVIEWSIM_INSTRUCTOR_PIN) unlocks those pages for this browser "
    "session only: reloading the page, or opening the app in another tab, asks for it again."
)
pin_form(app, owner)
