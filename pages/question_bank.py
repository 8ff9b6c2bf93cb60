"""Question bank: browse, filter and search every question with its model answer; read the rubrics."""

import math

import pandas as pd
import streamlit as st

from interviewsim.bank import Category, Question
from interviewsim.interview import InterviewError, InterviewSetup
from interviewsim.webapp.resources import current_owner, get_app

PAGE_SIZE = 20

app = get_app()
bank, service = app.bank, app.interviews
owner = current_owner()
st.title("Question bank")
busy = service.active_interview(owner) is not None


def practise_button(q: Question) -> None:
    """Answer this one question in an interview of its own."""
    key = f"bank_practise_{q.id}"
    if busy:
        st.button("Practise this question", icon=":material/play_arrow:", key=key, disabled=True)
        st.caption("Finish or end the interview in progress first.")
        return
    if st.button("Practise this question", icon=":material/play_arrow:", key=key):
        try:
            service.start(owner, InterviewSetup(q.track, question_ids=(q.id,)))
        except InterviewError as exc:
            st.error(str(exc))
            return
        st.switch_page("pages/practice.py")


questions_tab, rubrics_tab = st.tabs(["Questions", "Rubrics"])

with questions_tab:
    c1, c2, c3 = st.columns(3)
    track = c1.selectbox(
        "Track",
        [None, *sorted(bank.tracks, key=lambda t: bank.tracks[t].title)],
        format_func=lambda t: "All tracks" if t is None else bank.tracks[t].title,
        key="bank_track",
    )
    category = c2.selectbox(
        "Category",
        [None, *Category],
        key="bank_category",
        format_func=lambda c: "All" if c is None else c.value.replace("_", " ").capitalize(),
    )
    difficulty = c3.selectbox(
        "Difficulty",
        [None, 1, 2, 3],
        key="bank_difficulty",
        format_func=lambda d: "All" if d is None else str(d),
    )
    text = st.text_input("Search", placeholder="e.g. index, hashing, conflict", key="bank_search")

    found = bank.filter(track=track, category=category, difficulty=difficulty, text=text)
    pages = max(1, math.ceil(len(found) / PAGE_SIZE))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    # Keyed by the filters, so a new search starts again at page 1.
    page = right.number_input(
        f"Page (of {pages})",
        min_value=1,
        max_value=pages,
        value=1,
        key=f"bank_page_{track}_{category}_{difficulty}_{text}",
    )
    first = (page - 1) * PAGE_SIZE
    shown = found[first : first + PAGE_SIZE]
    left.caption(
        f"{len(found)} of {len(bank.questions)} questions"
        + (f" · showing {first + 1}–{first + len(shown)}" if shown else "")
    )
    if not found:
        st.info("No question matches these filters.", icon=":material/search_off:")
    for q in shown:
        with st.expander(q.prompt):
            st.caption(
                f"`{q.id}` · {bank.tracks[q.track].title if q.track in bank.tracks else q.track}"
                f" · {q.category.value.replace('_', ' ')} · difficulty {q.difficulty}"
                + (f" · {', '.join(q.tags)}" if q.tags else "")
                + (f" · about {q.time_limit_s // 60 or 1} min" if q.time_limit_s else "")
            )
            if q.competency:
                st.markdown(f"**Competency:** {q.competency}")
            if q.strong_answer:
                st.markdown(f"**A strong answer:** {q.strong_answer}")
            if q.key_points:
                st.markdown("**Key points**")
                for kp in q.key_points:
                    st.markdown(f"- {kp.text}")
            if q.follow_ups:
                st.markdown("**Follow-ups**")
                for f in q.follow_ups:
                    st.markdown(f"- {f.text}")
            if st.toggle("Show the model answer", key=f"bank_model_{q.id}"):
                st.markdown(q.model_answer)
            practise_button(q)

with rubrics_tab:
    st.caption("Every answer is scored per criterion on these 1–5 levels; weights make the 0–100.")
    for rubric in bank.rubrics.values():
        st.subheader(rubric.name)
        st.caption(
            "Used for "
            + ", ".join(c.value.replace("_", " ") for c in rubric.categories)
            + " questions"
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {"Criterion": c.name, "Weight": f"{c.weight:.0%}"}
                    | {f"Level {n}": c.levels[n] for n in range(1, 6)}
                    for c in rubric.criteria
                ]
            ),
            hide_index=True,
            width="stretch",
        )
