"""Pairings change only through the cohort services: scoped, audited, never reopened, and no
admin edits them (issue 13, finding 6)."""

import datetime
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import get_snippet_models

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.cohorts.models import Cohort, CohortMembership, Invitation
from training.cohorts.services import assignment_create, assignment_end
from training.privacy.models import PrivacyAuditEvent
from training.reflective_logs.models import ReflectiveLog
from training.users.enums import Role
from training.users.models import Profile, SupervisionAssignment, User
from training.users.permissions import user_supervises
from training.users.services import role_groups_sync

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
# What belongs to a cohort and decides who reads whose records.
COHORT_MODELS = {
    SupervisionAssignment,
    Cohort,
    CohortMembership,
    Invitation,
    ReflectiveLog,
    User,
    Profile,
}


@pytest.fixture
def cohort(coordinator, trainee):
    return CohortFactory(coordinator=coordinator, trainees=[trainee])


def test_the_cohorts_coordinator_pairs_a_member_and_it_is_audited(coordinator, cohort, trainee):
    supervisor = UserFactory(supervisor=True)
    made = assignment_create(
        actor=coordinator, cohort=cohort, trainee=trainee, supervisor=supervisor, starts_on=TODAY
    )
    event = PrivacyAuditEvent.objects.get(action="assignment_create")
    assert event.actor == coordinator
    assert event.details["assignment"] == made.pk and event.details["cohort"] == cohort.pk
    assert user_supervises(supervisor, trainee)


def test_a_trainee_outside_the_cohort_is_never_paired(coordinator, cohort, other_trainee):
    """Even the cohort's own coordinator cannot pair someone who has not joined it."""
    with pytest.raises(PermissionDenied):
        assignment_create(
            actor=coordinator,
            cohort=cohort,
            trainee=other_trainee,
            supervisor=UserFactory(supervisor=True),
            starts_on=TODAY,
        )
    assert not SupervisionAssignment.objects.exists()


def test_an_ended_pairing_is_never_reopened_nor_its_end_put_back(coordinator, cohort, trainee):
    ended = SupervisionAssignmentFactory(
        trainee=trainee, starts_on=TODAY - 90 * DAY, ends_on=TODAY - 10 * DAY
    )
    for later in (TODAY, TODAY + 30 * DAY, ended.ends_on + DAY):
        with pytest.raises(ValidationError, match="ended"):
            assignment_end(actor=coordinator, assignment=ended, ends_on=later)
    with pytest.raises(ValidationError):
        assignment_end(actor=coordinator, assignment=ended, ends_on=None)
    ended.refresh_from_db()
    assert ended.ends_on == TODAY - 10 * DAY
    assert not user_supervises(ended.supervisor, trainee)

    ending = SupervisionAssignmentFactory(
        trainee=trainee, starts_on=TODAY - 5 * DAY, ends_on=TODAY + 30 * DAY
    )
    with pytest.raises(ValidationError, match="brought forward"):
        assignment_end(actor=coordinator, assignment=ending, ends_on=TODAY + 60 * DAY)
    assignment_end(actor=coordinator, assignment=ending, ends_on=TODAY + 10 * DAY)
    ending.refresh_from_db()
    assert ending.ends_on == TODAY + 10 * DAY
    assert PrivacyAuditEvent.objects.filter(action="assignment_end").count() == 1


def test_the_cohort_page_ends_a_pairing(login, coordinator, cohort, trainee):
    pairing = SupervisionAssignmentFactory(trainee=trainee)
    client = login(coordinator)
    page = client.get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    end_url = reverse("cohort_pairing_end", args=[cohort.pk, pairing.pk])
    assert end_url in page
    response = client.post(end_url, {"ends_on": (TODAY - DAY).isoformat()})
    assert response.status_code == HTTPStatus.FOUND
    assert not user_supervises(pairing.supervisor, trainee)
    # Reopening through the same page is refused.
    client.post(end_url, {"ends_on": (TODAY + 99 * DAY).isoformat()})
    pairing.refresh_from_db()
    assert pairing.ends_on == TODAY - DAY


def test_no_wagtail_admin_viewset_or_snippet_edits_cohort_data():
    """Every viewset registered with the Wagtail admin, and every snippet, is for content
    (courses, competencies, the provider registry), never for cohort data."""
    viewsets = []
    for hook in hooks.get_hooks("register_admin_viewset"):
        registered = hook()
        for viewset in registered if isinstance(registered, list | tuple) else [registered]:
            if isinstance(viewset, ViewSetGroup):
                viewsets.extend(viewset.registerables)
            else:
                viewsets.append(viewset)
    models = {getattr(v, "model", None) for v in viewsets} | set(get_snippet_models())
    # Wagtail's own user admin is there, for site admins: coordinators hold no permission on
    # people, so it refuses them (the URL walk in test_cohort_scope.py tries every page of it).
    assert not (models & (COHORT_MODELS - {User}))
    role_groups_sync()
    coordinators = Group.objects.get(name=Role.COORDINATOR)
    assert not coordinators.permissions.filter(
        content_type__app_label__in=["users", "cohorts", "reflective_logs", "auth"]
    ).exists()


def test_coordinators_hold_no_pairing_permission_even_after_an_old_grant():
    role_groups_sync()
    coordinators = Group.objects.get(name=Role.COORDINATOR)
    stale = Permission.objects.filter(
        content_type__app_label="users", codename__endswith="_supervisionassignment"
    )
    coordinators.permissions.add(*stale)  # what an earlier version granted
    role_groups_sync()
    assert not coordinators.permissions.filter(pk__in=stale).exists()


def test_the_django_admin_cannot_change_a_pairing_even_for_a_superuser():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        if model in {SupervisionAssignment, CohortMembership, Cohort, Invitation}:
            assert not model_admin.has_add_permission(request)
            assert not model_admin.has_change_permission(request)
            assert not model_admin.has_delete_permission(request)
    pairing = SupervisionAssignmentFactory(ends_on=TODAY - DAY)
    client = sign_in(Client(), superuser, second_factor=True)
    url = reverse("admin:users_supervisionassignment_change", args=[pairing.pk])
    response = client.post(url, {"ends_on": "", "starts_on": pairing.starts_on.isoformat()})
    assert response.status_code == HTTPStatus.FORBIDDEN
    pairing.refresh_from_db()
    assert pairing.ends_on == TODAY - DAY


def test_a_coordinator_cannot_end_another_cohorts_pairing_through_her_own_cohort(
    login, coordinator, cohort
):
    """Her cohort's id with another cohort's pairing: the same 404 as for no pairing."""
    outsider = UserFactory(trainee=True)
    CohortFactory(trainees=[outsider])
    pairing = SupervisionAssignmentFactory(trainee=outsider)
    url = reverse("cohort_pairing_end", args=[cohort.pk, pairing.pk])
    response = login(coordinator).post(url, {"ends_on": TODAY.isoformat()})
    assert response.status_code == HTTPStatus.NOT_FOUND
    pairing.refresh_from_db()
    assert pairing.ends_on is None
    assert not PrivacyAuditEvent.objects.filter(action="assignment_end").exists()
