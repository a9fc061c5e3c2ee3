import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.db.models import Count

from training.cohorts.models import Cohort
from training.courses.models import Enrolment, ModuleProgress
from training.records.models import TrainingRecord
from training.reflective_logs.enums import LogState, SessionFormat
from training.reflective_logs.models import ReflectiveLog, SignOff
from training.scale.generate import DOMAIN, STEPS, generate
from training.users.models import SupervisionAssignment, User
from training.users.permissions import user_is_supervisor, user_is_trainee

pytestmark = pytest.mark.django_db


def test_a_small_world_has_everyone_paired_placed_and_able_to_sign_in():
    counts = generate(trainees=40, seed=7, report=lambda _line: None)

    assert counts["trainees"] == 40 and counts["supervisors"] == 4
    trainees = User.objects.filter(email__startswith="trainee", email__endswith=DOMAIN)
    assert all(user_is_trainee(t) for t in trainees)
    supervisor = User.objects.get(email=f"supervisor00000@{DOMAIN}")
    assert user_is_supervisor(supervisor) and supervisor.check_password("attune-scale-2026")
    assert Authenticator.objects.filter(user=supervisor).exists()
    assert SupervisionAssignment.objects.count() == 40
    assert set(
        Cohort.objects.filter(name__startswith="Scale").values_list(
            "memberships__trainee", flat=True
        )
    ) == set(trainees.values_list("pk", flat=True))
    assert Cohort.objects.get(name="Bench cohort of all").memberships.count() == 40
    assert TrainingRecord.objects.filter(trainee__in=trainees).count() == counts["training records"]


WITHOUT_LOGS = [s for s in STEPS if s.__name__ not in {"logs", "courses"}]


def test_the_same_seed_builds_the_same_world():
    generate(trainees=20, seed=11, report=lambda _line: None, steps=WITHOUT_LOGS)
    first = list(TrainingRecord.objects.order_by("pk").values_list("hours", "completed_on"))
    names = list(User.objects.order_by("pk").values_list("first_name", "last_name"))
    SupervisionAssignment.objects.all().delete()
    User.objects.filter(email__endswith=DOMAIN).delete()
    Cohort.objects.all().delete()
    generate(trainees=20, seed=11, report=lambda _line: None, steps=WITHOUT_LOGS)
    assert list(TrainingRecord.objects.order_by("pk").values_list("hours", "completed_on")) == first
    assert list(User.objects.order_by("pk").values_list("first_name", "last_name")) == names


def test_the_command_refuses_to_run_twice_on_one_database():
    call_command("generate_scale_data", trainees=10, stdout=io.StringIO())
    with pytest.raises(CommandError, match="fresh database"):
        call_command("generate_scale_data", trainees=10)


def test_generated_logs_span_every_state_and_their_sign_offs_verify():
    counts = generate(trainees=30, seed=3, report=lambda _line: None)
    states = set(ReflectiveLog.objects.values_list("state", flat=True))
    assert states == set(LogState.values)
    assert SignOff.objects.count() == counts["signed-off logs"]
    assert ReflectiveLog.objects.filter(session__is_peer=True).exists()
    assert ReflectiveLog.objects.filter(session__format=SessionFormat.GROUP).exists()
    per_trainee = ReflectiveLog.objects.values("trainee").annotate(n=Count("pk"))
    assert all(35 <= row["n"] <= 65 for row in per_trainee)
    call_command("verify_signoffs", stdout=io.StringIO())  # raises on any mismatch


def test_generated_courses_have_modules_and_trainees_part_way_through():
    counts = generate(trainees=100, seed=5, report=lambda _line: None)
    assert counts["modules"] == counts["courses"] * 10
    assert Enrolment.objects.filter(completed_at__isnull=False).exists()
    assert Enrolment.objects.filter(completed_at__isnull=True).exists()
    assert ModuleProgress.objects.count() == counts["module progress rows"]
