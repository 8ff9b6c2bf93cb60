"""What a host needs for sign-in is in the repository, and nothing secret is: the documented
`.streamlit/secrets.toml.example`, the ignored real file, `streamlit[auth]` in the requirements."""

from __future__ import annotations

import re
import tomllib

from ..conftest import PROJECT_ROOT

EXAMPLE = PROJECT_ROOT / ".streamlit" / "secrets.toml.example"
ST_LOGIN_KEYS = {
    "redirect_uri",
    "cookie_secret",
    "client_id",
    "client_secret",
    "server_metadata_url",
}


def test_the_secrets_example_has_every_key_st_login_needs() -> None:
    auth = tomllib.loads(EXAMPLE.read_text())["auth"]
    assert set(auth) == ST_LOGIN_KEYS
    assert auth["redirect_uri"].endswith("/oauth2callback")
    assert auth["server_metadata_url"].endswith("/.well-known/openid-configuration")


def test_the_secrets_example_holds_only_placeholders() -> None:
    auth = tomllib.loads(EXAMPLE.read_text())["auth"]
    for key in ("cookie_secret", "client_id", "client_secret"):
        assert auth[key].startswith("replace-with-"), key


def test_the_real_secrets_file_is_never_committed() -> None:
    ignored = PROJECT_ROOT.joinpath(".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored


def test_the_requirements_install_streamlits_sign_in_support() -> None:
    requirements = PROJECT_ROOT.joinpath("requirements.txt").read_text()
    assert re.search(r"^streamlit\[auth\]", requirements, re.MULTILINE)
