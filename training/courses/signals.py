"""Keep each course's estimated time equal to the credit hours of its published modules."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_unpublished, post_page_move


def course_hours_refresh(course_path: str) -> None:
    """Recount one course's estimated hours from its live modules (no revision, no signals)."""
    from .models import CoursePage

    course = CoursePage.objects.filter(path=course_path).first()
    if course is not None:
        CoursePage.objects.filter(pk=course.pk).update(estimated_hours=course.module_hours())


def _parent_path(page) -> str:
    return page.path[: -page.steplen]


def _is_module(sender) -> bool:
    from .models import ModulePage

    return issubclass(sender, ModulePage)


@receiver(post_save)
def _module_saved(sender, instance, raw=False, **kwargs):
    # Publishing, unpublishing and adding a module all save the page row.
    if not raw and _is_module(sender) and instance.path:
        course_hours_refresh(_parent_path(instance))


@receiver(post_delete)
def _module_deleted(sender, instance, **kwargs):
    if _is_module(sender) and instance.path:
        course_hours_refresh(_parent_path(instance))


@receiver(page_unpublished)
def _module_unpublished(sender, instance, **kwargs):
    if _is_module(type(instance.specific_deferred)):
        course_hours_refresh(_parent_path(instance))


@receiver(post_page_move)
def _module_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if _is_module(type(instance.specific_deferred)) and parent_page_before != parent_page_after:
        course_hours_refresh(parent_page_before.path)
        course_hours_refresh(parent_page_after.path)
