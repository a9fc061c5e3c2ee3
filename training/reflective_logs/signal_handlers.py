"""Forget a trainee's cached returned-log count whenever one of her logs changes."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import ReflectiveLog
from .selectors import returned_cache_key


def _log_changed(instance, **_kwargs) -> None:
    key = returned_cache_key(instance.trainee_id)
    cache.delete(key)
    # Again once the change is committed: a page read in between may have cached the old rows.
    transaction.on_commit(lambda: cache.delete(key))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_log_changed, sender=ReflectiveLog, dispatch_uid="rlog-returned")
