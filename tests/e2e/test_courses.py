"""A trainee enrols, passes a knowledge check, answers a prompt and sees the progress bar move."""

import pytest
from playwright.sync_api import expect

from tests.courses.factories import (
    check_block,
    course,
    course_index,
    module,
    prompt_block,
    text_block,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_a_trainee_enrols_passes_a_check_answers_a_prompt_and_sees_progress(
    page, live_server, site, sign_in_as, axe
):
    check, option_ids = check_block(question="Where does early mental health grow?")
    index = course_index(site)
    watching = course(index, title="Watching babies")
    first = module(watching, title="Looking closely", body=[text_block(), check, prompt_block()])
    module(watching, title="Attachment", body=[check_block()[0]])
    sign_in_as(UserFactory(trainee=True))

    page.goto(f"{live_server.url}{index.url}")
    assert axe() == []
    page.get_by_role("link", name="Watching babies").first.click()
    assert axe() == []
    page.get_by_role("button", name="Enrol in this course").click()
    bar = page.locator("progress.js-course-progress").first
    expect(bar).to_have_attribute("value", "0")

    page.goto(f"{live_server.url}{first.url}")
    expect(page.get_by_role("heading", name="Looking closely")).to_be_visible()
    assert axe() == []
    page.get_by_label("Right answer").check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text("Feedback on Right answer.")).to_be_visible()
    page.get_by_role("textbox").first.fill("I noticed the baby turning toward her voice.")
    page.get_by_role("button", name="Save answer").click()

    page.goto(f"{live_server.url}{watching.url}")
    expect(page.get_by_text("1 of 2 modules complete")).to_be_visible()
    expect(page.locator("progress.js-course-progress").first).to_have_attribute("value", "50")
    assert axe() == []
