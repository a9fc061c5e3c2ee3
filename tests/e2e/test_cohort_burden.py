"""The coordinator's cohort page in a browser (issue 17): pairing is one click from the top,
a refused pairing puts focus on a summary that names the overlap before the qualification
warning, a pairing ends from the page, and both pages are axe-clean and fit 1280 and 375 px."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.users.models import SupervisionAssignment
from training.users.services import profile_update

pytestmark = pytest.mark.e2e

OVERLAP = "These two are already paired for part of this period."
NOT_QUALIFIED = "is not qualified in the provider registry"
WIDTHS = (1280, 375)


def _fits(page, width: int) -> int:
    """The page's own width at `width` px (wide tables may scroll in their box, not the page)."""
    page.set_viewport_size({"width": width, "height": 900})
    return page.evaluate("document.documentElement.scrollWidth")


def _check_at_both_widths(page, axe, name: str) -> None:
    for width in WIDTHS:
        scroll_width = _fits(page, width)
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"{name} at {width} px: {scroll_width} px wide, {height} px tall")
        assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px"
        assert axe() == [], f"{name} at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_refused_pairing_focuses_the_summary_overlap_first(
    page, live_server, categories, sign_in_as, axe
):
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    trainee = UserFactory(trainee=True, first_name="Marisol", last_name="Quintero")
    profile_update(user=trainee, target_category=category("IFS"))
    others = UserFactory.create_batch(5, trainee=True)
    cohort = CohortFactory(
        name="Autumn home visitors", coordinator=coordinator, trainees=[trainee, *others]
    )
    supervisor = UserFactory(supervisor=True, first_name="Rosa", last_name="Quill")
    SupervisionAssignmentFactory(
        supervisor=supervisor,
        trainee=trainee,
        starts_on=datetime.date.today() - datetime.timedelta(days=20),
    )

    sign_in_as(coordinator)
    page.goto(f"{live_server.url}/coordination/cohorts/{cohort.pk}/")
    pair_link = page.locator("#cohort-actions").get_by_role(
        "link", name="Pair a trainee with a supervisor"
    )
    link_y = pair_link.bounding_box()["y"]
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\ncohort page at 1280 px: {height} px tall, pairing link at y={link_y:.0f}")
    assert link_y < 400
    # The trainee's name opens her progress.
    expect(
        page.locator("#cohort-table").get_by_role("link", name=trainee.display_name, exact=True)
    ).to_have_attribute("href", f"/readiness/people/{trainee.pk}/")
    _check_at_both_widths(page, axe, "the cohort page")

    pair_link.click()
    expect(page.get_by_role("heading", name="Pair a trainee with a supervisor")).to_be_visible()
    _check_at_both_widths(page, axe, "the pairing page")
    page.get_by_role("combobox", name="Trainee").select_option(label=trainee.display_name)
    page.get_by_role("combobox", name="Supervisor").select_option(label=supervisor.display_name)
    page.get_by_role("button", name="Pair", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    text = summary.inner_text()
    assert OVERLAP in text and NOT_QUALIFIED in text
    assert text.index(OVERLAP) < text.index(NOT_QUALIFIED)
    # Across the whole page too: the first the eye meets is the overlap.
    body = page.locator("main").inner_text()
    assert body.index(OVERLAP) < body.index(NOT_QUALIFIED)
    summary_y = summary.bounding_box()["y"]
    print(f"refused pairing at 1280 px: summary at y={summary_y:.0f}, focused")
    assert summary_y < 400
    # Each line leads to its field.
    summary.get_by_role("link", name=OVERLAP).click()
    assert page.evaluate("document.activeElement.id") == "id_starts_on"
    _check_at_both_widths(page, axe, "the refused pairing page")
    assert SupervisionAssignment.objects.count() == 1

    # End the existing pairing from the cohort page, after confirming.
    page.goto(f"{live_server.url}/coordination/cohorts/{cohort.pk}/")
    row = page.locator("#pairings").get_by_role("row").filter(has_text=trainee.display_name)
    row.locator("summary").click()
    _check_at_both_widths(page, axe, "the cohort page with a confirmation open")
    row.get_by_role("button", name="Yes, end it today").click()
    ended = page.get_by_text("The pairing of Marisol Quintero with Rosa Quill ends on")
    expect(ended).to_be_visible()
    expect(page.locator("#pairings")).to_contain_text("Ends today")
    assert SupervisionAssignment.objects.get().ends_on == datetime.date.today()
