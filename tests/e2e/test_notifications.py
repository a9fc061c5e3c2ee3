"""The notification centre in a browser: axe-clean and no wider than the screen, with unread
and read items, at desk and phone widths; opening an item lands on its page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from training.notifications.enums import NotificationKind as K
from training.notifications.models import Notification

pytestmark = pytest.mark.e2e


@pytest.fixture
def reader(site):
    person = UserFactory(trainee=True, first_name="Maria", last_name="Lopez")
    titles = [
        (K.LOG_RETURNED, "Your supervisor returned a reflective log", "/logs/"),
        (K.VERIFICATION, "Your coordinator returned a record in your application", "/"),
        (
            K.REMINDER,
            "A deliberately long title with anunbreakablewordthatgoesonandonandonforever "
            "to check that nothing pushes the page wider than a phone",
            "/logs/",
        ),
    ]
    for kind, title, url in titles:
        Notification.objects.create(recipient=person, kind=kind, title=title, url=url)
    Notification.objects.create(
        recipient=person,
        kind=K.LOG_SIGNED,
        title="Your reflective log is signed off",
        url="/logs/",
        read_at=timezone.now(),
    )
    return person


@pytest.mark.parametrize("width", [1280, 375])
def test_the_notification_pages_are_accessible_and_fit_the_screen(
    page, live_server, reader, sign_in_as, axe, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(reader)
    for name in ("notifications:list", "notifications:settings"):
        response = page.goto(live_server.url + reverse(name))
        assert response.status == 200
        assert axe() == [], name
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        print(f"{name} at {width} px: scrollWidth {scroll_width}")
        assert scroll_width <= width, name
    page.goto(live_server.url + reverse("notifications:list"))
    assert page.locator("[data-unread]").count() == 3


def test_opening_an_item_goes_to_its_page_and_the_count_drops(
    page, live_server, reader, sign_in_as
):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as(reader)
    page.goto(live_server.url + reverse("notifications:list"))
    bell = page.locator("[data-nav=notifications]")
    assert bell.get_attribute("aria-label") == "Notifications, 3 unread"
    page.get_by_role("button", name="Your supervisor returned a reflective log", exact=True).click()
    page.wait_for_url(f"{live_server.url}/logs/")
    assert bell.get_attribute("aria-label") == "Notifications, 2 unread"
