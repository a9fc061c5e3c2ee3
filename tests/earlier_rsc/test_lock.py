"""An attested or verified record is locked: the services refuse changes, and the database
refuses them too, whatever path they take (ORM, raw SQL). Erasure keeps what was vouched for."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.earlier_rsc import services
from training.earlier_rsc.locks import TABLE, trigger_names
from training.earlier_rsc.models import EarlierRsc
from training.privacy.services import user_erase

from .factories import PDF, earlier_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(trainee):
    supervisor = UserFactory(supervisor=True)
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    return supervisor


def _refused(sql, params):
    with (
        pytest.raises(IntegrityError) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(raised.value)


def test_the_lock_triggers_are_installed():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    assert trigger_names(connection.vendor) <= present


@pytest.mark.parametrize("state", ["attested", "verified"])
def test_raw_sql_cannot_change_or_delete_a_vouched_record(trainee, provider, state):
    record = earlier_record(trainee, provider, state=state)
    message = _refused(f"UPDATE {TABLE} SET hours = 99 WHERE id = %s", [record.pk])
    assert "cannot change" in message
    _refused(f"UPDATE {TABLE} SET state = 'draft' WHERE id = %s", [record.pk])
    _refused(f"DELETE FROM {TABLE} WHERE id = %s", [record.pk])
    if connection.vendor == "sqlite":  # SQLite's own way to replace a row
        _refused(f"INSERT OR REPLACE INTO {TABLE} SELECT * FROM {TABLE} WHERE id = %s", [record.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        EarlierRsc.objects.filter(pk=record.pk).update(hours=1)
    record.refresh_from_db()
    assert str(record.hours) == "10.00" and record.state == state


def test_a_draft_still_changes(trainee, provider):
    record = earlier_record(trainee, provider)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET hours = 3 WHERE id = %s", [record.pk])
    record.refresh_from_db()
    assert str(record.hours) == "3.00"


def test_the_services_refuse_to_change_a_vouched_record(trainee, provider):
    record = earlier_record(trainee, provider, state="attested")
    with pytest.raises(ValidationError):
        services.earlier_rsc_save(
            trainee=trainee,
            record_id=record.pk,
            provider=provider,
            starts_on=record.starts_on,
            ends_on=record.ends_on,
            format="group",
            hours=record.hours,
            population="3_6",
            post_masters=False,
        )
    with pytest.raises(ValidationError):
        services.earlier_rsc_ask_provider(record_id=record.pk, trainee=trainee)
    with pytest.raises(ValidationError):
        services.earlier_rsc_upload(
            record_id=record.pk, trainee=trainee, document=SimpleUploadedFile("a.pdf", PDF)
        )
    record.refresh_from_db()
    assert record.state == "attested" and record.format == "individual"


def test_erasure_keeps_vouched_records_and_deletes_the_rest(trainee, provider):
    kept = earlier_record(trainee, provider, state="verified")
    gone = earlier_record(trainee, provider, state="waiting_coordinator")
    actor = UserFactory(is_superuser=True, is_staff=True)
    user_erase(user=trainee, actor=actor)
    assert list(EarlierRsc.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not EarlierRsc.objects.filter(pk=gone.pk).exists()
