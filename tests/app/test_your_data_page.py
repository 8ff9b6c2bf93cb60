"""Settings → Your data through AppTest: the download is offered, and deleting asks in a dialog,
then removes only the owner's profile or account and history."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from interviewsim.bootstrap import App
from interviewsim.interview import InterviewSetup

from ..conftest import PROJECT_ROOT
from .downloads import downloads
from .test_sign_in_pages import ADA, account_of, signed_in_app

ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."


def settings_page(profile: str = "Ada") -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["profile"] = profile
    at.run()
    return at.switch_page("pages/settings.py").run()


def practise(app: App, owner) -> int:
    interview_id = app.interviews.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    app.interviews.submit_answer(owner, interview_id, ANSWER)
    return interview_id


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_settings_page_offers_a_download_of_all_my_data_and_a_delete() -> None:
    at = settings_page()
    assert not at.exception
    assert any(h.value == "Your data" for h in at.subheader)
    assert downloads(at) == {"Download all my data (JSON)": True}
    assert any(b.label == "Delete this profile" for b in at.button)


def test_deleting_a_profile_asks_first_and_removes_only_that_profile(app: App) -> None:
    ada, bob = app.profiles.local("Ada"), app.profiles.local("Bob")
    practise(app, ada)
    bobs = practise(app, bob)
    at = settings_page()
    button(at, "Delete this profile").click().run()
    assert "1 interview" in " ".join(m.value for m in at.markdown)
    assert button(at, "Delete for good").disabled  # nothing happens until "delete" is typed
    at.text_input(key="your_data_confirm").set_value("delete").run()
    button(at, "Delete for good").click().run()
    assert not at.exception
    assert "Deleted the profile Ada and its 1 interview." in at.success[0].value
    assert at.sidebar.selectbox[0].value == "Guest"
    assert "Ada" not in app.profiles.local_names()
    assert [s.interview_id for s in app.history.interview_summaries(bob)] == [bobs]


def test_cancel_keeps_everything(app: App) -> None:
    ada = app.profiles.local("Ada")
    adas = practise(app, ada)
    at = settings_page()
    button(at, "Delete this profile").click().run()
    button(at, "Cancel").click().run()
    assert not at.exception
    assert [s.interview_id for s in app.history.interview_summaries(ada)] == [adas]
    assert not any(b.label == "Delete for good" for b in at.button)


def test_deleting_an_account_deletes_its_history_and_signs_out(app: App) -> None:
    ada = account_of(app, ADA)
    practise(app, ada)
    bob = app.profiles.local("Bob")
    bobs = practise(app, bob)
    at = signed_in_app(ADA).run()
    at.switch_page("pages/settings.py").run()
    button(at, "Delete my account and history").click().run()
    at.text_input(key="your_data_confirm").set_value("Delete").run()
    button(at, "Delete for good").click().run()
    assert not at.exception
    assert at.user == {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    again = account_of(app, ADA)
    assert again.profile_id != ada.profile_id
    assert app.history.interview_summaries(again) == []
    assert [s.interview_id for s in app.history.interview_summaries(bob)] == [bobs]
