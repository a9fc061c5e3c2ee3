"""Opening a module writes nothing (issue 18): a GET of any learning page makes no INSERT,
UPDATE or DELETE; the page POSTs the visit, which records "continue where you left off" and
completes a module with nothing to answer, once however often it is sent."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from training.courses.models import Certificate, Enrolment, ModuleProgress

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)


def _writes(queries) -> list[str]:
    # Session bookkeeping (Django's session row, allauth's signed-in-sessions list) belongs to
    # the middleware, not to learning; this rule is about what the pages themselves write.
    session_tables = ("django_session", "usersessions_usersession")
    return [
        q["sql"]
        for q in queries
        if WRITE.match(q["sql"]) and not any(table in q["sql"] for table in session_tables)
    ]


@pytest.fixture
def pages(learning):
    return {
        "catalogue": learning["course"].get_parent().url,
        "course": learning["course"].url,
        "module with a check": learning["first"].url,
        "module to read": learning["second"].url,
        "dashboard": reverse("dashboard_trainee"),
    }


def test_no_learning_page_writes_on_get(login, trainee, learning, enrolled, pages):
    client = login(trainee)
    for name, url in pages.items():
        client.get(url)  # a first visit may warm caches; the rule holds from the first GET
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK, name
        assert _writes(captured.captured_queries) == [], name


def test_opening_a_module_neither_records_nor_completes_it(login, trainee, learning, enrolled):
    client = login(trainee)
    with CaptureQueriesContext(connection) as captured:
        body = client.get(learning["second"].url).content.decode()
    assert _writes(captured.captured_queries) == []
    assert not ModuleProgress.objects.filter(trainee=trainee).exists()
    read = reverse("courses:module_read", args=[learning["second"].pk])
    assert f'action="{read}"' in body and "Mark as read" in body


def test_the_posted_visit_completes_a_module_that_asks_nothing_once(
    login, trainee, learning, enrolled
):
    client = login(trainee)
    read = reverse("courses:module_read", args=[learning["second"].pk])
    response = client.post(read, HTTP_ACCEPT="application/json")
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["module_done"] is True and data["progress_text"] == "1 of 2 modules complete"
    first_done = ModuleProgress.objects.get(trainee=trainee, module=learning["second"])
    client.post(read)  # the button after the beacon, or a reload: nothing new
    again = ModuleProgress.objects.get(trainee=trainee, module=learning["second"])
    assert again.completed_at == first_done.completed_at
    assert ModuleProgress.objects.filter(trainee=trainee).count() == 1
    page = client.get(learning["second"].url).content.decode()
    assert "You have completed this module." in page and "Mark as read" not in page


def test_a_module_with_questions_is_not_completed_by_its_visit(login, trainee, learning, enrolled):
    client = login(trainee)
    client.post(reverse("courses:module_read", args=[learning["first"].pk]))
    progress = ModuleProgress.objects.get(trainee=trainee, module=learning["first"])
    assert progress.completed_at is None and progress.last_visited_at is not None


def test_the_last_module_posted_completes_the_course_and_queues_one_certificate(
    login, trainee, learning, enrolled, django_capture_on_commit_callbacks
):
    from training.courses import services

    services.check_grade(
        enrolment=enrolled,
        module=learning["first"],
        block_id=learning["check_id"],
        selected=[learning["right"]],
    )
    services.reflection_save(
        enrolment=enrolled, module=learning["first"], block_id=learning["prompt_id"], text="Yes."
    )
    client = login(trainee)
    client.get(learning["second"].url)
    assert Enrolment.objects.get(pk=enrolled.pk).completed_at is None  # not by the GET
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:module_read", args=[learning["second"].pk]))
        client.post(reverse("courses:module_read", args=[learning["second"].pk]))
    assert Enrolment.objects.get(pk=enrolled.pk).completed_at is not None
    assert Certificate.objects.filter(trainee=trainee).count() == 1


def test_only_an_enrolled_trainee_can_post_a_visit(login, learning):
    stranger = UserFactory(trainee=True)
    response = login(stranger).post(reverse("courses:module_read", args=[learning["second"].pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not ModuleProgress.objects.exists()
