"""A real OpenID Connect provider for the sign-in tests: oidc-provider-mock, served on 127.0.0.1.

One host name everywhere: the provider, the app's `redirect_uri` and the browser all use 127.0.0.1
(a browser on `localhost` with a redirect on 127.0.0.1 loses the session cookie and comes back
signed out).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.serving import make_server

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Person:
    """A user the provider knows: its subject and the claims it puts in the ID token."""

    sub: str
    name: str
    email: str


@contextmanager
def oidc_provider(people: list[Person]) -> Iterator[str]:
    """Serve a provider that knows these people; yields its issuer URL."""
    with warnings.catch_warnings():
        # The provider imports authlib.jose, which Authlib 1.9 deprecates; authlib.deprecate
        # installs an "always" filter for its warnings when imported, so silence them after it.
        import authlib.deprecate  # noqa: F401

        warnings.simplefilter("ignore", DeprecationWarning)
        import oidc_provider_mock

    users = [
        oidc_provider_mock.User(sub=p.sub, claims={"name": p.name, "email": p.email})
        for p in people
    ]
    server = make_server(HOST, 0, oidc_provider_mock.app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def write_auth_secrets(path: Path, issuer: str, app_port: int) -> Path:
    """An `[auth]` section for the app, as a host would write in `.streamlit/secrets.toml`."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://{HOST}:{app_port}/oauth2callback"\n'
        'cookie_secret = "test-only-cookie-secret-0123456789abcdef"\n'
        'client_id = "interviewsim-tests"\n'
        'client_secret = "test-only-client-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
    )
    return path


def only_loopback(route) -> None:
    """A Playwright route handler: the provider's pages link a stylesheet from the internet;
    anything not on this machine is aborted at once instead of waiting for a timeout."""
    url = urlsplit(route.request.url)
    loopback = url.hostname is not None and (
        url.hostname == "localhost" or url.hostname == "::1" or url.hostname.startswith("127.")
    )
    if loopback or url.scheme in ("data", "blob"):
        route.continue_()
    else:
        route.abort()
