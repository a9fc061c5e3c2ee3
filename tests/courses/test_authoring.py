from http import HTTPStatus

import pytest
from django.urls import reverse
from wagtail.models import Workflow
from wagtail.test.utils.form_data import rich_text

from tests.courses.factories import competency
from training.courses.authoring import course_workflow_ensure

pytestmark = pytest.mark.django_db


def test_workflow_applies_to_courses_and_modules(index, learning):
    workflow = course_workflow_ensure(index)
    course_workflow_ensure(index)  # idempotent
    assert Workflow.objects.filter(name="Course review").count() == 1
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["coordinator"]
    assert learning["course"].get_workflow() == workflow
    assert learning["first"].get_workflow() == workflow


def test_coordinator_submits_a_module_for_review(login, coordinator, index, learning):
    course_workflow_ensure(index)
    client = login(coordinator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[learning["first"].pk]))
    assert response.status_code == HTTPStatus.OK
    assert "Submit to Course review" in response.content.decode()


def test_coordinator_creates_a_course_in_the_admin(login, coordinator, index):
    client = login(coordinator)
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", index.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    data = {
        "title": "New course",
        "slug": "new-course",
        "summary": "About babies.",
        "description": rich_text("<p>For everyone.</p>"),
        "audience_disciplines": ["health_care", "library"],
        "level": "introductory",
        "estimated_hours": "2",
        "prerequisites": "",
        "image_alt": "",
        "action-publish": "publish",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    from training.courses.models import CoursePage

    page = CoursePage.objects.get(slug="new-course")
    assert page.audience_disciplines == ["health_care", "library"]
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'value="library"' in edit


def test_modules_by_competency_view(login, coordinator, trainee, learning):
    unused = competency("Writing")
    url = reverse("courses_modules_by_competency")
    response = login(coordinator).get(url)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Looking closely" in body and "Attachment" in body and unused.name in body
    assert login(trainee).get(url).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
