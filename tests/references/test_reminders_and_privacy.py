"""Raters are reminded once before their link closes; erasing the applicant removes her
requests and the emails that named her to her raters."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from training.notifications.models import OutboxMessage
from training.privacy.services import user_erase
from training.references.models import ReferenceRequest
from training.references.services import rater_reminders_send, reference_resend
from training.references.tasks import send_rater_reminders

from .factories import make_request

pytestmark = pytest.mark.django_db


def _closing_in(applicant, days: float, **kwargs):
    request, _token = make_request(
        trainee=applicant,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        **kwargs,
    )
    return request


def _reminders(request) -> int:
    return OutboxMessage.objects.filter(
        to_email=request.rater_email, subject__startswith="Reminder:"
    ).count()


def test_a_rater_is_reminded_once_a_week_before_the_link_closes(applicant):
    due = _closing_in(applicant, 6.5)
    later = _closing_in(applicant, 8)

    assert send_rater_reminders() == 1
    assert send_rater_reminders() == 0

    due.refresh_from_db()
    assert due.reminded_at is not None
    assert _reminders(due) == 1
    assert _reminders(later) == 0
    message = OutboxMessage.objects.get(to_email=due.rater_email, subject__startswith="Reminder")
    assert "Rosalind Okafor" in message.body
    # The link's token is not stored, so a reminder cannot carry it.
    assert "/references/rate/" not in message.body


def test_the_reminder_waits_as_many_days_as_configured(applicant, monkeypatch):
    monkeypatch.setattr(settings, "ATTUNE_REFERENCE_REMINDER_DAYS", 10)
    _closing_in(applicant, 8)
    assert send_rater_reminders() == 1


def test_answered_withdrawn_and_closed_links_are_not_reminded(applicant):
    _closing_in(applicant, 3, completed=True)
    _closing_in(applicant, 3, revoked_at=timezone.now())
    _closing_in(applicant, -1)
    assert send_rater_reminders() == 0
    assert not OutboxMessage.objects.exists()


def test_a_new_link_gets_its_own_reminder(applicant):
    request = _closing_in(applicant, 5)
    send_rater_reminders()
    reference_resend(trainee=applicant, request_id=request.pk)
    # The new link closes in 30 days: its reminder comes 23 days from now, once.
    assert send_rater_reminders() == 0
    later = timezone.now() + datetime.timedelta(days=24)
    assert rater_reminders_send(now=later) == 1
    assert rater_reminders_send(now=later) == 0
    assert _reminders(request) == 2


def test_reminders_run_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["references-rater-reminders"]
    assert entry["task"] == "training.references.tasks.send_rater_reminders"


def test_erasing_the_applicant_deletes_her_requests_and_the_emails_naming_her(
    applicant, her_coordinator
):
    answered, _ = make_request(trainee=applicant, completed=True)
    waiting = _closing_in(applicant, 3)
    reference_resend(trainee=applicant, request_id=waiting.pk)
    rater_reminders_send(now=timezone.now() + datetime.timedelta(days=25))
    unrelated = OutboxMessage.objects.create(to_email="x@example.org", subject="s", body="b")
    assert OutboxMessage.objects.filter(to_email=waiting.rater_email).count() == 2

    user_erase(user=applicant, actor=her_coordinator)

    assert not ReferenceRequest.objects.filter(pk__in=[answered.pk, waiting.pk]).exists()
    assert not OutboxMessage.objects.filter(to_email=waiting.rater_email).exists()
    for message in OutboxMessage.objects.all():
        assert "Rosalind" not in message.subject + message.body
    assert OutboxMessage.objects.filter(pk=unrelated.pk).exists()
