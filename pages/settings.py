"""Settings: which AI provider and model to use (everything works offline without one), and your
data: download it all, or delete it."""

import streamlit as st

from interviewsim.allowance import allowance_of
from interviewsim.webapp.provider import (
    PROVIDER_CHOICES,
    check_connection,
    forget_typed,
    last_check,
    set_typed,
    status,
    typed,
)
from interviewsim.webapp.render import plain
from interviewsim.webapp.resources import current_owner, get_app
from interviewsim.webapp.speech_settings import show_speech_settings
from interviewsim.webapp.your_data import show_your_data

owner = current_owner()  # keeps the sidebar (profile or sign-in) on this page too
st.title("Settings")

current, mine = status(), typed()
if current.problem:
    st.warning(current.problem, icon=":material/key:")
elif current.config is None:
    st.info(
        "No AI provider is configured: interviews, scores and follow-ups run offline. Add one "
        "below, or set OPENAI_API_KEY (and optionally OPENAI_BASE_URL, INTERVIEWSIM_MODEL) in "
        "the environment, a .env file or .streamlit/secrets.toml.",
        icon=":material/cloud_off:",
    )
else:
    config = current.config
    checked = last_check(config)
    if checked is not None and not checked[0]:
        st.warning(
            f"AI interviewer and scorer: **{config.label}**, but the last connection test failed: "
            f"{plain(checked[1])} Until it works, answers are scored offline, with a notice.",
            icon=":material/cloud_off:",
        )
    else:
        st.success(f"AI interviewer and scorer: **{config.label}**", icon=":material/cloud_done:")
    key_state = "set" if config.api_key else "none (a local server may not need one)"
    st.caption(
        f"Provider: {config.provider} ({config.source('provider')})  \n"
        f"Model: {plain(config.model)} ({config.source('model')})  \n"
        f"Server: {plain(config.where)} ({config.source('base_url')})  \n"
        f"API key: {key_state} ({config.source('api_key')})"
    )
    allowance = allowance_of(get_app().backend)  # a daily limit on the host's key, if any
    if allowance is not None and (today := allowance.summary()):
        st.caption(today)


def use_typed() -> None:
    """Runs before the page is drawn, so the banner above already shows the new settings; the
    key field is emptied, so the key is not left in the page to be read back."""
    state = st.session_state
    set_typed(
        state.get("settings_provider_name") or "",
        state.get("settings_model", ""),
        state.get("settings_base_url", ""),
        state.get("settings_api_key", ""),
    )
    state["settings_api_key"] = ""


with st.form("settings_provider"):
    st.markdown("**Use a provider for this browser session**")
    st.caption(
        "Kept in this session's memory only: never saved to disk, the database or a log. "
        "Blank fields use the server's settings."
    )
    st.selectbox(
        "Provider",
        PROVIDER_CHOICES,
        index=0,
        key="settings_provider_name",
        help="openai also covers any OpenAI-compatible server (Ollama, vLLM, LM Studio, a "
        "company gateway) through a base URL. Other providers need their LangChain package.",
        accept_new_options=True,
    )
    st.text_input("Model", key="settings_model", placeholder="gpt-4.1-mini")
    st.text_input(
        "Base URL (OpenAI-compatible server)",
        key="settings_base_url",
        placeholder="http://localhost:11434/v1",
    )
    st.text_input("API key", type="password", key="settings_api_key")
    st.form_submit_button(
        "Use for this session", type="primary", icon=":material/check:", on_click=use_typed
    )

left, right = st.columns(2)
if left.button("Test connection", icon=":material/network_check:", width="stretch"):
    with st.spinner("Asking the provider…"):
        check_connection()
    st.rerun()  # the banner above says how it went too
if current.config is not None and (checked := last_check(current.config)) is not None:
    (st.success if checked[0] else st.error)(plain(checked[1]))

if mine and right.button("Forget what I typed", icon=":material/delete:", width="stretch"):
    forget_typed()
    st.rerun()

show_speech_settings(get_app().settings)

st.divider()
show_your_data(get_app(), owner)
