"""The specific 500s of issue 13 finding 14, each now a clear 4xx or a form error.

The class of them (every route, every parameter, every role) is walked in test_hostile_urls.py;
these pin the reported examples and the admin searches and deletions the walk cannot reach.
"""

from http import HTTPStatus

import pytest
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.courses.factories import competency, course, course_index
from tests.factories import UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory
from tests.urlwalk import routes
from training.cohorts.models import Invitation
from training.competencies.models import Competency, CompetencyFramework, Domain

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def superuser(client):
    user = UserFactory(is_superuser=True, is_staff=True, with_mfa=True)
    sign_in(client, user, second_factor=True)
    return user


def test_a_nul_in_a_reflection_answer_is_a_400_not_a_500(client, assignment):
    """A form that is otherwise valid: SQLite would store the NUL, PostgreSQL fails (500)."""
    from tests.reflective_logs.test_views import log_data
    from training.reflective_logs.models import ReflectiveLog

    sign_in(client, assignment.trainee)
    data = log_data(assignment.supervisor, use_of_self="I noticed\x00 how tired I felt.")
    response = client.post(reverse("reflective_logs:create"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "NUL character" in response.content.decode()
    assert not ReflectiveLog.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        f"/learn/{HUGE}/enrol/",
        f"/coordination/courses/{HUGE}/",
        f"/coordination/cohorts/{HUGE}/",
        f"/coordination/cohorts/{HUGE}/enrol/",
        f"/logs/{HUGE}/",
        f"/readiness/people/{HUGE}/",
    ],
)
def test_huge_ids_in_paths_are_404(client, home_page, path):
    user = UserFactory(trainee=True, coordinator=True, supervisor=True, with_mfa=True)
    sign_in(client, user, second_factor=True)
    for method in ("get", "post"):
        assert getattr(client, method)(path).status_code == HTTPStatus.NOT_FOUND


def test_an_oversized_csv_cell_is_a_form_error(client, coordinator):
    cohort = CohortFactory(coordinator=coordinator)
    sign_in(client, coordinator, second_factor=True)
    text = f"Ana Silva,ana@example.org\n{'x' * 200_000},ben@example.org\n"
    response = client.post(reverse("cohort_invite", args=[cohort.pk]), {"rows": text})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Line 2: a cell is longer than" in response.content.decode()
    assert not Invitation.objects.exists()


def _listing_paths() -> list[str]:
    """Every Wagtail admin listing of a snippet or model viewset, and every Django changelist."""
    wagtail = [
        route.path
        for route in routes()
        if not route.params
        and route.name.endswith(":list")
        and route.name.startswith(("wagtailsnippets_", "provider_qualifications"))
    ]
    django = [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    ]
    return wagtail + django


@pytest.mark.parametrize("q", ["name", "Observation", "127.0.0.1", "ü 🍼", "x" * 500, HUGE, "%_'"])
def test_every_admin_search_answers(client, superuser, home_page, q):
    competency("Observation & listening")
    now = timezone.now()
    UserSession.objects.create(
        user=superuser, ip="127.0.0.1", session_key="k" * 32, user_agent="t",
        created_at=now, last_seen_at=now,
    )  # fmt: skip
    paths = _listing_paths()
    assert any("competency" in p for p in paths) and any("usersession" in p for p in paths)
    for path in paths:
        response = client.get(path, {"q": q})
        assert response.status_code == HTTPStatus.OK, (path, q)


def test_the_competency_search_finds_by_name(client, superuser):
    competency("Observation & listening")
    response = client.get("/admin/snippets/competencies/competency/", {"q": "Observation"})
    assert "Observation &amp; listening" in response.content.decode()


@pytest.fixture
def tagged():
    """A competency that tags a signed-off log, and one that tags nothing."""
    used = competency("Observation & listening")
    ReflectiveLogFactory(competencies=[used], state="signed_off")
    return used


