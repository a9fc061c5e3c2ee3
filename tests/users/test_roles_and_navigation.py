from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from training.users.enums import Role

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/snippets/",
    "/admin/provider_qualifications/",
    "/admin/users/",
    "/django-admin/",
    "/django-admin/users/user/",
]


def nav_links(response) -> set[str]:
    html = response.content.decode()
    return {
        name
        for name in (
            "trainee",
            "logs",
            "readiness",
            "supervisor",
            "reviews",
            "coordinator",
            "cohorts",
            "cms",
            "courses",
        )
        if f'data-nav="{name}"' in html
    }


def test_trainee_sees_trainee_navigation_and_dashboard(login, trainee):
    client = login(trainee)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain[-1][0] == reverse("dashboard_trainee")
    assert nav_links(response) == {"trainee", "logs", "readiness", "courses"}
    assert "My training" in response.content.decode()


def test_supervisor_sees_supervision_navigation_and_dashboard(login, supervisor):
    client = login(supervisor)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard_supervisor")
    assert nav_links(response) == {"supervisor", "reviews", "courses"}


def test_coordinator_sees_coordination_and_authoring(login, coordinator):
    client = login(coordinator)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard_coordinator")
    assert nav_links(response) == {"coordinator", "cohorts", "cms", "courses"}


def test_person_with_two_roles_sees_both(login):
    person = UserFactory(roles=[Role.TRAINEE, Role.SUPERVISOR], with_mfa=True)
    response = login(person).get(reverse("dashboard_supervisor"))
    assert response.status_code == HTTPStatus.OK
    assert nav_links(response) == {
        "trainee",
        "logs",
        "readiness",
        "supervisor",
        "reviews",
        "courses",
    }


@pytest.mark.parametrize("name", ["dashboard_supervisor", "dashboard_coordinator"])
def test_trainee_cannot_open_other_roles_dashboards(login, trainee, name):
    assert login(trainee).get(reverse(name)).status_code == HTTPStatus.FORBIDDEN


def test_supervisor_dashboard_lists_only_current_supervisees(login, assignment):
    other = UserFactory(trainee=True, first_name="Unrelated", last_name="Person")
    response = login(assignment.supervisor).get(reverse("dashboard_supervisor"))
    body = response.content.decode()
    assert assignment.trainee.display_name in body
    assert other.display_name not in body


def test_empty_dashboards_say_what_will_appear(login, trainee):
    body = login(trainee).get(reverse("dashboard_trainee")).content.decode()
    assert "will appear here" in body


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_trainee_is_refused_every_admin_url(login, trainee, url):
    response = login(trainee).get(url)
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_supervisor_is_refused_every_admin_url(login, supervisor, url):
    assert login(supervisor).get(url).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/"])
def test_anonymous_admin_visit_goes_to_allauth_login(client, url):
    response = client.get(url, follow=True)
    assert response.redirect_chain
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_wagtail_login_form_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/admin/" in response["Location"]


def test_coordinator_reaches_wagtail_admin(login, coordinator, home_page):
    assert login(coordinator).get("/admin/").status_code == HTTPStatus.OK


def test_coordinator_is_kept_out_of_django_admin(login, coordinator):
    assert login(coordinator).get("/django-admin/").status_code == HTTPStatus.FORBIDDEN


def test_home_page_renders_for_anonymous_visitors(client, home_page):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert "Create an account" in response.content.decode()
