from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "training.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"