@pytest.mark.parametrize("model", [Competency, Domain, CompetencyFramework])
def test_deleting_what_tags_a_signed_log_is_refused_with_a_message(
    client, superuser, tagged, model
):
    target = {Competency: tagged, Domain: tagged.domain,
              CompetencyFramework: tagged.domain.framework}[model]  # fmt: skip
    viewset = model.snippet_viewset
    url = reverse(viewset.get_url_name("delete"), args=[target.pk])
    for method in ("get", "post"):
        response = getattr(client, method)(url, follow=True)
        assert response.status_code == HTTPStatus.OK
        assert "signed-off reflective logs" in response.content.decode()
    bulk = reverse(
        "wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"]
    )
    response = client.post(f"{bulk}?id={target.pk}", follow=True)
    assert response.status_code == HTTPStatus.OK
    assert Competency.objects.filter(pk=tagged.pk).exists()


def test_a_competency_tagging_nothing_signed_still_deletes(client, superuser, tagged):
    spare = competency("Reflective practice")
    url = reverse(Competency.snippet_viewset.get_url_name("delete"), args=[spare.pk])
    client.post(url)
    assert not Competency.objects.filter(pk=spare.pk).exists()


def test_enrolling_by_a_huge_course_id_is_404_for_a_trainee(client, trainee, home_page):
    course(course_index(home_page))
    sign_in(client, trainee)
    assert client.post(f"/learn/{HUGE}/enrol/").status_code == HTTPStatus.NOT_FOUND


@pytest.fixture
def signed_world(home_page):
    """A signed-off log with its trainee, supervisor, session and a competency tag."""
    used = competency("Observation & listening")
    return ReflectiveLogFactory(competencies=[used], state="signed_off")


def _admin_delete_urls():
    """(model, url maker) for every delete view in both admins that an object can reach."""
    from wagtail.snippets.models import get_snippet_models

    from training.competencies.models import ProviderQualification
    from training.users.models import User

    found = [
        (m, lambda o, m=m: reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_delete",
                                   args=[o.pk]))
        for m in admin.site._registry
    ]  # fmt: skip
    for model in get_snippet_models():
        name = model.snippet_viewset.get_url_name("delete")
        found.append((model, lambda o, name=name: reverse(name, args=[o.pk])))
    found.append((User, lambda o: reverse("wagtailusers_users:delete", args=[o.pk])))
    found.append(
        (ProviderQualification, lambda o: reverse("provider_qualifications:delete", args=[o.pk]))
    )
    return found


def test_no_admin_delete_of_anything_tied_to_a_signed_log_is_a_500(client, signed_world):
    """The class: every object of every model either admin can delete, with a signed log in
    the database — deleting is done or refused, never a 500, and the signed log stays."""
    admin_user = UserFactory(is_superuser=True, is_staff=True, with_mfa=True)
    client.raise_request_exception = False
    failures = []
    for model, url_for in _admin_delete_urls():
        for obj in list(model._default_manager.all()[:5]):
            if obj.pk == admin_user.pk:
                continue
            sign_in(client, admin_user, second_factor=True)
            url = url_for(obj)
            for response in (client.get(url), client.post(url, {"post": "yes"})):
                if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
                    failures.append(f"{model.__name__} {url} {response.status_code}")
    assert failures == [], "\n".join(failures)
    signed_world.refresh_from_db()
    assert signed_world.state == "signed_off"
    assert signed_world.competencies.count() == 1


def test_a_protected_delete_is_refused_with_a_409_saying_what_holds_it(signed_world):
    """What the walk above meets in Wagtail's user delete view (it does not catch
    ProtectedError), answered with a page saying why instead of a 500."""
    from django.db.models import ProtectedError
    from django.test import RequestFactory

    from training.core.middleware import HostileInputMiddleware

    with pytest.raises(ProtectedError) as raised:
        signed_world.trainee.delete()
    request = RequestFactory().post("/admin/users/delete/1/")
    response = HostileInputMiddleware(lambda r: None).process_exception(request, raised.value)
    assert response.status_code == HTTPStatus.CONFLICT
    body = response.content.decode()
    assert "cannot be deleted while other records refer to it" in body
    assert "reflective logs" in body
