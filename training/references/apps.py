from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "training.references"
    label = "references"
    verbose_name = "Reference ratings"
