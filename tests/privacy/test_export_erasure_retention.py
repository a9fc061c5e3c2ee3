import datetime
import json
import zipfile
from http import HTTPStatus

import pytest
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.files import still_stored
from training.notifications.enums import OutboxStatus
from training.notifications.models import OutboxMessage
from training.notifications.services import outbox_enqueue
from training.privacy.enums import ExportStatus
from training.privacy.models import DataExport, PrivacyAuditEvent
from training.privacy.services import (
    data_export_build,
    privacy_collect,
    retention_purge,
    user_erase,
)
from training.privacy.tasks import build_data_export
from training.records.models import TrainingRecord
from training.users.services import profile_update

pytestmark = pytest.mark.django_db

SECRETS = {
    "first_name": "Zephyrine",
    "last_name": "Quillfeather",
    "email": "zephyrine.quillfeather@example.org",
    "organisation": "Quillfeather Family Centre",
}


@pytest.fixture
def person(coordinator):
    """A trainee (of `coordinator`'s cohort) with data in every kind of table that holds
    personal data."""
    user = UserFactory(
        trainee=True,
        with_mfa=True,
        email=SECRETS["email"],
        first_name=SECRETS["first_name"],
        last_name=SECRETS["last_name"],
    )
    profile_update(user=user, organisation=SECRETS["organisation"], discipline="library")
    SupervisionAssignmentFactory(trainee=user)
    TrainingRecord.objects.create(
        trainee=user,
        title="Infant development",
        source="external",
        hours=3,
        completed_on=datetime.date(2026, 1, 5),
        verified=True,
    )
    outbox_enqueue(recipient=user, to_email=user.email, subject="Hello", body="A link for you")
    UserSession.objects.create(user=user, ip="10.1.2.3", session_key="k" * 32, user_agent="Firefox")
    LogEntry.objects.create(
        user=UserFactory(coordinator=True),
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
    )
    DataExport.objects.create(user=user)
    CohortFactory(coordinator=coordinator, trainees=[user])
    return user


def text_fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
    ]


def tables_containing(value: str) -> list[str]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for name in text_fields(model):
            lookup = f"{name}__icontains"
            if isinstance(model._meta.get_field(name), models.JSONField):
                continue
            if model._default_manager.filter(**{lookup: value}).exists():
                found.append(f"{model._meta.label}.{name}")
    return found


def test_export_has_all_of_a_persons_rows_and_none_of_anothers(person):
    other = UserFactory(trainee=True)
    TrainingRecord.objects.create(
        trainee=other,
        title="Not theirs",
        source="external",
        hours=1,
        completed_on=datetime.date(2026, 1, 5),
    )
    data, _files = privacy_collect(user=person)
    assert data["users.User"][0]["email"] == SECRETS["email"]
    assert "password" not in data["users.User"][0]
    assert data["users.Profile"][0]["organisation"] == SECRETS["organisation"]
    assert [r["title"] for r in data["records.TrainingRecord"]] == ["Infant development"]
    assert data["notifications.OutboxMessage"][0]["to_email"] == SECRETS["email"]
    assert "data" not in data["mfa.Authenticator"][0]
    dumped = json.dumps(data, default=str)
    assert other.email not in dumped
    assert "Not theirs" not in dumped


def test_the_export_archive_is_built_once_and_announced_by_email(
    person, django_capture_on_commit_callbacks
):
    export = DataExport.objects.get(user=person)
    with django_capture_on_commit_callbacks():
        data_export_build(export_id=export.pk)
        data_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    with zipfile.ZipFile(export.archive.open("rb")) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["users.User"][0]["email"] == SECRETS["email"]
    assert OutboxMessage.objects.filter(subject="Your Attune data is ready").count() == 1


def test_requesting_my_data_queues_one_build_after_commit(
    login, trainee, django_capture_on_commit_callbacks
):
    client = login(trainee)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("privacy_my_data_request"))
        client.post(reverse("privacy_my_data_request"))
    assert DataExport.objects.filter(user=trainee).count() == 1
    assert len(callbacks) == 1
    build_data_export(DataExport.objects.get(user=trainee).pk)
    page = client.get(reverse("privacy_my_data")).content.decode()
    assert "download" in page


