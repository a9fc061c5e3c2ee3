import shutil

import pytest
from django.conf import settings

from tests.courses.factories import (
    check_block,
    competency,
    course,
    course_index,
    module,
    prompt_block,
    text_block,
)
from training.courses.services import enrolment_create


@pytest.fixture(autouse=True)
def _clean_private_media():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def index(home_page):
    return course_index(home_page)


@pytest.fixture
def learning(index):
    """A live course with two modules: the first has a check and a prompt, the second only text."""
    observation = competency("Observation & listening")
    attachment = competency("Attachment, separation, trauma, grief & loss")
    check, option_ids = check_block()
    prompt = prompt_block()
    course_page = course(index, title="Watching babies")
    first = module(
        course_page,
        title="Looking closely",
        body=[text_block(), check, prompt],
        hours="1.5",
        competencies=[observation],
    )
    second = module(
        course_page,
        title="Attachment",
        body=[text_block("<p>Secure base.</p>")],
        hours="2",
        competencies=[observation, attachment],
    )
    return {
        "course": course_page,
        "first": first,
        "second": second,
        "check_id": check["id"],
        "prompt_id": prompt["id"],
        "right": option_ids["Right answer"],
        "wrong": option_ids["Wrong answer"],
        "competencies": [observation, attachment],
    }


@pytest.fixture
def enrolled(learning, trainee):
    return enrolment_create(trainee=trainee, course=learning["course"])
