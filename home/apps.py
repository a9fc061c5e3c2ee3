from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"
    label = "home"
    verbose_name = "Home page"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers

        post_migrate.connect(signal_handlers.set_up_site, sender=self)
