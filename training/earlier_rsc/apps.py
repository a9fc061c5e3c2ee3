from django.apps import AppConfig


class EarlierRscConfig(AppConfig):
    name = "training.earlier_rsc"
    label = "earlier_rsc"
    verbose_name = "RSC received before Attune"
