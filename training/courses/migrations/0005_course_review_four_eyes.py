"""Switch the "Course review" workflow's approval task to the four-eyes task, in place.

The existing group approval task keeps its id, name, groups and task states (reviews under way
carry on); it only gains the four-eyes row and content type, so from now on the submitter cannot
approve. Also recount every course's estimated hours from its published modules.
"""

from django.db import migrations
from django.db.models import Sum

WORKFLOW_NAME = "Course review"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    FourEyes = apps.get_model("courses", "FourEyesApprovalTask")
    group_type = ContentType.objects.filter(app_label="wagtailcore", model="groupapprovaltask")
    four_eyes_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="foureyesapprovaltask"
    )
    task_ids = WorkflowTask.objects.filter(workflow__name=WORKFLOW_NAME).values_list(
        "task_id", flat=True
    )
    for task in Task.objects.filter(pk__in=list(task_ids), content_type__in=group_type):
        # Only the child row: the parents (task, group approval task) are already there.
        FourEyes(pk=task.pk, groupapprovaltask_ptr_id=task.pk).save_base(raw=True)
        Task.objects.filter(pk=task.pk).update(content_type=four_eyes_type)

    CoursePage = apps.get_model("courses", "CoursePage")
    ModulePage = apps.get_model("courses", "ModulePage")
    for course in CoursePage.objects.all():
        total = ModulePage.objects.filter(
            path__startswith=course.path, depth=course.depth + 1, live=True
        ).aggregate(total=Sum("credit_hours"))["total"]
        CoursePage.objects.filter(pk=course.pk).update(estimated_hours=total or 0)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    FourEyes = apps.get_model("courses", "FourEyesApprovalTask")
    group_type = ContentType.objects.filter(
        app_label="wagtailcore", model="groupapprovaltask"
    ).first()
    ids = list(FourEyes.objects.values_list("pk", flat=True))
    if group_type is not None:
        Task.objects.filter(pk__in=ids).update(content_type=group_type)
    # Remove only the child rows, keeping the group approval tasks.
    table = schema_editor.quote_name(FourEyes._meta.db_table)
    column = schema_editor.quote_name("groupapprovaltask_ptr_id")
    for pk in ids:
        schema_editor.execute(f"DELETE FROM {table} WHERE {column} = %s", [pk])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_module_credit_chosen_four_eyes_task"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
