"""Projector demo (instructors): one question answered three ways, scored live, in large type and
high contrast, with no names or personal data on screen. Nothing is written to anyone's history."""

import streamlit as st

from interviewsim.demo import DemoRun
from interviewsim.webapp.classroom import instructor_or_stop
from interviewsim.webapp.render import level_badge, plain
from interviewsim.webapp.resources import current_owner, get_app

# Our own style sheet (no user text in it): big type, black on white, and the sidebar and header
# hidden, since they show the signed-in person's name.
PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #ffffff; color: #000000; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 1800px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {
  font-size: 1.55rem; line-height: 1.45; color: #000000;
}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1.25rem !important; color: #1a1a1a !important;
}
h1 { font-size: 2.9rem !important; color: #000000 !important; }
h2, h3 { font-size: 2.1rem !important; color: #000000 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: 4.6rem !important; font-weight: 800 !important; line-height: 1.1 !important;
  color: #000000 !important;
}
[data-testid="stMetricLabel"] p { font-size: 1.4rem !important; color: #000000 !important; }
[role="radiogroup"] label p, .stButton button p { font-size: 1.35rem !important; }
textarea { font-size: 1.4rem !important; }
</style>
"""
STEPS = ("Side by side",)
PASS_LINE = 60  # the line between an answer a careful grader would accept and one they would not
YOURS = "Your answer"

st.set_page_config(layout="wide")
app = get_app()
owner = instructor_or_stop(app, current_owner())
st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)

runs = app.demo.run(owner)
question = app.demo.question()
top, leave = st.columns([5, 1], vertical_alignment="center")
top.title("One question, three answers")
if leave.button("Leave the demo", icon=":material/close:", key="demo_leave"):
    st.switch_page("pages/instructor_classes.py")
st.markdown(f"### {plain(question.prompt)}")

labels = [r.label for r in runs]
step = st.radio(
    "Show", [*labels, *STEPS, YOURS], horizontal=True, key="demo_step", label_visibility="collapsed"
)


def verdict(run: DemoRun) -> None:
    """Which side of the line (60) the answer falls: what a careful grader would accept."""
    if run.result.overall >= PASS_LINE:
        st.markdown("**:green-background[Would pass]** (60 or more)")
    else:
        st.markdown("**:red-background[Would not pass]** (under 60)")


def points(run: DemoRun) -> None:
    covered, missed = run.result.found_points, run.result.missing_points
    total = len(covered) + len(missed)
    if total:
        st.markdown(f"**Key points in the answer: {len(covered)} of {total}**")
        for p in covered:
            st.markdown(f":green[✔] {plain(p)}")
        for p in missed:
            st.markdown(f":red[✘] {plain(p)}")


def follow_up(run: DemoRun) -> None:
    if run.follow_up:
        st.markdown(f"**The interviewer follows up:** {plain(run.follow_up)}")
    else:
        st.markdown("**No follow-up:** the answer left nothing to probe.")


def show(run: DemoRun) -> None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(f"## {plain(run.label)}")
        if run.note:
            st.caption(plain(run.note))
        with st.container(border=True):
            st.markdown(plain(run.answer))
        follow_up(run)
    with right:
        st.metric("Score", f"{run.result.overall}/100")
        verdict(run)
        for c in run.result.criteria:
            st.markdown(f"**{plain(c.name)}** {level_badge(c.level)} {c.level}/5")
            if c.evidence:
                st.caption(plain(c.evidence[0]))
        points(run)


if step in labels:
    show(runs[labels.index(step)])
elif step == YOURS:
    typed = st.text_area(
        "Type an answer for the class to see scored", key="demo_answer", height=160
    )
    if st.button("Score it", type="primary", key="demo_score") and typed.strip():
        st.session_state["demo_typed_run"] = app.demo.try_answer(owner, typed)
    if isinstance(st.session_state.get("demo_typed_run"), DemoRun):
        show(st.session_state["demo_typed_run"])
else:
    for column, run in zip(st.columns(len(runs), gap="large"), runs, strict=True):
        with column:
            st.markdown(f"## {plain(run.label)}")
            st.metric("Score", f"{run.result.overall}/100")
            verdict(run)
            for c in run.result.criteria:
                st.markdown(f"{plain(c.name)}: {level_badge(c.level)}")
            points(run)
            follow_up(run)
st.caption("Scored by the offline scorer, live. Nothing here is saved to anyone's history.")
