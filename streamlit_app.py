"""InterviewSim: routes to the pages and keeps the profile picker in the sidebar. Nothing else.

The pages are in a bar along the top (on a phone, a row of links at the top of the page: see
`webapp/navigation.py`), so picking one never leaves a sidebar open over the page; the sidebar
holds only who is practising (the profile or the signed-in account), which is changed rarely.
"""

import streamlit as st

from interviewsim.webapp.navigation import phone_navigation
from interviewsim.webapp.people import current_owner
from interviewsim.webapp.resources import get_app

st.set_page_config(
    page_title="InterviewSim", page_icon=":material/record_voice_over:", layout="centered"
)

current_owner(get_app())

PAGES = [
    st.Page(
        "pages/practice.py", title="Practice", icon=":material/record_voice_over:", default=True
    ),
    st.Page("pages/report.py", title="Report", icon=":material/assignment:"),
    st.Page("pages/progress.py", title="Progress", icon=":material/monitoring:"),
    st.Page("pages/question_bank.py", title="Question bank", icon=":material/library_books:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
]
page = st.navigation(PAGES, position="top")
phone_navigation(PAGES, {"Question bank": "Bank"})
page.run()
