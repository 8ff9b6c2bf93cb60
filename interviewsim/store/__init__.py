"""The history store: models, engine and migrations, and the repositories that own every query
(`interviews` for running an interview, `history` for reads over a whole history, `profiles`)."""

from interviewsim.store.db import open_store
from interviewsim.store.errors import StoreError, StoreErrorKind, store_failure

__all__ = ["StoreError", "StoreErrorKind", "open_store", "store_failure"]
