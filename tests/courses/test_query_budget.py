"""The module page makes as many queries for a busy course as for a quiet one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.courses.factories import module, text_block
from tests.factories import UserFactory
from training.courses.services import check_grade, enrolment_create, reflection_save

pytestmark = pytest.mark.django_db


def test_the_module_page_costs_the_same_with_more_modules_learners_and_answers(
    login, learning, enrolled, trainee
):
    client = login(trainee)
    url = learning["first"].url

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        module(learning["course"], title=f"Extra {n}", body=[text_block()])
    for person in UserFactory.create_batch(5, trainee=True):
        other = enrolment_create(trainee=person, course=learning["course"])
        check_grade(
            enrolment=other,
            module=learning["first"],
            block_id=learning["check_id"],
            selected=[learning["wrong"]],
        )
    check_grade(
        enrolment=enrolled,
        module=learning["first"],
        block_id=learning["check_id"],
        selected=[learning["right"]],
    )
    reflection_save(
        enrolment=enrolled, module=learning["first"], block_id=learning["prompt_id"], text="Hm."
    )
    assert queries() == before
