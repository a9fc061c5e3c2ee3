"""After sign-off nothing changes, whatever the path: services, ORM, bulk updates, raw SQL."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from training.competencies.demo import seed_framework
from training.competencies.models import Competency
from training.reflective_logs import services
from training.reflective_logs.locks import LOCKS
from training.reflective_logs.models import LogAuditEvent, LogComment, ReflectiveLog, SignOff

from .factories import ReflectiveLogFactory
from .locking import locks_lifted

pytestmark = pytest.mark.django_db


def refused(change) -> None:
    """The change fails in the database, and the test's transaction stays usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_every_lock_trigger_is_installed():
    expected = {f"{lock.name}_{event.lower()}" for lock in LOCKS for event in lock.events}
    assert expected <= installed_triggers()


def test_the_service_refuses_to_edit_a_signed_log(signed_log):
    with pytest.raises(services.LogActionRefused):
        services.log_update(
            log_id=signed_log.pk,
            trainee=signed_log.trainee,
            expected_version=signed_log.version,
            sections={"use_of_self": "rewritten"},
        )


def test_orm_save_update_and_delete_of_a_signed_log_fail(signed_log):
    signed_log.use_of_self = "rewritten"
    refused(signed_log.save)
    refused(lambda: ReflectiveLog.objects.filter(pk=signed_log.pk).update(use_of_self="x"))
    refused(lambda: ReflectiveLog.objects.filter(pk=signed_log.pk).update(state="draft"))
    refused(lambda: ReflectiveLog.objects.filter(pk=signed_log.pk).delete())
    signed_log.refresh_from_db()
    assert signed_log.use_of_self != "rewritten"


def test_raw_sql_cannot_change_a_signed_log(signed_log):
    refused(lambda: raw("UPDATE reflective_logs_reflectivelog SET use_of_self = 'x'"))
    refused(lambda: raw("DELETE FROM reflective_logs_reflectivelog WHERE id = %s", signed_log.pk))
    refused(lambda: raw("UPDATE reflective_logs_signoff SET sha256 = 'x'"))
    refused(lambda: raw("DELETE FROM reflective_logs_logauditevent"))


def test_the_sign_off_and_audit_trail_cannot_change(signed_log):
    sign_off = SignOff.objects.get(log=signed_log)
    sign_off.sha256 = "0" * 64
    refused(sign_off.save)
    refused(lambda: SignOff.objects.all().delete())
    refused(lambda: LogAuditEvent.objects.update(action="viewed"))
    refused(lambda: LogAuditEvent.objects.all().delete())


def test_audit_events_of_a_draft_cannot_change_either(log):
    services.log_submit(log_id=log.pk, trainee=log.trainee)
    refused(lambda: LogAuditEvent.objects.filter(log_ref=log.pk).delete())


def test_tags_comments_and_session_of_a_signed_log_are_locked(signed_log):
    seed_framework()
    competency = Competency.objects.first()
    refused(lambda: signed_log.competencies.add(competency))
    refused(
        lambda: LogComment.objects.create(
            log=signed_log, author=signed_log.session.provider, section="use_of_self", body="x"
        )
    )
    session = signed_log.session
    session.minutes = 600
    refused(session.save)


def test_a_draft_stays_freely_editable(log):
    ReflectiveLog.objects.filter(pk=log.pk).update(use_of_self="changed")
    log.refresh_from_db()
    assert log.use_of_self == "changed"


def test_verify_signoffs_passes_on_honest_data(signed_log):
    out = io.StringIO()
    call_command("verify_signoffs", stdout=out)
    assert "All 1 signatures match" in out.getvalue()


def test_verify_signoffs_catches_a_hash_changed_behind_its_back(signed_log):
    ReflectiveLogFactory(state="signed_off")
    with locks_lifted():
        SignOff.objects.filter(log=signed_log).update(sha256="f" * 64)
    with pytest.raises(CommandError, match=f"log #{signed_log.pk}"):
        call_command("verify_signoffs", stdout=io.StringIO())


def test_verify_signoffs_catches_text_changed_behind_its_back(signed_log):
    with locks_lifted():
        ReflectiveLog.objects.filter(pk=signed_log.pk).update(take_forward="forged")
    with pytest.raises(CommandError):
        call_command("verify_signoffs", stdout=io.StringIO())
