"""Logging a session from the dashboard, counted: at most 3 screens and 6 required inputs.

A screen is a page the browser loads after sign-in (a POST answered by a redirect is one); an
input is a form control the trainee had to change from what the page offered her.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.reflective_logs.models import ReflectiveLog

from .conftest import axe_violations

pytestmark = pytest.mark.e2e

MAX_SCREENS, MAX_INPUTS = 3, 6
WIDTHS = (1280, 375)

# Controls of the log form whose value differs from what the server rendered into it.
CHANGED_CONTROLS = """() => [...document.querySelectorAll(
    '#log-form input, #log-form select, #log-form textarea')].filter(el => {
  if (el.type === 'hidden' || el.type === 'submit') return false;
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
  if (el.tagName === 'SELECT') return [...el.options].some(o => o.selected !== o.defaultSelected);
  return el.value !== el.defaultValue;
}).map(el => el.name)"""


@pytest.fixture
def paired(locked_site):
    trainee = UserFactory(trainee=True, first_name="Noor", last_name="Haddad")
    supervisor = UserFactory(supervisor=True, with_mfa=True, first_name="Ines", last_name="Moreau")
    SupervisionAssignmentFactory(
        supervisor=supervisor,
        trainee=trainee,
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    return trainee, supervisor


def test_a_trainee_logs_a_session_from_the_dashboard_in_three_screens(
    page, live_server, paired, sign_in_as
):
    trainee, _supervisor = paired
    sign_in_as(trainee)
    loads: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and loads.append(frame.url))

    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="Log a session", exact=True).click()
    expect(page.get_by_role("heading", name="Log a supervision session")).to_be_visible()
    # Today, the usual hour and the one supervisor are already there.
    expect(page.get_by_label("Date of the session")).to_have_value(timezone.localdate().isoformat())
    expect(page.get_by_label("Length in minutes")).to_have_value("60")
    expect(page.get_by_label("Supervisor")).to_have_value(str(_supervisor.pk))
    page.get_by_label("My use of self").fill("I felt hurried and noticed I talked over M.")
    changed = page.evaluate(CHANGED_CONTROLS)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Submitted. Your supervisor has been told")).to_be_visible()

    screens, inputs = len(loads), len(changed)
    print(f"log a session: {screens} screens, {inputs} required inputs")
    assert ReflectiveLog.objects.get(trainee=trainee).state == "submitted"
    assert screens <= MAX_SCREENS, loads
    assert inputs <= MAX_INPUTS, changed


def test_a_flagged_name_is_checked_on_the_form_and_must_be_confirmed(
    page, live_server, paired, sign_in_as
):
    trainee, _supervisor = paired
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/logs/new/")
    page.get_by_label("Understanding the family story").fill("Mrs Patel rang before the visit.")
    page.get_by_role("button", name="Submit", exact=True).click()
    check = page.locator("#deid-check")
    expect(check).to_contain_text("1 detail might identify a family")
    expect(check.locator("mark")).to_have_text("Mrs Patel (possible name)")
    # The same form: the text to change is right there, and nothing was sent yet.
    expect(page.get_by_label("Understanding the family story")).to_be_visible()
    assert ReflectiveLog.objects.get(trainee=trainee).state == "draft"
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#deid-check")).to_be_visible()
    assert ReflectiveLog.objects.get(trainee=trainee).state == "draft"
    page.get_by_label("I have checked each highlighted detail").check()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    assert ReflectiveLog.objects.get(trainee=trainee).state == "submitted"


def test_a_draft_is_discarded_after_asking(page, live_server, paired, sign_in_as):
    trainee, supervisor = paired
    log = ReflectiveLogFactory(
        trainee=trainee,
        session__provider=supervisor,
        session__held_on=timezone.localdate() - datetime.timedelta(days=1),
        paired=False,
    )
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/logs/{log.pk}/edit/")
    page.get_by_role("link", name="Discard draft").click()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Discard it").click()
    expect(page.get_by_text("Draft discarded.")).to_be_visible()
    assert not ReflectiveLog.objects.filter(pk=log.pk).exists()


def test_the_pages_touched_are_axe_clean_and_fit_at_both_widths(
    page, live_server, paired, sign_in_as
):
    trainee, supervisor = paired
    held_on = timezone.localdate() - datetime.timedelta(days=3)
    returned = ReflectiveLogFactory(
        trainee=trainee,
        session__provider=supervisor,
        session__held_on=held_on,
        paired=False,
        state="returned",
    )
    flagged = ReflectiveLogFactory(
        trainee=trainee,
        session__provider=supervisor,
        session__held_on=held_on - datetime.timedelta(days=1),
        paired=False,
        family_story="Mrs Patel rang on 555-201-7788.",
    )
    ReflectiveLogFactory(
        trainee=trainee,
        session__provider=supervisor,
        session__held_on=held_on - datetime.timedelta(days=2),
        paired=False,
    )
    sign_in_as(trainee)
    pages = {
        "dashboard": "/dashboard/trainee/",
        "log list": "/logs/",
        "new log": "/logs/new/",
        "returned log": f"/logs/{returned.pk}/edit/",
        "inline check": f"/logs/{flagged.pk}/edit/?check=1",
        "log detail": f"/logs/{returned.pk}/",
        "discard": f"/logs/{flagged.pk}/discard/",
    }
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems[f"{name} at {width}"] = f"{wide} px wide"
            if violations := axe_violations(page):
                problems[f"{name} at {width} (axe)"] = violations
    assert problems == {}
    # The returned log is in the panel at the top and counted in the navigation.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dashboard/trainee/")
    expect(page.locator("#returned-logs")).to_contain_text("Ines Moreau asks for changes")
    expect(page.get_by_role("link", name="Reflective logs 1 returned for changes")).to_be_visible()
