"""Agreements the applicant accepts, and what verification and changes do to her readiness."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.applications.conftest import FORMS, an_education
from tests.competencies.factories import category
from tests.factories import ProfileFactory
from training.applications.enums import AgreementKind
from training.applications.models import AgreementAcceptance, AgreementText
from training.applications.selectors import agreements_in_force
from training.readiness.selectors import readiness_for

pytestmark = pytest.mark.django_db


def _state(trainee, code):
    report = readiness_for(trainee=trainee).report
    return next(r for r in report.results if r.code == code).state


@pytest.fixture
def aiming(trainee):
    """The applicant aims at IMHS, which asks for a master's degree and both agreements."""
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    return trainee


def test_the_page_shows_the_text_in_force_of_each_kind(login, trainee):
    html = login(trainee).get(reverse("applications_agreements")).content.decode()
    for text in agreements_in_force():
        assert text.title in html and text.version in html
    assert "It must be renewed each year." in html
    assert {t.kind for t in agreements_in_force()} == set(AgreementKind.values)


def test_accepting_records_the_moment_and_shows_the_renewal_date(login, trainee):
    ethics = next(t for t in agreements_in_force() if t.kind == AgreementKind.CODE_OF_ETHICS)
    client = login(trainee)
    url = reverse("applications_agreement_accept", args=[ethics.pk])
    refused = client.post(url, {})
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "Tick the box" in refused.content.decode()
    assert not AgreementAcceptance.objects.exists()
    response = client.post(url, {"accept": "on"})
    assert response.status_code == HTTPStatus.FOUND
    acceptance = AgreementAcceptance.objects.get(trainee=trainee)
    assert acceptance.text == ethics
    assert timezone.now() - acceptance.accepted_at < datetime.timedelta(minutes=1)
    due = (timezone.localdate() + datetime.timedelta(days=366)).year
    html = client.get(reverse("applications_agreements")).content.decode()
    assert "You last accepted this version on" in html and "Renew it by" in html
    assert str(due) in html


def test_a_double_click_accepts_once(login, trainee):
    text = agreements_in_force()[0]
    client = login(trainee)
    url = reverse("applications_agreement_accept", args=[text.pk])
    client.post(url, {"accept": "on"})
    client.post(url, {"accept": "on"})
    assert AgreementAcceptance.objects.filter(trainee=trainee).count() == 1


def test_an_old_version_cannot_be_accepted(login, trainee):
    old = agreements_in_force()[0]
    AgreementText.objects.create(
        kind=old.kind, version="2099.1", title="Newer", body="New.", published_on=old.published_on
    )
    response = login(trainee).post(
        reverse("applications_agreement_accept", args=[old.pk]), {"accept": "on"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "no longer in force" in response.content.decode()


def test_a_code_of_ethics_accepted_over_a_year_ago_must_be_renewed(login, aiming):
    for text in agreements_in_force():
        AgreementAcceptance.objects.create(
            trainee=aiming, text=text, accepted_at=timezone.now() - datetime.timedelta(days=400)
        )
    assert _state(aiming, "agreements") == "not_met"
    html = login(aiming).get(reverse("applications_agreements")).content.decode()
    assert "Your yearly renewal was due" in html
    ethics = next(t for t in agreements_in_force() if t.kind == AgreementKind.CODE_OF_ETHICS)
    login(aiming).post(reverse("applications_agreement_accept", args=[ethics.pk]), {"accept": "on"})
    assert _state(aiming, "agreements") == "met"


def test_a_new_version_published_today_makes_the_old_acceptance_not_current(login, aiming):
    client = login(aiming)
    for text in agreements_in_force():
        client.post(reverse("applications_agreement_accept", args=[text.pk]), {"accept": "on"})
    assert _state(aiming, "agreements") == "met"
    AgreementText.objects.create(
        kind=AgreementKind.ENDORSEMENT_AGREEMENT,
        version="2027.1",
        title="Endorsement Agreement",
        body="Revised.",
        published_on=timezone.localdate(),
    )
    assert _state(aiming, "agreements") == "not_met"
    page = client.get(reverse("readiness")).content.decode()
    assert "accept the current version of" in page
    html = client.get(reverse("applications_home")).content.decode()
    assert "2027.1" in html and "not accepted yet" in html


def test_coordinators_publish_agreement_versions_in_the_admin(login, coordinator):
    client = login(coordinator)
    listing = client.get(reverse("wagtailsnippets_applications_agreementtext:list"))
    assert listing.status_code == HTTPStatus.OK
    response = client.post(
        reverse("wagtailsnippets_applications_agreementtext:add"),
        {
            "kind": AgreementKind.CODE_OF_ETHICS,
            "version": "2027.1",
            "title": "Code of Ethics",
            "body": "Revised.",
            "published_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    newest = next(t for t in agreements_in_force() if t.kind == AgreementKind.CODE_OF_ETHICS)
    assert newest.version == "2027.1"


def test_a_trainee_cannot_publish_agreements(login, trainee):
    response = login(trainee).get(reverse("wagtailsnippets_applications_agreementtext:list"))
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)


# --- verification and readiness -----------------------------------------------------------


def test_verified_education_is_met_and_a_change_makes_it_wait_again(
    login, aiming, coordinator, cohort
):
    record = an_education(aiming, level="master_or_higher")
    assert _state(aiming, "education") == "waiting"
    login(coordinator).post(reverse("applications_education_verify", args=[record.pk]))
    assert _state(aiming, "education") == "met"
    client = login(aiming)
    page = client.get(reverse("readiness")).content.decode()
    assert 'data-requirement="education" data-state="met"' in page
    edit = reverse("applications_education_edit", args=[record.pk])
    client.post(edit, FORMS["education"] | {"institution": "A different university"})
    assert _state(aiming, "education") == "waiting"
    page = client.get(reverse("readiness")).content.decode()
    assert 'data-requirement="education" data-state="waiting"' in page
    assert "Waiting for verification" in page


def test_a_returned_education_is_not_evidence(login, aiming, coordinator, cohort):
    record = an_education(aiming, level="master_or_higher")
    login(coordinator).post(
        reverse("applications_education_return", args=[record.pk]), {"reason": "Wrong level."}
    )
    assert _state(aiming, "education") == "not_met"
