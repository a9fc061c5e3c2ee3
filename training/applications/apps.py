from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "training.applications"
    label = "applications"
    verbose_name = "Endorsement applications"
