"""A supervisor's review burden, measured in the browser: from the review email to a signed log,
and the review page, queue and dashboard at desk and phone widths."""

import datetime
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.notifications.models import OutboxMessage
from training.reflective_logs.models import ReflectiveLog

pytestmark = pytest.mark.e2e

# Ticking the attestation and pressing Sign off: anything more is burden.
MAX_CLICKS_AFTER_SIGN_IN = 3
PHONE = {"width": 375, "height": 667}
LONG = "I noticed the pull to hurry and stayed with it for a moment before answering. " * 12


def current_code(secret: str) -> str:
    """The authenticator's code, never one about to expire before the server checks it."""
    if (into_period := time.time() % 30) > 25:
        time.sleep(30 - into_period + 0.5)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def people():
    supervisor = UserFactory(supervisor=True, with_mfa=True, first_name="Ines", last_name="Moreau")
    trainee = UserFactory(trainee=True, first_name="Noor", last_name="Haddad")
    return supervisor, trainee


def waiting_log(supervisor, trainee=None, *, days_ago=0, **text):
    """A log submitted through the real service (which queues the supervisor's email)."""
    fields = {"trainee": trainee} if trainee else {}
    log = ReflectiveLogFactory(session__provider=supervisor, state="submitted", **fields, **text)
    if days_ago:
        ReflectiveLog.objects.filter(pk=log.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    return log


def review_link(live_server, supervisor, log) -> str:
    """The link in the email the submission queued for the supervisor, pointed at this server."""
    message = OutboxMessage.objects.get(
        recipient=supervisor, dedupe_key=f"rlog-{log.pk}-submitted-v{log.version}"
    )
    match = re.search(r"https?://\S+/review/\d+/", message.body)
    assert match, message.body
    return re.sub(r"^https?://[^/]+", live_server.url, match.group(0))


def no_overflow(any_page) -> bool:
    return any_page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_from_the_review_email_to_a_signed_log(page, live_server, locked_site):
    supervisor, trainee = people()
    older = waiting_log(supervisor, days_ago=3)
    log = waiting_log(supervisor, trainee)
    link = review_link(live_server, supervisor, log)

    loads = []
    page.on("load", lambda _: loads.append(page.url))
    clicks = 0

    def click(locator, *, check=False):
        nonlocal clicks
        clicks += 1
        locator.check() if check else locator.click()

    # Signing in (password, then the authenticator code) is counted apart: the link keeps its
    # place through it and lands on the log.
    page.goto(link)
    page.get_by_label("Email").fill(supervisor.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.I)).click()
    page.locator("input[name=code]").fill(current_code(supervisor.totp_secret))
    page.get_by_role("button", name=re.compile(r"^sign in$", re.I)).click()
    expect(page.get_by_role("heading", name="Reflective log by Noor Haddad")).to_be_visible()
    page.wait_for_load_state("load")
    sign_in_loads = len(loads)

    click(page.get_by_label("I attest that this session was reflective"), check=True)
    click(page.get_by_role("button", name="Sign off", exact=True))
    expect(page.get_by_text("Signed off. The log is locked")).to_be_visible()
    assert ReflectiveLog.objects.get(pk=log.pk).is_signed_off

    # Straight on to the log still waiting, without a trip through the queue.
    expect(page.get_by_text("Next waiting: the log by")).to_be_visible()
    assert page.url.endswith(f"/review/{older.pk}/")
    page.wait_for_load_state("load")
    after = len(loads) - sign_in_loads
    print(
        f"\nsupervisor email to signed: {clicks} clicks after sign-in ({after} page load(s) "
        f"after sign-in; {sign_in_loads} to open the link and sign in with the code)"
    )
    assert clicks <= MAX_CLICKS_AFTER_SIGN_IN

    # The last one signed, the queue says nothing else waits.
    page.get_by_label("I attest that this session was reflective").check()
    page.get_by_role("button", name="Sign off", exact=True).click()
    expect(page.get_by_text("Nothing else waits for you.")).to_be_visible()
    assert page.url.endswith("/review/")


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_review_queue_and_dashboard_are_accessible_without_overflow(
    page, live_server, locked_site, sign_in_as, axe, width
):
    supervisor, trainee = people()
    log = waiting_log(supervisor, trainee, use_of_self=LONG, parallel_process=LONG)
    waiting_log(supervisor, days_ago=2)
    sign_in_as(supervisor)
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else PHONE["height"]})
    for path in ("/dashboard/supervisor/", "/review/", f"/review/{log.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert axe() == [], path
        assert no_overflow(page), path
    # Comments sit beside the section they are about, open by keyboard.
    section = page.locator("#section-use_of_self")
    section.get_by_text("Comment on this section").focus()
    page.keyboard.press("Enter")
    expect(section.get_by_label("Your comment on “My use of self”")).to_be_visible()
    assert axe() == []
    expect(page.get_by_text("Not written: The reflective alliance.")).to_be_visible()


def test_at_phone_width_the_decision_is_in_the_first_view_and_stays_in_reach(
    page, live_server, locked_site, sign_in_as
):
    supervisor, trainee = people()
    log = waiting_log(supervisor, trainee, use_of_self=LONG, parallel_process=LONG)
    sign_in_as(supervisor)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/review/{log.pk}/")

    button = page.get_by_role("button", name="Sign off", exact=True).bounding_box()
    attest = page.get_by_label("I attest that this session was reflective").bounding_box()
    print(f"\nat 375 px the Sign off button ends at y={button['y'] + button['height']:.0f}")
    assert button["y"] + button["height"] <= PHONE["height"]
    assert attest["y"] >= 0

    # While the decision is in view the bar steps aside, covering nothing of the first screen.
    bar = page.locator("#review-actionbar")
    expect(bar).to_be_hidden()
    # Half-way down the log the bar is pinned in view, and takes the keyboard to the decision.
    page.locator("#section-parallel_process").scroll_into_view_if_needed()
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1
    bar.get_by_role("link", name="Sign off or return").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "decision"
    expect(page.get_by_role("button", name="Sign off", exact=True)).to_be_in_viewport()

    # At the end of the page the bar sits below the last words instead of over them.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last = page.locator(".log-section").last.bounding_box()
    assert page.locator("#review-actionbar").bounding_box()["y"] >= last["y"] + last["height"]
