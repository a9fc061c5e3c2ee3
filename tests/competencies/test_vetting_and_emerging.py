"""The provider registry after issue 15: vetting names its category; an Emerging status needs a
category that has one and a recorded period (reminders: tests/readiness/test_vetting_reminders)."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.competencies.factories import category
from tests.factories import UserFactory
from training.competencies.models import ProviderQualification

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
