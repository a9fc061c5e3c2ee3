from django.apps import AppConfig
from django.db.models.signals import post_migrate


class UsersConfig(AppConfig):
    name = "training.users"
    label = "users"
    verbose_name = "People and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers

        post_migrate.connect(signal_handlers.sync_role_groups, sender=self)
