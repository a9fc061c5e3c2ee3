"""A trainee enrols in a demo course, passes a knowledge check, answers a prompt, sees progress."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from training.courses.demo import seed_courses
from training.courses.models import CoursePage

pytestmark = pytest.mark.e2e


def test_a_trainee_takes_the_first_module_of_a_demo_course_and_sees_progress(
    page, live_server, site, sign_in_as, axe
):
    seed_courses()
    pathways = CoursePage.objects.get(title="Pathways to Endorsement")
    modules = list(pathways.modules())
    first = modules[0]
    sign_in_as(UserFactory(trainee=True))

    page.goto(f"{live_server.url}{pathways.get_parent().url}")
    assert axe() == []
    page.get_by_role("link", name="Pathways to Endorsement").first.click()
    assert axe() == []
    # Enrolling opens the first module, with the course progress bar at zero.
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_role("heading", name=first.title)).to_be_visible()
    expect(page.locator("progress.js-course-progress").first).to_have_attribute("value", "0")
    assert axe() == []
    # A wrong answer is marked on the server and the module stays open.
    page.get_by_label("A university degree in psychology only").check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text("Not quite.").first).to_be_visible()
    page.get_by_label("A professional's specialised knowledge and skills in the field").check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.get_by_text("Yes — that is the heart of it.").first).to_be_visible()
    page.get_by_role("textbox").first.fill("I promote healthy relationships in a library.")
    page.get_by_role("button", name="Save answer").click()
    # The page says so at once, without a reload.
    expect(page.get_by_text("You have completed this module.")).to_be_visible()
    expect(page.locator(".js-progress-text").first).to_have_text(
        f"1 of {len(modules)} modules complete"
    )

    page.goto(f"{live_server.url}{pathways.url}")
    expect(page.get_by_text(f"1 of {len(modules)} modules complete")).to_be_visible()
    bar = page.locator("progress.js-course-progress").first
    expect(bar).to_have_attribute("value", str(round(100 / len(modules))))
    assert axe() == []
