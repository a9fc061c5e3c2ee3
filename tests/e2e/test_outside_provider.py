"""An outside provider signs off from the emailed link in a browser of their own (issue 16)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.cohorts.factories import CohortFactory
from tests.e2e.conftest import axe_violations
from tests.factories import ProfileFactory, UserFactory
from tests.providers.factories import outside_provider
from training.competencies.demo import seed_framework
from training.competencies.models import EndorsementCategory
from training.notifications.models import OutboxMessage
from training.providers.services import outside_provider_verify

pytestmark = pytest.mark.e2e

EMAIL = "dolores.ferrante@other-agency.example"


def _last(pattern: str, field: str = "body") -> str:
    for message in OutboxMessage.objects.filter(to_email=EMAIL).order_by("-pk"):
        if found := re.search(pattern, getattr(message, field)):
            return found.group(1)
    raise AssertionError(f"no email to {EMAIL} matches {pattern}")


def test_an_outside_provider_signs_from_the_emailed_link_in_three_clicks(
    page, browser, live_server, locked_site, categories, sign_in_as, axe
):
    seed_framework()
    trainee = UserFactory(trainee=True, first_name="Lucia", last_name="Benally")
    ProfileFactory(user=trainee, target_category=EndorsementCategory.objects.get(code="IFS"))
    provider = outside_provider(trainee, email=EMAIL, first_name="Dolores", last_name="Ferrante")
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    outside_provider_verify(
        provider_id=provider.pk, coordinator=coordinator, checked_on=timezone.localdate()
    )
    held_on = timezone.localdate() - datetime.timedelta(days=4)

    # The trainee logs the session with her outside provider and submits it.
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/logs/new/")
    page.get_by_label("Date of the session").fill(held_on.isoformat())
    page.get_by_label("Length in minutes").fill("90")
    page.get_by_label("How you met").select_option(label="Video")
    page.get_by_label("Supervisor").select_option(label="Dolores Ferrante (outside provider)")
    page.get_by_label("My use of self").fill("I noticed how quiet I became when the father left.")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sent to Dolores Ferrante by email")).to_be_visible()
    assert axe() == []
    page.goto(f"{live_server.url}/dashboard/trainee/")
    expect(page.locator("#rsc-hours")).not_to_contain_text("1.5 h")

    # The provider, in a browser of their own, on a phone: open the link, type the code, sign.
    link = live_server.url + _last(r"https?://[^/\s]+(/logs/provider/\S+/)")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    provider_page = context.new_page()
    clicks = 1  # opening the link from the email
    provider_page.goto(link)
    expect(provider_page.get_by_role("heading", name="Enter your one-time code")).to_be_visible()
    assert provider_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(provider_page) == []
    code = _last(r"Your Attune code: (\d{6})", "subject")
    provider_page.get_by_label("One-time code").fill(code)
    provider_page.get_by_role("button", name="Continue").click()
    clicks += 1
    expect(provider_page.get_by_text("I noticed how quiet I became")).to_be_visible()
    assert provider_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(provider_page) == []
    provider_page.get_by_role("button", name="I attest: sign off").click()
    clicks += 1
    expect(provider_page.get_by_text("Signed off. The log is locked")).to_be_visible()
    assert axe_violations(provider_page) == []
    print(f"\nThe outside provider went from the email to a signed log in {clicks} clicks.")
    assert clicks <= 3

    # The same link opens nothing now.
    provider_page.goto(link)
    expect(
        provider_page.get_by_role("heading", name="This link has already been used")
    ).to_be_visible()
    context.close()

    # The trainee's RSC hours move.
    page.goto(f"{live_server.url}/dashboard/trainee/")
    expect(page.locator("#rsc-hours")).to_contain_text("1.5 h")
