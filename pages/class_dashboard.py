"""Class dashboard (instructors): each student's practice and each question's scores, with the
answers behind them, and CSV exports. Every figure is a SQL aggregate (see `class_dashboard`)."""

import pandas as pd
import plotly.express as px
import streamlit as st

from interviewsim.webapp.classroom import instructor_or_stop
from interviewsim.webapp.render import CHART_CONFIG, plain
from interviewsim.webapp.resources import current_owner, get_app

st.set_page_config(layout="wide")  # wide tables; the next page goes back to the default
app = get_app()
owner = instructor_or_stop(app, current_owner())
st.title("Class dashboard")

classes = app.classes.of_instructor(owner)
if not classes:
    st.info("Create a class on the Classes page first.", icon=":material/groups:")
    st.stop()
left, right = st.columns([3, 1], vertical_alignment="bottom")
chosen = left.selectbox(
    "Class",
    [c.id for c in classes],
    format_func=lambda i: next(f"{c.name} ({c.code})" for c in classes if c.id == i),
    key="dashboard_class",
)
hide = right.toggle(
    "Hide names", key="dashboard_hide_names", help="Number the students instead, for a projector."
)
board = app.dashboard.dashboard(owner, chosen, hide_names=hide)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Students", len(board.students))
c2.metric("Answers scored", board.answers)
c3.metric("Class average", "-" if board.average is None else f"{board.average:.0f}/100")
c4.metric("Questions answered", len(board.questions))

st.subheader("Students")
if not board.students:
    st.caption(f"No one has joined yet: share the join code **{board.classroom.code}**.")
else:
    titles = [a.assignment.title for a in board.students[0].assignments]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Student": s.name,
                    "Interviews": s.interviews,
                    "Answers": s.answers,
                    "Average": None if s.average is None else round(s.average),
                    "Trend (points per interview)": "-" if s.trend is None else f"{s.trend:+.1f}",
                    "Weakest criteria": ", ".join(s.weakest) or "-",
                    **{t: a.label for t, a in zip(titles, s.assignments, strict=True)},
                    "Last answer": "-" if s.last_active is None else f"{s.last_active:%d %b %H:%M}",
                }
                for s in board.students
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Average": st.column_config.ProgressColumn(
                "Average", min_value=0, max_value=100, format="%d"
            )
        },
    )

st.subheader("Questions", help="Lowest class average first: the questions the class finds hard.")
if not board.questions:
    st.caption("Scores appear here once students answer on the class's tracks.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Question": q.prompt,
                    "Track": q.track,
                    "Answers": q.answers,
                    "Students": q.students,
                    "Average": round(q.average),
                    "Spread (sd)": round(q.spread, 1),
                    "Lowest": round(q.lowest),
                    "Highest": round(q.highest),
                }
                for q in board.questions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if board.criteria:
        figure = px.bar(
            pd.DataFrame([{"Criterion": c.name, "Mean level": c.level} for c in board.criteria]),
            x="Mean level",
            y="Criterion",
            orientation="h",
            range_x=[0, 5],
            text_auto=".1f",
            title="The class's rubric levels (1-5)",
            height=80 + 40 * len(board.criteria),
        )
        st.plotly_chart(figure, config=CHART_CONFIG, key="dashboard_criteria")

    by_id = {q.question_id: q for q in board.questions}
    picked = st.selectbox(
        "Read the answers to",
        [None, *by_id],
        format_func=lambda i: "Choose a question…" if i is None else by_id[i].prompt,
        key="dashboard_question",
    )
    if picked:
        for answer in app.dashboard.answers(owner, chosen, picked, hide_names=hide):
            with st.container(border=True):
                when = "" if answer.answered_at is None else f" · {answer.answered_at:%d %b %H:%M}"
                st.markdown(f"**{plain(answer.student)}** · {answer.score:.0f}/100{when}")
                for exchange in answer.exchanges:
                    st.caption(plain(exchange.prompt))
                    st.markdown(plain(exchange.answer))

st.subheader("Export")
left, right = st.columns(2)
left.download_button(
    "Students (CSV)",
    lambda: app.dashboard.students_csv(owner, chosen),
    file_name=f"class-{board.classroom.code}-students.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    key="dashboard_students_csv",
)
right.download_button(
    "Questions (CSV)",
    lambda: app.dashboard.questions_csv(owner, chosen),
    file_name=f"class-{board.classroom.code}-questions.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    key="dashboard_questions_csv",
)
st.caption(
    f"Reads the answers on the class's tracks ({plain(', '.join(board.tracks))}) given after "
    "each student joined, and nothing else; students are told so on their My classes and "
    "Progress pages."
)
