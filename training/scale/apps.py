from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Tools to measure Attune at state-wide size: the data generator and its benchmarks."""

    name = "training.scale"
    label = "scale"
    verbose_name = "Scale"
