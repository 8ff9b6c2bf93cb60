"""Getting between pages: Streamlit's bar along the top on a wide screen, and on a phone a row of
page links at the top of the page itself.

Below 768 px Streamlit folds its top bar into the sidebar, and a page picked there leaves the
sidebar open over most of the screen. So on a narrow screen the sidebar keeps only who is
practising, and the pages are one tap away in the page, where a thumb reaches them.
"""

from __future__ import annotations

import streamlit as st

NARROW = 768  # px: where Streamlit 1.67 moves its top navigation into the sidebar
_CSS = f"""
<style>
@media (min-width: {NARROW}px) {{ .st-key-phone_nav {{ display: none; }} }}
@media (max-width: {NARROW - 0.02}px) {{ [data-testid="stSidebarNav"] {{ display: none; }} }}
</style>
"""


def phone_navigation(pages: list[st.Page], short_titles: dict[str, str]) -> None:
    """The phone's row of page links (hidden on wide screens, where the top bar shows)."""
    st.html(_CSS)  # style only: it goes to the event container and takes no room
    with st.container(horizontal=True, key="phone_nav", gap="small"):
        for page in pages:
            st.page_link(page, label=short_titles.get(page.title, page.title), icon=page.icon)
