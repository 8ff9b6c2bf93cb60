"""Practice: set up an interview, then answer in the chat. Resumes an unfinished interview."""

import streamlit as st

from interviewsim.bank import Category
from interviewsim.coaching import Verdict
from interviewsim.interview import ChatMessage, InterviewError, InterviewSetup
from interviewsim.interviewer import STYLES
from interviewsim.reasons import friendly_reason
from interviewsim.selection import BALANCED, MIXED, WEAK_SPOTS
from interviewsim.states import InterviewStatus
from interviewsim.store import StoreError
from interviewsim.webapp.coach import show_verdict
from interviewsim.webapp.countdown import show_countdown
from interviewsim.webapp.delivery import delivery_of
from interviewsim.webapp.provider import resume_text
from interviewsim.webapp.render import format_seconds, plain, show_candidate, stream_reply
from interviewsim.webapp.resources import current_owner, get_app
from interviewsim.webapp.voice import read_aloud, voice_answer

app = get_app()
owner = current_owner()
service, bank = app.interviews, app.library.practice_bank(owner)  # with their classes' banks

st.title("Practice")
interview_id = service.active_interview(owner)
UNSAVED_KEY = "practice_unsaved"  # (answer, why) when an answer could not be saved
ANSWER_KEY = "practice_answer"  # the chat input
SHOWN_TURN_KEY = "practice_shown_turn"  # the question the chat input was shown under
CONFIRM_END = "practice_confirm_end"  # the interview whose "End interview" awaits confirmation
FINISHED_KEY = "practice_finished_id"  # the interview this session just finished
FINISHED_PARAM = "finished"  # ... and in the address, so a reload shows it again
DIFFICULTY_LABELS = {1: "1 - warm-up", 2: "2 - core", 3: "3 - senior"}
WEAK_SPOTS_HELP = (
    "Questions due for review and from the topics and rubric criteria where your scores are "
    "lowest. With no scored answers on a track yet, it starts with a balanced mix."
)


def setup_form() -> None:
    if service.notice:  # an AI provider is named but cannot be used: say how to fix it
        st.warning(service.notice, icon=":material/key:")
    st.caption(f"Practising as **{plain(owner.name)}**. Pick a track and start when ready.")
    tracks = list(bank.tracks)  # in the order to offer them: the owner's class tracks first
    with st.form("practice_setup"):
        track = st.selectbox(
            "Track", tracks, key="practice_track", format_func=lambda t: bank.tracks[t].title
        )
        left, right = st.columns(2)
        kinds = [MIXED] + [c.value for c in Category]
        interview_type = left.selectbox(
            "Interview type",
            kinds,
            key="practice_type",
            format_func=lambda k: k.replace("_", " ").capitalize(),
        )
        difficulty = right.selectbox(
            "Difficulty",
            [None, 1, 2, 3],
            key="practice_difficulty",
            format_func=lambda d: (
                "Auto (follows your scores)" if d is None else DIFFICULTY_LABELS[d]
            ),
        )
        count = left.slider("Number of questions", 1, 10, 3, key="practice_count")
        style = right.radio(
            "Interviewer style",
            STYLES,
            index=1,
            horizontal=True,
            format_func=str.capitalize,
            key="practice_style",
        )
        coach = st.toggle(
            "Coach me after each answer",
            value=app.profiles.coach_mode(owner),
            key="practice_coach",
            help="On: after each answer the chat shows your score band, the key points you hit "
            "and missed, and one tip, and you can try the question again. Off: a real interview, "
            "with all feedback kept for the Report.",
        )
        with st.expander("Advanced"):
            seed = st.number_input(
                "Seed (same seed, same questions)",
                min_value=0,
                value=None,
                step=1,
                placeholder="random",
                key="practice_seed",
            )
        job, resume_pdf = "", None
        if app.capabilities.can_tailor:
            with st.expander("Tailor to a job (AI)", icon=":material/auto_awesome:"):
                job = st.text_area("Job description (optional)", max_chars=8000, key="practice_job")
                resume_pdf = st.file_uploader(
                    "Résumé (PDF, optional)", type=["pdf"], key="practice_resume"
                )
                st.caption("Used to write up to two questions for you; neither is saved.")
        left, right = st.columns(2)
        start = left.form_submit_button(
            "Start interview", type="primary", icon=":material/play_arrow:", width="stretch"
        )
        weak_spots = right.form_submit_button(
            "Practise my weak spots",
            icon=":material/target:",
            width="stretch",
            help=WEAK_SPOTS_HELP,
        )
        if not app.history.history_bounds(owner):
            st.caption(
                ":material/info: **Practise my weak spots** needs a few scored answers to find "
                "your weak spots. You have none yet, so it starts with a balanced mix of the "
                "track; after your first interview it aims at the topics you scored lowest on."
            )
        if start or weak_spots:
            resume = ""
            if resume_pdf is not None:
                try:
                    resume = resume_text(resume_pdf.getvalue())
                except ValueError as exc:
                    st.warning(str(exc), icon=":material/description:")
            try:
                with st.spinner("Preparing your interview…"):
                    service.start(
                        owner,
                        InterviewSetup(
                            track,
                            interview_type,
                            difficulty,
                            count,
                            style,
                            None if seed is None else int(seed),
                            focus=WEAK_SPOTS if weak_spots else BALANCED,
                            coach=coach,
                        ),
                        job_description=job,
                        resume_text=resume,
                    )
            except InterviewError as exc:
                st.error(str(exc))
                return
            st.rerun()


