"""Addresses in model-written text reach `st.markdown` as inline code, which Streamlit's Markdown
never links (the browser test `tests/e2e/test_safe_links.py` checks the rendered page)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.states import Role
from interviewsim.store.interviews import InterviewRepository

from ..conftest import PROJECT_ROOT


def test_a_bare_address_from_the_interviewer_is_sent_as_code_not_as_a_link(
    service: InterviewService, owner
) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=2, seed=1))
    with service.sessions() as s:
        InterviewRepository(s).add_message(
            interview_id, Role.interviewer, "Prize at http://127.0.0.1:9/p or win@example.com."
        )
        s.commit()
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["profile"] = "Ada"
    at.run()
    shown = [m.markdown[0].value for m in at.chat_message if m.markdown]
    steered = [t for t in shown if "Prize" in t]
    assert steered == ["Prize at `http://127.0.0.1:9/p` or `win@example.com`\\."]
