"""Banks (instructors): upload a bank as YAML or CSV, see every problem before anything is saved,
export a stored version, choose who can practise it."""

import hashlib
from math import ceil

import pandas as pd
import streamlit as st

from interviewsim.bank import DEFAULT_DATA_DIR
from interviewsim.bank_library import LibraryError, Visibility
from interviewsim.bank_upload import CSV_COLUMNS, MAX_BANK_BYTES, MAX_BANK_QUESTIONS, UploadRejected
from interviewsim.webapp.classroom import instructor_or_stop
from interviewsim.webapp.render import plain
from interviewsim.webapp.resources import current_owner, get_app

TEMPLATES = DEFAULT_DATA_DIR / "templates"
KEEP = None  # the visibility choice that leaves a bank's as it is
OUTCOME_KEY = "banks_outcome"

app = get_app()
owner = instructor_or_stop(app, current_owner())
st.title("Question banks")
upload_tab, banks_tab, formats_tab = st.tabs(["Upload", "Your banks", "File formats"])


def problem_lines(exc: UploadRejected) -> str:
    """Each problem on a line of its own, wrapped rather than cut off in a table cell."""
    return "\n".join(
        f"- **{plain(p.file)}** · question {plain(p.question or '-')} · "
        f"field {plain(p.field or '-')}: {plain(p.message)}"
        for p in exc.problems
    )


with upload_tab:
    st.caption(
        f"YAML or CSV, up to {MAX_BANK_BYTES // 1_000_000} MB and {MAX_BANK_QUESTIONS} questions. "
        "Every problem is listed before anything is saved; uploading a bank id again saves a new "
        "version."
    )
    source = st.radio(
        "Bank", ["Upload a file", "Paste the text"], horizontal=True, key="banks_source"
    )
    filename, data = "", b""
    if source == "Upload a file":
        uploaded = st.file_uploader(
            "Bank file (.yaml, .yml or .csv)",
            type=["yaml", "yml", "csv"],
            key="banks_file",
            max_upload_size=ceil(MAX_BANK_BYTES / 1_000_000),  # the widget says the real limit
        )
        if uploaded is not None:
            filename, data = uploaded.name, uploaded.getvalue()
    else:
        kind = st.selectbox("Format", ["yaml", "csv"], key="banks_paste_format")
        pasted = st.text_area("Bank text", height=240, key="banks_paste_text")
        if pasted.strip():
            filename, data = f"pasted.{kind}", pasted.encode("utf-8")
    left, right = st.columns(2)
    bank_id = left.text_input(
        "Bank id (optional)",
        key="banks_id",
        help="Default: the file's `bank:` field, or the file's name.",
    ).strip()
    visibility = right.selectbox(
        "Who can practise it",
        [KEEP, *Visibility],
        format_func=lambda v: (
            "Unchanged (a new bank: shared with my classes)" if v is KEEP else v.label
        ),
        key="banks_visibility",
    )
    check, save = st.columns(2)
    checking = check.button("Check only", icon=":material/fact_check:", width="stretch")
    saving = save.button("Check and save", type="primary", icon=":material/save:", width="stretch")
    # The outcome stays on the page (across reruns) until the bank text changes.
    signature = (filename, hashlib.sha256(data).hexdigest())
    if (checking or saving) and not data:
        st.warning("Choose a file, or paste a bank, first.")
    elif checking or saving:
        try:
            if saving:
                stored = app.library.upload(owner, filename, data, bank_id or None, visibility)
                outcome = (
                    "success",
                    f"Saved bank **{plain(stored.key)}** version {stored.version}: "
                    f"{stored.questions} questions in {plain(', '.join(stored.tracks))}.",
                    None,
                )
            else:
                parsed = app.library.check(owner, filename, data, bank_id or None)
                outcome = (
                    "success",
                    f"No problems: bank **{plain(parsed.key)}**, {len(parsed.questions)} "
                    "questions. Nothing was saved yet.",
                    None,
                )
        except UploadRejected as exc:
            count = len(exc.problems)
            outcome = (
                "error",
                f"{count} problem{'' if count == 1 else 's'} to fix; nothing was saved.",
                problem_lines(exc),
            )
        st.session_state[OUTCOME_KEY] = (signature, outcome)
    held = st.session_state.get(OUTCOME_KEY)
    if held and held[0] == signature:
        kind, message, problems = held[1]
        if kind == "success":
            st.success(message, icon=":material/check_circle:")
        else:
            st.error(message, icon=":material/error:")
            st.markdown(problems)

with banks_tab:
    summaries = app.library.summaries(owner)
    if not summaries:
        st.info("No banks yet: upload one on the first tab.", icon=":material/upload_file:")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Bank": b.key,
                        "Title": b.title,
                        "Version": b.version,
                        "Questions": b.questions,
                        "Tracks": ", ".join(b.tracks),
                        "Who can practise it": b.visibility.label,
                        "Owner": "you" if b.mine else b.owner_name,
                        "Updated": f"{b.updated_at:%d %b %Y %H:%M}",
                    }
                    for b in summaries
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        by_key = {b.key: b for b in summaries}
        key = st.selectbox("Bank", list(by_key), key="banks_pick")
        chosen = by_key[key]
        left, right = st.columns(2)
        version = left.number_input(
            "Version", 1, chosen.version, chosen.version, key=f"banks_version_{key}"
        )
        right.download_button(
            "Export as YAML",
            lambda: app.library.export(owner, key, int(version)),
            file_name=f"{key}-v{int(version)}.yaml",
            mime="application/x-yaml",
            icon=":material/download:",
            on_click="ignore",
            key="banks_export",
        )
        if chosen.mine:
            choices = list(Visibility)
            new = left.selectbox(
                "Who can practise it",
                choices,
                index=choices.index(chosen.visibility),
                format_func=lambda v: v.label,
                key=f"banks_change_{key}",
            )
            if new != chosen.visibility and right.button("Save who can practise it"):
                try:
                    app.library.set_visibility(owner, key, new)
                except LibraryError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()

with formats_tab:
    st.markdown(
        "**YAML**: the shape of a track file in the built-in bank, with an optional `bank` id. "
        "Anchors and aliases (`&`, `*`, `<<:`) are not accepted."
    )
    st.code((TEMPLATES / "bank.yaml").read_text(encoding="utf-8"), language="yaml")
    st.markdown(
        "**CSV**: one row per question, with a header row. Key points are separated by `;`, and "
        "other ways to say one point by `|`; follow-ups by `;`, and a follow-up ending in "
        "`(probes 1, 3)` asks about those key points (numbered from 1)."
    )
    st.dataframe(
        pd.DataFrame([{"Column": c, "What it holds": what} for c, what in CSV_COLUMNS.items()]),
        hide_index=True,
        width="stretch",
    )
    left, right = st.columns(2)
    for column, name in ((left, "bank.yaml"), (right, "bank.csv")):
        column.download_button(
            f"Download the {name.split('.')[1].upper()} template",
            (TEMPLATES / name).read_bytes(),
            file_name=f"interviewsim-{name}",
            icon=":material/download:",
            on_click="ignore",
            key=f"banks_template_{name}",
        )
