"""The history store: models, engine and migrations, and the repositories that own every query
(`interviews` for running an interview, `history` for reads over a whole history, `profiles`)."""

from interviewsim.store.db import StoreError, open_store

__all__ = ["StoreError", "open_store"]
