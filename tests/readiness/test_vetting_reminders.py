"""Coordinators hear, once per vetting and expiry, before an RSC provider's vetting for a category
lapses (issue 15), from a daily Celery task through the outbox."""

import datetime

import pytest
from django.conf import settings

from tests.competencies.factories import ProviderQualificationFactory, category
from tests.factories import UserFactory
from training.notifications.models import OutboxMessage
from training.readiness.services import vetting_reminders_send

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def coordinators(db):
    return [UserFactory(coordinator=True) for _ in range(2)]


def test_coordinators_hear_once_before_a_vetting_lapses(coordinators):
    soon = ProviderQualificationFactory(
        category=category("IFS"),
        vetted_by_association=True,
        expires_on=TODAY + datetime.timedelta(days=settings.VETTING_REMINDER_DAYS),
    )
    assert vetting_reminders_send(today=TODAY) == 2
    messages = OutboxMessage.objects.order_by("to_email")
    assert sorted(m.to_email for m in messages) == sorted(c.email for c in coordinators)
    for message in messages:
        assert "IFS" in message.body and soon.supervisor.display_name in message.body
        assert f"/admin/provider_qualifications/edit/{soon.pk}/" in message.body
    # Daily runs do not repeat it.
    assert vetting_reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert OutboxMessage.objects.count() == 2
    # A renewed vetting (a new expiry) is reminded again when it nears.
    soon.expires_on = TODAY + datetime.timedelta(days=400)
    soon.save()
    assert vetting_reminders_send(today=TODAY + datetime.timedelta(days=390)) == 2


@pytest.mark.parametrize(
    "fields",
    [
        {  # too far off yet
            "vetted_by_association": True,
            "expires_on": TODAY + datetime.timedelta(days=settings.VETTING_REMINDER_DAYS + 1),
        },
        {"vetted_by_association": True, "expires_on": TODAY - datetime.timedelta(days=1)},
        {"vetted_by_association": True, "expires_on": None},  # does not lapse
        {"expires_on": TODAY + datetime.timedelta(days=3)},  # a held category, not vetting
    ],
)
def test_no_reminder_for_what_is_not_a_vetting_about_to_lapse(coordinators, fields):
    ProviderQualificationFactory(category=category("IFS"), **fields)
    assert vetting_reminders_send(today=TODAY) == 0
    assert not OutboxMessage.objects.exists()


def test_the_reminder_runs_daily_from_celery_beat(coordinators, monkeypatch):
    from training.readiness import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["readiness-vetting-reminders"]
    assert entry["task"] == tasks.send_vetting_reminders.name
    assert entry["schedule"] == 24 * 3600.0
    ProviderQualificationFactory(
        category=category("IMHS"),
        vetted_by_association=True,
        expires_on=datetime.date.today() + datetime.timedelta(days=2),
    )
    assert tasks.send_vetting_reminders() == 2
