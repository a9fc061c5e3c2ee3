"""The readiness page reads summary first: on the demo's people it is short, "Prepare my
portfolio" sits in the first screen at 1280 px, its state updates in place, the details open
from the keyboard, and every view is axe-clean with no sideways scrolling at 1280 and 375 px.
Prints the page heights it measures."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.core.management import call_command
from playwright.sync_api import expect

from training.readiness.enums import ExportStatus
from training.readiness.models import PortfolioExport
from training.users.models import User

pytestmark = pytest.mark.e2e

WIDTHS = {1280: 900, 375: 800}
# Who reads whose page: a trainee her own, her supervisor, a coordinator of her cohort.
VIEWS = [
    ("trainee.maya@attune.example", "trainee.maya@attune.example"),
    ("trainee.luis@attune.example", "trainee.luis@attune.example"),
    ("supervisor.amara@attune.example", "trainee.luis@attune.example"),
    ("coordinator@attune.example", "trainee.maya@attune.example"),
]
PORTFOLIO_WITHIN = 900  # px from the top of the page at 1280 px
# Before the summary-first page: 3,700-3,900 px at 1280, 7,690 px for a supervisee at 375.
HEIGHT_GOAL = {1280: 1600, 375: 2600}


def url_of(live_server, viewer, whose) -> str:
    if viewer == whose:
        return f"{live_server.url}/readiness/"
    return f"{live_server.url}/readiness/people/{whose.pk}/"


def test_the_page_is_short_and_the_portfolio_is_in_the_first_screen(
    page, live_server, locked_site, categories, sign_in_as, axe
):
    call_command("seed_demo", stdout=io.StringIO())
    heights, problems = {}, {}
    for viewer_email, whose_email in VIEWS:
        viewer, whose = User.objects.get(email=viewer_email), User.objects.get(email=whose_email)
        if viewer != whose and not Authenticator.objects.filter(user=viewer).exists():
            TOTP.activate(viewer, generate_totp_secret())  # staff must use a second factor
        page.context.clear_cookies()
        sign_in_as(viewer)
        for width, height in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            response = page.goto(url_of(live_server, viewer, whose))
            assert response.status == 200, (viewer_email, whose_email)
            expect(page.get_by_role("heading", level=1)).to_contain_text("readiness")
            name = f"{viewer_email.split('@')[0]} on {whose_email.split('@')[0]} at {width}"
            heights[name] = page.evaluate("document.documentElement.scrollHeight")
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems[name] = "scrolls sideways"
            if violations := axe():
                problems[name] = violations
            if viewer == whose:
                button = page.get_by_role("button", name="Prepare my portfolio")
                top = button.bounding_box()["y"] + page.evaluate("window.scrollY")
                heights[f"{name}: portfolio button at"] = round(top)
                if width == 1280 and top > PORTFOLIO_WITHIN:
                    problems[name] = f"portfolio button at y={top:.0f}"
            if heights[name] > HEIGHT_GOAL[width]:
                problems[name] = f"{heights[name]} px tall"
    print("\nreadiness page heights (px):")
    for name, value in heights.items():
        print(f"  {name}: {value}")
    assert problems == {}


def test_the_portfolio_state_updates_in_place_and_details_open_from_the_keyboard(
    page, live_server, locked_site, categories, sign_in_as, axe
):
    call_command("seed_demo", stdout=io.StringIO())
    trainee = User.objects.get(email="trainee.maya@attune.example")
    export = PortfolioExport.objects.create(trainee=trainee)  # being prepared
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/readiness/")
    status = page.locator("#portfolio-status")
    expect(status).to_contain_text("Preparing")
    expect(status.get_by_role("link", name="check again")).to_be_visible()
    assert axe() == []

    # The build finishes while the page is open: the link appears without a reload.
    export.file.save("portfolio-e2e.zip", ContentFile(b"PK"), save=False)
    export.status = ExportStatus.READY
    export.save()
    expect(status.get_by_role("link", name="Download the portfolio")).to_be_visible(timeout=15000)
    expect(status).not_to_contain_text("Preparing")

    # Details are <details>: the keyboard opens them, no script needed.
    summary = page.locator("#grid > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#grid")).to_have_attribute("open", "")
    expect(page.get_by_role("heading", name="Competency evidence")).to_be_visible()
    assert axe() == []
