"""Question bank: browse, filter and search every question, with model answers."""

import streamlit as st

from interviewsim.bank import Category
from interviewsim.webapp.resources import get_bank

bank = get_bank()
st.title("Question bank")

tracks = sorted(bank.tracks.values(), key=lambda t: t.title)
c1, c2, c3 = st.columns(3)
track = c1.selectbox(
    "Track",
    [None, *tracks],
    format_func=lambda t: "All tracks" if t is None else t.title,
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

found = bank.filter(
    track=track.id if track else None, category=category, difficulty=difficulty, text=text
)
st.caption(f"{len(found)} of {len(bank.questions)} questions")
for q in found[:200]:
    with st.expander(f"{q.prompt}"):
        st.caption(
            f"`{q.id}` · {bank.tracks[q.track].title if q.track in bank.tracks else q.track}"
            f" · {q.category.value.replace('_', ' ')} · difficulty {q.difficulty}"
            + (f" · {', '.join(q.tags)}" if q.tags else "")
        )
        if q.competency:
            st.markdown(f"**Competency:** {q.competency}")
        if q.key_points:
            st.markdown("**Key points**")
            for kp in q.key_points:
                st.markdown(f"- {kp.text}")
        if q.follow_ups:
            st.markdown("**Follow-ups**")
            for f in q.follow_ups:
                st.markdown(f"- {f}")
        if st.toggle("Show the model answer", key=f"bank_model_{q.id}"):
            st.markdown(q.model_answer)
if len(found) > 200:
    st.caption("Showing the first 200; narrow the filters to see the rest.")
