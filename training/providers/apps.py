from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "training.providers"
    verbose_name = "Outside providers"

    def ready(self) -> None:
        from .signal_handlers import connect

        connect()
