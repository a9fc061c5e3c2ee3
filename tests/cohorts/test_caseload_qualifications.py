"""Cohorts and issue 15's provider rules: the supervisor list names each current qualification
by its kind (held, vetted for one category, Emerging), and the pairing check knows the IFS
degree rule."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import ProviderQualificationFactory, category
from tests.factories import UserFactory
from training.cohorts.selectors import supervisors_with_caseload
from training.users.models import SupervisionAssignment
from training.users.services import profile_update

pytestmark = pytest.mark.django_db


def test_each_current_qualification_is_named_by_its_kind():
    today = timezone.localdate()
    supervisor = UserFactory(supervisor=True, last_name="Aardvark")
    ProviderQualificationFactory(supervisor=supervisor, category=category("IMHS"))
    ProviderQualificationFactory(
        supervisor=supervisor, category=category("IFS"), vetted_by_association=True
    )
    ProviderQualificationFactory(
        supervisor=supervisor,
        category=category("IECFRS"),
        emerging=True,
        starts_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=10),
    )
    ProviderQualificationFactory(  # lapsed: not shown
        supervisor=supervisor,
        category=category("ECFS"),
        vetted_by_association=True,
        expires_on=today - datetime.timedelta(days=1),
    )
    (found,) = [s for s in supervisors_with_caseload() if s.pk == supervisor.pk]
    assert sorted(found.qualification.split(", ")) == [
        "IECFRS (Emerging)",
        "IMHS",
        "vetted for IFS",
    ]


@pytest.mark.parametrize(
    "trainee_degree, flagged", [("bachelor", False), ("master_or_higher", True)]
)
def test_pairing_a_bachelors_ifs_trainee_with_a_masters_ifs_is_not_flagged(
    login, coordinator, trainee_degree, flagged
):
    trainee = UserFactory(trainee=True)
    profile_update(user=trainee, target_category=category("IFS"), degree=trainee_degree)
    cohort = CohortFactory(coordinator=coordinator, trainees=[trainee])
    provider = UserFactory(supervisor=True, with_mfa=True)
    profile_update(user=provider, degree="master_or_higher")
    ProviderQualificationFactory(supervisor=provider, category=category("IFS"))
    response = login(coordinator).post(
        reverse("cohort_pair", args=[cohort.pk]),
        {
            "trainee": trainee.pk,
            "supervisor": provider.pk,
            "kind": "individual",
            "starts_on": "2026-11-01",
        },
    )
    if flagged:
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "not qualified in the provider registry" in response.content.decode()
    else:
        assert response.status_code == HTTPStatus.FOUND
    assert SupervisionAssignment.objects.filter(trainee=trainee).exists() is not flagged
