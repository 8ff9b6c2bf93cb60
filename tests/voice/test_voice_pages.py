"""Answering by voice and hearing the interviewer on the Practice page, through AppTest: a WAV made
by espeak-ng goes through the real openai client to the local server, its transcript is corrected
and sent, lands in the chat, is scored, and its length gives the pace; every provider failure says
what happened and keeps the recording; questions are read aloud by the endpoint or by espeak-ng."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from interviewsim.config import get_settings
from interviewsim.store import open_store
from interviewsim.store.models import Turn
from interviewsim.testing.fake_openai import FakeOpenAI, Reply
from interviewsim.webapp.render import plain

from ..app.test_coaching_pages import button, start, verdicts
from ..app.test_pages import app, chat_texts
from .conftest import TEST_KEY, Recording

CORRECTION = " I would use a tuple for coordinates."


@pytest.fixture
def stt_env(fake_audio: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    monkeypatch.setenv("INTERVIEWSIM_STT_BASE_URL", fake_audio.url)
    monkeypatch.setenv("INTERVIEWSIM_STT_API_KEY", TEST_KEY)
    monkeypatch.setenv("INTERVIEWSIM_STT_MODEL", "fake-whisper")
    monkeypatch.setenv("INTERVIEWSIM_STT_TIMEOUT", "2")
    get_settings.cache_clear()
    return fake_audio


def record(at: AppTest, recording: Recording) -> AppTest:
    at.audio_input[0].set_value(("answer.wav", recording.wav, "audio/wav"))
    return at.run()


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_a_spoken_answer_is_corrected_sent_scored_and_its_length_gives_the_pace(
    stt_env: FakeOpenAI, recordings: dict[str, Recording], db_url: str
) -> None:
    spoken = recordings["answer"]
    stt_env.script(Reply(text=spoken.text))
    at = start(app())
    assert any("then discarded" in c.value for c in at.caption)  # said under the microphone

    at = record(at, spoken)
    assert not at.exception
    draft = at.text_area[0]
    assert draft.value == spoken.text  # shown for correcting before anything is saved
    assert plain(spoken.text) not in chat_texts(at)
    upload = stt_env.requests[-1].files["file"]
    assert upload.wav is not None and upload.data == spoken.wav

    draft.set_value(spoken.text + CORRECTION)
    at = button(at, "Send this answer").click().run()
    assert not at.exception
    assert plain(spoken.text + CORRECTION) in chat_texts(at)
    assert len(verdicts(at)) == 1  # scored, with coach mode's verdict
    with open_store(db_url)() as session:
        turn = session.scalars(select(Turn).where(Turn.answer.is_not(None))).one()
    assert turn.duration_s == pytest.approx(upload.wav.duration_s, abs=0.01)
    assert turn.word_count == 22
    coach = next(m for m in at.chat_message if m.name == "coach")
    shown = "\n".join(md.value for md in coach.markdown)
    pace = 22 / turn.duration_s * 60
    assert plain(f"Pace: {pace:.0f} words per minute") in shown
    assert any("spoken," in c.value for c in at.caption)
    assert len([r for r in stt_env.requests if r.path.endswith("/transcriptions")]) == 1


FAILURES = {
    "rejected key": ([Reply(status=401, error="bad key")], "rejected the API key"),
    "rate limit": ([Reply(status=429), Reply(status=429)], "limiting requests (429)"),
    "timeout": ([Reply(text="late", delay=3)], "did not answer within 2 s"),
    "unsupported format": ([Reply(status=400, error="bad file")], "could not use this recording"),
    "silence": ([Reply(text="  ")], "No words were recognised"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_provider_failure_says_what_happened_and_keeps_the_recording(
    case: str, stt_env: FakeOpenAI, recordings: dict[str, Recording]
) -> None:
    replies, words = FAILURES[case]
    stt_env.script(*replies)
    at = record(start(app()), recordings["answer"])
    assert not at.exception
    assert any(words in w and "still here" in w for w in warnings(at))
    assert TEST_KEY not in " ".join(warnings(at))
    assert at.chat_input  # typing works as always
    assert len(chat_texts(at)) == 2  # greeting and question: nothing was sent

    stt_env.script(Reply(text=recordings["answer"].text))
    at = button(at, "Transcribe it again").click().run()  # the same recording, again
    assert at.text_area[0].value == recordings["answer"].text


def test_with_no_transcription_endpoint_the_microphone_says_what_to_set_and_typing_works() -> None:
    at = start(app())
    assert not at.audio_input
    assert any("INTERVIEWSIM_STT_BASE_URL" in c.value for c in at.caption)
    at.chat_input[0].set_value("Lists are mutable and tuples are immutable.").run()
    assert len(verdicts(at)) == 1


def audio_elements(at: AppTest) -> list:  # type: ignore[type-arg]
    return list(at.get("audio"))


def test_the_question_is_read_aloud_by_the_speech_endpoint_once_per_message(
    fake_audio: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_TTS_BASE_URL", fake_audio.url)
    monkeypatch.setenv("INTERVIEWSIM_TTS_API_KEY", TEST_KEY)
    get_settings.cache_clear()
    at = start(app())
    assert at.toggle(key="practice_read_aloud").value is False  # off by default
    assert not audio_elements(at)
    at = at.toggle(key="practice_read_aloud").set_value(True).run()
    assert not at.exception
    assert len(audio_elements(at)) == 1
    speech = [r for r in fake_audio.requests if r.path.endswith("/audio/speech")]
    assert len(speech) == 1 and "tuple" in speech[0].body["input"].lower()
    at.run()  # a rerun plays the same audio without asking again
    assert len(audio_elements(at)) == 1
    assert len([r for r in fake_audio.requests if r.path.endswith("/audio/speech")]) == 1


def test_with_no_endpoint_espeak_ng_reads_the_question(
    espeak: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_TTS", "espeak")
    get_settings.cache_clear()
    at = start(app())
    at = at.toggle(key="practice_read_aloud").set_value(True).run()
    assert not at.exception
    assert len(audio_elements(at)) == 1
    assert "espeak-ng" in at.toggle(key="practice_read_aloud").help


def test_with_nothing_to_read_aloud_the_switch_is_off_and_says_what_to_configure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_ESPEAK_PATH", "/nonexistent/espeak-ng")
    get_settings.cache_clear()
    at = start(app())
    switch = at.toggle(key="practice_read_aloud")
    assert switch.disabled
    assert "INTERVIEWSIM_TTS_BASE_URL" in switch.help and "espeak-ng" in switch.help


def test_progress_has_a_section_on_how_answers_were_said() -> None:
    at = start(app())
    at.chat_input[0].set_value("Um, lists are mutable and, like, tuples are immutable.").run()
    at = at.switch_page("pages/progress.py").run()
    assert not at.exception
    assert "How you say it" in [s.value for s in at.subheader]
    assert any("filler words per 100 words" in c.value for c in at.caption)
    assert any("spoken answers on two days" in c.value for c in at.caption)


def test_a_transcription_server_typed_on_settings_is_used_without_the_hosts_key(
    fake_audio: FakeOpenAI, recordings: dict[str, Recording], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-host-secret")
    get_settings.cache_clear()
    at = app().run()
    at = at.switch_page("pages/settings.py").run()
    assert any("transcribed by whisper-1 at OpenAI" in c.value for c in at.caption)
    at.text_input(key="settings_stt_base_url").set_value(fake_audio.url)
    form_button = next(
        b for b in at.button if b.label == "Use for this session" and "mic" in b.icon
    )
    at = form_button.click().run()
    assert not at.exception
    assert any(
        f"at 127.0.0.1:{fake_audio.url.split(':')[2].split('/')[0]}" in c.value for c in at.caption
    )

    at = start(at.switch_page("pages/practice.py"))
    fake_audio.script(Reply(text=recordings["answer"].text))
    at = record(at, recordings["answer"])
    assert at.text_area[0].value == recordings["answer"].text
    assert fake_audio.requests[-1].authorization == "Bearer not-needed"  # never the host's key
