import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.courses.test_learning import _complete_course
from tests.factories import UserFactory
from training.core.sweeps import unqueued_work
from training.courses.models import Certificate
from training.courses.tasks import certificate_html, render_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learning, enrolled, django_capture_on_commit_callbacks):
    enrolled.trainee.first_name = "Ada"
    enrolled.trainee.last_name = "Okafor"
    enrolled.trainee.save()
    with django_capture_on_commit_callbacks():
        _complete_course(learning, enrolled)
    certificate = Certificate.objects.get()
    # Run the task here rather than rely on Celery running eagerly (it does not on PostgreSQL).
    render_certificate(certificate.pk)
    certificate.refresh_from_db()
    return certificate


def test_trainee_downloads_own_certificate(login, trainee, certificate):
    response = login(trainee).get(reverse("courses:certificate_download", args=[certificate.code]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_someone_else_cannot_download_a_certificate(client, login, certificate):
    url = reverse("courses:certificate_download", args=[certificate.code])
    assert client.get(url).status_code == HTTPStatus.FOUND  # anonymous → sign in
    other = UserFactory(trainee=True)
    response = login(other).get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"%PDF" not in response.content


def test_dashboard_lists_certificate(login, trainee, certificate):
    body = login(trainee).get(reverse("dashboard_trainee")).content.decode()
    assert reverse("courses:certificate_download", args=[certificate.code]) in body


def test_verification_page_shows_only_name_course_hours_date(client, trainee, certificate):
    response = client.get(reverse("courses:certificate_verify", args=[certificate.code]))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Ada Okafor" in body and "Watching babies" in body and "3.5" in body
    assert certificate.issued_on.strftime("%B") in body
    assert trainee.email not in body
    for competency in certificate.competency_names:
        assert competency not in body
    assert "Looking closely" not in body  # module names are not shown either
    assert 'data-nav="trainee"' not in body


def test_unknown_code_is_404(client, certificate):
    assert (
        client.get(reverse("courses:certificate_verify", args=["NOPE12345678"])).status_code == 404
    )
    lower = certificate.code.lower()
    assert client.get(reverse("courses:certificate_verify", args=[lower])).status_code == 200


def test_course_page_offers_download_after_completion(login, trainee, learning, certificate):
    body = login(trainee).get(learning["course"].url).content.decode()
    assert "Download your certificate" in body
    assert "2 of 2 modules complete" in body


def test_a_certificate_that_cannot_render_says_so_and_is_not_swept_again(
    login, trainee, learning, enrolled, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        _complete_course(learning, enrolled)
    certificate = Certificate.objects.get()

    def broken(*_args, **_kwargs):
        raise ValueError("the template cannot render")

    monkeypatch.setattr("training.courses.tasks.render_to_string", broken)
    assert render_certificate(certificate.pk) is False
    certificate.refresh_from_db()
    assert certificate.render_failed_at is not None and not certificate.pdf
    assert certificate.pk not in unqueued_work(older_than=datetime.timedelta(0))["certificate"]
    assert render_certificate(certificate.pk) is False  # a repeat does not try again
    body = login(trainee).get(certificate.course.url).content.decode()
    assert "could not be made" in body


def test_the_certificate_prints_its_full_verification_address(certificate, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://attune.example.org:8443"
    html = certificate_html(certificate)
    url = f"https://attune.example.org:8443/certificates/{certificate.code}/"
    assert reverse("courses:certificate_verify", args=[certificate.code]) in url
    # Printed as text (paper has no links) and linked for those reading the PDF on screen.
    assert f">{url}</a>" in html and f'href="{url}"' in html
