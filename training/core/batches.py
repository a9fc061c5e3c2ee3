"""Nightly jobs fan out: one small task per batch of ids, so several workers share the night's
work and a worker lost mid-way redoes one batch, not the whole job (tasks ack late)."""

import math
from collections.abc import Iterable

from django.conf import settings


def fan_out(task, ids: Iterable[int], *args) -> int:
    """Queue `task(batch, *args)` for each ATTUNE_NIGHTLY_BATCH_SIZE ids; return the batches."""
    ids = list(ids)
    size = settings.ATTUNE_NIGHTLY_BATCH_SIZE
    for start in range(0, len(ids), size):
        task.delay(ids[start : start + size], *args)
    return math.ceil(len(ids) / size)
