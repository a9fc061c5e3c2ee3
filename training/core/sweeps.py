"""What is waiting for a background task that may never have been queued.

Each app that queues work from a request registers, when it starts, how to find its rows still
waiting and the task that does them; `training.core.tasks.sweep_unqueued_work` (every few
minutes, and each time a worker connects) queues them again. Core stays on the ground floor:
it never imports the apps whose work it sweeps.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

# Work younger than this is probably still in the queue.
GRACE = timedelta(minutes=2)


@dataclass(frozen=True)
class Sweep:
    waiting: Callable[[datetime], Iterable[int]]  # ids of rows waiting since before the cutoff
    task: object  # the Celery task that does one row, given its id


_sweeps: dict[str, Sweep] = {}


def register(name: str, *, waiting: Callable[[datetime], Iterable[int]], task) -> None:
    _sweeps[name] = Sweep(waiting=waiting, task=task)


def sweeps() -> dict[str, Sweep]:
    return dict(_sweeps)


def unqueued_work(*, older_than: timedelta = GRACE) -> dict[str, list[int]]:
    cutoff = timezone.now() - older_than
    return {name: list(sweep.waiting(cutoff)) for name, sweep in _sweeps.items()}
