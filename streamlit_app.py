"""InterviewSim: routes to the pages and keeps who is practising in the sidebar. Nothing else.

The pages are in a bar along the top (on a phone, a row of links at the top of the page: see
`webapp/navigation.py`), so picking one never leaves a sidebar open over the page; the sidebar
holds only who is practising (the profile or the signed-in account), which is changed rarely.
"""

import streamlit as st

from interviewsim.webapp.classroom import MY_CLASSES_PAGE, class_pages, join_link_followed
from interviewsim.webapp.heap import freeze_soon
from interviewsim.webapp.navigation import phone_navigation
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
joining = join_link_followed()  # a ?join=CODE link from an instructor
# My classes for everyone; the instructors' pages, in a menu of their own, for instructors.
sections = class_pages(app, owner)
sections[""] = [*pages, *sections[""]]
page = st.navigation(sections, position="top")
if joining:
    st.switch_page(MY_CLASSES_PAGE)
listed = [p for group in sections.values() for p in group if p.visibility == "visible"]
phone_navigation(listed, {"Question bank": "Bank"})
try:
    page.run()
finally:
    # Once per process, just after the first page: what start-up built lives for ever, so
    # full collections stop walking it.
    freeze_soon()
