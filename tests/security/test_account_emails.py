"""Every account email links to the site's configured address, never to the request's Host."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.auth import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = {"HTTP_HOST": "127.0.0.1:6666"}
URL = re.compile(r"https?://[^\s\"'<>]+")


def _links(mailoutbox) -> list[str]:
    assert mailoutbox, "no email was sent"
    return [link for message in mailoutbox for link in URL.findall(message.body)]


def _assert_only_configured_links(settings, mailoutbox) -> None:
    links = _links(mailoutbox)
    assert links
    for link in links:
        assert link.startswith(settings.WAGTAILADMIN_BASE_URL + "/"), link
    assert not any("6666" in message.body for message in mailoutbox)


def test_password_reset_links_to_the_configured_address(settings, mailoutbox, trainee):
    Client(**HOSTILE).post(reverse("account_reset_password"), {"email": trainee.email})
    _assert_only_configured_links(settings, mailoutbox)


def test_reset_for_an_unknown_address_links_to_the_configured_address(settings, mailoutbox):
    Client(**HOSTILE).post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    _assert_only_configured_links(settings, mailoutbox)


def test_sign_up_confirmation_links_to_the_configured_address(settings, mailoutbox, home_page):
    Client(**HOSTILE).post(
        reverse("account_signup"),
        {"email": "new.person@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    _assert_only_configured_links(settings, mailoutbox)


def test_adding_an_email_links_to_the_configured_address(settings, mailoutbox, trainee):
    client = sign_in(Client(**HOSTILE), trainee)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})
    _assert_only_configured_links(settings, mailoutbox)
