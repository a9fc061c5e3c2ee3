"""Coordinator authoring in the Wagtail admin: the Courses list, the module form, the four-eyes
review and the way back to Attune."""

import importlib
import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Task, TaskState, Workflow, WorkflowTask
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.courses.factories import competency, course, module
from tests.factories import UserFactory
from training.competencies.models import CompetencyFramework, Domain
from training.courses.authoring import TASK_NAME, WORKFLOW_NAME, course_workflow_ensure
from training.courses.blocks import ModuleBodyBlock
from training.courses.models import CoursePage, FourEyesApprovalTask, ModulePage

pytestmark = pytest.mark.django_db

COURSES = reverse("courses_admin")


def _module_form(*, title="Feeding cues", credit="1.5", competencies=(), body=(), **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "",
            "credit_hours": credit,
            "pass_mark": "100",
            "competencies": [str(c.pk) for c in competencies],
            "body": streamfield(list(body)),
            "comments": inline_formset([]),
        }
    )
    data["competencies"] = [str(c.pk) for c in competencies]
    data.update(extra)
    return data


def _check(question="When is a baby ready to feed?"):
    options = [("Rooting and hands to mouth", True), ("Crying hard", False)]
    return (
        "check",
        {
            "question": question,
            "kind": "single",
            "options": {
                "count": str(len(options)),
                **{
                    str(i): {
                        "value": {
                            "text": text,
                            "is_correct": "on" if right else "",
                            "feedback": f"About {text}.",
                        },
                        "deleted": "",
                        "order": str(i),
                        "id": "",
                    }
                    for i, (text, right) in enumerate(options)
                },
            },
        },
    )


# --- The Courses list -----------------------------------------------------------------------


def test_courses_menu_lists_modules_in_tree_order_with_add_and_edit(login, coordinator, learning):
    course_page = learning["course"]
    draft = module(course_page, title="Drafting", live=False)
    # "updated" order would put the draft first; the list follows the order trainees meet them.
    draft.save_revision()
    client = login(coordinator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'"url": "{COURSES}"' in home  # the sidebar menu is drawn from JSON
    body = client.get(COURSES).content.decode()
    first, second, third = (
        body.index(f'pages/{m.pk}/edit/"') for m in (learning["first"], learning["second"], draft)
    )
    assert first < second < third
    add = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course_page.pk])
    assert f'href="{add}"' in body
    assert ">draft<" in body
    assert client.get(add).status_code == HTTPStatus.OK
    # Wagtail's own explorer lists them in the same order.
    explorer = client.get(reverse("wagtailadmin_explore", args=[course_page.pk])).content.decode()
    positions = [
        explorer.index(f'pages/{m.pk}/edit/"')
        for m in (learning["first"], learning["second"], draft)
    ]
    assert positions == sorted(positions)


