"""Managing outside providers, from the outside: who may see and change them, what bad input
gets, and what happens to readiness when a coordinator checks the registry."""

import datetime
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.factories import PASSWORD, ProfileFactory, UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.competencies.models import ProviderQualification
from training.providers.models import OutsideProvider
from training.readiness import evidence
from training.readiness.engine import REASON_TEXT, evaluate
from training.reflective_logs import services
from training.reflective_logs.enums import LogState
from training.reflective_logs.models import SupervisionSession
from training.users.models import User

from .factories import emails_to, last_code, last_link_path, outside_provider

pytestmark = pytest.mark.django_db

PROVIDER_EMAIL = "marisol.offsite@elsewhere.example"
SECRET_NUMBER = "IMH-SECRET-7781"


def add_data(**overrides):
    return {
        "first_name": "Marisol",
        "last_name": "Offsite",
        "email": PROVIDER_EMAIL,
        "category": category("IMHM-C").pk,
        "endorsement_number": SECRET_NUMBER,
        "association": "Example Association",
        **overrides,
    }


@pytest.fixture
def people(db):
    trainee = UserFactory(trainee=True)
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    other_coordinator = UserFactory(coordinator=True, with_mfa=True)
    CohortFactory(coordinator=other_coordinator, trainees=[UserFactory(trainee=True)])
    provider = outside_provider(
        trainee, email=PROVIDER_EMAIL, first_name="Marisol", last_name="Offsite"
    )
    OutsideProvider.objects.filter(pk=provider.pk).update(endorsement_number=SECRET_NUMBER)
    return {
        "trainee": trainee,
        "other_trainee": UserFactory(trainee=True),
        "supervisor": UserFactory(supervisor=True, with_mfa=True),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "provider": provider,
    }


def _client(user):
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


PAGES = ["list", "edit", "verify"]
# Who sees the provider's details on each page (others get 404/403/redirect and no details).
SEES = {
    "list": {"trainee", "coordinator"},
    "edit": {"trainee", "coordinator"},
    "verify": {"coordinator"},
}


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize(
    "who",
    [None, "trainee", "other_trainee", "supervisor", "coordinator", "other_coordinator"],
)
def test_page_by_role(people, page_name, who):
    provider = people["provider"]
    path = reverse(f"providers:{page_name}", args=[] if page_name == "list" else [provider.pk])
    response = _client(people.get(who)).get(path)
    body = response.content.decode()
    if who in SEES[page_name]:
        assert response.status_code == HTTPStatus.OK
        assert "Offsite" in body
    elif page_name == "list" and who in {"other_trainee", "other_coordinator"}:
        assert response.status_code == HTTPStatus.OK  # their own (empty) list
        assert "Offsite" not in body and SECRET_NUMBER not in body
    else:
        assert response.status_code in {
            HTTPStatus.FOUND,
            HTTPStatus.FORBIDDEN,
            HTTPStatus.NOT_FOUND,
        }
        assert "Offsite" not in body and SECRET_NUMBER not in body
        assert PROVIDER_EMAIL not in body


def test_the_other_cohorts_coordinator_cannot_verify_or_correct(people):
    client = _client(people["other_coordinator"])
    provider = people["provider"]
    data = {"checked_on": timezone.localdate().isoformat(), "confirmed": "on"}
    assert client.post(reverse("providers:verify", args=[provider.pk]), data).status_code == 404
    edit = client.post(reverse("providers:edit", args=[provider.pk]), add_data(email="x@y.z"))
    assert edit.status_code == HTTPStatus.NOT_FOUND
    provider.refresh_from_db()
    assert provider.registry_checked_on is None
    assert provider.account.email == PROVIDER_EMAIL


def test_a_trainee_adds_a_provider_once_even_when_the_form_is_sent_twice(people):
    trainee = people["other_trainee"]
    client = _client(trainee)
    form = client.get(reverse("providers:add")).content.decode()
    key = form.split('name="submission_key" value="')[1].split('"')[0]
    data = add_data(email="new.person@elsewhere.example", submission_key=key)
    first = client.post(reverse("providers:add"), data)
    second = client.post(reverse("providers:add"), data)
    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert User.objects.filter(email="new.person@elsewhere.example").count() == 1
    account = User.objects.get(email="new.person@elsewhere.example")
    assert not account.has_usable_password() and not account.groups.exists()
    assert list(account.outside_provider.trainees.all()) == [trainee]


