import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from home.models import HomePage
from tests.courses.factories import course, module, prompt_block
from tests.factories import UserFactory
from training.courses import services
from training.courses.models import (
    CheckAttempt,
    CourseIndexPage,
    CoursePage,
    ModulePage,
    ReflectionAnswer,
)

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    # One catalogue, under the home page (migrate makes it: tests/core/test_migrate_alone.py).
    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]
    assert CourseIndexPage.max_count == 1
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert ModulePage.allowed_subpage_models() == []
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert not CoursePage.can_create_at(HomePage())
    assert not ModulePage.can_create_at(CourseIndexPage())


def test_catalogue_and_course_render_for_anyone(client, learning):
    index = learning["course"].get_parent()
    response = client.get(index.url)
    assert response.status_code == HTTPStatus.OK
    assert "Watching babies" in response.content.decode()
    response = client.get(learning["course"].url)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Looking closely" in body and "Sign in to enrol" in body
    assert learning["first"].url not in body  # modules are not linked before enrolment


def test_catalogue_redirect_and_nav(client, learning):
    response = client.get(reverse("courses:catalogue"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == learning["course"].get_parent().url
    assert 'data-nav="courses"' in client.get("/").content.decode()


def test_anonymous_is_sent_to_sign_in(client, learning):
    response = client.get(learning["first"].url)
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]


def test_not_enrolled_trainee_is_sent_to_the_course(login, trainee, learning):
    response = login(trainee).get(learning["first"].url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == learning["course"].url
    check_url = reverse("courses:check_submit", args=[learning["first"].pk, learning["check_id"]])
    response = login(trainee).post(check_url, {"option": learning["right"]})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not CheckAttempt.objects.exists()


def test_enrol_then_module_renders_without_answers(login, trainee, learning):
    client = login(trainee)
    response = client.post(reverse("courses:enrol", args=[learning["course"].pk]))
    assert response["Location"] == learning["first"].url
    client.post(reverse("courses:enrol", args=[learning["course"].pk]))  # double submit
    assert trainee.enrolments.count() == 1
    response = client.get(learning["first"].url)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert learning["right"] in body and learning["wrong"] in body  # opaque ids only
    assert "is_correct" not in body and "Feedback on" not in body
    assert 'rel="next"' in body and learning["second"].url in body
    second = client.get(learning["second"].url).content.decode()
    assert 'rel="prev"' in second


def test_answers_never_in_page_source(login, trainee, learning, enrolled):
    body = login(trainee).get(learning["first"].url).content.decode()
    # ARIA states (an icon hidden from screen readers) are the page's only legitimate "true".
    without_aria = re.sub(r'aria-[a-z]+="true"', "", body)
    for marker in ('"is_correct"', "is_correct", "true", "True"):
        assert marker not in without_aria
    # The right option is indistinguishable from the wrong one in the markup.
    right = re.search(rf'<input[^>]*value="{learning["right"]}"[^>]*>', body).group(0)
    wrong = re.search(rf'<input[^>]*value="{learning["wrong"]}"[^>]*>', body).group(0)
    assert right.replace(learning["right"], "X") == wrong.replace(learning["wrong"], "X")


def test_check_post_grades_and_rejects_forgery(login, trainee, learning, enrolled):
    client = login(trainee)
    url = reverse("courses:check_submit", args=[learning["first"].pk, learning["check_id"]])
    response = client.post(url, {"option": "forged-id"}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "not one of this question" in response.content.decode()
    response = client.post(url, {"option": "forged"}, HTTP_ACCEPT="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not CheckAttempt.objects.exists()
    response = client.post(url, {"option": learning["right"]}, follow=True)
    body = response.content.decode()
    assert "Correct" in body and "Feedback on Right answer." in body
    client.post(url, {"option": learning["right"]})  # repeated POST
    assert CheckAttempt.objects.count() == 1


def test_autosave_reports_the_progress_the_page_shows(login, trainee, learning, enrolled):
    client = login(trainee)
    first = learning["first"]
    client.post(
        reverse("courses:check_submit", args=[first.pk, learning["check_id"]]),
        {"option": learning["right"]},
    )
    url = reverse("courses:reflection_save", args=[first.pk, learning["prompt_id"]])
    data = client.post(url, {"text": "I saw her look back."}, HTTP_ACCEPT="application/json").json()
    assert data["module_done"] is True and data["course_done"] is False
    assert data["percent"] == 50 and data["progress_text"] == "1 of 2 modules complete"
    assert data["progress_text"] in client.get(learning["course"].url).content.decode()


def test_reflection_autosave_json_and_privacy(login, trainee, learning, enrolled):
    client = login(trainee)
    url = reverse("courses:reflection_save", args=[learning["first"].pk, learning["prompt_id"]])
    response = client.post(url, {"text": "My private worry"}, HTTP_ACCEPT="application/json")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["ok"] is True
    assert ReflectionAnswer.objects.get().text == "My private worry"
    assert "My private worry" in client.get(learning["first"].url).content.decode()

    other = UserFactory(trainee=True)
    services.enrolment_create(trainee=other, course=learning["course"])
    other_client = login(other)
    body = other_client.get(learning["first"].url).content.decode()
    assert "My private worry" not in body
    # Another trainee's post writes their own answer, never overwrites someone else's.
    other_client.post(url, {"text": "Mine"})
    assert ReflectionAnswer.objects.get(trainee=trainee).text == "My private worry"


def test_reflection_too_long_is_refused(login, trainee, learning, enrolled):
    url = reverse("courses:reflection_save", args=[learning["first"].pk, learning["prompt_id"]])
    response = login(trainee).post(url, {"text": "x" * 10001}, HTTP_ACCEPT="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "under" in response.json()["error"]


def test_unpublished_pages_never_served_listed_or_found(client, login, trainee, index, learning):
    draft = course(index, title="Secret draft course", live=False, summary="hidden zebra course")
    draft_module = module(learning["course"], title="Hidden zebra module", live=False)
    assert client.get(draft.url or "/courses/secret-draft-course/").status_code == 404
    services.enrolment_create(trainee=trainee, course=learning["course"])
    assert login(trainee).get("/courses/watching-babies/hidden-zebra-module/").status_code == 404
    listing = client.get(index.url).content.decode()
    assert "Secret draft course" not in listing
    search = client.get(index.url, {"q": "zebra"}).content.decode()
    assert "Secret draft course" not in search and "Watching babies" not in search
    course_page = login(trainee).get(learning["course"].url).content.decode()
    assert "Hidden zebra module" not in course_page
    assert draft_module.pk not in [m.pk for m in learning["course"].modules()]


def test_catalogue_filters_and_search(client, index, learning):
    other = course(
        index,
        title="Courtroom babies",
        level="advanced",
        audience_disciplines=["judicial"],
        summary="Infants in family court.",
    )
    module(other, title="Hearings", body=[prompt_block("What does the baby need?")])
    url = index.url

    def titles(**params):
        body = client.get(url, params).content.decode()
        return {t for t in ("Watching babies", "Courtroom babies") if t in body}

    assert titles() == {"Watching babies", "Courtroom babies"}
    assert titles(level="advanced") == {"Courtroom babies"}
    assert titles(discipline="judicial") == {"Watching babies", "Courtroom babies"}
    learning["course"].audience_disciplines = ["home_visiting"]
    learning["course"].save_revision().publish()
    assert titles(discipline="judicial") == {"Courtroom babies"}
    assert titles(competency=learning["competencies"][1].pk) == {"Watching babies"}
    assert titles(q="court") == {"Courtroom babies"}
    assert titles(q="Hearings") == {"Courtroom babies"}  # found through its module
    assert titles(level="nonsense", competency="x", discipline="<b>") == {
        "Watching babies",
        "Courtroom babies",
    }


def test_dashboard_panel_continue_where_left_off(login, trainee, learning, enrolled):
    client = login(trainee)
    client.get(learning["second"].url)
    # The page's beacon records the visit (a GET writes nothing).
    client.post(reverse("courses:module_read", args=[learning["second"].pk]))
    body = client.get(reverse("dashboard_trainee")).content.decode()
    assert "Continue where you left off" in body
    assert "Watching babies" in body
    assert "1 of 2 modules complete" in body


def test_module_preview_by_author_renders(admin_client, learning):
    response = admin_client.get(f"/admin/pages/{learning['first'].pk}/edit/preview/")
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)


def test_catalogue_pages_keep_the_filters(client, index, monkeypatch):
    monkeypatch.setattr("training.courses.selectors.COURSES_PER_PAGE", 2)
    for n in range(3):
        course(index, title=f"Advanced course {n}", level="advanced")
    course(index, title="Introductory course", level="introductory")

    first = client.get(index.url, {"level": "advanced"}).content.decode()
    assert "3 courses found" in first and "Page 1 of 2" in first
    assert 'href="?level=advanced&amp;page=2"' in first
    second = client.get(index.url, {"level": "advanced", "page": 2}).content.decode()
    assert "Advanced course 2" in second and "Advanced course 0" not in second
    assert "Introductory course" not in second
    # A page past the end or not a number shows a real page, never an error.
    assert client.get(index.url, {"level": "advanced", "page": "99"}).status_code == 200
    assert client.get(index.url, {"page": "x"}).status_code == 200
