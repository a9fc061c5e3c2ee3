"""Moderation for course authoring: drafts go to a coordinator for review before publishing."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from training.users.enums import Role

WORKFLOW_NAME = "Course review"
TASK_NAME = "Coordinator review"


@transaction.atomic
def course_workflow_ensure(index_page) -> Workflow:
    """Create the review workflow (idempotent) and apply it to the catalogue and every course."""
    coordinators, _ = Group.objects.get_or_create(name=Role.COORDINATOR)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
