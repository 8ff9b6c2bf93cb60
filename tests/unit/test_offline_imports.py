"""The offline path is complete without the LLM stack: it must never import it."""

from __future__ import annotations

import textwrap

from ..conftest import run_clean_python

SCRIPT = textwrap.dedent(
    """
    import sys
    from interviewsim.bootstrap import build_app
    from interviewsim.interview import InterviewSetup
    from interviewsim.report import to_markdown, to_json
    from interviewsim import analytics

    app = build_app()
    service = app.interviews
    owner = app.profiles.local("Offline")
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=3, seed=1))
    while not service.view(owner, interview_id).finished:
        service.submit_answer(owner, interview_id, "Tuples are immutable and hashable, I think.")
    report = app.history.report(owner, interview_id)
    to_markdown(report); to_json(report)
    frame = analytics.question_frame(app.history.progress_history(owner)[0])
    analytics.score_trend_figure(analytics.interview_frame(frame))
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"langchain", "langchain_core",
                    "langchain_openai", "openai"})
    print(",".join(loaded) or "none")
    """
)


def test_a_whole_offline_interview_never_imports_langchain_or_openai(tmp_path) -> None:
    done = run_clean_python(SCRIPT, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


VOICE_SCRIPT = textwrap.dedent(
    """
    import sys
    from interviewsim.bank import default_bank
    from interviewsim.config import get_settings
    from interviewsim.insights import insights, track_terms
    from interviewsim import speech

    bank = default_bank(get_settings().extra_bank_paths)
    question = bank.get("sample-list-vs-tuple")
    result = insights("Um, tuples are, like, immutable.", question, track_terms(bank, "sample"),
                      duration_s=2.5)
    result.to_dict(); result.summary()
    assert speech.transcription_config() is None
    speech.transcription_status(None)
    spoken = speech.speak("Tell me about tuples.", speech.speech_config())  # espeak-ng or off
    assert spoken.audio is not None or spoken.notice
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"langchain", "langchain_core",
                    "langchain_openai", "openai", "httpx", "httpx2"})
    print(",".join(loaded) or "none")
    """
)


def test_insights_and_speech_with_nothing_configured_never_import_a_provider(tmp_path) -> None:
    done = run_clean_python(VOICE_SCRIPT, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"
