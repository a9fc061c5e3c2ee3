import time
from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.users.test_mfa import current_code
from training.users.middleware import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


def sign_in(client, user, *, code=None):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if code is not None:
        client.post(reverse("mfa_authenticate"), {"code": code})
    return client


def test_session_cookie_changes_at_login(client, trainee):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client, trainee)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_an_old_cookie_is_refused_after_logout(trainee):
    client = sign_in(Client(), trainee)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get(reverse("dashboard_trainee"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_a_reused_totp_code_is_refused(supervisor):
    code = current_code(supervisor.totp_secret)
    first = sign_in(Client(), supervisor, code=code)
    assert first.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.OK
    second = sign_in(Client(), supervisor, code=code)
    assert second.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.FOUND


def test_a_recovery_code_works_once(supervisor):
    codes = RecoveryCodes.activate(supervisor).get_unused_codes()
    first = sign_in(Client(), supervisor, code=codes[0])
    assert first.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.OK
    second = sign_in(Client(), supervisor, code=codes[0])
    assert second.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.FOUND


def test_password_reset_then_login_still_asks_for_the_second_factor(client, supervisor, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": supervisor.email})
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/password/reset/key/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "a-brand-new-passphrase-1", "password2": "a-brand-new-passphrase-1"},
    )
    fresh = Client()
    response = fresh.post(
        reverse("account_login"),
        {"login": supervisor.email, "password": "a-brand-new-passphrase-1"},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert fresh.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.FOUND


def test_password_change_ends_the_persons_other_sessions(trainee):
    laptop = sign_in(Client(), trainee)
    phone = sign_in(Client(), trainee)
    laptop.get(reverse("dashboard_trainee"))
    phone.get(reverse("dashboard_trainee"))
    laptop.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-pass-7",
            "password2": "another-long-pass-7",
        },
    )
    assert laptop.get(reverse("dashboard_trainee")).status_code == HTTPStatus.OK
    assert phone.get(reverse("dashboard_trainee")).status_code == HTTPStatus.FOUND


def test_adding_a_second_factor_ends_other_sessions(trainee, django_capture_on_commit_callbacks):
    laptop = sign_in(Client(), trainee)
    phone = sign_in(Client(), trainee)
    phone.get(reverse("dashboard_trainee"))
    laptop.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = laptop.get(reverse("mfa_activate_totp"))
    # allauth announces the new authenticator after commit.
    with django_capture_on_commit_callbacks(execute=True):
        laptop.post(
            reverse("mfa_activate_totp"), {"code": current_code(page.context["form"].secret)}
        )
    assert Authenticator.objects.filter(user=trainee, type=Authenticator.Type.TOTP).exists()
    assert phone.get(reverse("dashboard_trainee")).status_code == HTTPStatus.FOUND
    assert laptop.get(reverse("dashboard_trainee")).status_code == HTTPStatus.OK


def test_deactivating_a_person_ends_all_their_sessions(trainee):
    client = sign_in(Client(), trainee)
    client.get(reverse("dashboard_trainee"))
    trainee.is_active = False
    trainee.save()
    assert not UserSession.objects.filter(user=trainee).exists()
    assert client.get(reverse("dashboard_trainee")).status_code == HTTPStatus.FOUND


def test_idle_staff_are_signed_out(login, supervisor):
    client = login(supervisor)
    assert client.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.OK
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - (settings.ATTUNE_STAFF_IDLE_MINUTES * 60 + 5)
    session.save()
    response = client.get(reverse("dashboard_supervisor"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("dashboard_supervisor")).status_code == HTTPStatus.FOUND


def test_idle_trainees_keep_their_session(login, trainee):
    client = login(trainee)
    client.get(reverse("dashboard_trainee"))
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 10 * 3600
    session.save()
    assert client.get(reverse("dashboard_trainee")).status_code == HTTPStatus.OK


def test_changing_email_needs_a_recent_sign_in(login, trainee):
    response = login(trainee).post(
        reverse("account_email"), {"action_add": "", "email": "new-address@example.org"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not trainee.emailaddress_set.filter(email="new-address@example.org").exists()


def test_deactivated_user_cannot_sign_in():
    person = UserFactory(trainee=True, is_active=False)
    client = Client()
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert client.get(reverse("dashboard_trainee")).status_code == HTTPStatus.FOUND


def test_session_activity_is_written_at_most_once_a_minute(trainee):
    client = sign_in(Client(), trainee)
    user_session = UserSession.objects.get(user=trainee)
    client.get(reverse("dashboard_trainee"))
    seen = UserSession.objects.get(pk=user_session.pk).last_seen_at
    client.get(reverse("dashboard_trainee"), HTTP_USER_AGENT="Another browser")
    assert UserSession.objects.get(pk=user_session.pk).last_seen_at == seen
    cache.clear()  # a minute later, as far as the middleware can tell
    client.get(reverse("dashboard_trainee"), HTTP_USER_AGENT="Another browser")
    tracked = UserSession.objects.get(pk=user_session.pk)
    assert tracked.last_seen_at > seen and tracked.user_agent == "Another browser"


def test_staff_activity_keeps_the_session_unwritten_between_minutes(login, supervisor):
    client = login(supervisor)
    client.get(reverse("dashboard_supervisor"))
    first = client.session[LAST_SEEN_KEY]
    client.get(reverse("dashboard_supervisor"))
    assert client.session[LAST_SEEN_KEY] == first
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 61
    session.save()
    client.get(reverse("dashboard_supervisor"))
    assert client.session[LAST_SEEN_KEY] > time.time() - 5
