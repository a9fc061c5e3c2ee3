import datetime
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.cohorts.factories import CohortFactory
from tests.factories import PASSWORD, UserFactory
from training.cohorts.models import Cohort, CohortMembership, Invitation
from training.cohorts.selectors import cohort_trainee_rows
from training.cohorts.services import cohort_import_csv
from training.notifications.models import OutboxMessage
from training.privacy.models import PrivacyAuditEvent
from training.users.permissions import user_supervises

pytestmark = pytest.mark.django_db

CSV = """name,email
Ana Silva,ana@example.org
,nobody@example.org
Ben Okoro,not-an-email
Chloé Dubois,chloe@example.org
Ana Again,ANA@example.org
only-one-column
"""


@pytest.fixture
def cohort(coordinator):
    return CohortFactory(coordinator=coordinator)


def test_a_coordinator_sees_only_their_own_cohorts(login, coordinator, cohort):
    theirs = CohortFactory(name="Someone else's cohort")
    client = login(coordinator)
    listing = client.get(reverse("cohort_list")).content.decode()
    assert cohort.name in listing
    assert theirs.name not in listing
    response = client.get(reverse("cohort_detail", args=[theirs.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert theirs.name not in response.content.decode()


def test_a_superuser_sees_every_cohort(login, cohort):
    admin = UserFactory(is_superuser=True, is_staff=True, with_mfa=True)
    assert login(admin).get(reverse("cohort_detail", args=[cohort.pk])).status_code == HTTPStatus.OK


@pytest.mark.parametrize("role", ["trainee", "supervisor"])
def test_trainees_and_supervisors_cannot_open_cohort_pages(login, cohort, role):
    person = UserFactory(**{role: True}, with_mfa=True)
    client = login(person)
    assert client.get(reverse("cohort_list")).status_code == HTTPStatus.FORBIDDEN
    response = client.get(reverse("cohort_detail", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert cohort.name not in response.content.decode()


def test_csv_import_takes_good_rows_and_reports_bad_ones_by_line(cohort, coordinator):
    existing = UserFactory(email="chloe@example.org", trainee=True)
    report = cohort_import_csv(cohort=cohort, text=CSV, invited_by=coordinator)
    assert report.invited == ["ana@example.org", "chloe@example.org"]
    assert [line for line, _ in report.errors] == [3, 4, 6, 7]
    reasons = dict(report.errors)
    assert "name is empty" in reasons[3]
    assert "not a valid email" in reasons[4]
    assert "appears earlier" in reasons[6]
    assert "two columns" in reasons[7]
    # The existing account is invited, not added: it joins only when it accepts.
    assert not CohortMembership.objects.filter(cohort=cohort, trainee=existing).exists()
    assert OutboxMessage.objects.filter(to_email="ana@example.org").count() == 1
    assert OutboxMessage.objects.filter(to_email="chloe@example.org").count() == 1


def test_running_the_same_import_again_adds_no_duplicates(cohort, coordinator):
    UserFactory(email="chloe@example.org", trainee=True)
    cohort_import_csv(cohort=cohort, text=CSV, invited_by=coordinator)
    again = cohort_import_csv(cohort=cohort, text=CSV, invited_by=coordinator)
    assert again.invited == []
    assert sorted(again.unchanged) == ["ana@example.org", "chloe@example.org"]
    assert Invitation.objects.count() == 2
    assert CohortMembership.objects.count() == 0
    assert OutboxMessage.objects.count() == 2


def test_import_page_accepts_an_uploaded_file(login, coordinator, cohort):
    upload = SimpleUploadedFile(
        "people.csv", b"Dee Park,dee@example.org\n", content_type="text/csv"
    )
    response = login(coordinator).post(reverse("cohort_invite", args=[cohort.pk]), {"file": upload})
    assert response.status_code == HTTPStatus.OK
    assert "1 invited" in response.content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        {"rows": ""},
        {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00binary", content_type="text/csv")},
        {"rows": "a,b\x00c"},
    ],
)
def test_bad_import_input_re_renders_with_an_error(login, coordinator, cohort, payload):
    response = login(coordinator).post(reverse("cohort_invite", args=[cohort.pk]), payload)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert (
        "alert-danger" in response.content.decode()
        or "invalid-feedback" in response.content.decode()
    )


def test_an_invitation_signs_up_once_and_joins_the_cohort(client, cohort, coordinator):
    cohort_import_csv(cohort=cohort, text="Ana Silva,ana@example.org", invited_by=coordinator)
    invitation = Invitation.objects.get()
    url = reverse("cohort_invitation", args=[invitation.token])
    assert client.get(url)["Location"] == reverse("account_signup")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ana@example.org",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    member = CohortMembership.objects.get(cohort=cohort).trainee
    assert member.email == "ana@example.org"
    assert member.first_name == "Ana"
    # The address was proven by the link, so the new trainee is signed in at once.
    assert client.get(reverse("dashboard_trainee")).status_code == HTTPStatus.OK
    assert client.get(url).status_code == HTTPStatus.GONE


def test_an_existing_account_signs_in_then_joins(client, cohort, coordinator):
    person = UserFactory(email="ben@example.org", trainee=True)
    cohort_import_csv(cohort=cohort, text="Ben Okoro,ben2@example.org", invited_by=coordinator)
    invitation = Invitation.objects.get()
    invitation.email = person.email
    invitation.save()
    url = reverse("cohort_invitation", args=[invitation.token])
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    client.post(url)
    assert CohortMembership.objects.filter(cohort=cohort, trainee=person).exists()


def test_pairing_on_its_own_page(login, coordinator, cohort, supervisor):
    trainee = UserFactory(trainee=True)
    CohortMembership.objects.create(cohort=cohort, trainee=trainee)
    client = login(coordinator)
    response = client.post(
        reverse("cohort_pair", args=[cohort.pk]),
        {
            "trainee": trainee.pk,
            "supervisor": supervisor.pk,
            "kind": "individual",
            "starts_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("cohort_detail", args=[cohort.pk]))
    assert user_supervises(supervisor, trainee)
    page = client.get(reverse("cohort_pair", args=[cohort.pk])).content.decode()
    assert f"{supervisor.display_name}: 1 supervisee" in page


def test_pairing_a_trainee_with_a_non_supervisor_is_refused_clearly(login, coordinator, cohort):
    trainee, other = UserFactory(trainee=True), UserFactory(trainee=True)
    CohortMembership.objects.create(cohort=cohort, trainee=trainee)
    response = login(coordinator).post(
        reverse("cohort_pair", args=[cohort.pk]),
        {
            "trainee": trainee.pk,
            "supervisor": other.pk,
            "kind": "individual",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "invalid-feedback" in response.content.decode()


def test_cohort_page_makes_the_same_number_of_queries_for_10_and_200_trainees(login, coordinator):
    cohort = CohortFactory(
        coordinator=coordinator, trainees=UserFactory.create_batch(10, trainee=True)
    )
    client = login(coordinator)
    client.get(reverse("cohort_list"))  # the session's first request does one-off work
    url = reverse("cohort_detail", args=[cohort.pk])

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        return len(captured)

    # The first view of the day also computes and stores snapshots (in as many insert batches
    # as the database's parameter limit needs); every later view reads them.
    queries_for_page()
    small = queries_for_page()
    for trainee in UserFactory.create_batch(190, trainee=True):
        CohortMembership.objects.create(cohort=cohort, trainee=trainee)
    queries_for_page()
    assert queries_for_page() == small


def test_seed_demo_makes_a_cohort_and_can_run_twice(home_page):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    cohort = Cohort.objects.get()
    assert cohort.memberships.count() == 6
    assert cohort.coordinators.get().email == "coordinator@attune.example"


def test_csv_export_streams_every_trainee_and_is_audited(login, coordinator):
    trainees = UserFactory.create_batch(3, trainee=True)
    cohort = CohortFactory(coordinator=coordinator, trainees=trainees)
    response = login(coordinator).get(reverse("cohort_export", args=[cohort.pk, "csv"]))
    assert response.status_code == HTTPStatus.OK
    assert response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Name,Email")
    assert {t.email for t in trainees} == {line.split(",")[1] for line in lines[1:]}
    event = PrivacyAuditEvent.objects.get(action="cohort_export")
    assert event.actor == coordinator
    assert event.details == {"cohort": cohort.pk, "format": "csv"}


def test_xlsx_export_opens_as_a_workbook(login, coordinator):
    cohort = CohortFactory(
        coordinator=coordinator, trainees=UserFactory.create_batch(2, trainee=True)
    )
    response = login(coordinator).get(reverse("cohort_export", args=[cohort.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook["Trainees"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Name", "Email")
    assert len(rows) == 3


def test_another_coordinator_cannot_export_the_cohort(login, cohort):
    other = UserFactory(coordinator=True, with_mfa=True)
    for fmt in ("csv", "xlsx", "pdf"):
        response = login(other).get(reverse("cohort_export", args=[cohort.pk, fmt]))
        assert response.status_code == HTTPStatus.NOT_FOUND
    assert not PrivacyAuditEvent.objects.exists()


def test_rows_are_read_in_batches_in_name_order(coordinator):
    trainees = [UserFactory(trainee=True, last_name=f"Name{i:02d}") for i in range(7)]
    cohort = CohortFactory(coordinator=coordinator, trainees=list(reversed(trainees)))
    rows = list(cohort_trainee_rows(cohort=cohort, batch_size=3))
    assert [r.user.last_name for r in rows] == [t.last_name for t in trainees]


def test_a_pairing_that_would_not_count_is_flagged_before_it_is_saved(login, coordinator):
    from tests.competencies.factories import ProviderQualificationFactory, category
    from training.users.models import SupervisionAssignment
    from training.users.services import profile_update

    trainee = UserFactory(trainee=True)
    profile_update(user=trainee, target_category=category("IFS"))
    cohort = CohortFactory(coordinator=coordinator, trainees=[trainee])
    unqualified = UserFactory(supervisor=True, with_mfa=True)
    qualified = UserFactory(supervisor=True, with_mfa=True)
    ProviderQualificationFactory(supervisor=qualified, category=category("IMHM-C"))
    client = login(coordinator)
    url = reverse("cohort_pair", args=[cohort.pk])
    form = {"trainee": trainee.pk, "kind": "individual", "starts_on": "2026-11-01"}

    response = client.post(url, {**form, "supervisor": unqualified.pk})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not qualified in the provider registry" in response.content.decode()
    assert not SupervisionAssignment.objects.exists()
    page = client.get(url).content.decode()
    assert "no qualification on record" in page and "qualified: IMHM-C" in page

    assert client.post(url, {**form, "supervisor": qualified.pk}).status_code == HTTPStatus.FOUND
    client.post(url, {**form, "supervisor": unqualified.pk, "pair_anyway": "on"})
    assert SupervisionAssignment.objects.filter(trainee=trainee).count() == 2
