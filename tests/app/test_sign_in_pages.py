"""The signed-in app through AppTest, which can seed `st.user` (AppTest.user) and `st.secrets`: the
sign-in screen, a signed-in person's own history only, `?profile=` ignored, signing out."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from interviewsim.bootstrap import App
from interviewsim.interview import InterviewSetup

from ..conftest import PROJECT_ROOT

ISSUER = "http://127.0.0.1:9/"
AUTH = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "test-only-cookie-secret",
        "client_id": "interviewsim-tests",
        "client_secret": "test-only-client-secret",
        "server_metadata_url": f"{ISSUER}.well-known/openid-configuration",
    }
}
ADA = {"sub": "ada-0001", "iss": ISSUER, "name": "Ada Lovelace", "email": "ada@example.com"}
BOB = {"sub": "bob-0002", "iss": ISSUER, "name": "Bob Babbage", "email": "bob@example.com"}
ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."


def signed_in_app(user: dict | None, page: str = "streamlit_app.py") -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=30)
    at.secrets = dict(AUTH)
    at.user = {"is_logged_in": True, **user} if user else {"is_logged_in": False}
    return at


def account_of(app: App, user: dict):
    return app.profiles.account(user["iss"], user["sub"], user["email"], user["name"])


def test_someone_signed_out_sees_only_the_sign_in_screen() -> None:
    at = signed_in_app(None).run()
    assert not at.exception
    assert at.title[0].value == "InterviewSim"
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.sidebar.selectbox  # no profile picker
    assert "private to you" in at.sidebar.caption[0].value


def test_someone_signed_out_who_opens_a_page_directly_sees_the_sign_in_screen() -> None:
    at = signed_in_app(None, "pages/report.py").run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not any(t.value == "Report" for t in at.title)


def test_a_signed_in_person_practises_as_themselves_with_no_profile_picker(app: App) -> None:
    at = signed_in_app(ADA).run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert not at.sidebar.selectbox
    assert any("Signed in as **Ada Lovelace**" in m.value for m in at.sidebar.markdown)
    assert any(b.label == "Sign out" for b in at.sidebar.button)
    assert any("Practising as **Ada Lovelace**" in c.value for c in at.caption)


def test_a_profile_in_the_address_is_ignored_when_signed_in(app: App) -> None:
    bob = app.profiles.local("Bob")
    interview_id = app.interviews.start(bob, InterviewSetup("sample", num_questions=1, seed=1))
    app.interviews.submit_answer(bob, interview_id, ANSWER)
    at = signed_in_app(ADA)
    at.query_params["profile"] = "Bob"
    at.run()
    assert "profile" not in at.query_params
    at.switch_page("pages/report.py").run()
    assert not at.exception
    assert "No interviews yet" in at.info[0].value


def test_a_signed_in_person_sees_only_their_own_interviews_even_asked_for_anothers(
    app: App,
) -> None:
    ada, bob = account_of(app, ADA), account_of(app, BOB)
    adas = app.interviews.start(ada, InterviewSetup("sample", num_questions=1, seed=1))
    app.interviews.submit_answer(ada, adas, "Ada's analytical engine answer.")
    bobs = app.interviews.start(bob, InterviewSetup("sample", num_questions=1, seed=2))
    app.interviews.submit_answer(bob, bobs, "Bob's difference engine answer.")

    at = signed_in_app(BOB)
    at.query_params["interview"] = str(adas)
    at.run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    assert at.selectbox[0].options == [
        f"#{bobs} · " + at.selectbox[0].options[0].split(" · ", 1)[1]
    ]
    assert at.query_params["interview"] == str(bobs)
    shown = " ".join(m.value for m in at.markdown)
    assert "difference engine" in shown and "analytical engine" not in shown


def test_signing_out_goes_back_to_the_sign_in_screen(app: App) -> None:
    at = signed_in_app(ADA).run()
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert not at.exception
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert not any(t.value == "Practice" for t in at.title)


def test_a_host_that_requires_sign_in_without_configuring_it_is_told_how(monkeypatch) -> None:
    from interviewsim.config import get_settings

    monkeypatch.setenv("INTERVIEWSIM_REQUIRE_LOGIN", "true")
    get_settings.cache_clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30).run()
    assert not at.exception
    assert "requires sign-in" in at.error[0].value
    assert not at.title


def test_a_page_never_acts_for_an_account_an_earlier_run_left_behind(app: App) -> None:
    """Streamlit can run a page's file on its own (AppTest reruns do; so does a fresh server's
    first visit to a page's address): the owner kept in session state must still be the person
    signed in."""
    ada = account_of(app, ADA)
    adas = app.interviews.start(ada, InterviewSetup("sample", num_questions=1, seed=1))
    app.interviews.submit_answer(ada, adas, "Ada's analytical engine answer.")
    at = signed_in_app(ADA).run()
    at.switch_page("pages/report.py").run()
    assert "analytical engine" in " ".join(m.value for m in at.markdown)
    at.user = {"is_logged_in": True, **BOB}
    at.run()
    assert not at.exception
    assert any("Signed in as **Bob Babbage**" in m.value for m in at.sidebar.markdown)
    assert "No interviews yet" in at.info[0].value
    assert "analytical engine" not in " ".join(m.value for m in at.markdown)
