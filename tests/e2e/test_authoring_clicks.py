"""A coordinator adds a module with a knowledge check and competencies and publishes it, from the
Wagtail admin home, counting every click. Typing into a field is not counted as a click."""

import pytest
from playwright.sync_api import expect

from tests.courses.factories import course, course_index, module
from tests.e2e.conftest import AXE, AXE_TAGS, axe_violations
from tests.factories import UserFactory
from training.competencies.models import Competency
from training.courses.authoring import course_workflow_ensure
from training.courses.models import ModulePage

pytestmark = pytest.mark.e2e

CLICK_GOAL = 8


class Clicks:
    """Clicks a person makes; each goes through here so none is left uncounted."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


def test_coordinator_adds_a_module_in_at_most_eight_clicks(
    page, live_server, site, categories, sign_in_as
):
    index = course_index(site)
    course_page = course(index, title="Feeding and sleep")
    module(course_page, title="Reading cues", hours="1")
    course_workflow_ensure(index)
    assert Competency.objects.count() >= 40  # the seeded framework: the picker has to scale
    wanted = Competency.objects.filter(name__icontains="observation").first() or (
        Competency.objects.first()
    )
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    sign_in_as(coordinator)  # a session with both factors, as staff must have
    click = Clicks()

    page.goto(f"{live_server.url}/admin/")
    click(page.get_by_role("link", name="Courses", exact=True))
    expect(page.get_by_role("heading", name="Feeding and sleep")).to_be_visible()
    assert axe_violations(page) == []

    # The same list on a phone: still no serious problems and nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})

    click(page.get_by_role("link", name="Add module to Feeding and sleep"))
    page.locator("#id_title").fill("Night waking")
    page.locator("#id_credit_hours").fill("1.5")
    # The filter narrows 45 competencies to the one wanted; its checkbox is one click.
    page.get_by_label("Filter competencies").fill(wanted.name.split()[0])
    boxes = page.locator("[data-competency-picker] input[type=checkbox]")
    visible = boxes.evaluate_all("els => els.filter(e => e.checkVisibility()).length")
    assert 0 < visible < boxes.count()  # the filter hides what does not match
    expect(page.locator("[data-competency-status]")).to_contain_text("shown for")
    click(page.get_by_role("checkbox", name=wanted.name, exact=True))
    assert _picker_violations(page) == []

    click(page.get_by_role("button", name="Insert a block").first)
    click(page.get_by_role("option", name="Knowledge check"))
    page.locator('textarea[name="body-0-value-question"]').fill("What helps a baby resettle?")
    options = page.locator('[name^="body-0-value-options-"][name$="-value-text"]')
    expect(options).to_have_count(2)  # a new check starts with the two options it needs
    for position, (text, feedback) in enumerate(
        [("A calm, predictable response", "Yes."), ("Leaving the light on", "Not usually.")]
    ):
        options.nth(position).fill(text)
        page.locator('[name^="body-0-value-options-"][name$="-value-feedback"]').nth(position).fill(
            feedback
        )
    click(page.locator('[name^="body-0-value-options-"][name$="-value-is_correct"]').first)

    click(page.get_by_role("button", name="More actions"))
    click(page.get_by_role("button", name="Publish"))
    expect(page.get_by_text("published")).to_be_visible()

    new = ModulePage.objects.get(title="Night waking")
    assert new.live
    assert list(new.competencies.all()) == [wanted]
    assert [block.block_type for block in new.body] == ["check"]
    course_page.refresh_from_db()
    assert course_page.estimated_hours == new.credit_hours + 1
    print(f"coordinator adds a module: {click.count} clicks")
    assert click.count <= CLICK_GOAL


def _picker_violations(any_page) -> list[dict]:
    """axe on the competency picker alone (the rest of the editor is Wagtail's)."""
    any_page.evaluate(AXE.read_text())
    result = any_page.evaluate(
        "tags => axe.run('[data-competency-picker]', {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
