"""Report: one interview's scores, rubric levels, evidence, suggestions and model answers."""

import streamlit as st

from interviewsim.coaching import band_of
from interviewsim.interview import InterviewError, InterviewSetup
from interviewsim.reasons import friendly_reason
from interviewsim.report import SPEAKER, Exchange, QuestionReport, to_json, to_markdown
from interviewsim.scoring.bands import LINE_EXPLANATION
from interviewsim.webapp.coach import show_comparison
from interviewsim.webapp.delivery import show_insights
from interviewsim.webapp.render import (
    format_seconds,
    plain,
    score_color,
    show_result,
    show_usage,
)
from interviewsim.webapp.resources import current_owner, get_app

app = get_app()
history, service = app.history, app.interviews
owner = current_owner()
st.title("Report")

asked = st.query_params.get("interview")
wanted = int(asked) if asked and asked.isdigit() else None
summaries, found = history.report_choices(owner, wanted)
if not summaries:
    st.info(
        "No interviews yet for this profile. Start one on the Practice page.",
        icon=":material/info:",
    )
    st.page_link("pages/practice.py", label="Go to Practice", icon=":material/play_arrow:")
    st.stop()

ids = [s.interview_id for s in summaries]
if asked and (wanted is None or not found):
    st.warning(
        f"There is no interview #{plain(asked[:20])} in your history: here is your latest.",
        icon=":material/search_off:",
    )
default = wanted if found and wanted is not None else ids[0]
labels = {
    s.interview_id: f"#{s.interview_id} · {s.started_at:%d %b %Y %H:%M} · {s.track} · "
    + (f"{s.overall:.0f}/100" if s.overall is not None else s.status)
    for s in summaries
}
interview_id = st.selectbox("Interview", ids, index=ids.index(default), format_func=labels.get)
st.query_params["interview"] = str(interview_id)
report = history.report(owner, interview_id)

c1, c2, c3 = st.columns(3)
c1.metric(
    "Overall",
    f"{report.overall:.0f}/100" if report.overall is not None else "-",
    help=LINE_EXPLANATION,
)
c2.metric("Answered", f"{len(report.answered)} of {len(report.questions)}")
c3.metric("Time answering", format_seconds(sum(q.total_time_s for q in report.questions)))
if report.status == "active":
    st.warning(
        "This interview is still in progress; the report shows the answers so far.",
        icon=":material/pending:",
    )
st.caption(
    f"{report.track} · {report.interview_type.replace('_', ' ')} · {report.style} "
    f"interviewer · scored by the {report.scorer} scorer"
)

busy = service.active_interview(owner) is not None


def show_exchanges(exchanges: list[Exchange]) -> None:
    for e in exchanges:
        st.markdown(f"**{SPEAKER}:** {plain(e.prompt)}")
        if e.skipped:
            st.caption("Skipped")
        elif e.answer is not None:
            with st.container(border=True):
                st.markdown(plain(e.answer))
                if e.time_taken_s is not None:  # None: a request ("hint"), not an answer
                    taken = format_seconds(e.time_taken_s)
                    spoken = f" · spoken, {format_seconds(e.duration_s)}" if e.duration_s else ""
                    st.caption(
                        f"Answered in {taken}{spoken}"
                        + (" · truncated to the cap" if e.truncated else "")
                    )
            if e.insights is not None:
                show_insights(e.insights)


def practise_button(q: QuestionReport) -> None:
    """Answer this question again on its own: a one-question interview, compared with this one."""
    if q.question.generated or q.question.id not in app.bank:
        return  # written for that interview only
    key = f"report_practise_{interview_id}_{q.index}"
    if busy:
        st.button("Practise this question", icon=":material/replay:", key=key, disabled=True)
        st.caption("Finish or end the interview in progress first.")
        return
    if st.button(
        "Practise this question",
        icon=":material/replay:",
        key=key,
        help="Answer it again on its own; its report puts your answers side by side.",
    ):
        setup = InterviewSetup(q.question.track, question_ids=(q.question.id,))
        try:
            service.start(owner, setup)
        except InterviewError as exc:
            st.error(str(exc))
            return
        st.switch_page("pages/practice.py")


for q in report.questions:
    score = (
        f":{score_color(q.result.overall)}[{q.result.overall}/100 · {band_of(q.result.overall)}]"
        if q.result
        else "skipped"
    )
    tries = f" · {len(q.attempts)} attempts" if len(q.attempts) > 1 else ""
    with st.expander(
        f"**Q{q.index + 1}.** {plain(q.question.prompt)}  —  {score}{tries}",
        expanded=q.index == 0,
    ):
        if q.question.generated:
            st.caption(":material/auto_awesome: Written for this interview by the AI interviewer")
        elif q.reason:
            st.caption(f"Why this question: {plain(friendly_reason(q.reason))}")
        several = len(q.attempts) > 1
        model = st.toggle("Show the model answer", key=f"report_model_{interview_id}_{q.index}")
        if several or q.earlier:
            show_comparison(q, model_answer=model)
        if several:  # each attempt's whole exchange, follow-ups included, one tab each
            st.markdown("#### The exchanges")
            tabs = st.tabs([f"Attempt {a.number}" for a in q.attempts])
            for tab, attempt in zip(tabs, q.attempts, strict=True):
                with tab:
                    show_exchanges(attempt.exchanges)
        elif q.attempts:
            show_exchanges(q.attempts[0].exchanges)
        if q.result:
            if several:
                st.markdown(f"#### Attempt {q.standing.number if q.standing else ''} in detail")
            show_result(q.result)
        if model:
            if not (several or q.earlier):
                st.markdown("**Model answer**")
                st.markdown(plain(q.question.model_answer))  # may be AI-written
            if q.question.key_points:
                st.markdown("**Key points**")
                for kp in q.question.key_points:
                    st.markdown(f"- {plain(kp.text)}")
        practise_button(q)

show_usage(report.usage, {q.question.id: q.index + 1 for q in report.questions})
st.divider()
left, right = st.columns(2)
left.download_button(
    "Download Markdown",
    to_markdown(report),
    file_name=f"interview-{interview_id}.md",
    mime="text/markdown",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
right.download_button(
    "Download JSON",
    to_json(report),
    file_name=f"interview-{interview_id}.json",
    mime="application/json",
    icon=":material/data_object:",
    on_click="ignore",
    width="stretch",
)
