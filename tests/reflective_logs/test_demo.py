import io

import pytest
from django.core.management import call_command

from training.reflective_logs.enums import LogState
from training.reflective_logs.models import ReflectiveLog

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_logs_in_every_state_and_can_run_twice(home_page):
    call_command("seed_demo", stdout=io.StringIO())
    count = ReflectiveLog.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert ReflectiveLog.objects.count() == count
    states = set(ReflectiveLog.objects.values_list("state", flat=True))
    assert states == set(LogState.values)
    assert ReflectiveLog.objects.filter(session__format="group").count() == 1
    call_command("verify_signoffs", stdout=io.StringIO())
