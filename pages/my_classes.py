"""My classes: join a class with its code, see its assignments and how far along they are."""

import streamlit as st

from interviewsim.class_model import CODE_LENGTH, ClassError
from interviewsim.webapp.classroom import FROM_LINK_KEY, JOIN_FORM_KEY
from interviewsim.webapp.render import plain
from interviewsim.webapp.resources import current_owner, get_app

app = get_app()
owner = current_owner()
st.title("My classes")

if st.session_state.pop(FROM_LINK_KEY, False):
    st.info(
        "You followed a class's join link: its code is filled in below. Joining lets the class's "
        "instructor read your answers on its tracks from today; press Join to join.",
        icon=":material/school:",
    )

with st.form("class_join", clear_on_submit=True):
    code = st.text_input(
        "Join a class",
        placeholder=f"the {CODE_LENGTH}-character code from your instructor",
        max_chars=40,
        key=JOIN_FORM_KEY,
    )
    if st.form_submit_button("Join", type="primary", icon=":material/group_add:"):
        try:
            joined = app.classes.join(owner, code)
        except ClassError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            st.success(
                f"You joined {plain(joined.name)}: its questions come first on the Practice page.",
                icon=":material/school:",
            )

classes = app.classes.my_classes(owner)
tracks = app.library.practice_bank(owner).tracks  # titled as on the Practice page
if not classes:
    st.info(
        "You are not in a class yet. When an instructor gives you a join code or link, use it "
        "here.",
        icon=":material/school:",
    )
    st.stop()

st.caption(
    ":material/visibility: The instructor of a class can read the answers you give on its tracks, "
    "from the moment you joined, on the class dashboard; nothing from before, nor other tracks. "
    "Leaving a class stops that."
)
for c in classes:
    with st.container(border=True):
        ends = (
            f"ended {c.ends_on:%d %b %Y}"
            if c.ended
            else (f"until {c.ends_on:%d %b %Y}" if c.ends_on else "no end date")
        )
        st.subheader(plain(c.name))
        st.caption(
            f"Instructor {plain(c.instructor)} · joined {c.joined_at:%d %b %Y} · {ends} · tracks: "
            + plain(", ".join(tracks[t].title if t in tracks else t for t in c.tracks))
        )
        if c.assignments:
            st.dataframe(
                [
                    {
                        "Assignment": a.assignment.title,
                        "Questions": a.assignment.questions,
                        "Due": f"{a.assignment.due_on:%d %b %Y}",
                        "Status": a.label,
                    }
                    for a in c.assignments
                ],
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption("No assignments yet.")
        left, right = st.columns(2)
        left.page_link("pages/practice.py", label="Practise now", icon=":material/play_arrow:")
        if right.button("Leave this class", key=f"class_leave_{c.id}", icon=":material/logout:"):
            app.classes.leave(owner, c.id)
            st.rerun()
