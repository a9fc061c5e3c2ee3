from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "training.cohorts"
    label = "cohorts"
    verbose_name = "Cohorts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
