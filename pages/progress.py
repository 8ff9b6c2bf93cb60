"""Progress: how scores move, where the weak spots are, and one click to practise them."""

import streamlit as st

from interviewsim import analytics
from interviewsim.interview import InterviewError, InterviewSetup
from interviewsim.selection import WEAK_SPOTS, WEAK_SPOTS_COUNT
from interviewsim.views import PAGE_SIZE
from interviewsim.webapp.classroom import class_answers_notice
from interviewsim.webapp.delivery import show_delivery_progress
from interviewsim.webapp.progress_cache import progress_summary
from interviewsim.webapp.render import CHART_CONFIG, plain
from interviewsim.webapp.resources import current_owner, get_app

app = get_app()
service, history, bank = app.interviews, app.history, app.bank
owner = current_owner()
st.title("Progress")
class_answers_notice(app, owner)  # who else can read answers given in a class

bounds = history.history_bounds(owner)
if not bounds:
    st.info("Your charts appear here after your first scored answer.", icon=":material/info:")
    st.page_link("pages/practice.py", label="Start practising", icon=":material/play_arrow:")
    st.stop()


def track_title(track: str | None) -> str:
    if track is None:
        return "All tracks"
    return bank.tracks[track].title if track in bank.tracks else track


today = service.clock().date()
first = min(b["first"] for b in bounds).date()
last = max(max(b["last"] for b in bounds).date(), today)
left, right = st.columns(2)
picked = left.date_input(
    "Dates", value=(first, last), min_value=first, max_value=last, key="progress_dates"
)
track = right.selectbox(
    "Track", [None, *(b["track"] for b in bounds)], format_func=track_title, key="progress_track"
)
since, until = analytics.date_window(picked)
rubric_names = {c: r.name for r in bank.rubrics.values() for c in r.categories}
view = progress_summary(app, owner, track, since, until, today, rubric_names)
if view.empty:
    st.info("No scored answers in this window: widen the dates or pick another track.")
    st.stop()

busy = service.active_interview(owner) is not None


def practise(practice_track: str, topics: tuple[str, ...] = ()) -> None:
    """Start an interview built from the weak spots (optionally one topic) and go to it."""
    try:
        service.start(
            owner,
            InterviewSetup(
                practice_track, num_questions=WEAK_SPOTS_COUNT, focus=WEAK_SPOTS, topics=topics
            ),
        )
    except InterviewError as exc:
        st.error(str(exc))
        return
    st.switch_page("pages/practice.py")


c1, c2, c3, c4 = st.columns(4)
c1.metric("Interviews", f"{view.interviews:,}")
c2.metric("Answers scored", f"{view.answers:,}")
c3.metric("Average score", f"{view.average or 0:.0f}/100")
c4.metric(
    "Streak",
    f"{view.streak.current} d",
    help=f"Longest streak: {view.streak.longest} days; "
    f"{view.streak.days_practised} days practised in this window.",
)

focus = track or view.focus_track
if busy:
    st.caption("Finish or end the interview in progress before starting another.")
    st.page_link("pages/practice.py", label="Resume your interview", icon=":material/play_arrow:")
elif focus and st.button(
    f"Practise my weak spots · {track_title(focus)}",
    type="primary",
    icon=":material/target:",
    key="progress_weak_spots",
):
    practise(focus)

figures, captions = view.figures, view.captions
if "trend" in figures:
    st.plotly_chart(figures["trend"], config=CHART_CONFIG, key="progress_trend")
    if "trend" in captions:
        st.caption(captions["trend"])
pair = [name for name in ("by_track", "by_category") if name in figures]
for column, name in zip(st.columns(len(pair)) if pair else [], pair, strict=True):
    column.plotly_chart(figures[name], config=CHART_CONFIG, key=f"progress_{name}")
radars = list(view.radars.items())
per_row = 1 if len(radars) == 1 else 2  # one radar per rubric; a lone one gets the width
for start in range(0, len(radars), per_row):
    row = radars[start : start + per_row]
    for column, (rubric, radar) in zip(st.columns(per_row), row, strict=False):
        column.plotly_chart(radar, config=CHART_CONFIG, key=f"progress_radar_{rubric}")
for name in ("criteria_over_time", "calendar", "time"):
    if name in figures:
        st.plotly_chart(figures[name], config=CHART_CONFIG, key=f"progress_{name}")
        if name in captions:
            st.caption(captions[name])
if view.waiting:
    st.caption(
        ":material/hourglass_empty: More charts appear as your history grows:  \n"
        + "  \n".join(f"– {wait}" for wait in view.waiting.values())
    )

show_delivery_progress(app, owner, track, since, until)  # fillers, pace, job terms (issue 15)

if "topics" in captions:
    st.caption(f"Weakest and most improved topics: {captions['topics'].lower()}")
left, right = st.columns(2)
with left:
    st.subheader("Weakest topics")
    if view.weakest.empty:
        st.caption("Your weakest topics show here once you have answered a topic more than once.")
    for row in view.weakest.itertuples():
        name, button = st.columns([3, 1], vertical_alignment="center")
        name.markdown(
            f"**{plain(row.label)}** · {plain(track_title(row.track))}  \n"
            f"{row.score:.0f}/100 lately · {row.answers} answer{'' if row.answers == 1 else 's'}"
        )
        if button.button(
            "Practise", key=f"progress_practise_{row.track}_{row.topic}", disabled=busy
        ):
            practise(row.track, (row.topic,))
with right:
    st.subheader("Most improved")
    if view.improved.empty:
        st.caption("Topics you improve at show here once you have answered them a few times.")
    for row in view.improved.itertuples():
        st.markdown(
            f"**{plain(row.label)}** · {plain(track_title(row.track))}  \n"
            f"+{row.change:.0f} points · now {row.latest:.0f}/100"
        )

st.download_button(
    "Download history (CSV)",
    # Streamlit calls this only when the button is clicked; the rows stream from SQL then.
    lambda: history.progress_csv(owner, track, since, until),
    file_name="interviewsim-history.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    key="progress_export",
)

st.subheader("Past interviews")
offset = st.session_state.get("progress_offset", 0)
page = history.interview_page(owner, offset, PAGE_SIZE)  # one page, read in SQL
for s in page.interviews:
    left, right = st.columns([4, 1], vertical_alignment="center")
    score = f"{s.overall:.0f}/100" if s.overall is not None else s.status
    left.markdown(f"**#{s.interview_id}** · {s.started_at:%d %b %Y %H:%M} · {s.track} · {score}")
    if right.button("Report", key=f"progress_open_{s.interview_id}", icon=":material/assignment:"):
        st.switch_page("pages/report.py", query_params={"interview": str(s.interview_id)})
if page.total > len(page.interviews):
    first, last = offset + 1, offset + len(page.interviews)
    st.caption(f"Interviews {first:,}–{last:,} of {page.total:,}, newest first.")
    newer, older = st.columns(2)
    if newer.button("Newer", key="progress_newer", disabled=offset == 0):
        st.session_state["progress_offset"] = max(0, offset - PAGE_SIZE)
        st.rerun()
    if older.button("Show older", key="progress_older", disabled=last >= page.total):
        st.session_state["progress_offset"] = offset + PAGE_SIZE
        st.rerun()
