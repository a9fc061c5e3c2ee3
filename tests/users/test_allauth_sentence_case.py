"""allauth's pages read like the rest of Attune: headings, buttons, labels and titles in
sentence case ("Sign in", not "Sign In")."""

import re
from http import HTTPStatus

import pytest
from django.test import Client

from tests.auth import sign_in
from tests.factories import UserFactory
from training.users.templatetags.sentence_case import sentence_case

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]
SIGNED_IN = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
]
NAMES = {"Attune", "RSC", "I"}
TEXT_OF = ("title", "h1", "h2", "h3", "button", "label", "th", "legend")


def _texts(html: str) -> list[str]:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    found = [re.sub(r"\s+", " ", title).split(" · ")[0].strip()]
    for tag in TEXT_OF[1:]:
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", main, re.S):
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner)).strip()
            if text:
                found.append(text)
    return found


def _title_cased_words(text: str) -> list[str]:
    """Words after the first written with a capital and then lower case, as Title Case does."""
    words = re.findall(r"[A-Za-z]+", text)[1:]
    return [w for w in words if w[0].isupper() and w[1:].islower() and w not in NAMES]


def _pages():
    for path in PUBLIC:
        yield path, Client().get(path)
    client = sign_in(Client(), UserFactory(trainee=True))
    for path in SIGNED_IN:
        yield path, client.get(path)


def test_allauth_pages_write_headings_buttons_and_labels_in_sentence_case(home_page):
    title_case, seen = {}, 0
    for path, response in _pages():
        assert response.status_code == HTTPStatus.OK, path
        for text in _texts(response.content.decode()):
            seen += 1
            if _title_cased_words(text):
                title_case.setdefault(path, []).append(text)
    assert title_case == {}
    assert seen > 40


def test_sign_in_reads_sign_in_everywhere_on_its_page(client, home_page):
    texts = _texts(client.get("/accounts/login/").content.decode())
    # The title, the heading and the button; the form's own labels too.
    assert texts.count("Sign in") == 3
    assert {"Email * (required)", "Remember me"} <= set(texts)
    assert "Sign In" not in " ".join(texts)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Two-Factor Authentication", "Two-factor authentication"),
        ("IP Address", "IP address"),
        ("Enter Sign-In Code", "Enter sign-in code"),
        ("Signup", "Sign up"),
        ("Trust this Browser?", "Trust this browser?"),
        ("Sign in to Attune", "Sign in to Attune"),
        ("Send To Ada@Example.org", "Send to Ada@Example.org"),
        (
            'Current Password <span class="Big">*</span>',
            'Current password <span class="Big">*</span>',
        ),
    ],
)
def test_sentence_case_lowers_title_case_but_not_acronyms_names_or_markup(written, read):
    assert sentence_case(written) == read
