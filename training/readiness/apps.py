from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    name = "training.readiness"
    label = "readiness"
    verbose_name = "Readiness and portfolios"
