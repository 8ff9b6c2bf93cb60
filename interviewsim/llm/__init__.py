"""The LLM path: provider configuration, errors in our own words, and the chat client.

Imported only when a provider is configured; LangChain and the provider SDKs are imported inside
functions even then, so the offline path never loads them.
"""

from interviewsim.llm.client import ChatClient, ConnectionCheck, Messages, test_connection
from interviewsim.llm.config import DEFAULT_MODEL, OPENAI, LLMConfig, resolve_config
from interviewsim.llm.errors import LLMConfigError, LLMError, MissingKeyError, classify

__all__ = [
    "DEFAULT_MODEL",
    "OPENAI",
    "ChatClient",
    "ConnectionCheck",
    "LLMConfig",
    "LLMConfigError",
    "LLMError",
    "Messages",
    "MissingKeyError",
    "classify",
    "resolve_config",
    "test_connection",
]
