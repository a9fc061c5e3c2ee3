from django.apps import AppConfig

from training.core import verdicts


class ReadinessConfig(AppConfig):
    name = "training.readiness"
    label = "readiness"
    verbose_name = "Readiness and portfolios"

    def ready(self) -> None:
        # Background work it queues from requests is swept if the broker lost it.
        from . import tasks  # noqa: F401
        from .selectors import attendance_verdicts, rsc_verdicts

        # The log list (a floor below) shows why each log did or did not count.
        verdicts.register("rsc", rsc_verdicts)
        verdicts.register("rsc_attendance", attendance_verdicts)
