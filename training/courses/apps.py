from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "training.courses"
    label = "courses"
    verbose_name = "Courses"

    def ready(self) -> None:
        # signals: a course's estimated time follows its modules' credit hours.
        # tasks: background work it queues from requests is swept if the broker lost it.
        from . import signals, tasks  # noqa: F401
