"""The provider registry after issue 15: vetting names its category and lapses with a reminder
to coordinators; an Emerging status needs a category that has one and a recorded period."""

import datetime
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.competencies.factories import ProviderQualificationFactory, category
from tests.factories import UserFactory
from training.competencies.models import ProviderQualification
from training.competencies.services import vetting_reminders_send
from training.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

PROVIDERS = "/admin/provider_qualifications/"
TODAY = datetime.date(2026, 6, 30)


# --- the admin form -------------------------------------------------------------------------


def test_coordinators_record_vetting_for_one_category(login, coordinator, supervisor):
    client = login(coordinator)
    response = client.post(
        f"{PROVIDERS}new/",
        {
            "supervisor": supervisor.pk,
            "category": category("IFS").pk,
            "vetted_by_association": "on",
            "expires_on": "2030-01-01",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    vetting = ProviderQualification.objects.get()
    assert (vetting.vetted_by_association, vetting.category.code) == (True, "IFS")
    assert str(vetting).endswith("vetted for IFS")
    listing = client.get(PROVIDERS).content.decode()
    assert "Emerging" in listing  # the list shows and filters the new kind


def test_vetting_without_a_category_is_refused_with_a_message(login, coordinator, supervisor):
    client = login(coordinator)
    response = client.post(
        f"{PROVIDERS}new/",
        {"supervisor": supervisor.pk, "category": "", "vetted_by_association": "on"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "This field is required" in response.content.decode()
    assert not ProviderQualification.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"category": "IFS", "starts_on": "2026-01-01", "expires_on": "2026-12-31"}, "no Emerging"),
        ({"category": "IECFRS", "expires_on": "2026-12-31"}, "needs its start date"),
        ({"category": "IECFRS", "starts_on": "2026-01-01"}, "needs its end date"),
        (
            {
                "category": "IECFRS",
                "starts_on": "2026-01-01",
                "expires_on": "2026-12-31",
                "vetted_by_association": "on",
            },
            "either vetted or Emerging",
        ),
    ],
)
def test_a_bad_emerging_status_is_refused_with_a_message(
    login, coordinator, supervisor, fields, message
):
    data = {"supervisor": supervisor.pk, "emerging": "on", **fields}
    data["category"] = category(fields["category"]).pk
    response = login(coordinator).post(f"{PROVIDERS}new/", data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not ProviderQualification.objects.exists()


def test_an_emerging_status_with_its_period_is_saved(login, coordinator, supervisor):
    response = login(coordinator).post(
        f"{PROVIDERS}new/",
        {
            "supervisor": supervisor.pk,
            "category": category("IECFRS").pk,
            "emerging": "on",
            "starts_on": "2026-01-01",
            "expires_on": "2026-12-31",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ProviderQualification.objects.get().basis == "IECFRS (Emerging)"


@pytest.mark.parametrize(
    "fields",
    [
        {"emerging": True, "starts_on": None, "expires_on": TODAY},
        {"emerging": True, "vetted_by_association": True, "starts_on": TODAY, "expires_on": TODAY},
    ],
)
def test_the_database_refuses_an_emerging_row_without_a_period_or_also_vetted(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderQualification.objects.create(
            supervisor=UserFactory(supervisor=True), category=category("IECFRS"), **fields
        )


def test_model_validation_names_the_field():
    q = ProviderQualification(
        supervisor=UserFactory(supervisor=True), category=category("IMHS"), emerging=True
    )
    with pytest.raises(ValidationError) as raised:
        q.full_clean()
    assert {"category", "starts_on", "expires_on"} <= set(raised.value.message_dict)


# --- reminders before vetting lapses --------------------------------------------------------


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
    from training.competencies import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["competencies-vetting-reminders"]
    assert entry["task"] == tasks.send_vetting_reminders.name
    assert entry["schedule"] == 24 * 3600.0
    ProviderQualificationFactory(
        category=category("IMHS"),
        vetted_by_association=True,
        expires_on=datetime.date.today() + datetime.timedelta(days=2),
    )
    assert tasks.send_vetting_reminders() == 2
