"""Settings: which AI provider and model to use (everything works offline without one), and your
data: download it all, or delete it."""

import streamlit as st

from interviewsim.allowance import allowance_of
from interviewsim.webapp.provider import (
    PROVIDER_CHOICES,
    check_connection,
    forget_typed,
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

with st.form("settings_provider"):
    st.markdown("**Use a provider for this browser session**")
    st.caption(
        "Kept in this session's memory only: never saved to disk, the database or a log. "
        "Blank fields use the server's settings."
    )
    provider = st.selectbox(
        "Provider",
        PROVIDER_CHOICES,
        index=0,
        key="settings_provider_name",
        help="openai also covers any OpenAI-compatible server (Ollama, vLLM, LM Studio, a "
        "company gateway) through a base URL. Other providers need their LangChain package.",
        accept_new_options=True,
    )
    model = st.text_input("Model", key="settings_model", placeholder="gpt-4.1-mini")
    base_url = st.text_input(
        "Base URL (OpenAI-compatible server)",
        key="settings_base_url",
        placeholder="http://localhost:11434/v1",
    )
    api_key = st.text_input("API key", type="password", key="settings_api_key")
    if st.form_submit_button("Use for this session", type="primary", icon=":material/check:"):
        set_typed(provider or "", model, base_url, api_key)
        st.session_state.pop("settings_api_key", None)  # the widget need not hold it any more
        st.rerun()

left, right = st.columns(2)
if left.button("Test connection", icon=":material/network_check:", width="stretch"):
    with st.spinner("Asking the provider…"):
        ok, message = check_connection()
    (st.success if ok else st.error)(message)
if mine and right.button("Forget what I typed", icon=":material/delete:", width="stretch"):
    forget_typed()
    st.rerun()

show_speech_settings(get_app().settings)

st.divider()
show_your_data(get_app(), owner)