def test_courses_list_is_only_for_authors_and_only_their_courses(
    login, client, coordinator, trainee, supervisor, learning, index
):
    for outsider in (trainee, supervisor):
        client.logout()
        response = login(outsider).get(COURSES)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
        assert "Watching babies" not in response.content.decode()
    # A coordinator whose page permissions stop short of this course does not see it.
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    other = course(index, title="Somebody elses")
    GroupPagePermission.objects.filter(group__name="coordinator").delete()
    narrow = Group.objects.create(name="Narrow editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=narrow,
            page=other,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    limited = UserFactory(coordinator=True, with_mfa=True)
    limited.groups.add(narrow)
    client.logout()
    limited_client = login(limited)
    body = limited_client.get(COURSES).content.decode()
    assert "Somebody elses" in body
    assert "Watching babies" not in body and "Looking closely" not in body
    move = reverse("courses_admin_module_move", args=[learning["second"].pk])
    data = {"place": "before", "beside": learning["first"].pk}
    assert limited_client.post(move, data).status_code == HTTPStatus.NOT_FOUND
    assert list(learning["course"].get_children().values_list("pk", flat=True)) == [
        learning["first"].pk,
        learning["second"].pk,
    ]


def test_moving_a_module_up_reorders_it_once(login, coordinator, learning):
    client = login(coordinator)
    move = reverse("courses_admin_module_move", args=[learning["second"].pk])
    data = {"place": "before", "beside": learning["first"].pk}
    body = client.get(COURSES).content.decode()
    assert f'action="{move}"' in body
    for _ in range(2):  # a double click moves it once
        response = client.post(move, data)
        assert response.status_code == HTTPStatus.FOUND
        order = list(learning["course"].get_children().values_list("pk", flat=True))
        assert order == [learning["second"].pk, learning["first"].pk]
    assert client.get(COURSES).content.decode().index("Attachment") < client.get(
        COURSES
    ).content.decode().index("Looking closely")
    # Nonsense is refused with a message, not a 500.
    assert client.post(move, {"place": "sideways", "beside": "x"}).status_code == HTTPStatus.FOUND


def test_the_admin_has_a_way_back_to_attune(login, coordinator):
    body = login(coordinator).get(reverse("wagtailadmin_home")).content.decode()
    assert "Back to Attune" in body
    assert '"url": "/"' in body or 'href="/"' in body


# --- The module form ------------------------------------------------------------------------


def test_competencies_are_grouped_by_domain_with_a_filter(login, coordinator, learning):
    framework = CompetencyFramework.objects.get(name="Test framework")
    reflective = Domain.objects.create(framework=framework, name="Reflection", sort_order=9)
    listed = competency("Contemplation")
    listed.domain = reflective
    listed.save()
    client = login(coordinator)
    url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", learning["course"].pk])
    body = client.get(url).content.decode()
    assert body.count("data-competency-group") >= 2
    assert "Direct Service Skills" in body and ">Reflection <" in body
    assert 'type="search"' in body and "Filter competencies" in body
    assert "js/competency-picker" in body
    assert '<select name="competencies"' not in body
    # Each checkbox has its own label.
    name = learning["competencies"][0].name.replace("&", "&amp;")
    assert re.search(rf'<label for="id_competencies_\d+">{re.escape(name)}</label>', body)


def test_a_new_knowledge_check_starts_with_two_options():
    check = ModuleBodyBlock().child_blocks["check"]
    assert len(check.get_default()["options"]) == 2
    assert len(check.get_form_state(check.get_default())["options"]) == 2


def test_two_checks_added_together_get_different_option_ids():
    body = ModuleBodyBlock()
    check = body.child_blocks["check"]
    one, two = check.get_default(), check.get_default()
    shared = [option.id for option in one["options"].bound_blocks]
    for ours, option in zip(shared, two["options"].bound_blocks, strict=True):
        option.id = ours  # as the editor's one default gives them
    for value in (one, two):
        value["question"] = "Q?"
        value["options"][0]["text"], value["options"][0]["feedback"] = "A", "Yes."
        value["options"][0]["is_correct"] = True
        value["options"][1]["text"], value["options"][1]["feedback"] = "B", "No."
    stream = body.to_python([])
    stream.append(("check", one))
    stream.append(("check", two))
    cleaned = body.clean(stream)
    ids = [o.id for child in cleaned for o in child.value["options"].bound_blocks]
    assert len(set(ids)) == 4
    assert ids[:2] == shared  # the first keeps its ids


def test_a_module_needs_its_credit_chosen(login, coordinator, learning):
    client = login(coordinator)
    url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", learning["course"].pk])
    form = client.get(url).content.decode()
    assert 'name="credit_hours"' in form
    assert 'name="credit_hours" value="1' not in form  # no silent one hour
    response = client.post(url, _module_form(credit="", **{"action-publish": "publish"}))
    assert response.status_code == HTTPStatus.OK
    assert "This field is required" in response.content.decode()
    assert not ModulePage.objects.filter(slug="feeding-cues").exists()


def test_coordinator_adds_a_module_with_a_check_and_competencies(login, coordinator, learning):
    client = login(coordinator)
    course_page = learning["course"]
    url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course_page.pk])
    data = _module_form(
        competencies=learning["competencies"],
        body=[_check()],
        credit="1.25",
        **{"action-publish": "publish"},
    )
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    page = ModulePage.objects.get(slug="feeding-cues")
    assert page.live and page.credit_hours == Decimal("1.25")
    assert set(page.competencies.all()) == set(learning["competencies"])
    assert [b.block_type for b in page.body] == ["check"]
    # The new module is last, and the course's time now includes it.
    assert list(course_page.get_children().live().values_list("pk", flat=True))[-1] == page.pk
    course_page.refresh_from_db()
    assert course_page.estimated_hours == Decimal("1.5") + Decimal("2") + Decimal("1.25")


# --- Estimated time and credit agree ---------------------------------------------------------