def test_only_the_owner_downloads_an_export_and_only_for_24_hours(login, person, other_trainee):
    export = DataExport.objects.get(user=person)
    data_export_build(export_id=export.pk)
    url = reverse("privacy_my_data_download", args=[export.token])
    assert login(other_trainee).get(url).status_code == HTTPStatus.NOT_FOUND
    response = login(person).get(url)
    assert response.status_code == HTTPStatus.OK
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    # The file itself has no address: not under /media/, not anywhere else.
    export.refresh_from_db()
    for base in (settings.MEDIA_URL, "/", "/var/private/", "/static/"):
        assert login(person).get(f"{base}{export.archive.name}").status_code == HTTPStatus.NOT_FOUND
    DataExport.objects.filter(pk=export.pk).update(
        ready_at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert login(person).get(url).status_code == HTTPStatus.NOT_FOUND


def test_after_erasure_no_identifying_value_is_left_anywhere(person, coordinator):
    export = DataExport.objects.get(user=person)
    data_export_build(export_id=export.pk)
    export.refresh_from_db()
    archive = (export.archive.storage, export.archive.name)
    assert still_stored(archive)
    event = user_erase(user=person, actor=coordinator)
    for value in SECRETS.values():
        assert tables_containing(value) == [], value
    assert not still_stored(archive)
    person.refresh_from_db()
    assert not person.is_active
    assert not person.has_usable_password()
    assert event.subject_ref == f"user:{person.pk}"
    assert SECRETS["email"] not in json.dumps(event.details)


def test_erasure_keeps_supervision_pairings_linked_to_the_anonymous_account(person, coordinator):
    user_erase(user=person, actor=coordinator)
    assert person.supervisor_assignments.count() == 1


def test_coordinator_erases_through_the_page_and_trainees_cannot(
    login, coordinator, person, trainee
):
    assert login(trainee).get(reverse("privacy_erasure")).status_code == HTTPStatus.FORBIDDEN
    client = login(coordinator)
    url = reverse("privacy_erasure")
    preview = client.post(url, {"email": person.email})
    assert preview.status_code == HTTPStatus.OK
    assert person.display_name in preview.content.decode()
    bad = client.post(url, {"email": person.email, "confirmation": "erase"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert "in capitals" in bad.content.decode()
    unknown = client.post(url, {"email": "nobody@example.org", "confirmation": "ERASE"})
    assert "No account you may erase" in unknown.content.decode()
    done = client.post(url, {"email": person.email, "confirmation": "ERASE"})
    assert done.status_code == HTTPStatus.FOUND
    assert PrivacyAuditEvent.objects.filter(action="erasure", actor=coordinator).count() == 1


def test_a_coordinator_cannot_erase_another_coordinator(login, coordinator):
    other = UserFactory(coordinator=True)
    response = login(coordinator).post(
        reverse("privacy_erasure"), {"email": other.email, "confirmation": "ERASE"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert other.__class__.objects.get(pk=other.pk).is_active


def test_retention_purges_old_sent_notifications_and_audits_it(trainee):
    old = outbox_enqueue(to_email=trainee.email, subject="Old", body="x")
    recent = outbox_enqueue(to_email=trainee.email, subject="Recent", body="x")
    pending_old = outbox_enqueue(to_email=trainee.email, subject="Still pending", body="x")
    long_ago = timezone.now() - datetime.timedelta(
        days=settings.ATTUNE_RETENTION_DAYS["notifications"] + 1
    )
    OutboxMessage.objects.filter(pk__in=[old.pk, pending_old.pk]).update(created_at=long_ago)
    OutboxMessage.objects.filter(pk__in=[old.pk, recent.pk]).update(status=OutboxStatus.SENT)
    purged = retention_purge()
    assert purged == {"notifications.OutboxMessage": 1}
    assert set(OutboxMessage.objects.values_list("subject", flat=True)) == {
        "Recent",
        "Still pending",
    }
    assert PrivacyAuditEvent.objects.filter(action="retention_purge").count() == 1


def test_erasure_clears_the_degree_and_the_export_has_it(person, coordinator):
    """The degree (issue 15, read by the IFS provider rule) is the person's data like the rest."""
    profile_update(user=person, degree="master_or_higher")
    data, _files = privacy_collect(user=person)
    assert data["users.Profile"][0]["degree"] == "master_or_higher"
    user_erase(user=person, actor=coordinator)
    person.profile.refresh_from_db()
    assert person.profile.degree == ""
