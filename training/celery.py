"""The Celery app. Tasks run in-process unless REDIS_URL points at a broker."""

import logging
import os

from celery import Celery, bootsteps
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings.dev")

logger = logging.getLogger(__name__)

app = Celery("training")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Publishing gives up fast (a web request must not hang on a dead broker): these options in
# CELERY_BROKER_TRANSPORT_OPTIONS cap kombu's reconnect loop for *every* connection that reads
# them. The worker must instead wait for its broker as long as it takes.
PUBLISH_ONLY_OPTIONS = ("max_retries", "interval_start", "interval_step", "interval_max")


@celeryd_init.connect
def worker_waits_for_its_broker(sender=None, conf=None, **kwargs) -> None:
    """In the worker process only: reconnect to the broker forever, never give up and exit."""
    options = dict(conf.broker_transport_options or {})
    for name in PUBLISH_ONLY_OPTIONS:
        options.pop(name, None)
    conf.broker_transport_options = options
    conf.broker_connection_retry = True
    conf.broker_connection_max_retries = None


class SweepOnConnect(bootsteps.StartStopStep):
    """Each time the worker (re)connects to its broker, queue what is still waiting.

    A broker that restarted may have lost its queue, and messages the worker held when the
    connection dropped stay unacknowledged until the visibility timeout. Every task is safe to
    run twice, so sweeping at once (not after the usual grace period) only risks a no-op.
    """

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, c):
        for name in (
            "training.notifications.tasks.sweep_outbox",
            "training.core.tasks.sweep_unqueued_work",
        ):
            try:
                c.app.send_task(name, kwargs={"older_than_seconds": 0}, retry=False)
            except Exception:  # noqa: BLE001 - the next connection or beat's run sweeps again
                logger.warning("Could not queue %s after connecting", name, exc_info=True)


app.steps["consumer"].add(SweepOnConnect)
