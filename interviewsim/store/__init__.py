"""The history store: models, engine and migrations, and the repository that owns every query."""

from interviewsim.store.db import open_store
from interviewsim.store.errors import StoreError, StoreErrorKind, store_failure

__all__ = ["StoreError", "StoreErrorKind", "open_store", "store_failure"]
