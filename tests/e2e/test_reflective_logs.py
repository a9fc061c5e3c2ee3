"""A reflective log's whole journey in the browser: write, submit, comment, return, fix, sign."""

import datetime
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.competencies.demo import seed_framework

pytestmark = pytest.mark.e2e


def test_a_log_goes_from_draft_to_signed_and_its_hours_show(
    page, live_server, locked_site, sign_in_as, axe
):
    seed_framework()
    trainee = UserFactory(trainee=True, first_name="Noor", last_name="Haddad")
    supervisor = UserFactory(supervisor=True, with_mfa=True, first_name="Ines", last_name="Moreau")
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    held_on = timezone.localdate() - datetime.timedelta(days=2)

    # The trainee logs a session: list → form → submitted (nothing flagged, so no check).
    sign_in_as(trainee)
    started, screens = time.monotonic(), 1
    page.goto(f"{live_server.url}/logs/")
    page.get_by_role("link", name="Log a supervision session").click()
    screens += 1
    expect(page.get_by_role("heading", name="Log a supervision session")).to_be_visible()
    page.get_by_label("Date of the session").fill(held_on.isoformat())
    page.get_by_label("Length in minutes").fill("75")
    page.get_by_label("How you met").select_option(label="Video")
    page.get_by_label("Supervisor").select_option(label="Ines Moreau")
    page.get_by_label("My use of self").fill("I felt hurried and noticed I talked over M.")
    page.get_by_label("What I will take forward").fill("Leave more silence.")
    page.get_by_role("button", name="Submit", exact=True).click()
    screens += 1
    expect(page.get_by_text("Submitted. Your supervisor has been told")).to_be_visible()
    seconds = time.monotonic() - started
    print(f"\nA trainee logged a session in {seconds:.1f} s over {screens} screens.")

    page.goto(f"{live_server.url}/logs/new/")
    assert axe() == []

    # The supervisor reads it in the queue, comments on a section and returns it.
    sign_in_as(supervisor)
    page.goto(f"{live_server.url}/review/")
    assert axe() == []
    page.get_by_role("link", name="Noor Haddad").click()
    expect(page.get_by_text("I felt hurried")).to_be_visible()
    assert axe() == []
    commenting = page.locator("#section-use_of_self")
    commenting.get_by_text("Comment on this section").click()
    commenting.get_by_label("Your comment on “My use of self”").fill(
        "What happened just before you noticed it?"
    )
    commenting.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Comment added.")).to_be_visible()
    page.get_by_text("Return with a request instead").click()
    page.get_by_label("What would you like the trainee to change?").fill(
        "Add a line on where the baby was."
    )
    page.get_by_role("button", name="Return with request").click()
    expect(page.get_by_text("Returned to the trainee")).to_be_visible()

    # The trainee sees the request and the comment, fixes the log and submits again.
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/logs/")
    page.get_by_role("link", name=f"{held_on.day} {held_on:%b %Y}").click()
    page.get_by_role("link", name="Edit and resubmit").click()
    expect(page.get_by_text("Add a line on where the baby was.")).to_be_visible()
    expect(page.get_by_text("What happened just before you noticed it?")).to_be_visible()
    assert axe() == []
    page.get_by_label("Holding the baby in mind").fill("The baby looked away whenever I spoke.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10_000)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Submitted.")).to_be_visible()

    # The supervisor signs off with the attestation.
    sign_in_as(supervisor)
    page.goto(f"{live_server.url}/review/")
    page.get_by_role("link", name="Noor Haddad").click()
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Tick the attestation to sign off.")).to_be_visible()
    page.get_by_label("I attest that this session was reflective").check()
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Signed off. The log is locked")).to_be_visible()

    # The hours count on the trainee's dashboard.
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/dashboard/trainee/")
    expect(page.locator("#rsc-hours")).to_contain_text("1.25 h")
    assert axe() == []