def test_a_known_provider_is_shared_not_duplicated(people):
    other = people["other_trainee"]
    response = _client(other).post(reverse("providers:add"), add_data(first_name="Someone"))
    assert response.status_code == HTTPStatus.FOUND
    provider = people["provider"]
    provider.refresh_from_db()
    assert set(provider.trainees.all()) == {people["trainee"], other}
    assert provider.account.first_name == "Marisol"  # details on file stay


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"first_name": ""}, "This field is required"),
        ({"category": "999999"}, "Select a valid choice"),
        ({"category": "99999999999999999999"}, "Select a valid choice"),
    ],
)
def test_bad_input_re_renders_with_a_message_and_keeps_the_rest(people, changes, message):
    client = _client(people["other_trainee"])
    data = add_data(**{"email": "kept@elsewhere.example", "association": "Kept Association"})
    data.update(changes)
    response = client.post(reverse("providers:add"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.content.decode()
    assert message in body
    assert "Kept Association" in body


def test_an_attune_account_cannot_be_added_as_an_outside_provider(people):
    response = _client(people["trainee"]).post(
        reverse("providers:add"), add_data(email=people["supervisor"].email)
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "belongs to an Attune account" in response.content.decode()
    assert not hasattr(User.objects.get(pk=people["supervisor"].pk), "outside_provider")


def test_a_coordinator_adds_a_provider_only_for_her_cohorts_trainees(people):
    client = _client(people["coordinator"])
    ok = client.post(
        reverse("providers:add"),
        add_data(email="for.her@elsewhere.example", trainee=people["trainee"].pk),
    )
    assert ok.status_code == HTTPStatus.FOUND
    refused = client.post(
        reverse("providers:add"),
        add_data(email="not.hers@elsewhere.example", trainee=people["other_trainee"].pk),
    )
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert not User.objects.filter(email="not.hers@elsewhere.example").exists()


def _rsc_reason(trainee):
    data = evidence.evidence_for([trainee.pk])[trainee.pk]
    report = evaluate(data.rules(), data) if hasattr(data, "rules") else None
    return report


def test_hours_count_once_a_coordinator_checks_the_registry(people):
    trainee, provider = people["trainee"], people["provider"]
    ProfileFactory(user=trainee, target_category=category("IFS"))
    trainee.profile.target_category = category("IFS")
    trainee.profile.save()
    log = ReflectiveLogFactory(
        trainee=trainee,
        session__provider=provider.account,
        session__held_on=timezone.localdate() - datetime.timedelta(days=10),
        session__minutes=60,
    )
    services.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
    client = Client()
    path = last_link_path(PROVIDER_EMAIL)
    client.get(path)
    client.post(path, {"code": last_code(PROVIDER_EMAIL)})
    client.post(path, {"action": "sign_off", "attested": "True"})
    log.refresh_from_db()
    assert log.state == LogState.SIGNED_OFF

    from training.readiness.selectors import rsc_verdicts

    before = rsc_verdicts(trainee=trainee)[log.pk]
    assert not before.counted
    assert before.text == REASON_TEXT["provider_not_qualified"]

    coordinator = _client(people["coordinator"])
    data = {"checked_on": timezone.localdate().isoformat(), "confirmed": "on"}
    response = coordinator.post(reverse("providers:verify", args=[provider.pk]), data)
    assert response.status_code == HTTPStatus.FOUND
    qualification = ProviderQualification.objects.get(supervisor=provider.account)
    assert SECRET_NUMBER in qualification.note and "Example" in qualification.note
    after = rsc_verdicts(trainee=trainee)[log.pk]
    assert after.counted, after.text


def test_verification_needs_the_confirmation_and_a_past_date(people):
    coordinator = _client(people["coordinator"])
    path = reverse("providers:verify", args=[people["provider"].pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for data, message in [
        ({"checked_on": timezone.localdate().isoformat()}, "Confirm what the registry lists"),
        ({"checked_on": tomorrow, "confirmed": "on"}, "cannot be in the future"),
    ]:
        response = coordinator.post(path, data)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert message in response.content.decode()
    assert not ProviderQualification.objects.exists()


def test_a_trainee_logs_a_session_with_her_outside_provider_before_any_pairing(people):
    """Sessions with an outside provider are not limited to a pairing's dates."""
    trainee, provider = people["trainee"], people["provider"]
    client = _client(trainee)
    form = client.get(reverse("reflective_logs:create")).content.decode()
    assert "Marisol Offsite (outside provider)" in form
    held_on = timezone.localdate() - datetime.timedelta(days=400)
    response = client.post(
        reverse("reflective_logs:create"),
        {
            "held_on": held_on.isoformat(),
            "minutes": "60",
            "modality": "video",
            "provider": provider.account.pk,
            "use_of_self": "A reflection.",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    session = SupervisionSession.objects.get(recorded_by=trainee)
    assert session.provider == provider.account and session.held_on == held_on
    # Another trainee cannot choose her provider.
    other = _client(people["other_trainee"]).post(
        reverse("reflective_logs:create"),
        {
            "held_on": held_on.isoformat(),
            "minutes": "60",
            "modality": "video",
            "provider": provider.account.pk,
            "use_of_self": "A reflection.",
        },
    )
    assert other.status_code == HTTPStatus.BAD_REQUEST


def test_a_provider_who_sets_a_password_sees_their_history(people, client):
    trainee, provider = people["trainee"], people["provider"]
    log = ReflectiveLogFactory(trainee=trainee, session__provider=provider.account)
    services.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
    link_client = Client()
    path = last_link_path(PROVIDER_EMAIL)
    link_client.get(path)
    link_client.post(path, {"code": last_code(PROVIDER_EMAIL)})
    link_client.post(path, {"action": "sign_off", "attested": "True"})
    # "Forgot your password?" for the same address proves it and sets a password.
    client.post(reverse("account_reset_password"), {"email": PROVIDER_EMAIL})
    reset = [m for m in emails_to(PROVIDER_EMAIL) if "password" in m.subject.lower()]
    from django.core import mail

    bodies = [m.body for m in mail.outbox if PROVIDER_EMAIL in m.to] + [m.body for m in reset]
    link = next(
        line for body in bodies for line in body.split() if "/accounts/password/reset/key/" in line
    )
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    client.post(action, {"password1": PASSWORD, "password2": PASSWORD})
    account = User.objects.get(pk=provider.account.pk)
    assert account.has_usable_password()
    signed_in = Client()
    response = signed_in.post(
        reverse("account_login"), {"login": PROVIDER_EMAIL, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    home = signed_in.get(reverse("dashboard"), follow=True)
    body = home.content.decode()
    assert "Sessions you signed" in body and trainee.display_name in body
    assert "A reflection" not in body
