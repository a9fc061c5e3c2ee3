"""The portfolio's state on the readiness page is the real one (preparing, ready with its link,
or failed), kept current in place by a small status endpoint only its trainee can read; the PDF
says why every RSC row that did not count did not."""

import datetime
import json
import re
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.competencies.factories import category
from tests.factories import ProfileFactory
from training.readiness.enums import ExportStatus
from training.readiness.models import PortfolioExport
from training.readiness.portfolio import portfolio_contents
from training.readiness.selectors import NO_TARGET_WHY
from training.reflective_logs.selectors import RscRow

pytestmark = pytest.mark.django_db


def export_of(trainee, status) -> PortfolioExport:
    export = PortfolioExport.objects.create(trainee=trainee, status=status)
    if status == ExportStatus.READY:
        export.file.save("portfolio-test.zip", ContentFile(b"PK"), save=True)
    return export


def status_box(html: str) -> str:
    return re.search(r'<p[^>]*id="portfolio-status".*?</p>', html, re.S).group(0)


def test_a_portfolio_being_prepared_says_so_and_offers_to_check_again(login, trainee):
    export = export_of(trainee, ExportStatus.PENDING)
    html = login(trainee).get(reverse("readiness")).content.decode()
    box = status_box(html)
    assert "Preparing" in box and "check again" in box
    assert reverse("readiness_portfolio_status", args=[export.pk]) in box
    assert "js/portfolio-status.js" in html  # the poll, only while something is preparing
    assert "refresh this page in a moment" not in html.lower()


def test_a_ready_portfolio_shows_its_link_and_no_poll(login, trainee):
    export = export_of(trainee, ExportStatus.READY)
    html = login(trainee).get(reverse("readiness")).content.decode()
    box = status_box(html)
    assert reverse("readiness_portfolio_download", args=[export.pk]) in box
    assert "Preparing" not in box
    assert "js/portfolio-status.js" not in html


def test_a_failed_portfolio_says_it_could_not_be_made(login, trainee):
    export_of(trainee, ExportStatus.FAILED)
    box = status_box(login(trainee).get(reverse("readiness")).content.decode())
    assert "Failed" in box and "could not be made" in box


def test_the_status_endpoint_gives_the_state_and_its_words(login, trainee):
    export = export_of(trainee, ExportStatus.READY)
    response = login(trainee).get(reverse("readiness_portfolio_status", args=[export.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["status"] == "ready"
    assert reverse("readiness_portfolio_download", args=[export.pk]) in data["html"]


def test_nobody_else_reads_a_portfolios_status(client, trainee, other_trainee, supervisor):
    export = export_of(trainee, ExportStatus.READY)
    url = reverse("readiness_portfolio_status", args=[export.pk])
    for someone in (other_trainee, supervisor):
        sign_in(client, someone)
        response = client.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert b"portfolio-test" not in response.content and b"download" not in response.content
    client.logout()
    assert client.get(url).status_code == HTTPStatus.FOUND  # to sign in


def test_after_asking_the_page_shows_the_real_state_beside_the_button(login, trainee, monkeypatch):
    client = login(trainee)
    response = client.post(reverse("readiness_portfolio_request"))
    assert response["Location"].endswith("#portfolio-heading")
    html = client.get(response["Location"]).content.decode()
    assert "Portfolio requested" in html and "Preparing" in status_box(html)
    # When the build has already run (in-process, the embedded default), the link is there and
    # nothing on the page says to wait or refresh.
    PortfolioExport.objects.all().delete()
    monkeypatch.setattr(
        "training.readiness.views.portfolio_request",
        lambda trainee: export_of(trainee, ExportStatus.READY),
    )
    key = re.search(
        r'action="/readiness/portfolio/".*?name="submission_key" value="([^"]+)"', html, re.S
    ).group(1)  # the form's own key: a second, deliberate request, not a replay
    html = client.post(
        reverse("readiness_portfolio_request"), {"submission_key": key}, follow=True
    ).content.decode()
    export = PortfolioExport.objects.get(trainee=trainee)
    assert reverse("readiness_portfolio_download", args=[export.pk]) in status_box(html)
    assert "being prepared" not in html.lower() and "refresh" not in html.lower()


def uncounted_cells(html: str) -> list[str]:
    return re.findall(r'<td data-counted="no">(.*?)</td>', html, re.S)


def rsc(pk, held, provider_id=1, peer=False) -> RscRow:
    return RscRow(pk, held, 60, provider_id, "Dr P", True, peer, False, held, "a" * 64, ())


def test_every_uncounted_rsc_row_in_the_portfolio_says_why(trainee, fake_logs):
    today = timezone.localdate()
    ProfileFactory(user=trainee, target_category=category("IFS"))
    fake_logs += [rsc(1, today - datetime.timedelta(days=5)), rsc(2, today.replace(year=2015))]
    html = render_to_string("readiness/portfolio_pdf.html", portfolio_contents(trainee=trainee))
    cells = uncounted_cells(html)
    assert len(cells) == 2  # an unqualified provider, and a session long outside the window
    for cell in cells:
        why = re.sub(r"<[^>]+>", "", cell).removeprefix("no").strip()
        assert why, cell


def test_without_a_target_the_portfolio_says_nothing_is_counted_toward_one(trainee, fake_logs):
    fake_logs.append(rsc(1, timezone.localdate() - datetime.timedelta(days=5)))
    html = render_to_string("readiness/portfolio_pdf.html", portfolio_contents(trainee=trainee))
    (cell,) = uncounted_cells(html)
    assert NO_TARGET_WHY in cell
