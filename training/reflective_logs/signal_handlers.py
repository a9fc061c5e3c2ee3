"""Forget a trainee's cached returned logs whenever one of her logs changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .models import ReflectiveLog
from .selectors import returned_cache_key


def _log_changed(instance, **_kwargs) -> None:
    # A page read between this save and its commit may cache the old rows again; the cache's
    # short timeout (selectors.RETURNED_CACHE_SECONDS) bounds that.
    cache.delete(returned_cache_key(instance.trainee_id))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_log_changed, sender=ReflectiveLog, dispatch_uid="rlog-returned")
