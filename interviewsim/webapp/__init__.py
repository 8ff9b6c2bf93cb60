"""The Streamlit side: cached resources and shared rendering helpers used by `pages/`."""