def show_transcript(messages: list[ChatMessage], interview_id: int, can_retry: bool) -> None:
    """The chat so far. In coach mode, the latest verdict offers to try its question again until
    the next answer is given."""
    retry_at = latest_verdict(messages) if can_retry else None
    for n, m in enumerate(messages):
        if m.role == "notice":
            st.info(m.content, icon=":material/info:")
            continue
        if m.role == "coach":
            with st.chat_message("coach", avatar=":material/school:"):
                show_verdict(Verdict.from_meta(m.meta), delivery_of(m.meta))
                if n == retry_at:
                    retry_button(interview_id, m)
            continue
        avatar = ":material/person:" if m.role == "candidate" else ":material/support_agent:"
        with st.chat_message("user" if m.role == "candidate" else "assistant", avatar=avatar):
            if m.role == "candidate":
                st.markdown(plain(m.content))
                if m.meta.get("time_taken_s") is not None:
                    spoken = m.meta.get("duration_s")
                    how = f" · spoken, {format_seconds(spoken)}" if spoken else ""
                    st.caption(f"Answered in {format_seconds(m.meta['time_taken_s'])}{how}")
            else:
                st.markdown(plain(m.content))  # model text too: an answer can steer a model
                if m.meta.get("reason"):  # why selection chose this question
                    st.caption(f"Why this question: {plain(friendly_reason(m.meta['reason']))}")
                if m.meta.get("generated"):
                    st.caption(":material/auto_awesome: Written for you by the AI interviewer")


def latest_verdict(messages: list[ChatMessage]) -> int | None:
    """The position of the last verdict, unless the question has been taken again since. (An
    answer after it gets a verdict of its own; a request, such as "let's move on", gets none and
    leaves the last one standing.)"""
    for n in range(len(messages) - 1, -1, -1):
        m = messages[n]
        if m.role == "coach":
            return n
        if m.role == "interviewer" and m.meta.get("attempt"):
            return None
    return None


def retry_button(interview_id: int, verdict: ChatMessage) -> None:
    index, attempt = verdict.meta.get("question_index"), verdict.meta.get("attempt", 1)
    if index is None:
        return
    if st.button(
        "Try this question again",
        icon=":material/replay:",
        key=f"practice_retry_{interview_id}_{index}_{attempt}",
        help="Answer it again from the start; this answer is kept, and the Report compares them.",
    ):
        try:
            service.retry(owner, interview_id, int(index), seen_attempt=int(attempt))
        except InterviewError as exc:
            st.error(str(exc))
            return
        forget_finished()
        st.rerun()