def test_course_time_follows_its_published_modules(client, index, learning):
    course_page = CoursePage.objects.get(pk=learning["course"].pk)
    assert course_page.estimated_hours == Decimal("3.5")
    learning["second"].unpublish()
    course_page.refresh_from_db()
    assert course_page.estimated_hours == Decimal("1.5")
    draft = module(course_page, title="Later", hours="2", live=False)
    course_page.refresh_from_db()
    assert course_page.estimated_hours == Decimal("1.5")  # a draft counts once it is published
    draft.save_revision().publish()
    course_page.refresh_from_db()
    assert course_page.estimated_hours == Decimal("3.5")
    # A course revision drafted earlier does not bring back an old figure when published.
    course_page.estimated_hours = Decimal("9")
    course_page.save_revision().publish()
    course_page.refresh_from_db()
    assert course_page.estimated_hours == Decimal("3.5")
    draft.delete()
    course_page.refresh_from_db()
    assert course_page.estimated_hours == Decimal("1.5")
    body = client.get(course_page.url).content.decode()
    assert "about 1.5 hours" in body and "1.5 training hour" in body


# --- Four eyes --------------------------------------------------------------------------------


def _submitted(client, page):
    """Submit a draft module for review through the admin's edit form, as the editor does."""
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = _module_form(title=page.title, credit="1.5", **{"action-submit": "submit"})
    data["slug"] = page.slug
    response = client.post(edit, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.workflow_in_progress
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")


def test_the_submitter_cannot_approve_her_own_module_but_another_coordinator_can(
    client, login, coordinator, index, learning
):
    course_workflow_ensure(index)
    draft = module(learning["course"], title="Needs review", live=False)
    login(coordinator)
    state = _submitted(client, draft)
    assert isinstance(state.task.specific, FourEyesApprovalTask)
    approve = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])

    # Her own review: no Approve button, and the posts the buttons would make are refused.
    page = client.get(edit).content.decode()
    assert 'data-workflow-action-name="reject"' in page
    assert 'data-workflow-action-name="approve"' not in page
    refused = client.post(approve, {"comment": ""})
    # Wagtail turns PermissionDenied into a redirect to the admin home with an error message.
    assert refused.status_code == HTTPStatus.FORBIDDEN or refused["Location"] == "/admin/"
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    data = _module_form(title=draft.title, **{"action-workflow-action": "true"})
    data.update({"slug": draft.slug, "workflow-action-name": "approve"})
    client.post(edit, data)
    draft.refresh_from_db()
    state.refresh_from_db()
    assert not draft.live and state.status == TaskState.STATUS_IN_PROGRESS
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" not in dashboard or "Needs review" not in dashboard

    # A second coordinator approves, and the module goes live.
    colleague = UserFactory(coordinator=True, with_mfa=True)
    client.logout()
    login(colleague)
    assert 'data-workflow-action-name="approve"' in client.get(edit).content.decode()
    response = client.post(approve, {"comment": "Reads well."})
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    state.refresh_from_db()
    assert draft.live and state.status == TaskState.STATUS_APPROVED
    assert state.finished_by == colleague


def test_the_task_itself_refuses_the_submitter(coordinator, index, learning):
    from django.core.exceptions import PermissionDenied

    workflow = course_workflow_ensure(index)
    draft = module(learning["course"], title="Direct", live=False)
    draft.save_revision(user=coordinator)
    workflow_state = workflow.start(draft, coordinator)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert [a[0] for a in task.get_actions(draft, coordinator)] == ["reject"]
    with pytest.raises(PermissionDenied):
        task.on_action(task_state, coordinator, "approve")
    assert not task.get_task_states_user_can_moderate(coordinator).exists()
    colleague = UserFactory(coordinator=True, with_mfa=True)
    assert "approve" in [a[0] for a in task.get_actions(draft, colleague)]
    assert task.get_task_states_user_can_moderate(colleague).filter(pk=task_state.pk).exists()


def test_the_migration_turns_the_existing_review_task_into_four_eyes(coordinator, index):
    # A deployment from before four eyes: its review workflow has a plain group approval task
    # (today's migrate would already have made the four-eyes one).
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    FourEyesApprovalTask.objects.all().delete()
    coordinators = Group.objects.get(name="coordinator")
    old = GroupApprovalTask.objects.create(name=TASK_NAME)
    old.groups.add(coordinators)
    workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=old, sort_order=0)
    elsewhere = GroupApprovalTask.objects.create(name="Another review")
    migration = importlib.import_module("training.courses.migrations.0005_course_review_four_eyes")

    migration.forwards(apps, None)

    task = Task.objects.get(pk=old.pk).specific
    assert isinstance(task, FourEyesApprovalTask)
    assert list(task.groups.all()) == [coordinators] and task.name == TASK_NAME
    assert type(Task.objects.get(pk=elsewhere.pk).specific) is GroupApprovalTask
    # Seeding again keeps the one converted task rather than adding a second step.
    assert course_workflow_ensure(index).tasks.get().pk == old.pk
