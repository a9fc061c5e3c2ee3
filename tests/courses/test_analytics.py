"""Course analytics show authors what to improve: starts, completions, right-first-time shares."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.cohorts.factories import CohortFactory
from tests.factories import UserFactory
from training.courses.services import check_grade, enrolment_create, module_visit
from training.reports.analytics import course_analytics

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(learning):
    """Two trainees: one right first time, one wrong and then right; a third only enrolled."""
    people = UserFactory.create_batch(3, trainee=True)
    for person, answers in zip(people, (["right"], ["wrong", "right"], []), strict=True):
        enrolment = enrolment_create(trainee=person, course=learning["course"])
        if answers:
            module_visit(enrolment=enrolment, module=learning["first"])
        for answer in answers:
            check_grade(
                enrolment=enrolment,
                module=learning["first"],
                block_id=learning["check_id"],
                selected=[learning[answer]],
            )
    return people


def test_analytics_count_starts_and_the_share_right_first_time(learning, answered):
    analytics = course_analytics(course=learning["course"])
    assert analytics.enrolled == 3
    first = analytics.modules[0]
    assert (first.module.pk, first.started) == (learning["first"].pk, 2)
    [question] = analytics.questions
    assert (question.answered, question.right_first_time) == (2, 1)
    # Scoped to a cohort, only its members count.
    scoped = course_analytics(course=learning["course"], trainee_ids=[answered[1].pk])
    assert (scoped.enrolled, scoped.questions[0].right_first_time) == (1, 0)


def test_coordinators_read_course_analytics_and_trainees_cannot(
    login, coordinator, learning, answered
):
    url = reverse("reports_course", args=[learning["course"].pk])
    html = login(coordinator).get(url).content.decode()
    assert "Which is right?" in html and "50 %" in html
    assert (
        learning["course"].title
        in login(coordinator).get(reverse("reports_courses")).content.decode()
    )
    response = login(answered[0]).get(url)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Which is right?" not in response.content.decode()


def test_the_cohort_page_draws_a_completion_funnel_for_its_courses(
    login, coordinator, learning, answered
):
    cohort = CohortFactory(coordinator=coordinator, trainees=answered)
    html = login(coordinator).get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    funnel = html.split(f'id="chart-funnel-{learning["course"].pk}-title"', 1)[1]
    assert '<th scope="row" class="fw-normal">Enrolled</th><td>3</td>' in funnel
