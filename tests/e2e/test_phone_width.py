"""On a phone (375 px) the demo's busiest pages fit the screen; wide tables scroll in their box."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command

from training.cohorts.models import Cohort
from training.users.models import User

pytestmark = pytest.mark.e2e

PAGES = {
    "coordinator@attune.example": ["/dashboard/coordinator/", "/coordination/cohorts/{cohort}/"],
    "supervisor.amara@attune.example": ["/dashboard/supervisor/", "/supervision/supervisees/"],
    "trainee.maya@attune.example": ["/dashboard/trainee/", "/logs/", "/readiness/", "/courses/"],
}


def test_the_demo_pages_fit_a_phone(page, live_server, locked_site, categories, sign_in_as):
    call_command("seed_demo", stdout=io.StringIO())
    # Staff must have a second factor: without one every staff page is the MFA set-up page.
    for person in User.objects.filter(is_demo=True).exclude(email__startswith="trainee."):
        TOTP.activate(person, generate_totp_secret())
    cohort = Cohort.objects.order_by("pk").first()
    page.set_viewport_size({"width": 375, "height": 800})
    too_wide = {}
    for email, paths in PAGES.items():
        page.context.clear_cookies()
        sign_in_as(User.objects.get(email=email))
        for path in paths:
            response = page.goto(f"{live_server.url}{path.format(cohort=cohort.pk)}")
            assert response.status == 200, path
            assert page.url.endswith(path.format(cohort=cohort.pk)), page.url
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                too_wide[path] = width
    assert too_wide == {}
