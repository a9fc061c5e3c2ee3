"""An existing account named in a CSV is invited (it accepts or declines), never added, and no
invitation ever changes anyone's role (issue 13, finding 5)."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory
from tests.factories import UserFactory
from training.cohorts.models import CohortMembership, Invitation, InvitationStatus
from training.cohorts.services import cohort_import_csv
from training.notifications.models import OutboxMessage
from training.users.enums import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def poacher():
    """A coordinator of another cohort, with a cohort of her own."""
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    return coordinator, CohortFactory(coordinator=coordinator, name="Poacher cohort")


@pytest.fixture
def their_trainee(coordinator):
    """A trainee already in `coordinator`'s cohort, with hours of training on record."""
    trainee = UserFactory(trainee=True, first_name="Rosalind", last_name="Vantongeren")
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    TrainingRecordFactory(trainee=trainee, title="Attachment seminar")
    return trainee


def _trainee_pages(trainee) -> list[str]:
    """Pages that show a trainee's readiness, training record and hours to a coordinator."""
    return [reverse("readiness_of", args=[trainee.pk])]


def test_another_cohorts_trainee_is_invited_and_joins_only_on_accepting(poacher, their_trainee):
    coordinator, cohort = poacher
    report = cohort_import_csv(
        cohort=cohort, text=f"R V,{their_trainee.email}", invited_by=coordinator
    )
    assert report.invited == [their_trainee.email]
    assert not CohortMembership.objects.filter(cohort=cohort, trainee=their_trainee).exists()
    email = OutboxMessage.objects.get(to_email=their_trainee.email)
    invitation = Invitation.objects.get(cohort=cohort)
    assert invitation.token in email.body and "accept or decline" in email.body
    assert invitation.status == InvitationStatus.PENDING

    staff = sign_in(Client(), coordinator)
    for url in _trainee_pages(their_trainee):
        refused = staff.get(url)
        assert refused.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
        assert "Vantongeren" not in refused.content.decode()
    assert (
        "Vantongeren" not in staff.get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    )

    trainee_client = sign_in(Client(), their_trainee)
    url = reverse("cohort_invitation", args=[invitation.token])
    assert "Accept" in trainee_client.get(url).content.decode()
    assert trainee_client.post(url, {"answer": "accept"}).status_code == HTTPStatus.FOUND
    assert CohortMembership.objects.filter(cohort=cohort, trainee=their_trainee).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    for url in _trainee_pages(their_trainee):
        assert staff.get(url).status_code == HTTPStatus.OK


def _groups(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


@pytest.mark.parametrize(
    "kind",
    ["supervisor", "coordinator", "superuser", "trainee_and_supervisor", "no_role", "inactive"],
)
def test_an_account_that_is_not_only_a_trainee_is_refused_with_a_reason(poacher, kind):
    coordinator, cohort = poacher
    person = {
        "supervisor": lambda: UserFactory(supervisor=True),
        "coordinator": lambda: UserFactory(coordinator=True),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "trainee_and_supervisor": lambda: UserFactory(roles=[Role.TRAINEE, Role.SUPERVISOR]),
        "no_role": lambda: UserFactory(),
        "inactive": lambda: UserFactory(trainee=True, is_active=False),
    }[kind]()
    groups = _groups(person)
    report = cohort_import_csv(cohort=cohort, text=f"P,{person.email}", invited_by=coordinator)
    assert report.invited == []
    [(line, reason)] = report.errors
    assert line == 1 and "Role mismatch" in reason
    assert not Invitation.objects.exists()
    assert not CohortMembership.objects.filter(trainee=person).exists()
    assert _groups(person) == groups
    assert not OutboxMessage.objects.filter(to_email=person.email).exists()


def test_accepting_never_grants_a_role(poacher):
    """Even an invitation made outside the import (an old one) cannot make a supervisor a
    trainee: accepting is refused and the person's roles stay as they were."""
    coordinator, cohort = poacher
    supervisor = UserFactory(supervisor=True, with_mfa=True)
    invitation = Invitation.objects.create(
        cohort=cohort, email=supervisor.email, invited_by=coordinator
    )
    client = sign_in(Client(), supervisor)
    response = client.post(reverse("cohort_invitation", args=[invitation.token]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert _groups(supervisor) == [Role.SUPERVISOR]
    assert not CohortMembership.objects.filter(trainee=supervisor).exists()
    assert not Group.objects.get(name=Role.TRAINEE).user_set.filter(pk=supervisor.pk).exists()


def test_a_declined_invitation_adds_nobody_and_cannot_be_accepted_later(poacher, their_trainee):
    coordinator, cohort = poacher
    cohort_import_csv(cohort=cohort, text=f"R,{their_trainee.email}", invited_by=coordinator)
    invitation = Invitation.objects.get(cohort=cohort)
    client = sign_in(Client(), their_trainee)
    url = reverse("cohort_invitation", args=[invitation.token])
    assert client.post(url, {"answer": "decline"}).status_code == HTTPStatus.FOUND
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert client.post(url, {"answer": "accept"}).status_code == HTTPStatus.GONE
    assert not CohortMembership.objects.filter(cohort=cohort, trainee=their_trainee).exists()
    again = cohort_import_csv(
        cohort=cohort, text=f"R,{their_trainee.email}", invited_by=coordinator
    )
    assert again.invited == [] and again.unchanged == [their_trainee.email]
    assert OutboxMessage.objects.filter(to_email=their_trainee.email).count() == 1


def test_repeated_rows_and_repeated_imports_make_one_pending_invitation(poacher, their_trainee):
    coordinator, cohort = poacher
    text = f"R,{their_trainee.email}\nR again,{their_trainee.email.upper()}\n"
    cohort_import_csv(cohort=cohort, text=text, invited_by=coordinator)
    cohort_import_csv(cohort=cohort, text=text, invited_by=coordinator)
    assert Invitation.objects.filter(cohort=cohort).count() == 1
    assert OutboxMessage.objects.filter(to_email=their_trainee.email).count() == 1


def test_only_the_invited_account_can_answer(poacher, their_trainee, other_trainee):
    coordinator, cohort = poacher
    cohort_import_csv(cohort=cohort, text=f"R,{their_trainee.email}", invited_by=coordinator)
    invitation = Invitation.objects.get(cohort=cohort)
    url = reverse("cohort_invitation", args=[invitation.token])
    client = sign_in(Client(), other_trainee)
    for response in (client.get(url), client.post(url, {"answer": "accept"})):
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Poacher cohort" not in response.content.decode()
    assert not CohortMembership.objects.filter(cohort=cohort).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_a_trainee_finds_a_pending_invitation_on_their_dashboard(poacher, their_trainee):
    """Nothing happens without an answer, so the question is put where the trainee looks."""
    coordinator, cohort = poacher
    cohort_import_csv(cohort=cohort, text=f"R,{their_trainee.email}", invited_by=coordinator)
    invitation = Invitation.objects.get(cohort=cohort)
    client = sign_in(Client(), their_trainee)
    page = client.get(reverse("dashboard_trainee")).content.decode()
    assert reverse("cohort_invitation", args=[invitation.token]) in page
    client.post(reverse("cohort_invitation", args=[invitation.token]), {"answer": "decline"})
    page = client.get(reverse("dashboard_trainee")).content.decode()
    assert "Invitations to answer" not in page
