from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "training.courses"
    label = "courses"
    verbose_name = "Courses"

    def ready(self) -> None:
        # Background work it queues from requests is swept if the broker lost it.
        from . import tasks  # noqa: F401
