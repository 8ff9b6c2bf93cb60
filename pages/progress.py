"""Progress: how scores move over time, by track, category and rubric criterion."""

import streamlit as st

from interviewsim import analytics
from interviewsim.webapp.resources import current_profile, get_service

service = get_service()
profile_id, profile_name = current_profile()
st.title("Progress")

questions = analytics.question_frame(service.question_history(profile_id))
if questions.empty:
    st.info("Your charts appear here after your first scored answer.", icon=":material/info:")
    st.page_link("pages/practice.py", label="Start practising", icon=":material/play_arrow:")
    st.stop()

interviews = analytics.interview_frame(questions)
c1, c2, c3 = st.columns(3)
c1.metric("Interviews", len(interviews))
c2.metric("Answers scored", len(questions))
c3.metric("Average score", f"{questions['overall'].mean():.0f}/100")

st.plotly_chart(analytics.score_trend_figure(interviews), key="progress_trend")
left, right = st.columns(2)
with left:
    st.plotly_chart(
        analytics.average_bar_figure(questions, "track", "Average by track"),
        key="progress_by_track",
    )
with right:
    st.plotly_chart(
        analytics.average_bar_figure(questions, "category", "Average by category"),
        key="progress_by_category",
    )
criteria = analytics.criterion_frame(service.criterion_history(profile_id))
if not criteria.empty:
    st.plotly_chart(analytics.criterion_figure(criteria), key="progress_criteria")

st.subheader("Past interviews")
for s in service.interview_summaries(profile_id):
    left, right = st.columns([4, 1], vertical_alignment="center")
    score = f"{s.overall:.0f}/100" if s.overall is not None else s.status
    left.markdown(f"**#{s.interview_id}** · {s.started_at:%d %b %Y %H:%M} · {s.track} · {score}")
    if right.button("Report", key=f"progress_open_{s.interview_id}", icon=":material/assignment:"):
        st.switch_page("pages/report.py", query_params={"interview": str(s.interview_id)})