def unsaved_answer() -> None:
    """An answer the store could not take: say why and hand it back, so nothing is lost."""
    answer, why = st.session_state[UNSAVED_KEY]
    st.error(why, icon=":material/error:")
    st.caption("Your answer, not saved yet (copy it, or send it again):")
    st.code(answer, language=None, wrap_lines=True)
    if st.button("Send it again", icon=":material/send:", key="practice_resend"):
        del st.session_state[UNSAVED_KEY]
        send(interview_id, answer, turn_id=None)
        st.rerun()


def send(
    interview_id: int,
    answer: str,
    turn_id: int | None,
    duration_s: float | None = None,
    *,
    shown: bool = True,
) -> None:
    """Save and score the answer. `shown`: the answer, and the reply word by word as the model
    writes it, are drawn where the page stands; else nothing is drawn (the chat is drawn next)."""
    try:
        if shown:
            show_candidate(answer)
            with st.spinner("Scoring your answer…"):
                outcome = service.submit_answer(
                    owner, interview_id, answer, stream_reply, turn_id, duration_s
                )
        else:
            outcome = service.submit_answer(owner, interview_id, answer, None, turn_id, duration_s)
    except (InterviewError, StoreError) as exc:
        st.session_state[UNSAVED_KEY] = (answer, str(exc))
        return
    if outcome.duplicate:
        st.session_state[UNSAVED_KEY] = (answer, " ".join(outcome.notices))
    if outcome.finished:  # the last answer: the page becomes the finished interview
        show_finished(interview_id)
        st.rerun()


def chat(interview_id: int) -> None:
    # The answer typed into the chat input, in the run its Enter started. It is handled here,
    # before the page below it is drawn, so one run saves it and shows what comes next (a second
    # run to redraw would cost the server as much again).
    sent = st.session_state.get(ANSWER_KEY)
    if sent is not None and not service.backend.replies_stream:
        # The offline reply is ready at once: saved before anything is drawn, so the chat below
        # is drawn once (until it is, the browser keeps showing the chat as it was).
        send(interview_id, sent, st.session_state.get(SHOWN_TURN_KEY), shown=False)
        sent = None
    view = service.view(owner, interview_id)
    if sent is not None and view.busy:
        # The service refuses it while another command holds the interview, and the refusal hands
        # the answer back below (send again, or copy it); the page must not drop it unseen.
        send(interview_id, sent, view.turn_id, shown=False)
        view, sent = service.view(owner, interview_id), None
    progress, transcript = st.empty(), st.empty()
    if sent is not None:
        with transcript.container():  # the chat as it was, the answer, the reply as it streams
            show_transcript(view.messages, interview_id, can_retry=False)
            send(interview_id, sent, view.turn_id)
        view = service.view(owner, interview_id)
    with transcript.container():  # drawn from the store: verdicts, timings, try again
        show_transcript(view.messages, interview_id, can_retry=view.coach and not view.busy)
    progress.progress(
        min(view.question_index, view.total) / view.total,
        text=f"Question {min(view.question_index + 1, view.total)} of {view.total} · "
        f"{bank.tracks[view.track].title if view.track in bank.tracks else view.track}",
    )
    if UNSAVED_KEY in st.session_state:
        unsaved_answer()
    if view.busy:
        st.info(
            "Your last answer is still being worked on (in another tab or window?).",
            icon=":material/hourglass_top:",
        )
        st.button("Check again", icon=":material/refresh:", key="practice_check_again")
        return
    if view.attempt > 1:
        st.caption(
            f"Attempt {view.attempt}: your earlier answer is kept, and the Report shows them side "
            "by side."
        )
    if view.time_limit_s and view.asked_at:
        show_countdown(view.asked_at, view.time_limit_s, service.clock)
    left, right = st.columns(2)
    if left.button("Skip question", icon=":material/skip_next:", width="stretch"):
        if service.skip(owner, interview_id, speak=stream_reply, turn_id=view.turn_id):
            show_finished(interview_id)  # as after a last answer
        st.rerun()
    if right.button("End interview", icon=":material/stop_circle:", width="stretch"):
        st.session_state[CONFIRM_END] = interview_id
    if st.session_state.get(CONFIRM_END) == interview_id:  # open until answered or dismissed
        confirm_end(interview_id, view.total - view.question_index)
    read_aloud(app.settings, interview_id, view.messages)
    voice_answer(
        app.settings,
        f"{interview_id}_{view.turn_id}",
        lambda text, seconds: send(interview_id, text, view.turn_id, seconds),
    )
    st.session_state[SHOWN_TURN_KEY] = view.turn_id  # what the next answer answers
    # Drawn at the top level of the page, Streamlit pins it under the chat and keeps the newest
    # message in view as the chat grows (in a fragment or st.bottom it does neither). At most as
    # long as the service keeps, so a longer paste is cut where the person can see it.
    st.chat_input("Type your answer…", key=ANSWER_KEY, max_chars=service.max_answer_chars)


