"""InterviewSim: routes to the pages and keeps the profile picker in the sidebar. Nothing else."""

import streamlit as st

from interviewsim.webapp.classroom import class_pages, join_from_link
from interviewsim.webapp.people import current_owner
from interviewsim.webapp.resources import get_app

st.set_page_config(
    page_title="InterviewSim", page_icon=":material/record_voice_over:", layout="centered"
)

app = get_app()
owner = current_owner(app)
join_from_link(app, owner)  # a ?join=CODE link from an instructor

page = st.navigation(
    [
        st.Page(
            "pages/practice.py", title="Practice", icon=":material/record_voice_over:", default=True
        ),
        st.Page("pages/report.py", title="Report", icon=":material/assignment:"),
        st.Page("pages/progress.py", title="Progress", icon=":material/monitoring:"),
        st.Page("pages/question_bank.py", title="Question bank", icon=":material/library_books:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
        *class_pages(app, owner),  # My classes; instructors' pages for instructors
    ]
)
page.run()
