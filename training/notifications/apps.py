from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "training.notifications"
    label = "notifications"
    verbose_name = "Notifications"
