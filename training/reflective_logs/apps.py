from django.apps import AppConfig


class ReflectiveLogsConfig(AppConfig):
    name = "training.reflective_logs"
    label = "reflective_logs"
    verbose_name = "Reflective supervision logs"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
