"""Erasure reaches only the people a coordinator is responsible for, asks for a second factor
just before, and never deletes logs under review without saying so (issue 13, finding 7)."""

import time
from http import HTTPStatus

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.factories import UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.cohorts.models import Invitation
from training.privacy.models import PrivacyAuditEvent
from training.privacy.services import user_erase
from training.reflective_logs.models import ReflectiveLog
from training.users.enums import Role

pytestmark = pytest.mark.django_db

URL = "/coordination/erasure/"


@pytest.fixture
def member(coordinator):
    trainee = UserFactory(trainee=True, first_name="Ottilie", last_name="Brakspear")
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    return trainee


def _active(user) -> bool:
    return type(user).objects.get(pk=user.pk).is_active


def _people(coordinator):
    """Everyone a coordinator is NOT responsible for."""
    invited = UserFactory(trainee=True)
    cohort = coordinator.coordinated_cohorts.first() or CohortFactory(coordinator=coordinator)
    Invitation.objects.create(cohort=cohort, email=invited.email, invited_by=coordinator)
    in_other_cohort = UserFactory(trainee=True)
    CohortFactory(trainees=[in_other_cohort])
    supervisor_in_cohort = UserFactory(roles=[Role.TRAINEE, Role.SUPERVISOR])
    CohortFactory(coordinator=coordinator, trainees=[supervisor_in_cohort])
    return {
        "another cohort's trainee": in_other_cohort,
        "a trainee only invited, who has not accepted": invited,
        "a supervisor": UserFactory(supervisor=True),
        "a supervisor who is a member too": supervisor_in_cohort,
        "another coordinator": UserFactory(coordinator=True),
        "a site admin": UserFactory(is_superuser=True, is_staff=True),
        "a trainee in no cohort": UserFactory(trainee=True),
        "herself": coordinator,
    }


def test_a_coordinator_erases_nobody_she_is_not_responsible_for(login, coordinator, member):
    client = login(coordinator)
    people = _people(coordinator)
    for label, person in people.items():
        with pytest.raises(PermissionDenied):
            user_erase(user=person, actor=coordinator)
        for data in ({"email": person.email}, {"email": person.email, "confirmation": "ERASE"}):
            response = client.post(URL, data)
            assert response.status_code == HTTPStatus.BAD_REQUEST, label
            assert "No account you may erase" in response.content.decode(), label
        assert _active(person), label
    assert not PrivacyAuditEvent.objects.filter(action="erasure").exists()
    # A site admin may erase any of them (here a supervisor), in the same two steps.
    admin = sign_in(Client(), UserFactory(is_superuser=True, is_staff=True, with_mfa=True))
    supervisor = people["a supervisor"]
    assert admin.post(URL, {"email": supervisor.email}).status_code == HTTPStatus.OK
    done = admin.post(URL, {"email": supervisor.email, "confirmation": "ERASE"})
    assert done.status_code == HTTPStatus.FOUND
    assert not _active(supervisor)


def test_erasure_asks_for_a_second_factor_from_the_last_five_minutes(client, coordinator, member):
    sign_in(client, coordinator)
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] = time.time() - 6 * 60
    session.save()
    for response in (
        client.get(URL),
        client.post(URL, {"email": member.email, "confirmation": "ERASE"}),
    ):
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert _active(member)


def test_logs_under_review_are_named_and_deleted_only_when_confirmed(login, coordinator, member):
    supervisor = UserFactory(supervisor=True, first_name="Supervising", last_name="Reader")
    submitted = ReflectiveLogFactory(
        trainee=member, session__provider=supervisor, state="submitted"
    )
    returned = ReflectiveLogFactory(
        trainee=member, session__provider=supervisor, state="returned", paired=False
    )
    client = login(coordinator)

    preview = client.post(URL, {"email": member.email})
    body = preview.content.decode()
    assert preview.status_code == HTTPStatus.OK
    assert "Logs a supervisor is reviewing" in body
    assert "Supervising Reader" in body and "Ottilie Brakspear" in body
    assert "Also delete Ottilie Brakspear&#x27;s 2 logs" in body

    unconfirmed = client.post(URL, {"email": member.email, "confirmation": "ERASE"})
    assert unconfirmed.status_code == HTTPStatus.BAD_REQUEST
    assert _active(member)
    assert ReflectiveLog.objects.filter(pk__in=[submitted.pk, returned.pk]).count() == 2
    with pytest.raises(ValidationError, match="with a supervisor for review"):
        user_erase(user=member, actor=coordinator)

    done = client.post(
        URL, {"email": member.email, "confirmation": "ERASE", "delete_logs_under_review": "on"}
    )
    assert done.status_code == HTTPStatus.FOUND
    assert not _active(member)
    event = PrivacyAuditEvent.objects.get(action="erasure")
    assert sorted(event.details["logs_under_review_deleted"]) == sorted([submitted.pk, returned.pk])
