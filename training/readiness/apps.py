from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "training.readiness"
    label = "readiness"
    verbose_name = "Readiness and portfolios"

    def ready(self) -> None:
        # Background work it queues from requests is swept if the broker lost it.
        from . import tasks  # noqa: F401
