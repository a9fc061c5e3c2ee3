from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "training.records"
    label = "records"
    verbose_name = "Training records"
