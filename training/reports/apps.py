from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Progress across many trainees: cohort tables, exports, supervisor overviews, analytics."""

    name = "training.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
