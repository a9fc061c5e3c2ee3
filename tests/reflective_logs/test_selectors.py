"""Hours and the readiness contract."""

import datetime

import pytest
from django.utils import timezone

from training.competencies.demo import seed_framework
from training.competencies.models import Competency
from training.reflective_logs.selectors import RscRow, rsc_hours, signed_rsc_rows

from .factories import ReflectiveLogFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db


def test_signed_rsc_rows_are_the_signed_logs_oldest_first_in_three_queries(
    trainee, supervisor, django_assert_max_num_queries
):
    seed_framework()
    tags = list(Competency.objects.order_by("pk")[:2])
    today = timezone.localdate()
    older = ReflectiveLogFactory(
        trainee=trainee,
        session__provider=supervisor,
        session__held_on=today - datetime.timedelta(days=40),
        state="signed_off",
        competencies=tags,
    )
    newer = ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state="signed_off")
    ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state="submitted")
    with django_assert_max_num_queries(3):  # logs with sessions and names, tags, attendance
        rows = signed_rsc_rows(trainee=trainee)
    assert [r.log_id for r in rows] == [older.pk, newer.pk]
    first = rows[0]
    assert isinstance(first, RscRow)
    assert first.minutes == 60 and first.individual and not first.peer
    assert first.provider_id == supervisor.pk
    assert first.provider_name == supervisor.display_name
    assert first.competency_ids == tuple(sorted(t.pk for t in tags))
    assert first.sha256 == older.sign_off.sha256
    assert first.signed_on == today


def test_hours_leave_out_peer_consultation_and_split_by_window_and_provider(trainee):
    today = timezone.localdate()
    for days_ago, peer in ((10, False), (400, False), (800, False), (5, True)):
        session = SupervisionSessionFactory(
            held_on=today - datetime.timedelta(days=days_ago), is_peer=peer
        )
        ReflectiveLogFactory(trainee=trainee, session=session, state="signed_off")
    hours = rsc_hours(rows=signed_rsc_rows(trainee=trainee))
    assert (hours.total, hours.last_12_months, hours.last_24_months) == (3, 1, 2)
    assert len(hours.by_provider) == 3
