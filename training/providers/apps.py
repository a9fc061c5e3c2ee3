from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "training.providers"
    verbose_name = "Outside providers"
