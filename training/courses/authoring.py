"""Moderation for course authoring: drafts go to a coordinator for review before publishing."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from training.users.enums import Role

from .models import FourEyesApprovalTask

WORKFLOW_NAME = "Course review"
TASK_NAME = "Coordinator review"


@transaction.atomic
def catalogue_ensure(home):
    """The course catalogue page under `home`, with its review workflow (idempotent)."""
    from .models import CourseIndexPage

    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    course_workflow_ensure(index)
    return index


def course_workflow_ensure(index_page) -> Workflow:
    """Create the review workflow (idempotent) and apply it to the catalogue and every course."""
    coordinators, _ = Group.objects.get_or_create(name=Role.COORDINATOR)
    # Four eyes: a coordinator cannot approve the page she submitted (migration 0005 converted
    # the plain group approval task earlier versions made).
    task = FourEyesApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = FourEyesApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # A same-named task left from before the four-eyes task is not a second review step.
    WorkflowTask.objects.filter(workflow=workflow, task__name=TASK_NAME).exclude(task=task).delete()
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
