"""Classes (instructors): create a class and hand out its join code, set assignments, and (with
sign-in) promote other instructors."""

from datetime import timedelta

import streamlit as st

from interviewsim.bank_library import Visibility
from interviewsim.class_model import ClassError, join_link
from interviewsim.roles import RoleError
from interviewsim.webapp.classroom import instructor_or_stop, local_instructor_note
from interviewsim.webapp.people import sign_in_configured
from interviewsim.webapp.render import plain
from interviewsim.webapp.resources import current_owner, get_app

app = get_app()
owner = instructor_or_stop(app, current_owner())
st.title("Classes")
local_instructor_note(app, owner)
today = app.classes.clock().date()
practice = app.library.practice_bank(owner)


def title_of(track: str) -> str:
    return practice.tracks[track].title if track in practice.tracks else track


def app_url() -> str:
    """This app's address as the browser sees it, for the join link."""
    try:
        return str(st.context.url or "").split("?")[0].rsplit("/", 1)[0] or "http://localhost:8501"
    except AttributeError:  # no browser context (AppTest)
        return "http://localhost:8501"


banks = [b for b in app.library.summaries(owner) if b.visibility != Visibility.private]
with (
    st.expander(
        "Create a class", icon=":material/add:", expanded=not app.classes.of_instructor(owner)
    ),
    st.form("class_create"),
):
    name = st.text_input("Name", max_chars=80, key="class_name")
    chosen_banks = st.multiselect(
        "Banks",
        [b.key for b in banks],
        format_func=lambda k: next(f"{b.title} ({b.key})" for b in banks if b.key == k),
        key="class_banks",
        help="Your banks shared with classes, and public ones. Private banks are not listed.",
    )
    chosen_tracks = st.multiselect(
        "Built-in tracks",
        sorted(app.bank.tracks, key=lambda t: app.bank.tracks[t].title),
        format_func=lambda t: app.bank.tracks[t].title,
        key="class_tracks",
    )
    left, right = st.columns(2)
    starts = left.date_input("Starts (optional)", value=None, key="class_starts")
    ends = right.date_input(
        "Ends (optional; the join code stops working after it)", value=None, key="class_ends"
    )
    if st.form_submit_button("Create class", type="primary", icon=":material/groups:"):
        try:
            made = app.classes.create(owner, name, chosen_banks, chosen_tracks, starts, ends)
        except ClassError as exc:
            st.error(str(exc))
        else:
            st.success(f"Created {plain(made.name)}. Its join code: **{made.code}**")

for c in app.classes.of_instructor(owner):
    with st.container(border=True):
        st.subheader(plain(c.name))
        when = " · ".join(
            part
            for part in (
                f"starts {c.starts_on:%d %b %Y}" if c.starts_on else "",
                f"ended {c.ends_on:%d %b %Y}"
                if c.ended
                else (f"ends {c.ends_on:%d %b %Y}" if c.ends_on else "no end date"),
            )
            if part
        )
        st.caption(
            f"{c.members} student{'' if c.members == 1 else 's'} · {when} · banks: "
            f"{plain(', '.join(c.banks) or '-')} · tracks: "
            f"{plain(', '.join(title_of(t) for t in c.tracks) or '-')}"
        )
        left, right = st.columns([1, 2])
        left.markdown("Join code")
        left.code(c.code, language=None)
        right.markdown("Join link")
        right.code(join_link(app_url(), c.code), language=None)
        if c.ended:
            st.caption("This class has ended: its join code no longer works.")
        elif st.button("New join code", key=f"class_new_code_{c.id}", icon=":material/refresh:"):
            app.classes.new_code(owner, c.id)
            st.rerun()

        assignments = app.assignments.of_class(owner, c.id)
        if assignments:
            st.dataframe(
                [
                    {
                        "Assignment": a.title,
                        "Questions": a.questions,
                        "From": ", ".join([*a.banks, *(title_of(t) for t in a.tracks)]),
                        "Due": f"{a.due_on:%d %b %Y}",
                    }
                    for a in assignments
                ],
                hide_index=True,
                width="stretch",
            )
        with (
            st.expander("New assignment", icon=":material/assignment_add:"),
            st.form(f"assign_{c.id}"),
        ):
            title = st.text_input("Title", max_chars=120, key=f"assign_title_{c.id}")
            count = st.number_input("Questions", 1, 50, 5, key=f"assign_count_{c.id}")
            sources = [*(f"bank:{b}" for b in c.banks), *(f"track:{t}" for t in c.tracks)]
            picked = st.multiselect(
                "From",
                sources,
                default=sources[:1],
                format_func=lambda s: f"bank {s[5:]}" if s.startswith("bank:") else title_of(s[6:]),
                key=f"assign_from_{c.id}",
            )
            due = st.date_input("Due", value=today + timedelta(days=7), key=f"assign_due_{c.id}")
            if st.form_submit_button("Set assignment", icon=":material/assignment_add:"):
                try:
                    app.assignments.assign(
                        owner,
                        c.id,
                        title,
                        int(count),
                        due,
                        tracks=[s[6:] for s in picked if s.startswith("track:")],
                        banks=[s[5:] for s in picked if s.startswith("bank:")],
                    )
                except ClassError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()

if sign_in_configured():
    st.subheader("Instructors")
    for person, email in app.roles.instructor_accounts(owner):
        st.markdown(f"- {plain(person)} · {plain(email)}")
    with st.form("promote"):
        email = st.text_input("E-mail of an account to make an instructor", key="promote_email")
        if st.form_submit_button("Promote", icon=":material/person_add:"):
            try:
                promoted = app.roles.promote(owner, email)
            except RoleError as exc:
                st.error(str(exc))
            else:
                st.success(f"{plain(promoted)} is now an instructor.")
