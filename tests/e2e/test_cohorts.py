"""A coordinator runs a cohort in the browser: invite by CSV, the invitees join, pair, follow."""

import datetime
import re
import time

import pytest
from playwright.sync_api import expect

from tests.cohorts.factories import CohortFactory
from tests.factories import UserFactory
from training.cohorts.models import CohortMembership
from training.notifications.services import outbox_deliver, outbox_pending_ids

pytestmark = pytest.mark.e2e

CSV = "name,email\nAmara Nwosu,amara@example.org\nLeo Park,leo@example.org\n"


def invitation_links(mail_dir) -> dict[str, str]:
    """The single-use link in each invitation email, by the invitee's address."""
    # With a real broker the worker would send these; here the test sends what is pending.
    for message_id in outbox_pending_ids(older_than=datetime.timedelta(0)):
        outbox_deliver(message_id=message_id)
    links = {}
    for message in sorted(mail_dir.iterdir()):
        text = message.read_text()
        to = re.search(r"^To: (\S+)$", text, re.M).group(1)
        links[to] = re.search(r"https?://\S+/invitations/\S+/", text).group(0)
    return links


def test_coordinator_invites_by_csv_pairs_and_follows_the_cohort(
    page, live_server, site, sign_in_as, mail_dir, axe, tmp_path
):
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    supervisor = UserFactory(supervisor=True, first_name="Rosa", last_name="Quill")
    cohort = CohortFactory(name="Spring home visitors", coordinator=coordinator)

    sign_in_as(coordinator)
    page.goto(f"{live_server.url}/coordination/cohorts/")
    assert axe() == []
    page.get_by_role("link", name="Spring home visitors").click()
    expect(page.get_by_role("heading", name="Spring home visitors", level=1)).to_be_visible()
    assert axe() == []

    upload = tmp_path / "trainees.csv"
    upload.write_text(CSV)
    page.get_by_label("Or upload a CSV file").set_input_files(upload)
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("2 invited")).to_be_visible()
    assert axe() == []

    # Each invitee follows their own link in a fresh browser and creates an account.
    for email, link in invitation_links(mail_dir).items():
        invitee = page.context.browser.new_context()
        tab = invitee.new_page()
        tab.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
        expect(tab.get_by_label("Email")).to_have_value(email)
        tab.locator("#id_password1").fill("a-long-passphrase-77")
        tab.locator("#id_password2").fill("a-long-passphrase-77")
        tab.get_by_role("button", name="Sign Up").click()
        expect(tab.get_by_text("You joined Spring home visitors")).to_be_visible()
        invitee.close()

    # The live server answers from its own thread and connection: wait until both joins are
    # visible to the database before reading the page (the page itself must then show both).
    deadline = time.monotonic() + 10
    while CohortMembership.objects.filter(cohort=cohort).count() < 2:
        assert time.monotonic() < deadline, "the invitees never joined"
        time.sleep(0.2)
    page.reload()
    table = page.locator("#cohort-table")
    expect(table.get_by_role("row")).to_have_count(3)  # header + two trainees
    for name in ("Amara Nwosu", "Leo Park"):
        page.locator("#cohort-actions").get_by_role("link", name="Pair a trainee").click()
        page.get_by_role("combobox", name="Trainee").select_option(label=name)
        page.get_by_role("combobox", name="Supervisor").select_option(label=supervisor.display_name)
        page.get_by_label("Starts on").fill(str(cohort.starts_on))
        page.get_by_role("button", name="Pair", exact=True).click()
        expect(page.get_by_text("The trainee and supervisor are paired.")).to_be_visible()

    for name in ("Amara Nwosu", "Leo Park"):
        row = table.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(supervisor.display_name)
    assert axe() == []
    page.locator("#cohort-actions").get_by_role("link", name="Pair a trainee").click()
    expect(page.locator("#caseloads")).to_contain_text(f"{supervisor.display_name}: 2 supervisees")
    page.go_back()

    # On a phone the wide table scrolls in its own box; the page itself does not.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
