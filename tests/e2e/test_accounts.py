import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def verification_link(mail_dir) -> str:
    text = "".join(p.read_text() for p in sorted(mail_dir.iterdir()))
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", text)
    assert match, text
    return match.group(0)


def test_sign_up_verify_log_in_and_see_the_trainee_dashboard(
    page, live_server, site, mail_dir, axe
):
    page.goto(f"{live_server.url}/accounts/signup/")
    assert axe() == []
    page.get_by_label("Email").fill("new.trainee@example.org")
    page.locator("#id_password1").fill("a-long-passphrase-77")
    page.locator("#id_password2").fill("a-long-passphrase-77")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()

    link = verification_link(mail_dir).replace("http://testserver", live_server.url)
    link = re.sub(r"^https?://[^/]+", live_server.url, link)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Sign out and back in through the login form, as a returning person would.
    page.get_by_role("button", name=re.compile("new.trainee@example.org")).click()
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe() == []
    page.get_by_label("Email").fill("new.trainee@example.org")
    page.locator("#id_password").fill("a-long-passphrase-77")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My training")).to_be_visible()
    assert page.url.endswith("/dashboard/trainee/")
    assert axe() == []


@pytest.mark.parametrize(
    ("role", "path", "heading"),
    [
        ("trainee", "/dashboard/trainee/", "My training"),
        ("supervisor", "/dashboard/supervisor/", "Supervision"),
        ("coordinator", "/dashboard/coordinator/", "Coordination"),
    ],
)
def test_each_dashboard_has_no_serious_accessibility_violations(
    page, live_server, site, sign_in_as, axe, role, path, heading
):
    person = UserFactory(**{role: True}, with_mfa=role != "trainee")
    sign_in_as(person)
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert axe() == []


def test_dashboard_is_usable_at_375_pixels(page, live_server, site, sign_in_as):
    sign_in_as(UserFactory(trainee=True))
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/dashboard/trainee/")
    menu = page.get_by_role("button", name="Show menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="My training")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False


def test_login_page_keyboard_reaches_skip_link_first(page, live_server, site):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"


def test_a_wrong_password_shows_an_error_in_the_browser(page, live_server, site):
    person = UserFactory(trainee=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.locator("#id_password").fill(PASSWORD + "-wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("not correct")).to_be_visible()
