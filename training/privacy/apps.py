from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "training.privacy"
    label = "privacy"
    verbose_name = "Privacy: data export, erasure and retention"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its personal data in its own privacy.py.
        autodiscover_modules("privacy")
        # Background work it queues from requests is swept if the broker lost it.
        from . import tasks  # noqa: F401
