"""A trainee goes from "not ready" to "ready to apply" on a phone: she enters her education and
work, invites a third rater who answers from the emailed link, and her coordinator verifies."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.applications.factories import accept_agreements, membership, reference
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory
from tests.e2e.conftest import AXE, AXE_TAGS
from tests.factories import ProfileFactory, UserFactory
from training.competencies.enums import RaterRole
from training.competencies.models import EndorsementCategory
from training.notifications.services import outbox_deliver, outbox_pending_ids

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}


def serious_violations(tab) -> list[dict]:
    """The `axe` fixture's check, for a tab outside the test's own page."""
    tab.evaluate(AXE.read_text())
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_the_phone(tab) -> bool:
    """The document itself never scrolls sideways (a wide table may, in its own box)."""
    return tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def rating_link(mail_dir, rater_email: str) -> str:
    """The single-use link in the invitation emailed to `rater_email`."""
    # With a real broker the worker would send these; here the test sends what is pending.
    for message_id in outbox_pending_ids(older_than=datetime.timedelta(0)):
        outbox_deliver(message_id=message_id)
    for message in sorted(mail_dir.iterdir()):
        text = message.read_text()
        if re.search(rf"^To: {re.escape(rater_email)}$", text, re.M):
            return re.search(r"https?://\S+/references/rate/[\w-]+/", text).group(0)
    raise AssertionError(f"no email to {rater_email}")


def requirement(page, code: str):
    return page.locator(f"[data-requirement='{code}']").first


def test_a_trainee_gets_ready_to_apply_on_a_phone(
    page, browser, live_server, categories, sign_in_as, axe, mail_dir
):
    ifa = EndorsementCategory.objects.get(code="IFA")
    trainee = UserFactory(trainee=True, first_name="Imani", last_name="Castellanos")
    ProfileFactory(user=trainee, target_category=ifa)
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    TrainingRecordFactory(trainee=trainee, hours=Decimal("30"), title="Infant development")
    membership(trainee)
    accept_agreements(trainee)
    ifs = EndorsementCategory.objects.get(code="IFS")
    reference(trainee, RaterRole.CURRENT_SUPERVISOR, rater_category=ifs, rater_name="Sam Ortiz")
    reference(trainee, RaterRole.COLLEAGUE, rater_name="Lee Park")

    page.set_viewport_size(PHONE)
    sign_in_as(trainee)

    # Not ready: no education, and one rating short.
    page.goto(f"{live_server.url}/readiness/")
    expect(page.get_by_text("Not ready to apply yet")).to_be_visible()
    education = requirement(page, "education")
    expect(education).to_have_attribute("data-state", "not_met")
    expect(education).to_contain_text(
        "Needs a CDA or associate's degree or higher in a related field, "
        "or 2 years of paid work with children 0–3."
    )
    references = requirement(page, "references")
    expect(references).to_have_attribute("data-state", "not_met")
    expect(references).to_contain_text("Still needed: 1 more rating.")
    assert fits_the_phone(page)
    assert axe() == []

    # The application records: a degree and a position, each through its form.
    page.goto(f"{live_server.url}/application/")
    expect(page.get_by_role("heading", name="My application", level=1)).to_be_visible()
    assert fits_the_phone(page)
    assert axe() == []
    page.get_by_role("link", name="Add a degree or credential").click()
    assert fits_the_phone(page)
    assert axe() == []
    page.get_by_label("Degree or credential").select_option(label="CDA or associate's degree")
    page.get_by_label("Field of study").fill("Early childhood education")
    page.get_by_label("In a field related to infants").check()
    page.get_by_label("Institution").fill("Valley Community College")
    page.get_by_label("Completed on").fill("2021-05-20")
    page.get_by_role("button", name="Save").click()
    row = page.locator("tr[data-record^='education:']")
    expect(row).to_contain_text("Early childhood education")
    expect(row).to_contain_text("Waiting for verification")
    assert fits_the_phone(page)
    assert axe() == []

    page.get_by_role("link", name="Add a position").click()
    assert fits_the_phone(page)
    assert axe() == []
    page.get_by_label("Position").fill("Infant room teacher")
    page.get_by_label("Employer").fill("Little Sprouts Centre")
    page.get_by_label("Started on").fill("2021-06-01")
    page.get_by_label("Hours per week").fill("40")
    page.get_by_label("Paid work").check()
    page.get_by_label("Families served").fill("12")
    page.get_by_label("Age group served").select_option(label="Infants and toddlers (0–3)")
    page.get_by_label("Your duties").fill("Primary caregiver for four infants.")
    page.get_by_label("Direct supervisor's name").fill("Jo Rivera")
    page.get_by_label("Direct supervisor's email").fill("jo.rivera@example.org")
    page.get_by_role("button", name="Save").click()
    row = page.locator("tr[data-record^='work:']")
    expect(row).to_contain_text("Infant room teacher")
    expect(row).to_contain_text("Waiting for verification")
    assert fits_the_phone(page)
    assert axe() == []

    # A third rater, invited from the references page.
    page.goto(f"{live_server.url}/application/references/")
    assert fits_the_phone(page)
    assert axe() == []
    page.goto(f"{live_server.url}/application/references/invite/")
    assert fits_the_phone(page)
    assert axe() == []
    page.get_by_label("Rater's name").fill("Dana Whitfield")
    page.get_by_label("Rater's email address").fill("dana.whitfield@example.org")
    page.get_by_label("Who they are to you").select_option(label="Colleague")
    page.get_by_role("button", name="Send the invitation").click()
    invited = page.get_by_role("row").filter(has_text="Dana Whitfield")
    expect(invited).to_contain_text("Not yet: waiting for the rater")
    assert fits_the_phone(page)
    assert axe() == []

    # The rater follows the emailed link in her own browser, with no account and no session.
    link = re.sub(
        r"^https?://[^/]+", live_server.url, rating_link(mail_dir, "dana.whitfield@example.org")
    )
    rater = browser.new_context(viewport=PHONE)
    tab = rater.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.goto(link)
    expect(
        tab.get_by_role("heading", name="Reference rating for Imani Castellanos")
    ).to_be_visible()
    expect(tab.get_by_text(ifa.name).first).to_be_visible()
    body = tab.locator("main").inner_text() if tab.locator("main").count() else tab.content()
    for private in (trainee.email, "Valley Community College", "Little Sprouts", "Sam Ortiz"):
        assert private not in body
    assert fits_the_phone(tab)
    assert serious_violations(tab) == []
    tab.get_by_label("How many months have you known the applicant?").fill("18")
    statements = tab.locator("fieldset.rating-statement").all()
    assert statements
    statements[0].get_by_label("Consistently").focus()  # the first group by keyboard
    tab.keyboard.press("Space")
    expect(statements[0].get_by_label("Consistently")).to_be_checked()
    for group in statements[1:]:
        group.get_by_label("Consistently").check()
    tab.get_by_role("button", name="Send my rating").click()
    expect(tab.get_by_role("heading", name="Thank you: your rating is sent")).to_be_visible()
    assert fits_the_phone(tab)
    assert serious_violations(tab) == []
    assert [e for e in errors if "Content Security Policy" in e or "Refused to" in e] == []
    rater.close()

    # References are met; education waits for the coordinator; not ready yet.
    page.goto(f"{live_server.url}/readiness/")
    expect(requirement(page, "references")).to_have_attribute("data-state", "met")
    expect(requirement(page, "references")).to_contain_text("Done: 3 valid reference ratings.")
    education = requirement(page, "education")
    expect(education).to_have_attribute("data-state", "waiting")
    expect(education.get_by_text("Waiting for verification")).to_be_visible()
    expect(page.locator("[data-ready]")).to_have_attribute("data-ready", "no")
    expect(page.get_by_text("Ready to apply: every requirement below is met.")).to_have_count(0)
    assert fits_the_phone(page)
    assert axe() == []

    # The coordinator verifies both records from her queue.
    page.context.clear_cookies()
    sign_in_as(coordinator)
    page.goto(f"{live_server.url}/application/review/")
    expect(page.get_by_role("heading", name="Application records to verify")).to_be_visible()
    assert fits_the_phone(page)
    assert axe() == []
    page.get_by_role("button", name="Verify Early childhood education").click()
    expect(page.locator("li[data-record^='education:']")).to_have_count(0)
    expect(page.get_by_text("of Imani Castellanos is verified.")).to_be_visible()
    page.get_by_role("button", name="Verify Infant room teacher").click()
    expect(page.locator("li[data-record^='work:']")).to_have_count(0)
    expect(page.get_by_text("Nothing is waiting.")).to_be_visible()
    assert fits_the_phone(page)
    assert axe() == []

    # Ready, on the readiness page and on the dashboard.
    page.context.clear_cookies()
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/readiness/")
    expect(page.get_by_text("Ready to apply: every requirement below is met.")).to_be_visible()
    expect(requirement(page, "education")).to_have_attribute("data-state", "met")
    assert fits_the_phone(page)
    assert axe() == []
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#application-verdict")).to_contain_text("Ready to apply")
    expect(page.get_by_text("Ready to apply: every requirement is met.")).to_be_visible()
    assert fits_the_phone(page)
    assert axe() == []
