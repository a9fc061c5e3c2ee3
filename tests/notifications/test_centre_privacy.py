"""A person's notifications and email choices are in their data export, go with erasure, and
read ones are purged with the emails they copied."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from training.notifications.enums import NotificationKind as K
from training.notifications.models import EmailPreference, Notification
from training.notifications.services import email_preferences_update, outbox_enqueue
from training.privacy.services import privacy_collect, retention_purge, user_erase

pytestmark = pytest.mark.django_db


def _notify(user, subject: str = "Your reflective log is signed off"):
    return outbox_enqueue(
        recipient=user,
        to_email=user.email,
        subject=subject,
        body="",
        kind=K.LOG_SIGNED,
    ).notification


def test_the_export_holds_ones_own_items_and_choices_only(trainee, other_trainee):
    _notify(trainee)
    _notify(other_trainee, "Another person's item")
    email_preferences_update(user=trainee, enabled={K.REMINDER: False})
    data, _files = privacy_collect(user=trainee)
    titles = [row["title"] for row in data["notifications.Notification"]]
    assert titles == ["Your reflective log is signed off"]
    assert [row["kind"] for row in data["notifications.EmailPreference"]] == [K.REMINDER]


def test_erasure_removes_items_and_choices(trainee, coordinator):
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    _notify(trainee)
    email_preferences_update(user=trainee, enabled={K.REMINDER: False})
    user_erase(user=trainee, actor=coordinator)
    assert not Notification.objects.exists()
    assert not EmailPreference.objects.exists()


def test_read_items_are_purged_after_the_retention_period_unread_ones_wait(trainee):
    read, unread = _notify(trainee, "Read long ago"), _notify(trainee, "Never opened")
    long_ago = timezone.now() - datetime.timedelta(
        days=settings.ATTUNE_RETENTION_DAYS["notifications"] + 1
    )
    Notification.objects.filter(pk__in=[read.pk, unread.pk]).update(created_at=long_ago)
    Notification.objects.filter(pk=read.pk).update(read_at=long_ago)
    purged = retention_purge()
    assert purged["notifications.Notification"] == 1
    assert list(Notification.objects.values_list("title", flat=True)) == ["Never opened"]
