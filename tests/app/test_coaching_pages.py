"""Coach mode, trying a question again and the comparison, through AppTest: the chat's verdicts,
"Try this question again", the Report's attempts side by side, "Practise this question" from the
Question bank and the Report, the weak-spots explanation, and "Why this question" in words."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.interview.coaching_steps import NO_WEAK_SPOTS_YET
from interviewsim.profiles import Owner

from .test_pages import app, chat_texts

PARTIAL = "Lists are mutable and tuples are immutable."
FULL = (
    "Lists are mutable and tuples are immutable, so a tuple can be a dictionary key or go in a "
    "set. I use a tuple for a fixed record like coordinates and a list for similar items that "
    "grow; tuples are also slightly smaller and faster to create."
)


def start(at: AppTest, questions: int = 1, coach: bool | None = None) -> AppTest:
    """The sample track's list-or-tuple question first (seed 3), in coach mode unless told."""
    at.run()
    at.selectbox(key="practice_track").set_value("sample")
    at.selectbox(key="practice_type").set_value("technical")
    at.slider(key="practice_count").set_value(questions)
    at.number_input(key="practice_seed").set_value(3)
    if coach is not None:
        at.toggle(key="practice_coach").set_value(coach)
    next(b for b in at.button if b.label == "Start interview").click()
    return at.run()


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def verdicts(at: AppTest) -> list[str]:
    return [m.markdown[0].value for m in at.chat_message if m.name == "coach"]


def answer_all(at: AppTest, text: str) -> AppTest:
    for _ in range(8):
        if any(b.label == "Open the report" for b in at.button):
            return at
        at.chat_input[0].set_value(text).run()
        assert not at.exception
    raise AssertionError("the interview never finished")


def test_coach_mode_is_on_for_a_new_profile_and_shows_a_verdict_after_the_answer() -> None:
    at = app().run()
    assert at.toggle(key="practice_coach").value is True
    at = start(at)
    at.chat_input[0].set_value(PARTIAL).run()
    assert not at.exception
    shown = verdicts(at)
    assert len(shown) == 1 and shown[0].startswith("**Coach:** :")
    assert "/100]" in shown[0]
    coach = next(m for m in at.chat_message if m.name == "coach")
    points = [md.value for md in coach.markdown if "[✓]" in md.value or "[✗]" in md.value]
    assert points and "[✓] lists are mutable and tuples are immutable" in points[0]
    assert "[✗]" in points[0]  # the points it missed, by their text
    assert any("**Next time:**" in md.value for md in coach.markdown)
    assert any(b.label == "Try this question again" for b in at.button)


def test_moving_on_from_a_follow_up_keeps_try_this_question_again_on_the_last_verdict() -> None:
    at = start(app(), questions=2)
    at.chat_input[0].set_value(PARTIAL).run()  # a verdict, then a follow-up
    assert any(b.label == "Try this question again" for b in at.button)
    at.chat_input[0].set_value("let's move on").run()  # a request: no verdict of its own
    assert not at.exception
    assert len(verdicts(at)) == 1
    assert any(b.label == "Try this question again" for b in at.button)


def test_interview_mode_keeps_the_feedback_for_the_report_and_the_choice_is_remembered() -> None:
    at = start(app(), coach=False)
    at.chat_input[0].set_value(PARTIAL).run()
    assert not at.exception
    assert verdicts(at) == []
    assert not any(b.label == "Try this question again" for b in at.button)

    later = app("Ada").run()  # a new visit by the same profile
    next(b for b in later.button if b.label == "End interview").click().run()
    button(later, "Yes, end it").click().run()
    button(later, "Start another interview").click().run()
    assert later.toggle(key="practice_coach").value is False


def test_try_again_from_the_chat_then_the_report_puts_both_attempts_side_by_side() -> None:
    at = start(app())
    at = answer_all(at, PARTIAL)
    first_score = verdicts(at)[-1]
    button(at, "Try this question again").click().run()  # from the finished interview's chat
    assert not at.exception
    assert any("again \\(attempt 2\\)" in t for t in chat_texts(at))  # escaped by plain()
    assert not any(b.label == "Try this question again" for b in at.button)  # until answered
    assert any("Attempt 2:" in c.value for c in at.caption)
    at = answer_all(at, FULL)
    assert verdicts(at)[-1] != first_score and "on attempt 1" in verdicts(at)[-1]

    button(at, "Open the report").click().run()
    assert not at.exception
    assert at.title[0].value == "Report"
    texts = [m.value for m in at.markdown]
    assert "#### Attempts compared" in texts
    assert any(t.startswith("**Attempt 1**") for t in texts)
    second = next(t for t in texts if t.startswith("**Attempt 2** (+"))
    assert "/100]" in second
    assert any(t.startswith("**What changed:** newly covered: tuples are hashable") for t in texts)
    assert [t.label for t in at.tabs] == ["Attempt 1", "Attempt 2"]
    assert not any(t == "**Model answer**" for t in texts)
    next(t for t in at.toggle if t.label == "Show the model answer").set_value(True).run()
    assert "**Model answer**" in [m.value for m in at.markdown]  # beside the attempts


def test_practise_this_question_from_the_question_bank_starts_a_one_question_interview() -> None:
    at = app().run()
    at.switch_page("pages/question_bank.py").run()
    at.selectbox(key="bank_track").set_value("sample").run()
    button(at, "Practise this question").click().run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert at.chat_input and "1" in chat_texts(at)[0]  # a one-question interview
    assert any("You chose to practise this question" in c.value for c in at.caption)


def test_practise_this_question_from_the_report_compares_it_with_the_last_time(
    service: InterviewService, owner: Owner
) -> None:
    earlier = service.start(
        owner, InterviewSetup("sample", question_ids=("sample-list-vs-tuple",), coach=False)
    )
    for _ in range(4):
        if service.view(owner, earlier).finished:
            break
        service.submit_answer(owner, earlier, PARTIAL)
    at = app().run()
    at.switch_page("pages/report.py").run()
    button(at, "Practise this question").click().run()
    assert not at.exception and at.title[0].value == "Practice"
    at.switch_page("pages/practice.py")  # else AppTest's next run goes back to the Report
    at = answer_all(at, FULL)
    button(at, "Open the report").click().run()
    texts = [m.value for m in at.markdown]
    assert any(t.startswith(f"**Last time** (interview #{earlier},") for t in texts)
    assert "#### Attempts compared" in texts


def test_the_buttons_to_practise_a_question_wait_while_an_interview_is_in_progress(
    service: InterviewService, owner: Owner
) -> None:
    service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    at = app().run()
    at.switch_page("pages/question_bank.py").run()
    at.selectbox(key="bank_track").set_value("sample").run()
    assert all(b.disabled for b in at.button if b.label == "Practise this question")
    assert any("in progress" in c.value for c in at.caption)


def test_practise_my_weak_spots_explains_itself_when_there_is_no_history_yet() -> None:
    at = app().run()
    assert any("You have none yet, so it starts with a balanced mix" in c.value for c in at.caption)
    at.selectbox(key="practice_track").set_value("sample")
    button(at, "Practise my weak spots").click().run()
    assert not at.exception
    assert NO_WEAK_SPOTS_YET in [i.value for i in at.info]


def test_why_this_question_and_the_countdown_are_shown_in_words() -> None:
    at = start(app())
    why = [c.value for c in at.caption if c.value.startswith("Why this question: ")]
    assert why == ["Why this question: A question you have not been asked yet\\."]
    assert any("left of the suggested 2 min" in m.value for m in at.markdown)
