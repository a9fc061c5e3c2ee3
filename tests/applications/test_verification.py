"""A coordinator verifies or returns the application records of the trainees in her cohorts,
and records their exam results."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.applications.conftest import SECRET_FIELD, an_education
from tests.applications.factories import education, membership
from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.applications.enums import VerificationStatus
from training.applications.models import ExamResult
from training.competencies.models import EndorsementCategory
from training.notifications.models import OutboxMessage
from training.users.enums import Role
from training.users.models import Profile
from training.users.services import user_grant_role

pytestmark = pytest.mark.django_db

KINDS = ["education", "work", "membership"]


def test_the_queue_shows_pending_records_of_her_cohorts_only(
    login, coordinator, trainee, cohort, records, other_trainee
):
    an_education(other_trainee, field="Someone else's degree")
    html = login(coordinator).get(reverse("applications_verification_queue")).content.decode()
    assert SECRET_FIELD in html
    assert records["work"].employer in html
    assert records["membership"].association in html
    assert "Someone else" not in html


def test_the_queue_leaves_out_supervisees_outside_her_cohorts(login, coordinator, other_trainee):
    coordinator_who_supervises = coordinator
    user_grant_role(user=coordinator_who_supervises, role=Role.SUPERVISOR)
    SupervisionAssignmentFactory(
        supervisor=coordinator_who_supervises,
        trainee=other_trainee,
        starts_on=datetime.date.today() - datetime.timedelta(days=5),
    )
    an_education(other_trainee, field="A supervisee's degree")
    client = login(coordinator_who_supervises)
    html = client.get(reverse("applications_verification_queue")).content.decode()
    assert "A supervisee's degree" not in html


def test_trainees_and_supervisors_have_no_queue(login, trainee, supervisor):
    for person in (trainee, supervisor):
        response = login(person).get(reverse("applications_verification_queue"))
        assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("kind", KINDS)
def test_her_coordinator_verifies_a_record(login, coordinator, trainee, cohort, records, kind):
    record = records[kind]
    response = login(coordinator).post(reverse(f"applications_{kind}_verify", args=[record.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("applications_verification_queue")
    record.refresh_from_db()
    assert record.verified and record.verified_by == coordinator and record.verified_at


def test_verifying_from_the_trainees_page_goes_back_there(login, coordinator, cohort, records):
    record = records["work"]
    url = reverse("applications_work_verify", args=[record.pk])
    response = login(coordinator).post(url, {"back": "of"})
    assert response["Location"] == reverse("applications_of", args=[record.trainee_id])


def test_verify_is_post_only(login, coordinator, cohort, records):
    url = reverse("applications_education_verify", args=[records["education"].pk])
    assert login(coordinator).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    records["education"].refresh_from_db()
    assert not records["education"].verified


@pytest.mark.parametrize("kind", KINDS)
def test_her_coordinator_returns_a_record_with_a_reason(
    login, coordinator, trainee, cohort, records, kind
):
    record = records[kind]
    client = login(coordinator)
    url = reverse(f"applications_{kind}_return", args=[record.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == HTTPStatus.BAD_REQUEST
    assert "This field is required" in empty.content.decode()
    record.refresh_from_db()
    assert record.status == VerificationStatus.PENDING
    response = client.post(url, {"reason": "Please attach the transcript."})
    assert response.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.status == VerificationStatus.REJECTED
    assert record.rejected_reason == "Please attach the transcript."
    hub = login(trainee).get(reverse("applications_home")).content.decode()
    assert "Please attach the transcript." in hub


@pytest.mark.parametrize("kind", KINDS)
def test_a_coordinator_of_another_cohort_can_neither_verify_nor_return(
    login, other_coordinator, trainee, cohort, records, kind
):
    record = records[kind]
    client = login(other_coordinator)
    queue = client.get(reverse("applications_verification_queue")).content.decode()
    assert SECRET_FIELD not in queue
    verify = client.post(reverse(f"applications_{kind}_verify", args=[record.pk]))
    assert verify.status_code == HTTPStatus.NOT_FOUND
    for method in ("get", "post"):
        url = reverse(f"applications_{kind}_return", args=[record.pk])
        response = getattr(client, method)(url, {"reason": "No."})
        assert response.status_code == HTTPStatus.NOT_FOUND
    record.refresh_from_db()
    assert record.status == VerificationStatus.PENDING


def test_a_coordinator_cannot_verify_her_own_record(login, coordinator, cohort):
    own = an_education(coordinator)
    response = login(coordinator).post(reverse("applications_education_verify", args=[own.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_verifying_education_raises_the_profile_degree(login, coordinator, trainee, cohort):
    Profile.objects.update_or_create(user=trainee, defaults={"degree": "associate"})
    bachelor = an_education(trainee, level="bachelor")
    master = an_education(trainee, level="master_or_higher", field="Counselling")
    client = login(coordinator)
    client.post(reverse("applications_education_verify", args=[bachelor.pk]))
    assert Profile.objects.get(user=trainee).degree == "bachelor"
    client.post(reverse("applications_education_verify", args=[master.pk]))
    assert Profile.objects.get(user=trainee).degree == "master_or_higher"


def test_verifying_a_lower_degree_never_lowers_the_profile(login, coordinator, trainee, cohort):
    Profile.objects.update_or_create(user=trainee, defaults={"degree": "master_or_higher"})
    associate = an_education(trainee, level="associate")
    login(coordinator).post(reverse("applications_education_verify", args=[associate.pk]))
    assert Profile.objects.get(user=trainee).degree == "master_or_higher"


# --- the trainee's records, seen by her coordinator -----------------------------------------


def test_her_coordinator_sees_every_kind_with_verification_actions(
    login, coordinator, trainee, cohort, records
):
    html = login(coordinator).get(reverse("applications_of", args=[trainee.pk])).content.decode()
    assert SECRET_FIELD in html
    assert records["work"].supervisor_email in html
    for kind in KINDS:
        assert reverse(f"applications_{kind}_verify", args=[records[kind].pk]) in html
        assert reverse(f"applications_{kind}_edit", args=[records[kind].pk]) not in html
    assert reverse("applications_exam_record", args=[trainee.pk]) in html


def test_a_coordinator_of_another_cohort_gets_404_for_the_trainees_records(
    login, other_coordinator, trainee, cohort, records
):
    client = login(other_coordinator)
    for name in ("applications_of", "applications_exam_record"):
        response = client.get(reverse(name, args=[trainee.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert SECRET_FIELD not in response.content.decode()


def _exam_category():
    return EndorsementCategory.objects.filter(exam_required=True).first()


def test_her_coordinator_records_an_exam_result_the_trainee_sees(
    login, coordinator, trainee, cohort
):
    category = _exam_category()
    client = login(coordinator)
    url = reverse("applications_exam_record", args=[trainee.pk])
    assert client.get(url).status_code == HTTPStatus.OK
    data = {
        "category": category.pk,
        "taken_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "passed": "yes",
        "note": "Written part",
    }
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    client.post(url, data)  # the same click twice
    result = ExamResult.objects.get(trainee=trainee)
    assert result.passed and result.recorded_by == coordinator and result.note == "Written part"
    hub = login(trainee).get(reverse("applications_home")).content.decode()
    assert f"{category.code} exam taken" in hub and "passed" in hub


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"taken_on": "2999-01-01"}, "once it has been taken"),
        ({"passed": ""}, "This field is required"),
        ({"category": "999999"}, "Select a valid choice"),
    ],
)
def test_a_bad_exam_result_re_renders_with_a_clear_message(
    login, coordinator, trainee, cohort, overrides, message
):
    data = {
        "category": _exam_category().pk,
        "taken_on": "2026-01-05",
        "passed": "no",
        "note": "Oral part",
    } | overrides
    url = reverse("applications_exam_record", args=[trainee.pk])
    response = login(coordinator).post(url, data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert "Oral part" in response.content.decode()
    assert not ExamResult.objects.exists()


def test_a_trainee_cannot_record_her_own_exam(login, trainee):
    response = login(trainee).get(reverse("applications_exam_record", args=[trainee.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_site_admin_sees_everyone_in_the_queue(login, trainee, records):
    admin = UserFactory(is_superuser=True, is_staff=True, with_mfa=True)
    html = login(admin).get(reverse("applications_verification_queue")).content.decode()
    assert SECRET_FIELD in html


def test_the_applicant_is_emailed_what_to_change(
    login, coordinator, trainee, cohort, records, django_capture_on_commit_callbacks
):
    record = records["work"]
    url = reverse("applications_work_return", args=[record.pk])
    with django_capture_on_commit_callbacks():
        login(coordinator).post(url, {"reason": "Add the end date."})
        login(coordinator).post(url, {"reason": "Add the end date."})
    [message] = OutboxMessage.objects.filter(recipient=trainee)
    assert message.to_email == trainee.email
    assert "Add the end date." in message.body
    assert "http" in message.body and reverse("applications_home") in message.body


def test_the_coordinator_dashboard_counts_records_waiting_and_links_the_queue(login):
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    mine, other = UserFactory(trainee=True), UserFactory(trainee=True)
    CohortFactory(coordinator=coordinator, trainees=[mine])
    education(mine, verified=False)
    membership(mine, verified=False)
    education(other, verified=False)  # another cohort's: not counted
    html = login(coordinator).get(reverse("dashboard_coordinator")).content.decode()
    panel = html.split('id="application-records-heading"', 1)[1].split("</section>", 1)[0]
    assert "2 education, work or membership records waiting" in panel
    assert reverse("applications_verification_queue") in panel
