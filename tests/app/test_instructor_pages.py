"""The instructor pages through Streamlit's AppTest: locked for students, unlocked by the PIN when
running locally, and each page doing its job: banks, classes, the dashboard, the projector demo; and
a student's My classes page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.roles import Roles

from ..conftest import PROJECT_ROOT
from .downloads import downloads

PIN = "7391"
TEMPLATE = (PROJECT_ROOT / "data" / "templates" / "bank.yaml").read_text(encoding="utf-8")
ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."
INSTRUCTOR_PAGES = (
    "pages/instructor_banks.py",
    "pages/instructor_classes.py",
    "pages/class_dashboard.py",
    "pages/projector_demo.py",
)


@pytest.fixture(autouse=True)
def instructor_pin(monkeypatch: pytest.MonkeyPatch, isolated_settings) -> None:
    monkeypatch.setenv("INTERVIEWSIM_INSTRUCTOR_PIN", PIN)
    get_settings.cache_clear()


@pytest.fixture
def site(bank, isolated_settings) -> App:
    """The app the pages see (same settings and store), for arranging data directly."""
    return build_app(get_settings(), bank=bank)


def browser(profile: str = "Teach") -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["profile"] = profile
    return at.run()


def unlocked(profile: str = "Teach") -> AppTest:
    at = browser(profile)
    at.switch_page("pages/instructor_access.py").run()
    at.text_input(key="instructor_pin_value").set_value(PIN)
    next(b for b in at.button if b.label == "Unlock instructor pages").click().run()
    assert not at.exception
    return at


def test_a_student_is_not_offered_the_instructor_pages_and_is_stopped_by_them() -> None:
    at = browser("Stu")
    assert not at.exception
    listed = {link.proto.page for link in at.get("page_link")}
    for page in INSTRUCTOR_PAGES:
        assert page.removeprefix("pages/").removesuffix(".py") not in listed, page
        # Known by its address (a reload ends the unlock): the page asks for the PIN itself.
        at.switch_page(page).run()
        assert not at.exception, page
        assert any("unlock it with the instructor PIN" in i.value for i in at.info), page
        assert not at.title, page
        opened = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=60)  # by its URL
        opened.query_params["profile"] = "Stu"
        opened.run()
        assert not opened.exception, page
        assert any("unlock it with the instructor PIN" in i.value for i in opened.info), page
        assert not opened.title, page  # stopped before the page drew anything


def test_a_wrong_pin_is_refused_and_the_right_one_unlocks_the_pages_for_the_session() -> None:
    at = browser()
    at.switch_page("pages/instructor_access.py").run()
    at.text_input(key="instructor_pin_value").set_value("0000")
    next(b for b in at.button if b.label == "Unlock instructor pages").click().run()
    assert "not the instructor PIN" in at.error[0].value
    at.text_input(key="instructor_pin_value").set_value(PIN)
    next(b for b in at.button if b.label == "Unlock instructor pages").click().run()
    at.switch_page("pages/instructor_classes.py").run()
    assert not at.exception
    assert at.title[0].value == "Classes"
    again = browser().switch_page("pages/instructor_classes.py").run()  # a new session (a reload)
    assert any("unlock it with the instructor PIN" in i.value for i in again.info)
    assert not again.title  # locked again, asking for the PIN on the page itself


def test_a_pasted_bank_with_errors_lists_each_problem_and_saves_nothing(site: App) -> None:
    at = unlocked()
    at.switch_page("pages/instructor_banks.py").run()
    at.radio(key="banks_source").set_value("Paste the text").run()
    broken = TEMPLATE.replace("difficulty: 1 ", "difficulty: 9 ").replace(
        "category: behavioral", "category: chatting"
    )
    at.text_area(key="banks_paste_text").set_value(broken).run()
    next(b for b in at.button if b.label == "Check and save").click().run()
    assert not at.exception
    assert "2 problems to fix; nothing was saved" in at.error[0].value
    listed = [line for m in at.markdown for line in m.value.splitlines() if line.startswith("- ")]
    assert len(listed) == 2
    assert any("field difficulty:" in line for line in listed)
    assert any("field category:" in line for line in listed)
    assert any("my\\-course\\-http\\-status\\-codes" in line for line in listed)
    teacher = Roles.command_line(site.profiles.local("Teach"))
    assert site.library.summaries(teacher) == []


def test_a_pasted_bank_is_saved_listed_and_offered_for_export(site: App) -> None:
    at = unlocked()
    at.switch_page("pages/instructor_banks.py").run()
    at.radio(key="banks_source").set_value("Paste the text").run()
    at.text_area(key="banks_paste_text").set_value(TEMPLATE).run()
    next(b for b in at.button if b.label == "Check and save").click().run()
    assert "Saved bank **my\\-course\\-week\\-1** version 1" in at.success[0].value
    at.run()
    listed = at.dataframe[0].value
    assert list(listed["Bank"]) == ["my-course-week-1"]
    assert downloads(at)["Export as YAML"] is True


def test_a_class_is_created_with_a_join_code_and_an_assignment(site: App) -> None:
    teacher = Roles.command_line(site.profiles.local("Teach"))
    site.library.upload(teacher, "bank.yaml", TEMPLATE.encode())
    at = unlocked()
    at.switch_page("pages/instructor_classes.py").run()
    at.text_input(key="class_name").set_value("Bootcamp A")
    at.multiselect(key="class_banks").set_value(["my-course-week-1"])
    next(b for b in at.button if b.label == "Create class").click().run()
    assert not at.exception
    (made,) = site.classes.of_instructor(teacher)
    assert made.code in at.success[0].value
    assert any(made.code in c.value for c in at.code)  # the code, and the link with it
    assert any(f"?join={made.code}" in c.value for c in at.code)
    at.text_input(key=f"assign_title_{made.id}").set_value("Week 1")
    next(b for b in at.button if b.label == "Set assignment").click().run()
    assert not at.exception
    (assignment,) = site.assignments.of_class(teacher, made.id)
    assert (assignment.title, assignment.banks, assignment.questions) == (
        "Week 1",
        ("my-course-week-1",),
        5,
    )


def test_the_dashboard_shows_students_questions_and_answers(site: App) -> None:
    teacher = Roles.command_line(site.profiles.local("Teach"))
    made = site.classes.create(teacher, "Bootcamp A", tracks=["sample"])
    site.assignments.assign(
        teacher, made.id, "Two sample questions", 2, date.today() + timedelta(days=7), ["sample"]
    )
    student = site.profiles.local("Stu")
    site.classes.join(student, made.code)
    interview_id = site.interviews.start(student, InterviewSetup("sample", num_questions=1, seed=1))
    while not site.interviews.view(student, interview_id).finished:
        site.interviews.submit_answer(student, interview_id, ANSWER)

    at = unlocked()
    at.switch_page("pages/class_dashboard.py").run()
    assert not at.exception
    students = at.dataframe[0].value
    assert list(students["Student"]) == ["Stu"]
    assert students["Interviews"][0] == 1
    assert students["Two sample questions"][0] == "in progress (1 of 2)"
    questions = at.dataframe[1].value
    assert questions["Answers"][0] == 1
    question_id = at.selectbox(key="dashboard_question").options[1]
    at.selectbox(key="dashboard_question").set_value(question_id).run()
    assert any("Lists are mutable" in m.value for m in at.markdown)
    at.toggle(key="dashboard_hide_names").set_value(True).run()
    assert list(at.dataframe[0].value["Student"]) == ["Student 1"]
    assert not any("Stu" in m.value for m in at.markdown if "Student" not in m.value)
    assert downloads(at) == {"Students (CSV)": True, "Questions (CSV)": True}


def test_the_projector_demo_scores_three_answers_and_stores_nothing(site: App) -> None:
    at = unlocked()
    at.switch_page("pages/projector_demo.py").run()
    assert not at.exception
    assert at.radio(key="demo_step").options[:3] == ["Strong", "Partial", "Confidently wrong"]
    at.radio(key="demo_step").set_value("Side by side").run()
    scores = [int(m.value.split("/")[0]) for m in at.metric]
    assert len(scores) == 3 and scores[0] > scores[1] > scores[2]
    assert not any("Teach" in m.value for m in at.markdown)  # no names on the projector
    at.radio(key="demo_step").set_value("Your answer").run()
    at.text_area(key="demo_answer").set_value("WHERE filters rows before grouping.")
    next(b for b in at.button if b.label == "Score it").click().run()
    assert at.metric[0].value.endswith("/100")
    teacher = site.profiles.local("Teach")
    assert site.history.interview_summaries(teacher) == []


def test_a_student_joins_by_code_and_is_told_who_can_read_their_class_answers(
    site: App,
) -> None:
    teacher = Roles.command_line(site.profiles.local("Teach"))
    made = site.classes.create(teacher, "Bootcamp A", tracks=["sample"])
    at = browser("Stu")
    at.switch_page("pages/my_classes.py").run()
    at.text_input(key="class_join_code").set_value(made.code.lower())
    next(b for b in at.button if b.label == "Join").click().run()
    assert not at.exception
    assert "You joined Bootcamp A" in at.success[0].value
    assert any("can read the answers you give" in c.value for c in at.caption)
    at.switch_page("pages/practice.py").run()
    assert at.selectbox(key="practice_track").options[0] == "Sample (tests) (Bootcamp A)"


def test_a_join_link_asks_before_joining_and_leaves_the_url(site: App) -> None:
    # Joining lets the instructor read answers: a link alone must not do it.
    teacher = Roles.command_line(site.profiles.local("Teach"))
    made = site.classes.create(teacher, "Bootcamp A", tracks=["sample"])
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["profile"] = "Stu"
    at.query_params["join"] = made.code
    at.run()
    assert not at.exception
    assert "join" not in at.query_params
    assert at.title[0].value == "My classes"
    assert at.text_input(key="class_join_code").value == made.code
    assert "press Join" in at.info[0].value
    assert site.classes.my_classes(site.profiles.local("Stu")) == []

    next(b for b in at.button if b.label == "Join").click().run()
    assert "You joined Bootcamp A" in at.success[0].value
    assert [c.name for c in site.classes.my_classes(site.profiles.local("Stu"))] == ["Bootcamp A"]
