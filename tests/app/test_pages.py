"""Every page through Streamlit's AppTest, including a whole interview typed into the chat."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from interviewsim.config import MAX_ANSWER_CHARS
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.states import Role
from interviewsim.webapp.render import plain

from ..conftest import PROJECT_ROOT, hold_every_interview
from .downloads import downloads

ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."


def app(profile: str | None = "Ada") -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30)
    if profile:
        at.query_params["profile"] = profile
    return at


def start_sample_interview(at: AppTest, questions: int = 2) -> AppTest:
    at.run()
    at.selectbox(key="practice_track").set_value("sample")
    at.slider(key="practice_count").set_value(questions)
    at.number_input(key="practice_seed").set_value(3)
    next(b for b in at.button if b.label == "Start interview").click()
    return at.run()


def chat_texts(at: AppTest) -> list[str]:
    return [m.markdown[0].value for m in at.chat_message if m.markdown]


def test_the_practice_page_opens_on_the_setup_form_without_an_api_key() -> None:
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert "Sample (tests)" in at.selectbox(key="practice_track").options
    assert any(b.label == "Start interview" for b in at.button)


def test_an_answer_is_saved_and_the_reply_drawn_from_the_store_in_the_run_its_enter_started(
    monkeypatch,
) -> None:
    at = start_sample_interview(app(), questions=2)
    before = len(at.chat_message)
    reruns: list[str] = []
    monkeypatch.setattr(st, "rerun", lambda **kw: reruns.append("rerun"))
    at.chat_input[0].set_value(ANSWER).run()
    assert not at.exception
    assert reruns == []  # one script run per answer: a second one to redraw costs as much again
    assert sum("Lists are mutable" in t for t in chat_texts(at)) == 1  # once, from the store
    assert any("Answered in" in c.value for c in at.caption)
    assert len(at.chat_message) >= before + 2 and at.chat_message[-1].name == "assistant"


def test_the_chat_input_is_pinned_under_the_chat_and_refuses_more_than_is_kept() -> None:
    # At the top level of the page Streamlit pins it and keeps the newest message in view (in a
    # fragment or st.bottom it does neither: the chat grew below the screen).
    at = start_sample_interview(app(), questions=2)
    for _ in range(2):
        assert at.chat_input[0].proto.is_auto_positioned_at_bottom
        assert at.chat_input[0].proto.max_chars == MAX_ANSWER_CHARS
        at.chat_input[0].set_value(ANSWER).run()
        assert not at.exception


def test_skipping_the_last_question_shows_the_finished_interview() -> None:
    at = start_sample_interview(app(), questions=1)
    next(b for b in at.button if b.label == "Skip question").click().run()
    assert not at.exception
    assert any(b.label == "Open the report" for b in at.button)
    assert "Interview saved to your history." in [s.value for s in at.success]


def test_a_reload_after_the_last_answer_shows_the_finished_interview_to_its_owner_only() -> None:
    at = start_sample_interview(app(), questions=1)
    next(b for b in at.button if b.label == "Skip question").click().run()
    address = dict(at.query_params)
    assert address.get("finished", "").isdigit()

    reloaded = app(profile=None)  # a new browser session, the same address
    reloaded.query_params.update(address)
    reloaded.run()
    assert not reloaded.exception
    assert "Interview saved to your history." in [s.value for s in reloaded.success]

    other = app(profile="Bea")  # someone else's interview, by its number
    other.query_params["finished"] = address["finished"]
    other.run()
    assert not other.exception
    assert not other.success and any(b.label == "Start interview" for b in other.button)

    next(b for b in reloaded.button if b.label == "Start another interview").click().run()
    assert "finished" not in reloaded.query_params
    assert any(b.label == "Start interview" for b in reloaded.button)


def test_an_answer_sent_while_the_last_one_is_still_being_worked_on_is_handed_back() -> None:
    at = start_sample_interview(app(), questions=2)
    hold_every_interview()  # another tab or server, still working on the last answer
    at.chat_input[0].set_value(ANSWER).run()
    assert not at.exception
    assert "still being worked on" in at.error[0].value
    assert at.code[0].value == ANSWER  # not saved, and not lost: shown to copy or send again
    assert ANSWER not in chat_texts(at)


def test_a_whole_interview_typed_into_the_chat_ends_in_a_report() -> None:
    at = start_sample_interview(app(), questions=2)
    assert not at.exception
    assert "2" in chat_texts(at)[0]  # the greeting says how many questions
    for _ in range(8):
        if any(b.label == "Open the report" for b in at.button):
            break
        at.chat_input[0].set_value(ANSWER).run()
        assert not at.exception
    assert any("Lists are mutable" in t for t in chat_texts(at))
    assert any("Answered in" in c.value for c in at.caption)

    next(b for b in at.button if b.label == "Open the report").click().run()
    assert not at.exception
    assert at.title[0].value == "Report"
    assert at.metric[0].label == "Overall" and at.metric[0].value.endswith("/100")
    assert at.metric[1].value == "2 of 2"
    assert not at.dataframe  # the rubric is readable blocks, no table cells to cut off
    assert any(m.value.startswith("**Key points covered** · ") for m in at.markdown)
    assert downloads(at) == {"Download Markdown": True, "Download JSON": True}


def test_the_model_answer_is_revealed_only_on_request(
    service: InterviewService, history, owner
) -> None:
    interview_id = service.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=1)
    )
    service.submit_answer(owner, interview_id, ANSWER)
    model_answer = plain(history.report(owner, interview_id).questions[0].question.model_answer)
    at = app().run()
    at.switch_page("pages/report.py").run()
    assert not any(model_answer in m.value for m in at.markdown)
    at.toggle[0].set_value(True).run()
    assert any(model_answer in m.value for m in at.markdown)


def test_markup_in_an_answer_is_shown_as_typed_not_rendered() -> None:
    at = start_sample_interview(app(), questions=1)
    at.chat_input[0].set_value("<b>bold</b> and **stars** and [a link](http://x)").run()
    shown = [t for t in chat_texts(at) if "bold" in t]
    assert shown and "\\<b\\>bold\\</b\\>" in shown[0] and "\\*\\*stars\\*\\*" in shown[0]


def test_an_empty_answer_is_met_with_a_prompt_to_answer_or_skip() -> None:
    at = start_sample_interview(app(), questions=1)
    at.chat_input[0].set_value("   ").run()
    assert "skip" in chat_texts(at)[-1].lower()


def test_a_new_session_resumes_the_unfinished_interview() -> None:
    at = start_sample_interview(app(), questions=2)
    at.chat_input[0].set_value(ANSWER).run()
    before = chat_texts(at)
    reloaded = app().run()  # a browser reload is a new session with the same URL
    assert not reloaded.exception
    assert chat_texts(reloaded) == before


def test_skip_and_end_buttons_finish_the_interview_after_a_confirmation() -> None:
    at = start_sample_interview(app(), questions=2)
    next(b for b in at.button if b.label == "Skip question").click().run()
    next(b for b in at.button if b.label == "End interview").click().run()
    assert not at.exception
    assert any("will be left out" in m.value for m in at.markdown)  # the dialog asks first
    assert not any(b.label == "Open the report" for b in at.button)
    next(b for b in at.button if b.label == "Yes, end it").click().run()
    assert not at.exception
    assert any(b.label == "Open the report" for b in at.button)


def test_keep_going_in_the_end_dialog_leaves_the_interview_running() -> None:
    at = start_sample_interview(app(), questions=2)
    next(b for b in at.button if b.label == "End interview").click().run()
    next(b for b in at.button if b.label == "Keep going").click().run()
    assert not at.exception
    assert not any(b.label in ("Yes, end it", "Open the report") for b in at.button)
    assert at.chat_input  # still waiting for an answer


def test_the_report_page_without_history_points_to_practice() -> None:
    at = app().run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    assert "No interviews yet" in at.info[0].value


def test_the_progress_page_draws_charts_from_the_history(service: InterviewService, owner) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=2, seed=1))
    while not service.view(owner, interview_id).finished:
        service.submit_answer(owner, interview_id, ANSWER)
    at = app().run()
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    assert at.title[0].value == "Progress"
    assert len(at.get("plotly_chart")) >= 3


def test_the_question_bank_page_filters_and_searches(bank) -> None:
    at = app().run()
    at.switch_page("pages/question_bank.py").run()
    assert not at.exception
    assert f"{len(bank.questions)} of {len(bank.questions)} questions" in at.caption[0].value
    at.text_input(key="bank_search").set_value("B-tree").run()
    assert 1 <= len(at.expander) < len(bank.questions)
    assert any("index" in e.label.lower() for e in at.expander)
    at.text_input(key="bank_search").set_value("zzzz no such thing").run()
    assert "No question matches" in at.info[0].value


def test_the_question_bank_pages_through_every_question(bank) -> None:
    at = app().run()
    at.switch_page("pages/question_bank.py").run()
    seen: set[str] = set()
    pages = int(at.number_input[0].max)
    for page in range(1, pages + 1):
        at.number_input[0].set_value(page).run()
        seen |= {e.label for e in at.expander}
    assert seen == {q.prompt for q in bank.questions}


def test_the_question_bank_shows_every_rubric_with_its_levels(bank) -> None:
    at = app().run()
    at.switch_page("pages/question_bank.py").run()
    assert {s.value for s in at.subheader} >= {r.name for r in bank.rubrics.values()}
    assert "Level 5" in at.dataframe[0].value.columns


def test_profiles_keep_separate_histories(service: InterviewService, owner) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    service.submit_answer(owner, interview_id, ANSWER)
    at = app(profile="Bob").run()
    at.switch_page("pages/report.py").run()
    assert "No interviews yet" in at.info[0].value


def test_a_report_asked_for_by_an_id_that_is_not_yours_says_so_and_shows_your_latest(
    service: InterviewService, owner
) -> None:
    mine = [service.start(owner, InterviewSetup("sample", num_questions=1, seed=n)) for n in (1, 2)]
    for interview_id in mine:
        service.end_early(owner, interview_id)
    at = app("Ada")
    at.query_params["interview"] = "999999"
    at.run().switch_page("pages/report.py").run()
    assert not at.exception
    assert "no interview #999999 in your history" in at.warning[0].value
    assert at.selectbox[0].value == mine[-1]


def test_an_older_interview_asked_for_by_id_is_offered_beyond_the_newest_ones(
    service: InterviewService, owner, monkeypatch
) -> None:
    from interviewsim import views

    monkeypatch.setattr(views, "REPORT_CHOICES", 2)
    made = [
        service.start(owner, InterviewSetup("sample", num_questions=1, seed=n)) for n in range(3)
    ]
    for interview_id in made:
        service.end_early(owner, interview_id)
    at = app("Ada")
    at.query_params["interview"] = str(made[0])
    at.run().switch_page("pages/report.py").run()
    assert not at.exception and not at.warning
    assert at.selectbox[0].value == made[0]
    assert len(at.selectbox[0].options) == 3  # the two newest and the one asked for


def test_a_corrupt_history_file_shows_a_clear_message_and_is_kept(isolated_settings: Path) -> None:
    isolated_settings.write_bytes(b"not a database" * 200)
    before = isolated_settings.read_bytes()
    at = app().run()
    assert not at.exception
    assert "not a readable database" in at.error[0].value
    assert isolated_settings.read_bytes() == before


def test_a_page_opened_directly_before_the_entry_script_ran_still_knows_the_profile(
    service: InterviewService, owner
) -> None:
    """On a fresh server, a first visit to /report can run the page before streamlit_app.py."""
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    service.submit_answer(owner, interview_id, ANSWER)
    # (Pages with st.page_link need the real server's page registry, which AppTest lacks here.)
    for page in ("report.py", "practice.py"):
        at = AppTest.from_file(str(PROJECT_ROOT / "pages" / page), default_timeout=30)
        at.query_params["profile"] = "Ada"
        at.run()
        assert not at.exception, page
        assert at.sidebar.selectbox[0].value == "Ada"


def test_interviewer_text_is_shown_as_text_so_a_steered_model_cannot_inject_markup(
    service: InterviewService, owner
) -> None:
    """An LLM can be steered by an answer into emitting links or image beacons: show them inert."""
    from interviewsim.store.interviews import InterviewRepository

    interview_id = service.start(owner, InterviewSetup("sample", num_questions=2, seed=1))
    beacon = "Nice. ![pixel](http://127.0.0.1:9/beacon.png) [click](http://127.0.0.1:9/)"
    with service.sessions() as s:
        InterviewRepository(s).add_message(interview_id, Role.interviewer, beacon)
        s.commit()
    at = app().run()
    shown = [t for t in chat_texts(at) if "pixel" in t]
    assert shown and "\\!\\[pixel\\]" in shown[0] and "\\[click\\]" in shown[0]


def test_a_setting_that_cannot_be_used_is_named_on_the_page(monkeypatch) -> None:
    from interviewsim.config import get_settings

    monkeypatch.setenv("INTERVIEWSIM_MAX_ANSWER_CHARS", "abc")
    get_settings.cache_clear()
    at = app().run()
    assert not at.exception
    assert "INTERVIEWSIM_MAX_ANSWER_CHARS must be a whole number" in at.error[0].value
