import pytest
from playwright.sync_api import expect

from tests.factories import ProfileFactory, UserFactory
from tests.references.factories import make_request
from training.competencies.models import EndorsementCategory

pytestmark = pytest.mark.e2e


def test_a_rater_answers_on_a_phone_with_the_keyboard_and_the_applicant_sees_it_counts(
    page, live_server, categories, sign_in_as, axe
):
    trainee = UserFactory(trainee=True, first_name="Rosalind", last_name="Okafor")
    ProfileFactory(user=trainee, target_category=EndorsementCategory.objects.get(code="IFS"))
    request, token = make_request(trainee=trainee, rater_name="Dana Whitfield")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/references/rate/{token}/")
    expect(page.get_by_role("heading", name="Reference rating for Rosalind Okafor")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe() == []

    page.get_by_role("button", name="Send my rating").click()
    expect(page.get_by_text("Some answers need your attention")).to_be_visible()
    assert axe() == []

    page.get_by_label("How many months have you known the applicant?").fill("30")
    # Each statement is a radio group named by its statement: choose by keyboard.
    for group in page.locator("fieldset.rating-statement").all():
        group.get_by_label("Consistently").focus()
        page.keyboard.press("Space")
    page.get_by_label("Comments (optional)").fill("Steady and reflective.")
    page.get_by_role("button", name="Send my rating").click()
    expect(page.get_by_role("heading", name="Thank you: your rating is sent")).to_be_visible()

    page.goto(f"{live_server.url}/references/rate/{token}/")
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()

    sign_in_as(trainee)
    page.goto(f"{live_server.url}/application/references/")
    expect(page.get_by_text("Counts", exact=True)).to_be_visible()
    assert axe() == []
    page.goto(f"{live_server.url}/application/references/invite/")
    assert axe() == []
