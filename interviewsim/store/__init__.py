"""The history store: models, engine and migrations, and the repository that owns every query."""

from interviewsim.store.db import StoreError, open_store

__all__ = ["StoreError", "open_store"]