def forget_end_request() -> None:
    st.session_state.pop(CONFIRM_END, None)


@st.dialog("End the interview?", on_dismiss=forget_end_request)
def confirm_end(interview_id: int, left: int) -> None:
    unanswered = "this question" if left == 1 else f"the {left} questions not answered yet"
    st.markdown(
        f"Your answers so far are saved and scored, and the Report shows them; {unanswered} "
        "will be left out. You cannot come back to this interview afterwards."
    )
    keep, end = st.columns(2)
    if keep.button("Keep going", icon=":material/arrow_back:", width="stretch"):
        forget_end_request()
        st.rerun()
    if end.button("Yes, end it", type="primary", icon=":material/stop_circle:", width="stretch"):
        forget_end_request()
        service.end_early(owner, interview_id)
        show_finished(interview_id)
        st.rerun()


def show_finished(interview_id: int) -> None:
    """The page shows this finished interview from now on, after a reload too (the address
    names it; only its owner can open it)."""
    st.session_state[FINISHED_KEY] = interview_id
    st.query_params[FINISHED_PARAM] = str(interview_id)


def forget_finished() -> None:
    st.session_state.pop(FINISHED_KEY, None)
    st.query_params.pop(FINISHED_PARAM, None)


def just_finished() -> int | None:
    """The interview this session finished, or after a reload the one the address names, if it
    is this person's and finished."""
    if st.session_state.get(FINISHED_KEY):
        return int(st.session_state[FINISHED_KEY])
    asked = st.query_params.get(FINISHED_PARAM, "")
    try:
        if asked.isdigit() and service.view(owner, int(asked)).finished:
            st.session_state[FINISHED_KEY] = int(asked)
            return int(asked)
    except InterviewError:
        pass  # not this person's (or no such interview): the setup form, as for no address
    st.query_params.pop(FINISHED_PARAM, None)
    return None


def finished(interview_id: int) -> None:
    view = service.view(owner, interview_id)
    # A completed coach-mode interview can still take its last question again.
    can_retry = view.coach and view.status == InterviewStatus.completed
    show_transcript(view.messages, interview_id, can_retry)
    st.success("Interview saved to your history.", icon=":material/check_circle:")
    left, right = st.columns(2)
    if left.button(
        "Open the report", type="primary", icon=":material/assignment:", width="stretch"
    ):
        st.switch_page("pages/report.py", query_params={"interview": str(interview_id)})
    if right.button("Start another interview", icon=":material/replay:", width="stretch"):
        forget_finished()
        st.rerun()


if interview_id is not None:
    st.caption("Your answers are saved as you go: reload or come back later to carry on.")
    chat(interview_id)
elif (done := just_finished()) is not None:
    finished(done)
else:
    setup_form()
