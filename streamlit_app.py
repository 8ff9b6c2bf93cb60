"""InterviewSim: routes to the pages and keeps the sign-in or profile picker in the sidebar. Nothing
else."""

import streamlit as st

from interviewsim.webapp.classroom import class_pages, join_from_link
from interviewsim.webapp.people import current_owner, shows_no_page
from interviewsim.webapp.resources import get_app

st.set_page_config(
    page_title="InterviewSim", page_icon=":material/record_voice_over:", layout="centered"
)

pages = [
    st.Page(
        "pages/practice.py", title="Practice", icon=":material/record_voice_over:", default=True
    ),
    st.Page("pages/report.py", title="Report", icon=":material/assignment:"),
    st.Page("pages/progress.py", title="Progress", icon=":material/monitoring:"),
    st.Page("pages/question_bank.py", title="Question bank", icon=":material/library_books:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
]
app = get_app()
if shows_no_page(app):
    # Without a navigation, Streamlit would list the pages/ folder itself to someone signed out.
    st.navigation(pages, position="hidden")
owner = current_owner(app)  # stops on the sign-in screen when someone must sign in first
join_from_link(app, owner)  # a ?join=CODE link from an instructor
# My classes for everyone; the instructors' pages for instructors.
st.navigation([*pages, *class_pages(app, owner)]).run()
